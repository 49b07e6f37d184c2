"""The visit-note form: fast with the keyboard alone, and nothing typed is ever lost.

Every change is saved at once to a draft beside the book (atomically), so a
crash or a closed terminal loses nothing: the next start offers it back, with
the moments the rep meant ("now", "+7d" as they were when typed) and tied to
the Today item it was written for.
"""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Header, Input, Label, Select, TextArea

from fieldcrm.clock import to_iso
from fieldcrm.i18n import _
from fieldcrm.ids import derived_id, new_id
from fieldcrm.model import INTERACTION_KINDS, Complaint, FollowUp, Interaction, Referral
from fieldcrm.rules.agenda import AgendaItem
from fieldcrm.rules.reasons import Reason
from fieldcrm.store.errors import BookError
from fieldcrm.tui.labels import shown
from fieldcrm.tui.widgets.footer import KeysFooter
from fieldcrm.tui.widgets.problems import FieldProblem, clear_problems, not_written, refuse
from fieldcrm.tui.widgets.user_text import UserText
from fieldcrm.tui.screens.form import HOLD_LETTERS, HoldsLetters, ask_before_dropping
from fieldcrm.when import DUE_HELP, TIME_HELP, parse_day, parse_due, parse_moment, typed_default

NOTE_DRAFT = "note"
# Inputs in tab order: id -> (label, default value, in the interface language: 现在, 7天后)
INPUTS = {
    "when": (_("When"), typed_default("now")),
    "outcome": (_("Outcome"), ""),
    "feedback_tags": (_("Feedback tags"), ""),
    "satisfaction": (_("Satisfaction 1–5"), ""),
    "next_step": (_("Next step"), ""),
    "next_due": (_("Next step due"), typed_default("+7d")),
    "lead_name": (_("Referral: the lead's name"), ""),
    "lead_phone": (_("Referral: phone or e-mail"), ""),
    "complaint": (_("Complaint: what went wrong"), ""),
    "promised": (_("Complaint: fix promised by"), typed_default("+3d")),
}


