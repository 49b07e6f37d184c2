"""The daily visit list: who to see or call today, and why.

``agenda(facts, day)`` gathers every reason for every customer (and every new
referral lead), drops what the rep settled or snoozed, and ranks: appointments
first in time order, then urgency times customer value, ties by name. What is
true only today (a follow-up promised for today, a birthday today) takes the
day's places before anything else.
"""

from __future__ import annotations

import datetime as dt
import heapq
from operator import itemgetter
from dataclasses import dataclass, field

from fieldcrm.i18n import _
from fieldcrm.rules.calendar import UTC, local_midnight_iso, upcoming_month_days
from fieldcrm.rules.facts import Facts
from fieldcrm.rules.festivals import greeting_reasons, upcoming
from fieldcrm.rules.gatherings import reply_reasons
from fieldcrm.rules.lunar import upcoming_lunar_days
from fieldcrm.rules.notices import promo_reason
from fieldcrm.rules.reasons import (
    Day, Reason, complaint_reason, contact_due, contact_reasons, date_reasons, followup_reason,
    purchase_reasons, referral_reasons, soft_data_reason,
)
from fieldcrm.rules.search import name_order
from fieldcrm.rules.segments import compute_tiers, loyalty_stage
from fieldcrm.rules.settings import Settings

RANK = itemgetter(0, 1, 2)  # -score, the name's order (pinyin for Chinese, as Customers), subject
VALUE = {"A": 3.0, "B": 2.0, "C": 1.0, "lead": 3.0}  # a referred lead is A-level
TEMPLATE_FOR = {
    "birthday": "birthday", "anniversary": "thinking_of_you", "thank_referrer": "referral_thanks",
    "after_sale": "after_sale", "complaint": "complaint_follow_up",
    "complaint_confirm": "complaint_follow_up", "referral_new": "referral_intro",
}


@dataclass(slots=True)
class AgendaItem:
    subject: str  # a customer id, or "referral:<id>" for a lead
    customer_id: str  # "" for a lead who is not a customer yet
    name: str
    tier: str  # A, B, C, or "lead"
    reasons: list[Reason]
    action: str  # visit / call / message / greeting
    score: float
    time: str = ""  # HH:MM when it is an appointment
    template: str = "thinking_of_you"  # the suggested message

    @property
    def occurrences(self) -> list[str]:
        return [r.occurrence for r in self.reasons]

    def to_json(self) -> dict:
        return {
            "subject": self.subject, "customer_id": self.customer_id, "name": self.name,
            "tier": self.tier, "action": self.action, "score": self.score, "time": self.time,
            "template": self.template, "reasons": [r.to_json() for r in self.reasons],
        }


@dataclass
class Agenda:
    """The day's list, and the rest that is due ("also due").

    On a large book thousands of customers can be due; only the day's list is
    built at once, the rest when first read.
    """

    day: dt.date
    items: list[AgendaItem] = field(default_factory=list)  # the day's list
    _rest: list[tuple] = field(default_factory=list, repr=False)
    _also_due: list[AgendaItem] | None = field(default=None, repr=False)

    @property
    def also_due(self) -> list[AgendaItem]:
        if self._also_due is None:
            self._also_due = [_build(entry) for entry in sorted(self._rest, key=RANK)]
        return self._also_due

    @property
    def also_due_count(self) -> int:
        return len(self._rest)

    def to_json(self) -> dict:
        return {"day": self.day.isoformat(), "items": [i.to_json() for i in self.items],
                "also_due": [i.to_json() for i in self.also_due]}


def revenue_12m(facts: Facts, day: dt.date) -> dict[str, float]:
    start, end = (day - dt.timedelta(days=365)).isoformat(), day.isoformat()
    return {cid: cf.amount_between(start, end) if cf.deals else 0.0 for cid, cf in facts.customers.items()}


def tiers_for(facts: Facts, day: dt.date) -> tuple[dict[str, str], dict[str, float]]:
    """Effective tier per customer (the rep's override wins) and 12-month revenue;
    recomputed when purchases or overrides change, not on every call."""
    return facts.tiers_cached(day.isoformat(), lambda: _compute_tiers(facts, day))


def _compute_tiers(facts: Facts, day: dt.date) -> tuple[dict[str, str], dict[str, float]]:
    revenue = revenue_12m(facts, day)
    computed = compute_tiers(revenue)
    for cid, cf in facts.customers.items():
        if cf.customer.tier_override in ("A", "B", "C"):
            computed[cid] = cf.customer.tier_override
    return computed, revenue


