"""Add a purchase to a customer's deal file."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label

from fieldcrm.i18n import _
from fieldcrm.model import Purchase
from fieldcrm.rules.amounts import parse_amount
from fieldcrm.tui.widgets.problems import FieldProblem, clear_problems, refuse
from fieldcrm.tui.widgets.user_text import UserText
from fieldcrm.tui.screens.form import HOLD_LETTERS, DialogForm
from fieldcrm.when import parse_day, typed_default

FIELDS = [(_("When (today, yesterday, 2026-11-20)"), "date", typed_default("today")), (_("Item"), "item", ""),
          (_("Spec"), "spec", ""), (_("Colour"), "colour", ""), (_("Quantity"), "quantity", "1"),
          (_("Amount"), "amount", ""), (_("Margin, if known"), "margin", ""), (_("How they use it"), "usage", "")]


class PurchaseScreen(DialogForm, ModalScreen[bool | None]):
    """Dismissed with True once saved, or None if cancelled."""

    BINDINGS = [Binding("ctrl+s", "save", _("Save")), Binding("escape", "cancel", _("Cancel")), *HOLD_LETTERS]

    def __init__(self, customer_id: str):
        super().__init__()
        self.customer_id = customer_id

    def compose(self) -> ComposeResult:
        # Eight fields are taller than 80×24 (and 80×50): it scrolls, and only the fields take focus.
        with VerticalScroll(classes="dialog form", can_focus=False):
            yield Label(UserText(_("New purchase: {name}").format(name=self.app.work.name_of(self.customer_id)), style="bold"))
            for label, name, value in FIELDS:
                yield Label(label)
                yield Input(value, id=f"p-{name}")
                yield FieldProblem(f"p-{name}")
        yield Footer()  # its own keys: the screen behind showed its keys, dead in here

    def action_save(self) -> None:
        work = self.app.work
        value = {name: self.query_one(f"#p-{name}", Input).value.strip() for _, name, _ in FIELDS}
        field = "p-date"
        try:
            day = parse_day(value["date"], work.today())
            if not value["item"]:
                field = "p-item"
                raise ValueError(_("Say what was bought."))
            field = "p-quantity"
            quantity = parse_amount(value["quantity"], _("Quantity"), money=False)
            field = "p-amount"
            amount = parse_amount(value["amount"], _("Amount"))
            field = "p-margin"
            margin = parse_amount(value["margin"], _("Margin")) if value["margin"] else None
        except ValueError as error:
            refuse(self, field, str(error))
            return
        clear_problems(self)
        work.add_purchase(Purchase(customer_id=self.customer_id, date=day.isoformat(), item=value["item"],
                                   spec=value["spec"], colour=value["colour"], quantity=quantity,
                                   amount=amount, margin=margin, usage=value["usage"]))
        self.app.changed()
        self.dismiss(True)