class FieldError(ValueError):
    """A value the note cannot take; ``field`` is the id of the input to fix."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class NoteScreen(HoldsLetters, Screen):
    """Dismissed with True once saved (``item``, the Today item it was written for, is
    then done), False if dropped."""

    BINDINGS = [Binding("ctrl+s", "save", _("Save")), Binding("escape", "cancel", _("Cancel")), *HOLD_LETTERS]

    def __init__(self, customer_id: str, draft: dict | None = None, item: AgendaItem | None = None):
        super().__init__()
        self.customer_id = customer_id
        draft = draft or {}
        # A restored draft shows the moments as they were meant when typed, not as of now.
        self.draft = {**draft.get("fields", {}), **draft.get("resolved", {})}
        self.item = item or item_from_json(draft.get("item"))
        self._ready = False  # no draft writes while the form fills itself in
        self._draft_failed = False  # said once, not at every keystroke
        self._written: set[str] = set()  # tables a save cut short by a full disk did write
        self._note_id = new_id()  # one note however many tries: its follow-up's id derives from it

    def _planned_kind(self) -> str:
        """From a Today item, the contact it planned (a call stays a call); else a visit."""
        planned = self.item.action if self.item else ""
        return planned if planned in INTERACTION_KINDS else "visit"

    def compose(self) -> ComposeResult:
        d = self.draft
        name = self.app.work.name_of(self.customer_id)
        yield Header()
        # Only the fields take focus (a focused form would pass letters to the screen keys).
        with VerticalScroll(classes="form", can_focus=False):
            yield Label(UserText(_("Note for {name}").format(name=name), style="bold"))
            yield from self._labels(_("Kind"), _("When"))
            with Horizontal(classes="row"):
                yield Select([(shown(k), k) for k in INTERACTION_KINDS], value=d.get("kind", self._planned_kind()),
                             allow_blank=False, id="kind")
                yield self._input("when")
            yield FieldProblem("when")
            yield self._label("outcome")
            yield self._input("outcome")
            yield Label(_("Note"))
            yield TextArea(d.get("note", ""), id="note", soft_wrap=True, show_line_numbers=False)
            yield FieldProblem("note")
            yield from self._labels(_("Satisfaction 1–5"), "")
            with Horizontal(classes="row"):
                yield self._input("satisfaction")
                yield Checkbox(_("Asked for a referral"), d.get("referral_asked", False), id="referral_asked")
            yield FieldProblem("satisfaction")
            yield from self._labels(_("Next step (a follow-up)"), _("due (with a time, an appointment)"))
            with Horizontal(classes="row"):
                yield self._input("next_step")
                yield self._input("next_due")
            yield FieldProblem("next_due")
            yield from self._labels(_("Referral: the lead's name"), _("their phone or e-mail"))
            with Horizontal(classes="row"):
                yield self._input("lead_name")
                yield self._input("lead_phone")
            yield from self._labels(_("Complaint: what went wrong"), _("fix promised by"))
            with Horizontal(classes="row"):
                yield self._input("complaint")
                yield self._input("promised")
            yield FieldProblem("promised")
            # Last in the tab order, so the keys a rep already knows for the fields above stay as they were.
            yield Label(_("Feedback tags: product, service, delivery, price, other (may be blank)"))
            yield self._input("feedback_tags")
            yield FieldProblem("feedback_tags")
            yield Label(UserText(_("tab: next field · ctrl+s: save · escape: cancel · "
                                   "when: {time_help} · due: {due_help}").format(time_help=_(TIME_HELP),
                                                                                due_help=_(DUE_HELP))),
                        classes="hint")
        yield KeysFooter()

    def _labels(self, left: str, right: str):
        with Horizontal(classes="row labels"):
            yield Label(left)
            yield Label(right)

    def _label(self, key: str) -> Label:
        return Label(INPUTS[key][0])

    def _input(self, key: str) -> Input:
        label, default = INPUTS[key]
        return Input(self.draft.get(key, default), placeholder=label, id=key, tooltip=label)

    def on_mount(self) -> None:
        self.query_one("#note", TextArea).focus()
        self.call_after_refresh(self._start_drafting)

    def _start_drafting(self) -> None:
        self._ready = True

    # The draft ---------------------------------------------------------------

    def values(self) -> dict:
        out = {key: self.query_one(f"#{key}", Input).value for key in INPUTS}
        out["kind"] = self.query_one("#kind", Select).value
        out["note"] = self.query_one("#note", TextArea).text
        out["referral_asked"] = self.query_one("#referral_asked", Checkbox).value
        return out

    def is_blank(self) -> bool:
        defaults = {key: default for key, (_, default) in INPUTS.items()}
        values = self.values()
        return (all(values[k] == v for k, v in defaults.items()) and not values["note"].strip()
                and not values["referral_asked"])

    def _save_draft(self) -> None:
        if not self._ready or self.app.work.store.read_only:
            return
        values = self.values()
        try:
            self.app.work.store.side.save("drafts", NOTE_DRAFT, {
                "customer_id": self.customer_id, "fields": values, "resolved": self._resolved(values),
                "item": item_to_json(self.item), "saved_at": self.app.work.now_iso()})
        except (BookError, OSError) as error:
            if not self._draft_failed:
                self._draft_failed = True
                self.notify(not_written(error, _("The draft of this note"), _("save it with ctrl+s")),
                            severity="error", timeout=10)
            return
        self._draft_failed = False

    def _resolved(self, values: dict) -> dict:
        """The moments as meant now ("now" -> 2026-11-24 09:40, "+7d" -> 2026-12-01),
        for the fields that parse: a draft restored tomorrow keeps them."""
        now, today = self._now(), self.app.work.today()

        def due(text: str) -> str:
            day, time = parse_due(text, today)
            return f"{day.isoformat()} {time}".strip()

        out = {}
        for key, resolve in (("when", lambda text: f"{parse_moment(text, now):%Y-%m-%d %H:%M}"),
                             ("next_due", due),
                             ("promised", lambda text: parse_day(text, today).isoformat())):
            try:
                out[key] = resolve(values[key])
            except ValueError:
                pass  # a typo stays as typed
        return out

    def _now(self) -> dt.datetime:
        work = self.app.work
        return work.store.clock.now().datetime.astimezone(work.tz)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._save_draft()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._save_draft()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._save_draft()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._save_draft()

    # Saving --------------------------------------------------------------------

    def action_save(self) -> None:
        try:
            records = self._records()
        except FieldError as error:
            refuse(self, error.field, str(error))
            return
        clear_problems(self)
        work = self.app.work
        note, extras = records[0], records[1:]
        try:
            for record in records:
                if record.TABLE not in self._written:  # a retry after a full disk writes the rest only
                    work.log_contact(record) if record is note else work.add(record)
                    self._written.add(record.TABLE)
            if self.item is not None:  # the note is the contact: the Today item is done
                work.mark_done(self.item, log_contact=False)
        except BookError as error:  # a full disk: the note stays on screen and in its draft
            self.notify(not_written(error, _("The note")), severity="error", timeout=10)
            return
        work.store.side.remove("drafts", NOTE_DRAFT)
        self.app.changed()
        saved = (_("Note saved with {count} more.").format(count=len(extras)) if extras else _("Note saved."))
        self.notify(saved)
        self.dismiss(True)

    def _records(self) -> list:
        """The note and what it creates; ValueError says what to fix."""
        work, v = self.app.work, self.values()
        if not (v["note"].strip() or v["outcome"].strip()):
            raise FieldError("note", _("Write a note or an outcome first."))
        at = _parsed("when", parse_moment, v["when"], self._now())
        satisfaction = None
        if v["satisfaction"].strip():
            if v["satisfaction"].strip() not in ("1", "2", "3", "4", "5"):
                raise FieldError("satisfaction", _("Satisfaction is a number from 1 to 5, or empty."))
            satisfaction = int(v["satisfaction"])
        from fieldcrm.gatherings import parse_tags
        tags = _parsed("feedback_tags", lambda text, _now: parse_tags(text), v["feedback_tags"], None)
        today = work.today()
        note = Interaction(feedback_tags=tags, customer_id=self.customer_id, kind=v["kind"], at=to_iso(at),
                           note=v["note"].rstrip(), outcome=v["outcome"].strip(), satisfaction=satisfaction,
                           referral_asked=v["referral_asked"] or bool(v["lead_name"].strip()),
                           next_step=v["next_step"].strip())
        note.id = self._note_id
        out: list = [note]
        if note.next_step:
            due, time = _parsed("next_due", parse_due, v["next_due"], today)
            note.next_step_due = due.isoformat()
            # With a time it is an appointment: on Today that day, at that time.
            out.append(FollowUp(id=derived_id(note.id, "next-step"), customer_id=self.customer_id,
                                due=due.isoformat(), time=time, reason=note.next_step,
                                source=f"interactions:{note.id}"))
        if v["lead_name"].strip():
            out.append(Referral(referrer_id=self.customer_id, lead_name=v["lead_name"].strip(),
                                lead_phone=v["lead_phone"].strip(), status_dates={"new": today.isoformat()}))
        if v["complaint"].strip():
            promised = _parsed("promised", parse_day, v["promised"], today)
            out.append(Complaint(customer_id=self.customer_id, opened=today.isoformat(),
                                 description=v["complaint"].strip(), promised=promised.isoformat(),
                                 owner=work.store.rep.name, steps_done=["listen"]))
        return out

    def action_cancel(self) -> None:
        def drop() -> None:
            self.app.work.store.side.remove("drafts", NOTE_DRAFT)
            self.dismiss(False)

        ask_before_dropping(self, self.is_blank(), _("Discard this note? What you typed will be lost."), drop)


def _parsed(field: str, parse, text: str, now):
    try:
        return parse(text, now)
    except ValueError as error:
        raise FieldError(field, str(error)) from None


def item_to_json(item: AgendaItem | None) -> dict | None:
    """What settling a Today item needs, kept in the draft."""
    if item is None:
        return None
    return {"subject": item.subject, "customer_id": item.customer_id, "name": item.name, "tier": item.tier,
            "action": item.action, "time": item.time,
            "reasons": [{"kind": r.kind, "text": r.text, "occurrence": r.occurrence} for r in item.reasons]}


def item_from_json(data: dict | None) -> AgendaItem | None:
    if not data or not data.get("reasons"):
        return None
    action = data.get("action", "visit")
    reasons = [Reason(r["kind"], r.get("text", ""), 0.0, r["occurrence"], action) for r in data["reasons"]]
    return AgendaItem(data["subject"], data.get("customer_id", ""), data.get("name", ""), data.get("tier", ""),
                      reasons, action, 0.0, data.get("time", ""))