def agenda(facts: Facts, day: dt.date, settings: Settings | None = None, *,
           now: str | None = None, tz: dt.tzinfo = UTC, today: dt.date | None = None) -> Agenda:
    """``today``: the real today, when ``day`` may be another (a plan); the reasons
    then say "that day" or the date instead of "today". None: ``day`` is today."""
    settings = settings or Settings()
    ahead = upcoming_month_days(day, settings.greeting_days)
    if facts.has_lunar_dates():  # the conversions cost milliseconds: only when someone needs them
        ahead.update(upcoming_lunar_days(day, settings.greeting_days))
    ctx = Day(day, now or local_midnight_iso(day, tz), tz, settings, ahead, is_today=today in (None, day))
    # Festivals and chosen solar terms within their windows; who is an advocate matters
    # to a festival greeting's stage, so it is part of what a customer's reasons depend on.
    ctx.events = upcoming(day, settings.festivals, settings.festival_days, settings.spring_festival_days,
                          settings.season_terms, settings.festival_days)
    dated = not ctx.is_today
    advocates = {r.referrer_id for r in facts.referrals.values() if r.status == "won"} if ctx.events else set()
    settled, snoozed = _marks(facts, day)
    tiers, revenue = tiers_for(facts, day)
    found: dict[str, list[Reason]] = {}
    greet = facts.greeting_candidates(ctx.ahead)
    cache = facts.reason_cache
    # The hot loop: 10k customers. A customer whose facts, tier and revenue are as they
    # were for this day reuses the reasons found then; cheap checks are inlined.
    for cid, cf in facts.customers.items():
        if cid in snoozed:
            continue
        tier = tiers[cid]
        advocate = cid in advocates
        key = (day, cf.changes, tier, revenue[cid], settings, tz, advocate, dated)
        hit = cache.get(cid)
        if hit is not None and hit[0] == key:
            if hit[1]:
                found[cid] = list(hit[1])  # a copy: open work adds to it below
            continue
        reasons = _customer_reasons(cf, tier, revenue[cid], ctx, greet, advocate)
        cache[cid] = (key, reasons)
        if reasons:
            found[cid] = list(reasons)
    _open_work(facts, ctx, found, snoozed)
    entries = _score(facts, found, settled, tiers)
    # Appointments first, by time (all of them: they are fixed). Then what is true only
    # today (a follow-up promised for today, a birthday today) takes the places left
    # before anything else, highest score first; the highest scores fill the rest.
    # Only the day's list is ranked now, the rest ("also due") when it is read.
    pinned = [e for e in entries if e[7]]
    appointments = sorted((e for e in pinned if e[6]), key=itemgetter(6, 0, 1, 2))
    size = max(settings.agenda_size, len(appointments))
    today_only = heapq.nsmallest(size - len(appointments), (e for e in pinned if not e[6]), key=RANK)
    chosen = {e[2] for e in appointments}.union(e[2] for e in today_only)
    others = [e for e in entries if e[2] not in chosen] if chosen else entries
    best = heapq.nsmallest(size - len(chosen), others, key=RANK)
    top = appointments + sorted(today_only + best, key=RANK)
    picked = {e[2] for e in best}
    rest = [e for e in others if e[2] not in picked]
    return Agenda(day, [_build(e) for e in top], rest)


def _customer_reasons(cf, tier: str, revenue: float, ctx: Day, greet: set[str], advocate: bool) -> list[Reason]:
    """Every reason that comes from the customer's own facts (not open work)."""
    customer, settings, tomorrow = cf.customer, ctx.settings, ctx.tomorrow
    contacts = cf.contacts
    last = (contacts[-1] if contacts[-1] < tomorrow else cf.last_contact(tomorrow)) if contacts else ""
    cadence = customer.cadence_days or settings.cadence_days.get(tier, 90)
    reasons = contact_reasons(cf, tier, cadence, last, ctx) if contact_due(last or customer.created, cadence, ctx) else []
    if customer.id in greet:
        reasons += date_reasons(cf, ctx)
    if cf.deals:
        at_risk = bool(reasons) and reasons[0].kind == "at_risk"
        reasons += purchase_reasons(cf, revenue, last, ctx, at_risk)
    # Stale soft data rides along with a contact that is due anyway; every customer
    # comes due within their cadence, so none is missed.
    if reasons and (customer.soft_confirmed or customer.created[:10]) < ctx.soft_data_cutoff:
        reasons += soft_data_reason(customer, ctx)
    if ctx.events:  # a festival or a chosen solar term is near: greetings, season care
        stage = loyalty_stage(len(set(cf.deal_dates)), advocate)
        reasons += greeting_reasons(customer, tier, stage, ctx.events, settings, ctx.day, not ctx.is_today)
    return reasons


