"""A customer's profile: who they are, what they bought, what happened, what is open."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from fieldcrm.i18n import N_, _
from fieldcrm.model import Complaint, FollowUp, Interaction, Purchase, Referral
from fieldcrm.rules.calendar import short_date, short_moment
from fieldcrm.rules.lunar import describe
from fieldcrm.rules.labels import complaint_words, gender_label
from fieldcrm.terminal_text import visible
from fieldcrm.textwidth import cells, fit, wrap
from fieldcrm.tui.labels import shown
from fieldcrm.tui.widgets.footer import KeysFooter
from fieldcrm.tui.widgets.user_text import UserText

TIMELINE = 30
NOTE_INDENT = 6  # a note's text starts under its kind
NARROWEST = 20  # cells a wrapped line needs to read: below this, the terminal wraps it
PURCHASES = 20
# Labels marked with N_ and translated where drawn.
HARD = [(N_("Form of address"), "form_of_address"), (N_("Company"), "company"), (N_("Title"), "title"),
        (N_("Phones"), "phones"), (N_("E-mail"), "email"), (N_("Address"), "address"), (N_("Area"), "area"),
        (N_("Tags"), "tags"), (N_("Gender"), "gender")]
SOFT = [(N_("Birthday"), "birthday"), (N_("Family"), "family"), (N_("Occupation"), "occupation"),
        (N_("Hobbies"), "hobbies"), (N_("Personality"), "personality"), (N_("Buying habits"), "buying_habits"),
        (N_("Prefers"), "preferred_channel"), (N_("Service style"), "service_style"),
        (N_("Promotions"), "promo_attitude"), (N_("Notes"), "notes"), (N_("Soft data confirmed"), "soft_confirmed")]


class ProfileCard(Static):
    """The profile, drawn again when its width changes: its wrapped lines are cut to it."""

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self.screen.width_shown:
            self.screen.show()


class ProfileScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", _("Back")),
        Binding("n", "note", _("Note")),
        Binding("e", "edit", _("Edit")),
        Binding("p", "purchase", _("Add purchase")),
    ]

    def __init__(self, customer_id: str):
        super().__init__()
        self.customer_id = customer_id
        self.width_shown: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="profile"):
            yield ProfileCard(id="card")
        yield KeysFooter()

    def on_screen_resume(self) -> None:
        """Coming back (from a note, an edit): drawn again. On opening, the card is drawn once
        it is laid out (``ProfileCard.on_resize``), not also before at no width (it was drawn
        three times, ~0.1 s each on a customer with a long history)."""
        if self.query_one("#card", Static).content_size.width:
            self.show()

    def show(self) -> None:
        card = self.query_one("#card", Static)
        self.width_shown = card.content_size.width or None  # None until laid out: not wrapped yet
        card.update(render_profile(self.app.work, self.customer_id, self.width_shown))

    def action_note(self) -> None:
        self.app.open_note(self.customer_id)

    def action_edit(self) -> None:
        from fieldcrm.tui.screens.edit_customer import EditCustomerScreen
        self.app.push_screen(EditCustomerScreen(self.customer_id))

    def action_purchase(self) -> None:
        from fieldcrm.tui.screens.purchase import PurchaseScreen
        self.app.push_screen(PurchaseScreen(self.customer_id))


def render_profile(work, customer_id: str, width: int | None = None) -> Text:
    """The whole profile as plain text with styles: user text is never markup. Given the
    ``width`` it is shown in, a timeline entry's wrapped lines hang under its text."""
    c = work.customer(customer_id)
    store = work.store
    tier = work.tier(customer_id)
    today = work.today()
    out = UserText()
    out.append(c.name, style="bold")
    if c.company:
        out.append(f"  ·  {c.company}")
    out.append("\n")
    tier_line = (_("Tier {tier} (your choice): {why}") if tier.overridden else _("Tier {tier}: {why}"))
    out.append(tier_line.format(tier=tier.tier, why=tier.why) + "\n", style="italic")
    out.append(_("Stage: {stage}").format(stage=shown(work.stage(customer_id))))
    if c.strategic:
        out.append("  ·  " + _("strategic account"))
    out.append("\n")
    for referral in work.referred_by(customer_id):
        out.append(_("Referred by {referrer} (lead since {day})").format(
            referrer=work.name_of(referral.referrer_id) or _("a customer no longer in the book"),
            day=short_date(referral.status_dates.get('new') or referral.created[:10], today)) + "\n")
    _section(out, _("Hard data"), [(_(label), _shown_field(c, name)) for label, name in HARD])
    _section(out, _("Soft data"), [(_(label), describe(c.birthday, today) if name == "birthday"
                                    else short_date(c.soft_confirmed, today) if name == "soft_confirmed"
                                    else _shown_field(c, name)) for label, name in SOFT])
    # A lunar date shows with the Gregorian day it next falls on: 农历八月十五 (9月25日).
    dates = [(d.get("label", ""), describe(d.get("date", ""), today)) for d in c.important_dates]
    if dates:
        _section(out, _("Important dates"), dates)
    followups = [f for f in store.for_customer(FollowUp, customer_id) if f.status in ("open", "snoozed")]
    if followups:
        # A time makes it an appointment: said here, as Today says it (the reason is the rep's words).
        _section(out, _("Open follow-ups"), [(f"{short_date(f.due, today)} {f.time}".strip(),
                                              _("appointment: {what}").format(what=f.reason) if f.time else f.reason)
                                             for f in sorted(followups, key=lambda f: f.due)])
    complaints = store.for_customer(Complaint, customer_id)
    if complaints:
        _section(out, _("Complaints"), [(short_date(k.opened, today), f"{shown(k.status)}: {complaint_words(k.category or '', k.description)}"
                                         + (_(" (promised {day})").format(day=short_date(k.promised, today))
                                            if k.status == "open" and k.promised else ""))
                                     for k in sorted(complaints, key=lambda k: k.opened, reverse=True)])
    referrals = store.for_customer(Referral, customer_id)
    if referrals:
        _section(out, _("Referrals made"), [(r.lead_name, shown(r.status) + (" · " + _("thanked") if r.thanked_on else ""))
                                         for r in referrals])
    purchases = sorted(store.for_customer(Purchase, customer_id), key=lambda p: p.date, reverse=True)
    out.append("\n" + _("Purchases") + "\n", style="bold")
    if not purchases:
        out.append("  " + _("none yet") + "\n", style="dim")
    days = [short_date(p.date, today) for p in purchases[:PURCHASES]]
    day_width = max(map(cells, days), default=0)  # as wide as its widest day: the columns stay in line
    for p, day in zip(purchases, days):
        out.append(f"  {fit(day, day_width)}  {fit(p.item, 18)} {fit(p.spec, 18)} ×{p.quantity:g}  "
                   f"{work.settings.currency}{p.amount:,.0f}\n")
    if len(purchases) > PURCHASES:
        out.append("  " + _("… and {count} earlier").format(count=len(purchases) - PURCHASES) + "\n", style="dim")
    notes = sorted(store.for_customer(Interaction, customer_id), key=lambda i: i.at, reverse=True)
    out.append("\n" + _("Timeline") + "\n", style="bold")
    if not notes:
        out.append("  " + _("nothing logged yet") + "\n", style="dim")
    whens = [short_moment(note.at, work.tz, today) for note in notes[:TIMELINE]]
    when_width = max(map(cells, whens), default=0)
    for note, when in zip(notes, whens):
        author = work.written_by(Interaction, note.id)  # a colleague's note on this customer
        said = " · ".join(part for part in (
            note.outcome,
            _("satisfaction {score}/5").format(score=note.satisfaction) if note.satisfaction else "",
            _("asked for a referral") if note.referral_asked else "",
            _("by {author}").format(author=author) if author else "") if part)
        head = f"  {fit(when, when_width)}  {fit(shown(note.kind), 8)} "
        out.append(head, style="bold")
        _hanging(out, said, cells(head), width)
        for line in (note.note or "").splitlines():
            if line:
                out.append(" " * NOTE_INDENT)
                _hanging(out, line, NOTE_INDENT, width)
    return out


def _hanging(out: Text, text: str, indent: int, width: int | None) -> None:
    """``text`` where the line has reached ``indent`` cells; its wrapped lines start there too."""
    room = (width or 0) - indent
    lines = wrap(visible(text, newlines=False), room) if room >= NARROWEST else [text]
    out.append(("\n" + " " * indent).join(lines) + "\n")


def _section(out: Text, title: str, rows: list[tuple[str, str]]) -> None:
    out.append(f"\n{title}\n", style="bold")
    for label, value in rows:
        out.append(f"  {fit(label, 20)} ", style="dim")
        out.append(f"{value}\n")


def _shown_field(customer, name: str) -> str:
    """A field as the rep reads it: stored codes (gender "f", channel "visit") in their words."""
    value = getattr(customer, name)
    if name == "gender":
        return gender_label(value)
    if name == "preferred_channel":
        return shown(value)
    return _value(value)


def _value(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)

