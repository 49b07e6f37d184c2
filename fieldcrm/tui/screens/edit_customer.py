"""Edit every field of a customer; ctrl+s saves, escape asks before dropping changes."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Header, Input, Label

from fieldcrm.i18n import _
from fieldcrm.model import Customer
from fieldcrm.rules import lunar
from fieldcrm.rules.labels import gender_key, gender_label
from fieldcrm.store.errors import BookError
from fieldcrm.tui.widgets.footer import KeysFooter
from fieldcrm.tui.widgets.problems import FieldProblem, clear_problems, not_written, refuse
from fieldcrm.tui.screens.form import HOLD_LETTERS, HoldsLetters, ask_before_dropping

# (label, field, kind): kind says how the text is read back.
FIELDS = [
    (_("Name"), "name", "text"), (_("Form of address"), "form_of_address", "text"),
    (_("Company"), "company", "text"), (_("Title"), "title", "text"),
    (_("Phones (comma between)"), "phones", "list"), (_("E-mail"), "email", "text"),
    (_("Address"), "address", "text"), (_("Area"), "area", "text"), (_("Tags (comma between)"), "tags", "list"),
    (_("Gender"), "gender", "gender"),
    (_("Birthday (YYYY-MM-DD; 0000 for an unknown year; 农历/lunar: L1985-08-15, leap month L2023-R02-10)"),
     "birthday", "date"),
    (_("Family"), "family", "text"), (_("Occupation"), "occupation", "text"), (_("Hobbies"), "hobbies", "text"),
    (_("Personality"), "personality", "text"), (_("Buying habits"), "buying_habits", "text"),
    (_("Preferred contact (visit, call, message, WeChat, e-mail)"), "preferred_channel", "text"),
    (_("Service style"), "service_style", "text"), (_("Attitude to promotions"), "promo_attitude", "text"),
    (_("Notes"), "notes", "text"),
    (_("Important dates (label: YYYY-MM-DD; another: L2010-08-15 for a lunar one)"), "important_dates", "dates"),
    (_("Tier you set (A, B, C, or empty for the 80/20 rule)"), "tier_override", "tier"),
    (_("Days between contacts (empty for the tier's)"), "cadence_days", "int"),
]
SOFT_FIELDS = {"birthday", "family", "occupation", "hobbies", "personality", "buying_habits",
               "preferred_channel", "service_style", "promo_attitude", "notes"}


class EditCustomerScreen(HoldsLetters, Screen):
    """Dismissed with the customer's id once saved, or None if cancelled."""

    BINDINGS = [Binding("ctrl+s", "save", _("Save")), Binding("escape", "cancel", _("Cancel")), *HOLD_LETTERS]
    AUTO_FOCUS = ""  # on_mount focuses the name: typing starts it, never a screen switch

    def __init__(self, customer_id: str | None = None):
        super().__init__()
        self.customer_id = customer_id

    def compose(self) -> ComposeResult:
        customer = self.app.work.customer(self.customer_id) if self.customer_id else Customer()
        self.original = {name: _show(getattr(customer, name), kind) for _, name, kind in FIELDS}
        yield Header()
        # Only the fields take focus (a focused form would pass letters to the screen keys).
        with VerticalScroll(classes="form", can_focus=False):
            for label, name, _kind in FIELDS:
                yield Label(label)
                yield Input(self.original[name], id=f"f-{name}")
                yield FieldProblem(f"f-{name}")
            yield Checkbox(_("Strategic account (worth it beyond its profit)"), customer.strategic, id="f-strategic")
        yield KeysFooter()

    def on_mount(self) -> None:
        # Without scrolling: AUTO_FOCUS scrolled the "Name" label off the top.
        self.query_one("#f-name", Input).focus(scroll_visible=False)

    def _values(self) -> dict[str, str]:
        return {name: self.query_one(f"#f-{name}", Input).value for _, name, _ in FIELDS}

    def action_save(self) -> None:
        fields = {}
        for (label, name, kind), value in zip(FIELDS, self._values().values()):
            try:
                fields[name] = _read(value, kind, label)
            except ValueError as error:
                refuse(self, f"f-{name}", str(error))
                return
        if not fields["name"]:
            refuse(self, "f-name", _("A customer needs a name."))
            return
        clear_problems(self)
        fields["strategic"] = self.query_one("#f-strategic", Checkbox).value
        try:
            self._write(fields)
        except BookError as error:  # a full disk: the form and what was typed stay
            self.notify(not_written(error, _("The customer")), severity="error", timeout=10)
            return
        self.app.changed()
        self.notify(_("Saved {name}.").format(name=fields['name']))
        self.dismiss(self.customer_id)

    def _write(self, fields: dict) -> None:
        work = self.app.work
        if self.customer_id is None:
            customer = work.add(Customer(**fields, soft_confirmed=work.today().isoformat()))
            self.customer_id = customer.id
        else:
            before = work.customer(self.customer_id)
            changed = {k: v for k, v in fields.items() if getattr(before, k) != v}
            if changed.keys() & SOFT_FIELDS:
                changed["soft_confirmed"] = work.today().isoformat()  # checked with the customer
            if changed:
                work.update(Customer, self.customer_id, **changed)

    def unsaved_question(self) -> str | None:
        """Asked before the app quits (form.quit_question)."""
        return _("Quit without saving your changes to this customer?") if self._values() != self.original else None

    def action_cancel(self) -> None:
        ask_before_dropping(self, self._values() == self.original, _("Drop your changes to this customer?"),
                            lambda: self.dismiss(None))


def _show(value, kind: str) -> str:
    if kind == "gender":
        return gender_label(value)
    if kind == "list":
        return ", ".join(value)
    if kind == "dates":
        return "; ".join(f"{d.get('label', '')}: {d.get('date', '')}" for d in value)
    return "" if value is None else str(value)


def _read(text: str, kind: str, label: str):
    text = text.strip()
    if kind == "list":
        return [part.strip() for part in text.split(",") if part.strip()]
    if kind == "date" and text:
        return _read_date(text, label)
    if kind == "dates":
        dates = []
        for part in filter(None, (p.strip() for p in text.split(";"))):
            name, _colon, date = part.rpartition(":")
            dates.append({"label": name.strip() or "anniversary", "date": _read_date(date.strip(), label)})
        return dates
    if kind == "gender":
        return gender_key(text)
    if kind == "tier":
        if text.upper() not in ("", "A", "B", "C"):
            raise ValueError(_("The tier you set must be A, B, C or empty."))
        return text.upper()
    if kind == "int":
        if not text:
            return None
        if not text.isdigit() or not 1 <= int(text) <= 730:
            raise ValueError(_("Days between contacts must be a whole number from 1 to 730, or empty."))
        return int(text)
    return text


def _read_date(text: str, label: str) -> str:
    """A Gregorian date as typed, or a lunar one ("L1985-08-15", "农历 1985-08-15") in its stored form."""
    field_name = label.split(' (')[0].split('（')[0]
    if text[:1] in ("L", "l") or text.startswith("农历"):
        return lunar.read(text, field_name)
    try:
        dt.date.fromisoformat(text.replace("0000-", "2000-", 1))  # a leap year accepts 29 Feb
    except ValueError:
        raise ValueError(_("{text!r} is not a date ({field}): write YYYY-MM-DD.").format(
            text=text, field=field_name)) from None
    return text
