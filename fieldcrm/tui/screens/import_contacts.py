"""Import contacts (vCard or CSV): a preview first, then the new customers with a progress bar.

Look-alikes (same phone or e-mail, another name) are listed with both names;
the rep picks per contact: a add it anyway, m merge into the customer, s skip.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Label, ProgressBar

from fieldcrm.i18n import _, ngettext
from fieldcrm.interop.contact import ContactsError
from fieldcrm.interop.contacts import ContactPlan, plan_contacts, result_line, settle_matches
from fieldcrm.model import Customer
from fieldcrm.store.errors import BookError
from fieldcrm.terminal_text import visible
from fieldcrm.tui.messages import BookReady
from fieldcrm.tui.widgets.tables import fill, selected_key
from fieldcrm.tui.widgets.user_text import UserText

LOOK_ALIKE_COLUMNS = [(_("In the file"), 20), (_("Looks like"), 20), (_("Why"), 12), (_("Choice"), 10)]
CHOICE_LABELS = {"skip": _("skip"), "add": _("add anyway"), "merge": _("merge")}
WORKER = "import contacts"
BATCH = 25  # customers added between two draws of the bar


def read_contacts(path: Path):
    if not path.is_file():
        raise ContactsError(f"{path} is not a file.")
    data = path.read_bytes()
    if path.suffix.lower() in (".vcf", ".vcard"):
        from fieldcrm.interop.vcard_read import read_cards
        return read_cards(data, str(path))
    from fieldcrm.interop.csvfile import read_csv
    return read_csv(data, None, str(path))


class ImportContacts(ModalScreen[None]):
    """Preview a file's contacts, then add the new ones. Dismissed with None: the adding
    runs as the app's worker (``add_contacts``), so escape only closes this dialog and
    the customers still arrive, announced and shown, whatever happens to it."""

    BINDINGS = [Binding("escape", "cancel", _("Cancel")),
                Binding("a", "choose('add')", _("Add anyway"), show=False),
                Binding("m", "choose('merge')", _("Merge"), show=False),
                Binding("s", "choose('skip')", _("Skip"), show=False)]
    CLEARS_NOTIFICATIONS = True  # the new book's hint hid this dialog (FieldCRM.push_screen)

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
            yield Label(UserText(_("Import contacts from a .vcf (vCard) or .csv (Google, Outlook, Thunderbird) file"),
                                 style="bold"))
            yield Input(placeholder=_("path of the file, then enter"), id="path")
            yield Label("", id="preview")
            table = DataTable(cursor_type="row", id="lookalikes")
            table.display = False
            yield table
            bar = ProgressBar(show_eta=False, id="bar")
            bar.display = False  # only while adding: an empty bar animates as if it were working
            yield bar
            yield Label(UserText(_("enter: read the file, then enter again to add · tab: the look-alikes, "
                                   "a add anyway · m merge · s skip · escape: cancel")), classes="hint")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.plan is None:
            self._preview(Path(event.value.strip()).expanduser())
        elif not self.adding:
            self._add()

    def _preview(self, path: Path) -> None:
        work = self.app.work
        if _running(self.app):
            self._say(_("The last import is still adding customers; wait for it to finish."), "red")
            return
        try:
            contacts = read_contacts(path)
        except ContactsError as error:
            self._say(str(error), "red")
            return
        self.plan = plan_contacts(contacts, work.store.all(Customer), work.today().isoformat())
        summary = self.plan.lines(limit=5, look_alikes=False)  # the look-alikes have their own table
        lines = [visible(line) for line in summary[:8]]
        lines.append(ngettext("enter: add the {count} new customer", "enter: add the {count} new customers",
                              len(self.plan.new)).format(count=len(self.plan.new)) if self.plan.new
                     else _("Nothing new to add."))
        self._say("\n".join(lines))
        self._show_look_alikes()

    def _show_look_alikes(self) -> None:
        table = self.query_one("#lookalikes", DataTable)
        table.display = bool(self.plan.look_alikes)
        fill(table, LOOK_ALIKE_COLUMNS, [
            (str(n), [visible(la.contact.name), visible(la.customer.name), _(la.why), CHOICE_LABELS[la.choice]])
            for n, la in enumerate(self.plan.look_alikes)])

    def action_choose(self, choice: str) -> None:
        table = self.query_one("#lookalikes", DataTable)
        key = selected_key(table) if self.plan and not self.adding and self.focused is table else None
        if key is None:
            return
        self.plan.look_alikes[int(key)].choice = choice
        self._show_look_alikes()

    def _say(self, text: str, style: str = "") -> None:
        self.query_one("#preview", Label).update(UserText(text, style=style))

    def _add(self) -> None:
        if not (self.plan.new or self.plan.matched or self.plan.look_alikes):
            self.dismiss(None)
            return
        self.adding = True
        bar = self.query_one("#bar", ProgressBar)
        bar.update(total=max(len(self.plan.new), 1), progress=0)
        bar.display = True
        self.app.run_worker(add_contacts(self.app, self.plan, self), name=WORKER, group="book")

    def action_cancel(self) -> None:
        if self.adding:
            self.app.notify(_("Still adding the contacts; you will be told when they are all in."))
        self.dismiss(None)


def _running(app) -> bool:
    return any(worker.name == WORKER and worker.is_running for worker in app.workers)


async def add_contacts(app, plan: ContactPlan, dialog: ImportContacts) -> None:
    """The app's worker, on the app's event loop: the book is changed only from the thread
    that draws it, a batch at a time (each batch checked and saved in one write). Progress
    goes to the dialog while it is open (a message to a closed screen is dropped); the
    follow-up is the app's."""
    work, added, failure = app.work, 0, None
    try:
        counts = settle_matches(plan, work, work.today().isoformat())
    except BookError as error:  # read-only, a full disk
        counts, failure = None, error
    customers = plan.new if failure is None else []
    for start in range(0, len(customers), BATCH):
        batch = customers[start:start + BATCH]
        try:
            work.add_many(batch)  # durable, and in the facts, as it returns
        except BookError as error:  # what was added stays; the rest is said
            failure = error
            break
        added += len(batch)
        dialog.post_message(ImportContacts.Progress(added, len(customers)))
        await asyncio.sleep(0)  # let the app draw and take keys
    dialog.post_message(ImportContacts.Progress(added, len(customers), final=True))
    if app.screen is dialog:  # still open on top: close it (one opened over it stays)
        await dialog.dismiss(None)
    app.changed()
    app.screen.post_message(BookReady())  # the screen in view shows the new customers
    if failure:
        app.notify(ngettext("Added {added} of {total} customer, then: {failure}",
                             "Added {added} of {total} customers, then: {failure}", len(customers)).format(
            added=added, total=len(customers), failure=failure), severity="error", timeout=10)
    else:
        app.notify(result_line({**counts, "added": added}))
