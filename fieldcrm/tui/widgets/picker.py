"""Pick a customer by typing part of a name: an input with the best matches under it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from fieldcrm.i18n import _
from fieldcrm.tui.widgets.user_text import UserText

MATCHES = 6


class Matches(OptionList, can_focus=False):
    """The matches under the input: up/down in the input move through them, so tab never stops
    here (letters typed in a list are lost)."""


class CustomerPicker(Vertical):
    """Type to search; up/down choose; enter picks and moves on to the next field, and so does a
    form's tab (``leave``); with no match, both move on and pick nothing. Posts ``Picked``."""

    # As the key arrives, like a form's tab: the letters typed after it go to the next field.
    BINDINGS = [Binding("enter", "pick", show=False, priority=True)]

    DEFAULT_CSS = "CustomerPicker { height: auto; } CustomerPicker OptionList { height: auto; max-height: 8; }"

    class Picked(Message):
        def __init__(self, picker: "CustomerPicker", customer_id: str):
            super().__init__()
            self.picker, self.customer_id = picker, customer_id

    class Leaving(Message):
        """Sent through the input: it is read after the letters typed before tab or enter, so the
        match picked is the one for the whole name typed, not the one shown when the key arrived."""

    def __init__(self, placeholder: str | None = None, id: str | None = None):
        super().__init__(id=id)
        self.placeholder = placeholder or _("type part of a name, or its pinyin")
        self.customer_id: str | None = None
        self._matched_for = ""

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self.placeholder)
        # Shown only with matches: empty, it took two lines of a small dialog and the tab after the name.
        yield Matches().set_styles(display="none")

    def focus(self, scroll_visible: bool = True) -> "CustomerPicker":
        """The picker itself takes no keys: its input does (a form's refusal focuses the picker)."""
        self.query_one(Input).focus(scroll_visible)
        return self

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._match()

    def _match(self) -> None:
        """The matches for what the input holds now. Each handler starts here: in a fast typist's
        burst, tab or down is read before the input's changes have come round."""
        value = self.query_one(Input).value
        if value == self._matched_for:
            return
        self._matched_for = value
        if self.customer_id and value == self.app.work.name_of(self.customer_id):
            return  # the input now shows the customer just picked
        self.customer_id = None
        options = self.query_one(OptionList)
        options.clear_options()
        if value.strip():
            found = self.app.work.search.search(value)[:MATCHES]
            options.add_options([Option(UserText(f"{c.name}  {c.company}"), id=c.id) for c in found])
            if found:
                options.highlighted = 0
        options.display = bool(options.option_count)

    def on_key(self, event) -> None:
        if event.key not in ("down", "up"):
            return
        self._match()
        options = self.query_one(OptionList)
        if options.option_count:
            event.stop()
            step = 1 if event.key == "down" else -1
            options.highlighted = ((options.highlighted or 0) + step) % options.option_count

    def action_pick(self) -> None:
        """As tab: the match for the whole name is picked once the input has read it, so enter right
        behind the name works before its matches show, and the text typed after goes on."""
        self.leave()
        self.screen.focus_next()

    def leave(self) -> None:
        """The focus is leaving by a key: pick the highlighted match, if any, once the input has read
        every letter typed before it."""
        self.query_one(Input).post_message(self.Leaving())

    @on(Leaving)
    def _pick_on_leaving(self, event: Leaving) -> None:
        event.stop()
        self._match()
        self._take_highlighted()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._match()
        if self._take_highlighted():
            self._move_on()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option.id)
        self._move_on()

    def _take_highlighted(self) -> bool:
        """Pick the highlighted match, if matches are shown; True if one was picked."""
        options = self.query_one(OptionList)
        if not (options.display and options.option_count and options.highlighted is not None):
            return False
        self._pick(options.get_option_at_index(options.highlighted).id)
        return True

    def _move_on(self) -> None:
        # Now, not once a message has gone round the screen: the letters typed next go where the focus is.
        self.screen.set_focus(self.query_one(Input), scroll_visible=False)
        self.screen.focus_next()

    def _pick(self, customer_id: str) -> None:
        self.customer_id = customer_id
        self.query_one(Input).value = self.app.work.name_of(customer_id)
        options = self.query_one(OptionList)
        options.clear_options()
        options.display = False
        self.post_message(self.Picked(self, customer_id))
