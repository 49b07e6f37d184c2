"""Events: gatherings, their invite lists, invitations sent one key per customer, replies, attendance, feedback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from fieldcrm import gatherings
from fieldcrm.i18n import _, day_label, ngettext
from fieldcrm.rules.gatherings import AUDIENCE_KEYS, audience_from_text, reply_words, tally
from fieldcrm.store.errors import BookError
from fieldcrm.tui.screens.base import BookScreen
from fieldcrm.tui.widgets.footer import KeysFooter
from fieldcrm.tui.widgets.problems import FieldProblem, clear_problems, refuse
from fieldcrm.tui.widgets.tables import ListTable, fill, selected_key
from fieldcrm.tui.widgets.user_text import UserText
from fieldcrm.tui.screens.form import HOLD_LETTERS, DialogForm
from fieldcrm.when import DAY_HELP, parse_day, typed_default

EVENT_COLUMNS = [(_("day"), 18), (_("time"), 5), (_("event"), 26), (_("place"), 18), (_("invited"), 7),
                 (_("sent"), 5), (_("yes"), 4), (_("maybe"), 5), (_("no"), 4), (_("came"), 4)]
GUEST_COLUMNS = [(_("customer"), 18), (_("invitation"), 10), (_("reply"), 8), (_("came"), 4),
                 (_("tags"), 18), (_("feedback"), 48)]


class EventsScreen(BookScreen):
    ROW_ACTION = "open"
    BINDINGS = [Binding("a", "new", _("New event")), Binding("enter", "open", _("Open"))]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(_("Events: the next first, then past ones"), classes="title")
        yield ListTable(cursor_type="row", zebra_stripes=True, id="events")
        yield KeysFooter()

    def show(self) -> None:
        work = self.app.work
        rows = []
        for event in gatherings.events(work):
            counts = tally(gatherings.invitations(work, event.id))
            rows.append((event.id, [day_label(dt.date.fromisoformat(event.day)), event.time, event.title,
                                    event.place, counts["invited"], counts["sent"], counts["yes"],
                                    counts["maybe"], counts["no"], counts["came"]]))
        fill(self.query_one(DataTable), EVENT_COLUMNS, rows)

    def action_open(self) -> None:
        key = selected_key(self.query_one(DataTable))
        if key:
            self.app.push_screen(EventScreen(key))

    def action_new(self) -> None:
        def opened(event_id: str | None) -> None:
            if event_id:
                self.show()
                self.app.push_screen(EventScreen(event_id))
        self.app.push_screen(NewEvent(), opened)


class NewEvent(DialogForm, ModalScreen[str | None]):
    """Dismissed with the new event's id, or None if cancelled."""

    BINDINGS = [Binding("ctrl+s", "save", _("Save")), Binding("escape", "cancel", _("Cancel")), *HOLD_LETTERS]
    FIRST_FIELD = "#title"

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form", can_focus=False):  # taller than 80×24: it scrolls
            yield Label(UserText(_("New event"), style="bold"))
            yield Label(_("What (a VIP evening, a product day in the shop)"))
            yield Input(id="title")
            yield FieldProblem("title")
            yield Label(_("Day ({help})").format(help=_(DAY_HELP)))
            yield Input(typed_default("+7d"), id="day")
            yield FieldProblem("day")
            yield Label(_("Time (HH:MM, may be blank)"))
            yield Input(id="time")
            yield FieldProblem("time")
            yield Label(_("Place"))
            yield Input(id="place")
        yield Footer()  # its own keys: the screen behind showed its keys, dead in here

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        work = self.app.work
        value = {key: self.query_one(f"#{key}", Input).value.strip() for key in ("title", "day", "time", "place")}
        if not value["title"]:
            refuse(self, "title", _("Give the event a title."))
            return
        try:
            day = parse_day(value["day"], work.today())
        except ValueError as error:
            refuse(self, "day", str(error))
            return
        if value["time"] and not _is_time(value["time"]):
            refuse(self, "time", _("Write the time as HH:MM, like 19:00."))
            return
        clear_problems(self)
        try:
            event = gatherings.new_event(work, value["title"], day.isoformat(), value["time"], value["place"])
        except BookError as error:  # a read-only book: nothing to fix in a field
            self.notify(str(error), severity="error", markup=False, timeout=10)
            return
        self.app.changed()
        self.dismiss(event.id)


