"""Small modal questions: a line of text, yes or no, a message to copy."""

from __future__ import annotations

from typing import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static

from fieldcrm.i18n import _
from fieldcrm.tui.widgets.footer import KeysFooter
from fieldcrm.tui.widgets.user_text import UserText


class Ask(ModalScreen[object]):
    """Ask for one line; ``parse`` turns it into a value or raises ValueError with the reason."""

    # Not enter: a binding here would answer before the letters typed just ahead of it reach the field.
    BINDINGS = [Binding("escape", "cancel", _("Cancel"))]
    CLEARS_NOTIFICATIONS = True  # a typed answer: no toast over it (FieldCRM.push_screen)

    def __init__(self, question: str, parse: Callable[[str], object] = str, value: str = "",
                 placeholder: str = ""):
        super().__init__()
        self.question, self.parse, self.value, self.placeholder = question, parse, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(UserText(self.question))
            yield Input(self.value, placeholder=self.placeholder, id="answer")
            yield Label("", id="problem", classes="problem")
            yield Label(UserText(_("enter: OK · escape: cancel")), classes="hint")
        yield Footer()  # without it, the footer of the screen behind showed keys dead in here

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            value = self.parse(event.value)
        except ValueError as error:
            self.query_one("#problem", Label).update(UserText(str(error)))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    BINDINGS = [Binding("y", "answer(True)", _("Yes")), Binding("n", "answer(False)", _("No")),
                Binding("escape", "answer(False)", _("No"))]

    def __init__(self, question: str):
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(UserText(self.question))
            yield Label(UserText(_("y: yes · n: no")), classes="hint")
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ShowText(ModalScreen[None]):
    """Show a text (a suggested message); optionally copy it."""

    BINDINGS = [Binding("escape,q", "close", _("Close")), Binding("y", "copy", _("Copy"))]

    def __init__(self, title: str, body: str, copy: str | None = None):
        super().__init__()
        self.title_text, self.body, self.copy_text = title, body, copy

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(UserText(self.title_text, style="bold"))
            yield Static(UserText(self.body), id="body")
            keys = _("y: copy to clipboard · escape: close") if self.copy_text else _("escape: close")
            yield Label(UserText(keys), classes="hint")
        yield KeysFooter()

    def check_action(self, action: str, parameters) -> bool | None:
        return self.copy_text is not None if action == "copy" else True

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.copy_text or "")
        self.notify(_("Copied to the clipboard."))

    def action_close(self) -> None:
        self.dismiss(None)

