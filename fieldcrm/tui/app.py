"""The Textual app. Only this package imports Textual."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from fieldcrm.model import Customer, Interaction
from fieldcrm.store import Store


class FieldCRM(App):
    TITLE = "fieldcrm"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, store: Store):
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        yield Header()
        summary = (
            f"{self.store.count(Customer)} customers, "
            f"{self.store.count(Interaction)} contacts logged."
        )
        yield Static(summary, id="summary", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.store.rep.name or str(self.store.folder)


def run_app(store: Store) -> None:
    FieldCRM(store).run()
