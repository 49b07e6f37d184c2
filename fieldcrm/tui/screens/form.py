"""What every form has in common: the app's letter keys stay out of it, and escape asks
before it drops what was typed.

The app's one-letter keys (``t`` Today, ``c`` Customers, … ``q`` Quit) work
wherever no text field has the focus. In a form the focus is often on a
checkbox or a list, and a rep typing on would leave the form, or quit the app,
with a stray letter. A form holds those letters (a bell, nothing else); its own
keys, the F-keys and ctrl+q still work, and the footer does not offer them.
"""

from __future__ import annotations

from typing import Callable

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Select, TextArea

from fieldcrm.i18n import _
from fieldcrm.tui.app import FieldCRM
from fieldcrm.tui.widgets.picker import CustomerPicker


def _app_letters() -> list[str]:
    keys = {key.strip() for binding in FieldCRM.BINDINGS for key in binding.key.split(",")}
    return sorted(key for key in keys if len(key) == 1)


def _shown_as_letters() -> list[Binding]:
    """The app's other keys for what it shows as a letter (F11 shown as ``b``): still working
    here, but not offered as the letter the form holds."""
    letters = set(_app_letters())
    return [Binding(key.strip(), f"app.{binding.action}", show=False, system=True)
            for binding in FieldCRM.BINDINGS if binding.key_display in letters
            for key in binding.key.split(",") if key.strip() not in letters]


# Tab moves on as the key arrives (a priority key), not once the field it leaves has read it: a
# fast typist's next letters, already on their way, would land in the field they just left.
# A screen with these bindings mixes in MovesOn.
MOVE_ON = [Binding("tab", "move_on", show=False, priority=True, system=True),
           Binding("shift+tab", "move_back", show=False, priority=True, system=True)]


class MovesOn:
    """Tab and shift+tab leave the whole field the focus is in, at once (see MOVE_ON)."""

    def action_move_on(self) -> None:
        picker = _holding_focus(self, CustomerPicker)
        if picker is not None:
            picker.leave()  # as enter does: the match picked, not left behind unpicked
        self.focus_next()

    def action_move_back(self) -> None:
        # From an open Select's list, the field before the Select: its list is focused, and the
        # field before the list is the Select itself, which only closed it and kept the letters.
        select = _holding_focus(self, Select)
        if select is not None:
            self.set_focus(select, scroll_visible=False)
        self.focus_previous()


def _holding_focus(screen: Screen, kind: type):
    """The widget of that kind the focus is in (itself or a part of it), if any."""
    focused = screen.focused
    return next((node for node in focused.ancestors_with_self if isinstance(node, kind)), None) \
        if focused is not None else None


# ctrl+s saves as the key arrives, as tab moves on: read after the field had taken the keys behind it,
# it saved a fast typist's next note into this one. It is the one the footer shows.
SAVE_IN_TURN = Binding("ctrl+s", "save_in_turn", _("Save"), priority=True)

# First in the screen's chain, so they answer before the app's; but for ctrl+s, hidden from the footer
# and key help.
HOLD_LETTERS = [Binding(key, "hold_letter", show=False, system=True) for key in _app_letters()] + \
    _shown_as_letters() + MOVE_ON + [SAVE_IN_TURN]


class HoldsLetters(MovesOn):
    """Mix into a form screen and add ``HOLD_LETTERS`` to its ``BINDINGS``."""

    CLEARS_NOTIFICATIONS = True  # the app clears the toasts when a form opens (FieldCRM.push_screen)

    def action_hold_letter(self) -> None:
        self.app.bell()

    def action_save_in_turn(self) -> None:
        """ctrl+s: saved once the field has read the keys typed before it; the keys after it
        wait for what the save opens (the screen below, or the form with its refusal)."""
        self.app.hold_keys()
        (self.focused or self).call_later(self._save_then_release)

    async def _save_then_release(self) -> None:
        try:
            await self.run_action("save")
        finally:
            self.app.release_keys()


def ask_before_dropping(screen: Screen, untouched: bool, question: str, drop: Callable[[], None]) -> None:
    """Escape in a form: an untouched form goes at once; typed work is dropped only on a yes."""
    if untouched:
        drop()
        return
    from fieldcrm.tui.screens.prompts import Confirm
    screen.app.push_screen(Confirm(question), lambda yes: drop() if yes else None)


def quit_question(app) -> str | None:
    """Before quitting: the question a screen holding typed, unsaved work asks (Settings, a
    customer's form, a dialog), or None when quitting loses nothing. Every mode keeps its own
    screens, so Settings left for Today with changes still holds them: every mode is asked,
    the one on screen first. (A visit note keeps a draft, offered back at the next start.)"""
    stacks = app._screen_stacks  # Textual keeps each mode's screens here; no public view of them
    for mode in sorted(stacks, key=lambda mode: mode != app.current_mode):
        for screen in reversed(stacks[mode]):
            question = getattr(screen, "unsaved_question", lambda: None)()
            if question:
                return question
    return None


def holds_typed_work(screen: Screen) -> bool:
    """A form the rep has typed into and not saved: a visit note that is not blank, or any
    screen whose ``unsaved_question`` would ask before quitting."""
    if getattr(screen, "unsaved_question", lambda: None)():
        return True
    return not getattr(screen, "is_blank", lambda: True)()


def typed(screen: Screen) -> list:
    """Every value the rep can change in the form, in order: compared with how it opened."""
    return [field.text if isinstance(field, TextArea) else field.value
            for field in screen.query("Input, TextArea, Select, Checkbox")
            if isinstance(field, (Input, TextArea, Select, Checkbox))]


class DialogForm(HoldsLetters):
    """Mix into a small form over a screen (a ModalScreen whose body is a ``VerticalScroll``
    with the classes ``dialog form``) and bind escape to ``cancel``: an untouched dialog closes
    at once, dismissed with None; one with something typed asks first."""

    AUTO_FOCUS = ""  # on_mount focuses FIRST_FIELD: AUTO_FOCUS scrolled the dialog's heading off the top
    FIRST_FIELD = "Input"  # a selector: the first match takes the keys when the dialog opens

    def on_mount(self) -> None:
        self._as_opened = typed(self)
        self.query(self.FIRST_FIELD).first().focus(scroll_visible=False)

    def unsaved_question(self) -> str | None:
        """Asked before the app quits (``quit_question``)."""
        changed = typed(self) != getattr(self, "_as_opened", typed(self))
        return _("Quit and drop what you typed in the open form?") if changed else None

    def action_cancel(self) -> None:
        ask_before_dropping(self, typed(self) == self._as_opened, _("Drop what you typed here?"),
                            lambda: self.dismiss(None))