def _score(facts: Facts, found: dict[str, list[Reason]], settled: dict[str, set[str]],
           tiers: dict[str, str]) -> list[tuple]:
    """Entries (-score, name order, subject, customer id, tier, reasons, time, only today, name):
    plain tuples whose first three fields rank them (highest score, then name) with a
    C-level key. Names tie-break as the Customers list orders them: 阿芳 before 张伟."""
    entries = []
    customers = facts.customers
    for subject, reasons in found.items():
        done = settled.get(subject)
        if done:
            reasons = [r for r in reasons if r.occurrence not in done]
        if not reasons:
            continue
        cf = customers.get(subject)
        if cf is not None:
            customer_id, name, tier = subject, cf.customer.name, tiers[subject]
        else:  # a referral lead
            referral = facts.referrals[subject.split(":", 1)[1]]
            customer_id, name, tier = referral.lead_customer_id, referral.lead_name, "lead"
        # Several reasons make a contact more worthwhile, but the most urgent leads.
        if len(reasons) == 1:
            urgency, time, today = reasons[0].urgency, reasons[0].time, reasons[0].today
        else:
            top = total = 0.0
            time, today = "", False
            for r in reasons:
                total += r.urgency
                if r.urgency > top:
                    top = r.urgency
                if r.time and (not time or r.time < time):
                    time = r.time
                today = today or r.today
            urgency = top + 0.25 * (total - top)
        entries.append((-round(urgency * VALUE[tier], 2), name_order(name), subject, customer_id, tier, reasons,
                        time, today, name))
    return entries


def _build(entry: tuple) -> AgendaItem:
    neg_score, _, subject, customer_id, tier, reasons, time, _, name = entry
    score = -neg_score
    if len(reasons) > 1:
        reasons.sort(key=_by_urgency)
    template = next((r.template or TEMPLATE_FOR[r.kind] for r in reasons if r.template or r.kind in TEMPLATE_FOR),
                    "thinking_of_you")
    return AgendaItem(subject, customer_id, name, tier, reasons, reasons[0].action, score, time, template)


def _marks(facts: Facts, day: dt.date) -> tuple[dict[str, set[str]], set[str]]:
    """Occurrences settled (done or dismissed) per subject, and subjects snoozed past ``day``.

    A mark settles its own subject's reasons only: many keys are alike between
    customers ("birthday:2026-11-26", "cadence:<day>", a festival's day), and a
    mark read as a bare key settled everyone's. Every mark ever saved names its
    subject, so marks already in a book are read the same way: no migration.
    """
    settled: dict[str, set[str]] = {}
    snoozed: set[str] = set()
    iso = day.isoformat()
    for mark in facts.marks:
        if mark.deleted:
            continue
        if mark.action == "snoozed":
            if mark.day <= iso < mark.until:
                snoozed.add(mark.subject)
        else:
            settled.setdefault(mark.subject, set()).update(mark.occurrences)
    return settled, snoozed


def _open_work(facts: Facts, ctx: Day, found: dict[str, list[Reason]], snoozed: set[str]) -> None:
    """Follow-ups, appointments, complaints and referrals: few records, read directly."""
    live = facts.customers
    dated = not ctx.is_today  # a plan for another day: no "today" in the words
    for f in facts.followups.values():
        if f.customer_id in live and f.customer_id not in snoozed:
            reason = followup_reason(f, ctx)
            if reason:
                found.setdefault(f.customer_id, []).append(reason)
    for c in facts.complaints.values():
        if c.customer_id in live and c.customer_id not in snoozed:
            reason = complaint_reason(c, ctx)
            if reason:
                found.setdefault(c.customer_id, []).append(reason)
    for told in facts.told.values():  # promotions told, near their end (rules/notices.py)
        cf = live.get(told.customer_id)
        if cf is not None and told.customer_id not in snoozed:
            reason = promo_reason(told, cf.count_between(_day_before(told.starts or told.sent_on), ctx.iso) > 0,
                                  ctx.day, dated)
            if reason:
                found.setdefault(told.customer_id, []).append(reason)
    for r in facts.referrals.values():
        referrer = live.get(r.referrer_id)
        # A referrer moved to another rep has left the laptop; the lead the rep wrote stays (their work).
        name = referrer.customer.name if referrer else _("a customer no longer on this laptop")
        lead, thank = referral_reasons(r, name, ctx)
        subject = f"referral:{r.id}"
        if lead and subject not in snoozed:
            found.setdefault(subject, []).append(lead)
        if thank and referrer and r.referrer_id not in snoozed:
            found.setdefault(r.referrer_id, []).append(thank)
    for customer_id, reason in reply_reasons(facts.events, facts.invitations.values(), ctx.day, dated):
        if customer_id in live and customer_id not in snoozed:
            found.setdefault(customer_id, []).append(reason)


def _day_before(iso_day: str) -> str:
    return (dt.date.fromisoformat(iso_day) - dt.timedelta(days=1)).isoformat()


def _by_urgency(reason: Reason) -> float:
    return -reason.urgency
