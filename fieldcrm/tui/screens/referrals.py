"""Referrals: who referred whom, how far the lead got, and whether the referrer was thanked."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from fieldcrm.i18n import _
from fieldcrm.model import REFERRAL_STATUSES, Referral
from fieldcrm.rules.calendar import short_date
from fieldcrm.tui.labels import shown
from fieldcrm.tui.screens.base import BookScreen
from fieldcrm.tui.widgets.footer import KeysFooter
from fieldcrm.tui.widgets.picker import CustomerPicker
from fieldcrm.tui.widgets.problems import FieldProblem, clear_problems, refuse
from fieldcrm.tui.widgets.tables import ListTable, fill, selected_key
from fieldcrm.tui.widgets.user_text import UserText
from fieldcrm.tui.screens.form import HOLD_LETTERS, DialogForm

# The status and the thank-you come before the days and the reward: at 80 columns they must show.
COLUMNS = [(_("lead"), 14), (_("referred by"), 14), (_("status"), 10), (_("thanked"), 14), (_("days"), 4),
           (_("reward"), 12)]
SIDE_PANEL_MIN_WIDTH = 110  # below this the top referrers give their room to the table
NEXT = {"new": "contacted", "contacted": "meeting", "meeting": "won"}
ORDER = {s: n for n, s in enumerate(REFERRAL_STATUSES)}


class ReferralsScreen(BookScreen):
    ROW_ACTION = "profile"  # enter on a row
    BINDINGS = [
        Binding("a", "add", _("Add lead")),
        Binding("plus,right", "advance", _("Next status"), key_display="+"),
        Binding("l", "lost", _("Lost")),
        Binding("h", "thank", _("Thanked")),
        Binding("w", "reward", _("Reward")),
        Binding("v", "card", _("My QR card")),
        Binding("e", "edit_card", _("Edit my card")),
        Binding("enter", "profile", _("Referrer")),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(_("Referrals"), classes="title")
        with Horizontal():
            yield ListTable(cursor_type="row", zebra_stripes=True, id="referrals")
            yield Static(id="top", classes="side")
        yield KeysFooter()

    def on_resize(self, event) -> None:
        self.query_one("#top", Static).display = event.size.width >= SIDE_PANEL_MIN_WIDTH

    def show(self) -> None:
        work = self.app.work
        today = work.today()
        referrals = sorted(work.facts.referrals.values(),
                           key=lambda r: (ORDER.get(r.status, 9), r.created), reverse=False)
        rows = []
        for r in referrals:
            last = max(r.status_dates.values(), default=r.created[:10]) or r.created[:10]
            days = (today - dt.date.fromisoformat(last[:10])).days if last else ""
            thanked = short_date(r.thanked_won_on or r.thanked_on, today) or _("not yet")
            if r.status == "won" and not r.thanked_won_on:
                thanked = _("thank again") if r.thanked_on else _("not yet")
            rows.append((r.id, [r.lead_name, work.name_of(r.referrer_id), shown(r.status), thanked, days, r.reward]))
        fill(self.query_one(DataTable), COLUMNS, rows)
        self.query_one("#top", Static).update(self._top_referrers())

    def _top_referrers(self) -> Text:
        work = self.app.work
        counts: dict[str, list[int]] = {}
        for r in work.facts.referrals.values():
            made = counts.setdefault(r.referrer_id, [0, 0])
            made[0] += 1
            made[1] += r.status == "won"
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1][1], -kv[1][0], work.name_of(kv[0])))
        out = UserText(_("Top referrers") + "\n", style="bold")
        for cid, (made, won) in ranked[:12]:
            out.append(f"{work.name_of(cid)}\n")
            out.append("  " + _("{made} referred, {won} bought").format(made=made, won=won) + "\n", style="dim")
        return out

    def _selected(self) -> Referral | None:
        key = selected_key(self.query_one(DataTable))
        return self.app.work.facts.referrals.get(key) if key else None

    def _set(self, referral: Referral, **fields) -> None:
        self.app.work.update(Referral, referral.id, **fields)
        self.app.changed()
        self.show()

    def action_advance(self) -> None:
        r = self._selected()
        if r is None or r.status not in NEXT:
            return
        status = NEXT[r.status]
        if status == "won":
            self._win(r)
            return
        self._set(r, status=status, status_dates={**r.status_dates, status: self.app.work.today().isoformat()})

    def _win(self, referral: Referral) -> None:
        """The lead bought: they become a customer (or are linked to the one already in the book)."""
        work = self.app.work
        customer, existed = work.win_referral(referral.id)
        self.app.changed()
        self.show()
        referrer = work.name_of(referral.referrer_id)
        thank = (_("Thank {referrer} again: h.") if referral.thanked_on else _("Thank {referrer}: h.")).format(
            referrer=referrer)
        if existed:
            self.notify(_("Won: {lead} is {name}, already a customer; referred by {referrer}. {thank}").format(
                lead=referral.lead_name, name=customer.name, referrer=referrer, thank=thank), timeout=10)
        else:
            self.notify(_("Won: {name} is now a customer, referred by {referrer}. {thank}").format(
                name=customer.name, referrer=referrer, thank=thank), timeout=10)

    def action_lost(self) -> None:
        r = self._selected()
        if r and r.status not in ("won", "lost"):
            self._set(r, status="lost", status_dates={**r.status_dates, "lost": self.app.work.today().isoformat()})

    def action_thank(self) -> None:
        r = self._selected()
        if r is None:
            return
        self.app.work.thank_referrer(r.id)
        self.app.changed()
        self.show()
        self.notify(_("Thanked {name}.").format(name=self.app.work.name_of(r.referrer_id)))

    def action_reward(self) -> None:
        r = self._selected()
        if r is None:
            return
        from fieldcrm.tui.screens.prompts import Ask
        self.app.push_screen(Ask(_("Reward for referring {lead}:").format(lead=r.lead_name), value=r.reward),
                             lambda reward: self._set(r, reward=reward) if reward is not None else None)

    def action_profile(self) -> None:
        r = self._selected()
        if r:
            self.app.open_profile(r.referrer_id)

    def action_add(self) -> None:
        self.app.push_screen(AddReferral(), lambda added: self.show() if added else None)

    def action_card(self) -> None:
        from fieldcrm.tui.screens.qr_card import QrCard
        rep = self.app.work.store.rep
        if not (rep.name and (rep.phone or rep.email)):
            self.notify(_("Fill in your card first: e."), severity="warning")
            self.action_edit_card()
            return
        self.app.push_screen(QrCard(rep))

    def action_edit_card(self) -> None:
        self.app.push_screen(EditCard())


class AddReferral(DialogForm, ModalScreen[bool | None]):
    """A new lead: pick the referrer by typing their name, then the lead's details.
    Dismissed with True once added, or None if cancelled."""

    BINDINGS = [Binding("ctrl+s", "save", _("Save")), Binding("escape", "cancel", _("Cancel")), *HOLD_LETTERS]

    def compose(self) -> ComposeResult:
        # Scrolls when the matches under the picker make it taller than the terminal.
        with VerticalScroll(classes="dialog form", can_focus=False):
            yield Label(UserText(_("New referral"), style="bold"))
            yield Label(_("Referred by"))
            yield CustomerPicker(id="referrer")
            yield FieldProblem("referrer")
            yield Label(_("The lead's name"))
            yield Input(id="lead_name")
            yield FieldProblem("lead_name")
            yield Label(_("Phone or e-mail"))
            yield Input(id="lead_phone")
        yield Footer()  # its own keys: the screen behind showed its keys, dead in here

    def action_save(self) -> None:
        referrer = self.query_one("#referrer", CustomerPicker).customer_id
        name = self.query_one("#lead_name", Input).value.strip()
        contact = self.query_one("#lead_phone", Input).value.strip()
        if not referrer:
            refuse(self, "referrer", _("Pick who referred them: type part of a name, then enter."))
            return
        if not name:
            refuse(self, "lead_name", _("Type the lead's name."))
            return
        clear_problems(self)
        work = self.app.work
        email = contact if "@" in contact else ""
        work.add(Referral(referrer_id=referrer, lead_name=name, lead_phone="" if email else contact,
                          lead_email=email, status_dates={"new": work.today().isoformat()}))
        self.app.changed()
        self.notify(UserText(_("{name} added: call within 24 hours, and thank {referrer}.").format(
            name=name, referrer=work.name_of(referrer))))
        self.dismiss(True)


class EditCard(DialogForm, ModalScreen[bool | None]):
    """The rep's own contact card: what the QR code hands out. Dismissed with True once saved,
    or None if cancelled."""

    BINDINGS = [Binding("ctrl+s", "save", _("Save")), Binding("escape", "cancel", _("Cancel")), *HOLD_LETTERS]
    FIELDS = [(_("Your name"), "name"), (_("Phone"), "phone"), (_("E-mail"), "email"), (_("Company"), "company"),
              (_("Title"), "title")]

    def compose(self) -> ComposeResult:
        rep = self.app.work.store.rep
        with VerticalScroll(classes="dialog form", can_focus=False):  # taller than 80×24: it scrolls
            yield Label(UserText(_("My contact card"), style="bold"))
            for label, name in self.FIELDS:
                yield Label(label)
                yield Input(getattr(rep, name), id=f"card-{name}")
        yield Footer()  # its own keys: the screen behind showed its keys, dead in here

    def action_save(self) -> None:
        from fieldcrm.model import Rep
        values = {name: self.query_one(f"#card-{name}", Input).value.strip() for _, name in self.FIELDS}
        self.app.work.store.set_rep(Rep(**values))
        self.app.changed()
        self.dismiss(True)
