"""The visit-note form: fast with the keyboard alone, and nothing typed is ever lost.

Every change is saved at once to a draft beside the book (atomically), so a
crash or a closed terminal loses nothing: the next start offers it back.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Header, Input, Label, Select, TextArea

from fieldcrm.clock import to_iso
from fieldcrm.ids import derived_id, new_id
from fieldcrm.model import INTERACTION_KINDS, Complaint, FollowUp, Interaction, Referral
from fieldcrm.when import DAY_HELP, TIME_HELP, parse_day, parse_moment

NOTE_DRAFT = "note"
# Inputs in tab order: id -> (label, default value)
INPUTS = {
    "when": ("When", "now"),
    "outcome": ("Outcome", ""),
    "satisfaction": ("Satisfaction 1–5", ""),
    "next_step": ("Next step", ""),
    "next_due": ("Next step due", "+7d"),
    "lead_name": ("Referral: the lead's name", ""),
    "lead_phone": ("Referral: phone or e-mail", ""),
    "complaint": ("Complaint: what went wrong", ""),
    "promised": ("Complaint: fix promised by", "+3d"),
}


class NoteScreen(Screen):
    BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, customer_id: str, draft: dict | None = None):
        super().__init__()
        self.customer_id = customer_id
        self.draft = (draft or {}).get("fields", {})
        self._ready = False  # no draft writes while the form fills itself in

    def compose(self) -> ComposeResult:
        d = self.draft
        name = self.app.work.name_of(self.customer_id)
        yield Header()
        with VerticalScroll(classes="form"):
            yield Label(Text(f"Note for {name}", style="bold"))
            yield from self._labels("Kind", "When")
            with Horizontal(classes="row"):
                yield Select([(k, k) for k in INTERACTION_KINDS], value=d.get("kind", "visit"),
                             allow_blank=False, id="kind")
                yield self._input("when")
            yield self._label("outcome")
            yield self._input("outcome")
            yield Label("Note")
            yield TextArea(d.get("note", ""), id="note", soft_wrap=True, show_line_numbers=False)
            yield from self._labels("Satisfaction 1–5", "")
            with Horizontal(classes="row"):
                yield self._input("satisfaction")
                yield Checkbox("Asked for a referral", d.get("referral_asked", False), id="referral_asked")
            yield from self._labels("Next step (creates a follow-up)", "due")
            with Horizontal(classes="row"):
                yield self._input("next_step")
                yield self._input("next_due")
            yield from self._labels("Referral: the lead's name", "their phone or e-mail")
            with Horizontal(classes="row"):
                yield self._input("lead_name")
                yield self._input("lead_phone")
            yield from self._labels("Complaint: what went wrong", "fix promised by")
            with Horizontal(classes="row"):
                yield self._input("complaint")
                yield self._input("promised")
            yield Label("", id="problem", classes="problem")
            yield Label(Text("tab: next field · ctrl+s: save · escape: cancel · "
                             f"when: {TIME_HELP} · due: {DAY_HELP}"), classes="hint")
        yield Footer()

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
        self.app.work.store.side.save("drafts", NOTE_DRAFT, {
            "customer_id": self.customer_id, "fields": self.values(), "saved_at": self.app.work.now_iso()})

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
        except ValueError as error:
            self.query_one("#problem", Label).update(Text(str(error)))
            return
        work = self.app.work
        note, extras = records[0], records[1:]
        work.log_contact(note)
        for record in extras:
            work.add(record)
        work.store.side.remove("drafts", NOTE_DRAFT)
        self.app.changed()
        saved = "Note saved" + (f" with {len(extras)} more" if extras else "") + "."
        self.notify(saved)
        self.dismiss(True)

    def _records(self) -> list:
        """The note and what it creates; ValueError says what to fix."""
        work, v = self.app.work, self.values()
        if not (v["note"].strip() or v["outcome"].strip()):
            raise ValueError("Write a note or an outcome first.")
        now = work.store.clock.now().datetime.astimezone(work.tz)
        at = parse_moment(v["when"], now)
        satisfaction = None
        if v["satisfaction"].strip():
            if v["satisfaction"].strip() not in ("1", "2", "3", "4", "5"):
                raise ValueError("Satisfaction is a number from 1 to 5, or empty.")
            satisfaction = int(v["satisfaction"])
        today = work.today()
        note = Interaction(customer_id=self.customer_id, kind=v["kind"], at=to_iso(at),
                           note=v["note"].rstrip(), outcome=v["outcome"].strip(), satisfaction=satisfaction,
                           referral_asked=v["referral_asked"] or bool(v["lead_name"].strip()),
                           next_step=v["next_step"].strip())
        note.id = new_id()
        out: list = [note]
        if note.next_step:
            due = parse_day(v["next_due"], today)
            note.next_step_due = due.isoformat()
            out.append(FollowUp(id=derived_id(note.id, "next-step"), customer_id=self.customer_id,
                                due=due.isoformat(), reason=note.next_step, source=f"interactions:{note.id}"))
        if v["lead_name"].strip():
            out.append(Referral(referrer_id=self.customer_id, lead_name=v["lead_name"].strip(),
                                lead_phone=v["lead_phone"].strip(), status_dates={"new": today.isoformat()}))
        if v["complaint"].strip():
            promised = parse_day(v["promised"], today)
            out.append(Complaint(customer_id=self.customer_id, opened=today.isoformat(),
                                 description=v["complaint"].strip(), promised=promised.isoformat(),
                                 owner=work.store.rep.name, steps_done=["listen"]))
        return out

    def action_cancel(self) -> None:
        if self.is_blank():
            self.app.work.store.side.remove("drafts", NOTE_DRAFT)
            self.dismiss(False)
            return
        from fieldcrm.tui.screens.prompts import Confirm

        def answer(drop: bool | None) -> None:
            if drop:
                self.app.work.store.side.remove("drafts", NOTE_DRAFT)
                self.dismiss(False)

        self.app.push_screen(Confirm("Discard this note? What you typed will be lost."), answer)
