"""Import contacts (vCard or CSV): a preview first, then the new customers with a progress bar."""

from __future__ import annotations

import asyncio
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, ProgressBar

from fieldcrm.interop.contacts import ContactPlan, plan_contacts
from fieldcrm.interop.vcard import ContactsError
from fieldcrm.model import Customer


def read_contacts(path: Path):
    if not path.is_file():
        raise ContactsError(f"{path} is not a file.")
    data = path.read_bytes()
    if path.suffix.lower() in (".vcf", ".vcard"):
        from fieldcrm.interop.vcard import read_cards
        return read_cards(data, str(path))
    from fieldcrm.interop.csvfile import read_csv
    return read_csv(data, None, str(path))


class ImportContacts(ModalScreen[int]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self):
        super().__init__()
        self.plan: ContactPlan | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text("Import contacts from a .vcf (vCard) or .csv (Google, Outlook) file", style="bold"))
            yield Input(placeholder="path of the file, then enter", id="path")
            yield Label("", id="preview")
            yield ProgressBar(show_eta=False, id="bar")
            yield Label(Text("enter: read the file, then enter again to add · escape: cancel"), classes="hint")

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
        lines = self.plan.lines()[:12]
        lines.append(f"enter: add the {len(self.plan.new)} new customers" if self.plan.new else "Nothing to add.")
        self.query_one("#preview", Label).update(Text("\n".join(lines)))

    async def _add(self) -> None:
        bar = self.query_one("#bar", ProgressBar)
        bar.update(total=max(len(self.plan.new), 1), progress=0)
        for n, customer in enumerate(self.plan.new, start=1):
            self.app.work.add(customer)
            if n % 25 == 0:
                bar.update(progress=n)
                await asyncio.sleep(0)  # let the bar draw
        bar.update(progress=len(self.plan.new))
        self.app.changed()
        self.notify(f"Added {len(self.plan.new)} customers.")
        self.dismiss(len(self.plan.new))

    def action_cancel(self) -> None:
        self.dismiss(0)
