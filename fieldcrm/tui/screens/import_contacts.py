"""Import contacts (vCard or CSV): a preview first, then the new customers with a progress bar.

Look-alikes (same phone or e-mail, another name) are listed with both names;
the rep picks per contact: a add it anyway, m merge into the customer, s skip.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, ProgressBar

from fieldcrm.interop.contact import ContactsError
from fieldcrm.interop.contacts import ContactPlan, apply_plan, plan_contacts, result_line
from fieldcrm.model import Customer
from fieldcrm.terminal_text import visible
from fieldcrm.tui.widgets.tables import fill, selected_key

LOOK_ALIKE_COLUMNS = [("In the file", 20), ("Looks like", 20), ("Why", 12), ("Choice", 10)]
CHOICE_LABELS = {"skip": "skip", "add": "add anyway", "merge": "merge"}


def read_contacts(path: Path):
    if not path.is_file():
        raise ContactsError(f"{path} is not a file.")
    data = path.read_bytes()
    if path.suffix.lower() in (".vcf", ".vcard"):
        from fieldcrm.interop.vcard_read import read_cards
        return read_cards(data, str(path))
    from fieldcrm.interop.csvfile import read_csv
    return read_csv(data, None, str(path))


class ImportContacts(ModalScreen[int]):
    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("a", "choose('add')", "Add anyway", show=False),
                Binding("m", "choose('merge')", "Merge", show=False),
                Binding("s", "choose('skip')", "Skip", show=False)]

    def __init__(self):
        super().__init__()
        self.plan: ContactPlan | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text("Import contacts from a .vcf (vCard) or .csv (Google, Outlook, Thunderbird) file",
                             style="bold"))
            yield Input(placeholder="path of the file, then enter", id="path")
            yield Label("", id="preview")
            table = DataTable(cursor_type="row", id="lookalikes")
            table.display = False
            yield table
            yield ProgressBar(show_eta=False, id="bar")
            yield Label(Text("enter: read the file, then enter again to add · tab: the look-alikes, "
                             "a add anyway · m merge · s skip · escape: cancel"), classes="hint")

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.plan is None:
            self._preview(Path(event.value.strip()).expanduser())
        else:
            await self._add()

    def _preview(self, path: Path) -> None:
        work = self.app.work
        try:
            contacts = read_contacts(path)
        except ContactsError as error:
            self.query_one("#preview", Label).update(Text(str(error), style="red"))
            return
        self.plan = plan_contacts(contacts, work.store.all(Customer), work.today().isoformat())
        summary = self.plan.lines(limit=5, look_alikes=False)  # the look-alikes have their own table
        lines = [visible(line) for line in summary[:8]]
        lines.append(f"enter: add the {len(self.plan.new)} new customers" if self.plan.new else "Nothing new to add.")
        self.query_one("#preview", Label).update(Text("\n".join(lines)))
        self._show_look_alikes()

    def _show_look_alikes(self) -> None:
        table = self.query_one("#lookalikes", DataTable)
        table.display = bool(self.plan.look_alikes)
        fill(table, LOOK_ALIKE_COLUMNS, [
            (str(n), [visible(la.contact.name), visible(la.customer.name), la.why, CHOICE_LABELS[la.choice]])
            for n, la in enumerate(self.plan.look_alikes)])

    def action_choose(self, choice: str) -> None:
        table = self.query_one("#lookalikes", DataTable)
        key = selected_key(table) if self.plan and self.focused is table else None
        if key is None:
            return
        self.plan.look_alikes[int(key)].choice = choice
        self._show_look_alikes()

    async def _add(self) -> None:
        bar = self.query_one("#bar", ProgressBar)
        plan = self.plan
        bar.update(total=max(len(plan.new) + len(plan.matched) + len(plan.look_alikes), 1), progress=0)
        counts = apply_plan(plan, self.app.work, self.app.work.today().isoformat(),
                            lambda n, total: bar.update(progress=n))
        await asyncio.sleep(0)  # let the bar draw
        self.app.changed()
        self.notify(result_line(counts))
        self.dismiss(counts["added"] + counts["filled"] + counts["merged"])

    def action_cancel(self) -> None:
        self.dismiss(0)
