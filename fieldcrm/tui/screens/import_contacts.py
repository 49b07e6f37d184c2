"""Import contacts (vCard or CSV): a preview first, then the new customers with a progress bar."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, ProgressBar

from fieldcrm.interop.contacts import ContactPlan, plan_contacts
from fieldcrm.interop.vcard import ContactsError
from fieldcrm.model import Customer
from fieldcrm.store.errors import BookError
from fieldcrm.tui.messages import BookReady

WORKER = "import contacts"
BATCH = 25  # customers added between two draws of the bar


def read_contacts(path: Path):
    if not path.is_file():
        raise ContactsError(f"{path} is not a file.")
    data = path.read_bytes()
    if path.suffix.lower() in (".vcf", ".vcard"):
        from fieldcrm.interop.vcard import read_cards
        return read_cards(data, str(path))
    from fieldcrm.interop.csvfile import read_csv
    return read_csv(data, None, str(path))


class ImportContacts(ModalScreen[None]):
    """Preview a file's contacts, then add the new ones. Dismissed with None: the adding
    runs as the app's worker (``add_contacts``), so escape only closes this dialog and
    the customers still arrive, announced and shown, whatever happens to it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    @dataclass
    class Progress(Message):
        done: int
        total: int
        final: bool = False  # the worker is done (all added, or stopped by an error)

    def __init__(self):
        super().__init__()
        self.plan: ContactPlan | None = None
        self.adding = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text("Import contacts from a .vcf (vCard) or .csv (Google, Outlook) file", style="bold"))
            yield Input(placeholder="path of the file, then enter", id="path")
            yield Label("", id="preview")
            yield ProgressBar(show_eta=False, id="bar")
            yield Label(Text("enter: read the file, then enter again to add · escape: cancel"), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.plan is None:
            self._preview(Path(event.value.strip()).expanduser())
        elif not self.adding:
            self._add()

    def _preview(self, path: Path) -> None:
        work = self.app.work
        if _running(self.app):
            self._say("The last import is still adding customers; wait for it to finish.", "red")
            return
        try:
            contacts = read_contacts(path)
        except ContactsError as error:
            self._say(str(error), "red")
            return
        self.plan = plan_contacts(contacts, work.store.all(Customer), work.today().isoformat())
        lines = self.plan.lines()[:12]
        lines.append(f"enter: add the {len(self.plan.new)} new customers" if self.plan.new else "Nothing to add.")
        self._say("\n".join(lines))

    def _say(self, text: str, style: str = "") -> None:
        self.query_one("#preview", Label).update(Text(text, style=style))

    def _add(self) -> None:
        if not self.plan.new:
            self.dismiss(None)
            return
        self.adding = True
        self.query_one("#bar", ProgressBar).update(total=len(self.plan.new), progress=0)
        self.app.run_worker(add_contacts(self.app, self.plan.new, self), name=WORKER, group="book")

    def on_import_contacts_progress(self, message: Progress) -> None:
        self.query_one("#bar", ProgressBar).update(progress=message.done)
        if message.final:
            self.adding = False
            self._say(f"Added {message.done} of {message.total} customers. escape: close")

    def action_cancel(self) -> None:
        if self.adding:
            self.app.notify("Still adding the contacts; you will be told when they are all in.")
        self.dismiss(None)


def _running(app) -> bool:
    return any(worker.name == WORKER and worker.is_running for worker in app.workers)


async def add_contacts(app, customers: list[Customer], dialog: ImportContacts) -> None:
    """The app's worker, on the app's event loop: the book is changed only from the thread
    that draws it, a batch at a time. Progress goes to the dialog while it is open (a
    message to a closed screen is dropped); the follow-up is the app's."""
    added, failure = 0, None
    for customer in customers:
        try:
            app.work.add(customer)  # durable, and in the facts, as it returns
        except BookError as error:  # read-only, a full disk: what was added stays
            failure = error
            break
        added += 1
        if added % BATCH == 0:
            dialog.post_message(ImportContacts.Progress(added, len(customers)))
            await asyncio.sleep(0)  # let the app draw and take keys
    dialog.post_message(ImportContacts.Progress(added, len(customers), final=True))
    if app.screen is dialog:  # still open on top: close it (one opened over it stays)
        await dialog.dismiss(None)
    app.changed()
    app.screen.post_message(BookReady())  # the screen in view shows the new customers
    if failure:
        app.notify(f"Added {added} of {len(customers)} customers, then: {failure}", severity="error", timeout=10)
    else:
        app.notify(f"Added {added} customers.")
