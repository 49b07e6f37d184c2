"""Complaints: open and recent, each followed through the handling steps until confirmed."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Header, Input, Label, Select, SelectionList, Static

from fieldcrm.i18n import _
from fieldcrm.model import COMPLAINT_STEPS, Complaint
from fieldcrm.rules.calendar import short_date
from fieldcrm.rules.labels import complaint_category, complaint_words
from fieldcrm.tui.labels import shown
from fieldcrm.tui.screens.base import BookScreen
from fieldcrm.tui.widgets.footer import KeysFooter
from fieldcrm.tui.widgets.picker import CustomerPicker
from fieldcrm.tui.widgets.problems import FieldProblem, clear_problems, refuse
from fieldcrm.tui.widgets.tables import ListTable, fill, selected_key
from fieldcrm.tui.widgets.user_text import UserText
from fieldcrm.tui.screens.form import HOLD_LETTERS, DialogForm
from fieldcrm.when import DAY_HELP, parse_day, typed_default

COLUMNS = [(_("customer"), 18), (_("opened"), 14), (_("promised"), 14),  # "2025年12月30日" is 14 cells
           (_("status"), 9), (_("steps"), 5),
           (_("what"), 60)]
RECENT_DAYS = 60


class ComplaintsScreen(BookScreen):
    ROW_ACTION = "handle"  # enter on a row
    BINDINGS = [Binding("a", "add", _("Log complaint")), Binding("enter", "handle", _("Handle"))]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(_("Complaints: open first, then closed in the last {days} days").format(days=RECENT_DAYS), classes="title")
        yield ListTable(cursor_type="row", zebra_stripes=True, id="complaints")
        yield KeysFooter()

    def show(self) -> None:
        work = self.app.work
        since = (work.today() - dt.timedelta(days=RECENT_DAYS)).isoformat()
        chosen = [c for c in work.facts.complaints.values()
                  if c.status != "confirmed" or (c.confirmed_on or c.opened) >= since]
        chosen.sort(key=lambda c: (c.status == "confirmed", c.status == "resolved", c.promised or "9", c.opened))
        today = work.today()
        rows = [(c.id, [work.name_of(c.customer_id), short_date(c.opened, today), short_date(c.promised, today) or "—", shown(c.status),
                        f"{len(c.steps_done)}/{len(COMPLAINT_STEPS)}", complaint_words(c.category, c.description)])
                for c in chosen]
        fill(self.query_one(DataTable), COLUMNS, rows)

    def action_handle(self) -> None:
        key = selected_key(self.query_one(DataTable))
        if key:
            self.app.push_screen(HandleComplaint(key))

    def action_add(self) -> None:
        self.app.push_screen(LogComplaint(), lambda added: self.show() if added else None)


class HandleComplaint(ModalScreen):
    """The handling steps as a checklist; resolve; confirm the customer is satisfied."""

    BINDINGS = [
        Binding("escape", "close", _("Back")),
        Binding("p", "promise", _("Promised date")),
        Binding("r", "resolve", _("Resolved")),
        Binding("s", "satisfied", _("Customer satisfied")),
        Binding("o", "reopen", _("Reopen")),
        # The checklist is the only field: tab and shift+tab move along it, as down and up do.
        Binding("tab", "move(1)", show=False),
        Binding("shift+tab", "move(-1)", show=False),
    ]

    def __init__(self, complaint_id: str):
        super().__init__()
        self.complaint_id = complaint_id

    @property
    def complaint(self) -> Complaint:
        return self.app.work.facts.complaints[self.complaint_id]

    def compose(self) -> ComposeResult:
        c = self.complaint
        with Vertical(classes="dialog"):
            yield Static(id="summary")  # wraps: a Label is cut at the dialog's edge
            yield SelectionList(*[(_tick(step, step in c.steps_done), step, step in c.steps_done)
                                  for step in COMPLAINT_STEPS], id="steps")
            yield Label(UserText(_("up, down or tab: move · space: tick a step · p: promised date · r: resolved · "
                                   "s: customer satisfied · o: reopen · escape: back")), classes="hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._summary()
        self.query_one(SelectionList).focus()

    def _summary(self) -> None:
        c, work = self.complaint, self.app.work
        today = work.today()
        text = UserText(f"{work.name_of(c.customer_id)} · {complaint_words(c.category, c.description)}\n", style="bold")
        text.append(_("opened {opened} · promised {promised} · {status}").format(
            opened=short_date(c.opened, today), promised=short_date(c.promised, today) or _("not yet"), status=shown(c.status)))
        if c.resolved_on:
            text.append(" · " + _("resolved {day}").format(day=short_date(c.resolved_on, today)))
        if c.confirmed_on:
            text.append(" · " + _("satisfied {day}").format(day=short_date(c.confirmed_on, today)))
        self.query_one("#summary", Static).update(text)

    def _set(self, **fields) -> None:
        self.app.work.update(Complaint, self.complaint_id, **fields)
        self.app.changed()
        self._summary()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        steps = event.selection_list
        chosen = [s for s in COMPLAINT_STEPS if s in steps.selected]
        for index, step in enumerate(COMPLAINT_STEPS):  # ticked or not, readable without colour
            steps.replace_option_prompt_at_index(index, _tick(step, step in chosen))
        if chosen != self.complaint.steps_done:
            self._set(steps_done=chosen)

    def action_move(self, by: int) -> None:
        steps = self.query_one(SelectionList)
        steps.action_cursor_down() if by > 0 else steps.action_cursor_up()

    def action_promise(self) -> None:
        from fieldcrm.tui.screens.prompts import Ask
        today = self.app.work.today()
        question = _("Fix promised by? ({help})").format(help=_(DAY_HELP))
        self.app.push_screen(Ask(question, lambda t: parse_day(t, today)),
                             lambda day: self._set(promised=day.isoformat()) if day else None)

    def action_resolve(self) -> None:
        self._set(status="resolved", resolved_on=self.app.work.today().isoformat())

    def action_satisfied(self) -> None:
        today = self.app.work.today().isoformat()
        steps = list(self.complaint.steps_done)
        if "confirm satisfied" not in steps:
            steps = [s for s in COMPLAINT_STEPS if s in steps or s == "confirm satisfied"]
        self._set(status="confirmed", confirmed_on=today, resolved_on=self.complaint.resolved_on or today,
                  steps_done=steps)

    def action_reopen(self) -> None:
        self._set(status="open", confirmed_on="", resolved_on="")

    def action_close(self) -> None:
        self.dismiss(None)


def _tick(step: str, done: bool) -> Text:
    """A step as the checklist shows it: [x] ticked, [ ] not (plain text, never markup)."""
    return Text(f"[{'x' if done else ' '}] {shown(step)}")


class LogComplaint(DialogForm, ModalScreen[bool | None]):
    """Dismissed with True once logged, or None if cancelled."""

    BINDINGS = [Binding("ctrl+s", "save", _("Save")), Binding("escape", "cancel", _("Cancel")), *HOLD_LETTERS]

    def __init__(self, customer_id: str | None = None):
        super().__init__()
        self.customer_id = customer_id

    def compose(self) -> ComposeResult:
        # Taller than 80×24: it scrolls, and only the fields take focus.
        with VerticalScroll(classes="dialog form", can_focus=False):
            yield Label(UserText(_("Log a complaint"), style="bold"))
            yield Label(_("Customer"))
            yield CustomerPicker(id="customer")
            yield FieldProblem("customer")
            yield Label(_("Category (late delivery, damaged goods, wrong item, invoice, quality, service)"))
            yield Input(id="category")
            yield Label(_("What happened, in their words"))
            yield Input(id="description")
            yield FieldProblem("description")
            yield Label(_("Severity"))
            yield Select([(shown(s), s) for s in ("low", "medium", "high")], value="medium",
                         allow_blank=False, id="severity")
            yield Label(_("Fix promised by ({help})").format(help=_(DAY_HELP)))
            yield Input(typed_default("+3d"), id="promised")
            yield FieldProblem("promised")
            yield Label(_("Feedback tags: product, service, delivery, price, other (may be blank)"))
            yield Input(id="feedback_tags")
            yield FieldProblem("feedback_tags")
        yield Footer()  # its own keys: the screen behind showed its keys, dead in here

    def action_save(self) -> None:
        from fieldcrm.gatherings import parse_tags

        work = self.app.work
        customer = self.query_one("#customer", CustomerPicker).customer_id
        description = self.query_one("#description", Input).value.strip()
        if not customer:
            refuse(self, "customer", _("Pick the customer: type part of a name, then enter."))
            return
        if not description:
            refuse(self, "description", _("Write what happened."))
            return
        try:
            promised = parse_day(self.query_one("#promised", Input).value, work.today())
        except ValueError as error:
            refuse(self, "promised", str(error))
            return
        try:
            tags = parse_tags(self.query_one("#feedback_tags", Input).value)
        except ValueError as error:
            refuse(self, "feedback_tags", str(error))
            return
        clear_problems(self)
        work.add(Complaint(customer_id=customer, feedback_tags=tags, opened=work.today().isoformat(),
                           category=complaint_category(self.query_one("#category", Input).value), description=description,
                           severity=self.query_one("#severity", Select).value, promised=promised.isoformat(),
                           owner=work.store.rep.name, steps_done=["listen"]))
        self.app.changed()
        self.dismiss(True)