def _is_time(text: str) -> bool:
    hours, sep, minutes = text.partition(":")
    return bool(sep) and hours.isdigit() and minutes.isdigit() and len(minutes) == 2 \
        and int(hours) < 24 and int(minutes) < 60


class EventScreen(BookScreen):
    """One event: build the invite list, send, mark replies and attendance, take feedback."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", _("Back")),
        Binding("i", "invite", _("Invite")),
        Binding("s", "send", _("Send next")),
        Binding("x", "export", _("CSV")),
        Binding("y", "reply('yes')", _("Yes")),
        Binding("n", "reply('no')", _("No")),
        Binding("m", "reply('maybe')", _("Maybe")),
        Binding("a", "came", _("Came")),
        Binding("f", "feedback", _("Feedback")),
    ]

    def __init__(self, event_id: str):
        super().__init__()
        self.event_id = event_id

    @property
    def event(self):
        return self.app.work.facts.events[self.event_id]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield ListTable(cursor_type="row", zebra_stripes=True, id="guests")
        yield KeysFooter()

    def show(self) -> None:
        work, event = self.app.work, self.event
        invited = gatherings.invitations(work, event.id)
        counts = tally(invited)
        text = UserText(event.title, style="bold")
        text.append("  " + " · ".join(p for p in (day_label(dt.date.fromisoformat(event.day)), event.time,
                                                     event.place) if p))
        text.append("\n" + _("{invited} invited · {sent} sent · {yes} yes · {maybe} maybe · {no} no · "
                             "{waiting} no reply · {came} came").format(**counts), style="dim")
        self.query_one("#summary", Static).update(text)
        messages = gatherings.outreach_of(work, event.id)
        rows = []
        for invitation in invited:
            message = messages.get(invitation.customer_id)
            status = _("sent") if message is not None and message.status == "sent" else _("to send")
            came = {True: "✓", False: "✗", None: ""}[invitation.attended]
            rows.append((invitation.id, [work.name_of(invitation.customer_id), status,
                                         reply_words(invitation.reply) if invitation.reply else "",
                                         came, ", ".join(invitation.feedback_tags), invitation.feedback]))
        fill(self.query_one(DataTable), GUEST_COLUMNS, rows)

    def _selected(self):
        key = selected_key(self.query_one(DataTable))
        return self.app.work.facts.invitations.get(key) if key else None

    def _done(self, message: str) -> None:
        self.app.changed()
        self.show()
        self.notify(message, markup=False)

    def action_invite(self) -> None:
        from fieldcrm.tui.screens.prompts import Ask

        def chosen(audience: dict | None) -> None:
            if audience is None:
                return
            work = self.app.work
            made = gatherings.invite(work, self.event, gatherings.audience(work, audience))
            self._done(ngettext("{count} customer invited; s sends the invitations one by one.",
                                "{count} customers invited; s sends the invitations one by one.",
                                len(made)).format(count=len(made)))
        question = _("Who? Filters like area=Old Town tier=A,B (keys: {keys}); blank: every customer").format(
            keys=", ".join(AUDIENCE_KEYS))
        self.app.push_screen(Ask(question, audience_from_text), chosen)

    def action_send(self) -> None:
        """One key per customer: the next invitation to the clipboard, to paste into WeChat or SMS."""
        work = self.app.work
        waiting = gatherings.pending(work, self.event_id)
        if not waiting:
            self.notify(_("Every invitation has been sent."), markup=False)
            return
        customer, message = waiting[0]
        self.app.copy_to_clipboard(message.message)
        gatherings.mark_sent(work, message, "clipboard")
        self._done(_("Copied the invitation for {name}: paste it into WeChat or SMS ({left} left).").format(
            name=customer.name, left=len(waiting) - 1))

    def action_export(self) -> None:
        from fieldcrm.tui.screens.prompts import Ask
        work = self.app.work
        default = Path.home() / f"invitations-{work.today().isoformat()}.csv"

        def write(path: Path | None) -> None:
            if path is None:
                return
            try:
                count = gatherings.send_csv(work, self.event_id, path)
            except BookError as error:
                self.notify(str(error), severity="error", markup=False, timeout=10)
                return
            self._done(ngettext("Wrote {path} ({count} invitation); it is marked sent.",
                                "Wrote {path} ({count} invitations); they are marked sent.", count).format(
                path=path, count=count))
        self.app.push_screen(Ask(_("Save the CSV (name, phone, text) for a bulk-messaging tool to"),
                                 lambda text: Path(text.strip()).expanduser(), value=str(default)), write)

    def action_reply(self, answer: str) -> None:
        invitation = self._selected()
        if invitation:
            gatherings.reply(self.app.work, invitation, answer)
            self._done(_("{name}: {reply}").format(name=self.app.work.name_of(invitation.customer_id),
                                                   reply=reply_words(answer)))

    def action_came(self) -> None:
        invitation = self._selected()
        if invitation:
            came = invitation.attended is not True
            gatherings.attend(self.app.work, invitation, came)
            name = self.app.work.name_of(invitation.customer_id)
            self._done((_("{name} came.") if came else _("{name} did not come.")).format(name=name))

    def action_feedback(self) -> None:
        invitation = self._selected()
        if invitation:
            self.app.push_screen(Feedback(invitation.id),
                                 lambda saved: self._done(_("Feedback saved.")) if saved else None)


class Feedback(DialogForm, ModalScreen[bool | None]):
    """What an attendee said, tagged for the feedback report. Dismissed with True once saved,
    or None if cancelled."""

    BINDINGS = [Binding("ctrl+s", "save", _("Save")), Binding("escape", "cancel", _("Cancel")), *HOLD_LETTERS]
    FIRST_FIELD = "#said"

    def __init__(self, invitation_id: str):
        super().__init__()
        self.invitation_id = invitation_id

    def compose(self) -> ComposeResult:
        invitation = self.app.work.facts.invitations[self.invitation_id]
        with VerticalScroll(classes="dialog form", can_focus=False):  # taller than 80×24: it scrolls
            yield Label(UserText(_("Feedback from {name}").format(
                name=self.app.work.name_of(invitation.customer_id)), style="bold"))
            yield Label(_("What they said, in their words"))
            yield Input(invitation.feedback, id="said")
            yield FieldProblem("said")
            yield Label(_("Tags: product, service, delivery, price, other"))
            yield Input(", ".join(invitation.feedback_tags), id="tags")
            yield FieldProblem("tags")
            yield Label(_("About which product (may be blank)"))
            yield Input(invitation.product, id="product")
        yield Footer()  # its own keys: the screen behind showed its keys, dead in here

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        work = self.app.work
        said = self.query_one("#said", Input).value
        if not said.strip():
            refuse(self, "said", _("Write what the customer said."))
            return
        try:
            tags = gatherings.parse_tags(self.query_one("#tags", Input).value)
        except ValueError as error:
            refuse(self, "tags", str(error))
            return
        clear_problems(self)
        try:
            gatherings.feedback(work, work.facts.invitations[self.invitation_id], said, tags,
                                self.query_one("#product", Input).value)
        except BookError as error:  # a read-only book: nothing to fix in a field
            self.notify(str(error), severity="error", markup=False, timeout=10)
            return
        self.dismiss(True)
