"""The rep's numbers: activity, revenue concentration, tier moves, referrals, complaints.

Pure functions over plain records; the period is the week (the 7 days to
``day``) or the month (the calendar month to ``day``).
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import asdict, dataclass, field

from fieldcrm.model import INTERACTION_KINDS, Complaint, FollowUp, Referral
from fieldcrm.rules.calendar import local_date
from fieldcrm.rules.feedback import FeedbackReport
from fieldcrm.rules.segments import compute_tiers

WEEKS = 8
RANK = {"A": 0, "B": 1, "C": 2}


@dataclass
class WeekActivity:
    week_of: str  # the Monday, YYYY-MM-DD
    by_kind: dict[str, int]
    followups_done: int


@dataclass
class WeekOutreach:
    week_of: str  # the Monday, YYYY-MM-DD
    sent: int  # notice and invitation messages sent
    attended: int  # customers who came to a gathering


@dataclass
class Report:
    period: str  # "week" or "month"
    start: str
    end: str
    activity: list[WeekActivity] = field(default_factory=list)
    customers: int = 0
    revenue_12m: float = 0.0
    top20_share: float = 0.0  # share of revenue from the top 20% of customers
    deciles: list[float] = field(default_factory=list)  # revenue share of each tenth, largest first
    moved_up: list[tuple[str, str, str]] = field(default_factory=list)  # (name, from, to)
    moved_down: list[tuple[str, str, str]] = field(default_factory=list)
    funnel: dict[str, int] = field(default_factory=dict)  # asked, received, contacted, won
    thanked_on_time: float | None = None  # of referrals received in the period
    complaints_open: int = 0
    complaints_resolved: int = 0
    median_days_to_resolve: float | None = None
    promises_kept: float | None = None  # of the promises that came due (see _complaints)
    promises_due: int = 0  # kept, resolved late, or open past the promised date
    promises_met: int = 0
    promises_broken_open: int = 0  # still open past their promised date
    outreach: list[WeekOutreach] = field(default_factory=list)
    feedback: FeedbackReport | None = None

    def to_json(self) -> dict:
        return asdict(self)


def period_bounds(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    return (day - dt.timedelta(days=6), day) if period == "week" else (day.replace(day=1), day)


def build_report(day: dt.date, period: str, *, names: dict[str, str], contacts: list[tuple[str, str, bool]],
                 deals: list[tuple[str, str, float]], followups: list[FollowUp], referrals: list[Referral],
                 complaints: list[Complaint], overrides: dict[str, str], tz: dt.tzinfo,
                 outreach: list[tuple[str, str]] = (), feedback: FeedbackReport | None = None) -> Report:
    """``contacts`` are (kind, at, referral_asked); ``deals`` (customer id, date, amount);
    ``outreach`` (kind, at) of the contacts that delivered a notice or an event: a message
    sent, or an "event" (the customer came)."""
    start, end = period_bounds(day, period)
    report = Report(period, start.isoformat(), end.isoformat(), customers=len(names))
    report.activity = _activity(day, contacts, followups, tz)
    _concentration(report, day, names, deals)
    _tier_moves(report, day, names, deals, overrides)
    _referrals(report, start, end, contacts, referrals, tz)
    _complaints(report, start, end, complaints)
    report.outreach = _outreach(day, outreach, tz)
    report.feedback = feedback
    return report


def _outreach(day, outreach, tz) -> list[WeekOutreach]:
    weeks = _weeks(day)
    rows = {w: WeekOutreach(w.isoformat(), 0, 0) for w in weeks}
    for kind, at in outreach:
        when = local_date(at, tz)
        if weeks[0] <= when <= day:
            row = rows[when - dt.timedelta(days=when.weekday())]
            if kind == "event":
                row.attended += 1
            else:
                row.sent += 1
    return [rows[w] for w in weeks]


def _weeks(day: dt.date) -> list[dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return [monday - dt.timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]


def _activity(day, contacts, followups, tz) -> list[WeekActivity]:
    monday = day - dt.timedelta(days=day.weekday())
    weeks = [monday - dt.timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]
    first = weeks[0]
    rows = {w: WeekActivity(w.isoformat(), {k: 0 for k in INTERACTION_KINDS}, 0) for w in weeks}
    for kind, at, _asked in contacts:
        when = local_date(at, tz)
        if first <= when <= day:
            rows[when - dt.timedelta(days=when.weekday())].by_kind[kind] += 1
    for f in followups:
        if f.status == "done" and f.done_at:
            when = local_date(f.done_at, tz)
            if first <= when <= day:
                rows[when - dt.timedelta(days=when.weekday())].followups_done += 1
    return [rows[w] for w in weeks]


def _revenue(day: dt.date, names, deals) -> dict[str, float]:
    start = (day - dt.timedelta(days=365)).isoformat()
    revenue = {cid: 0.0 for cid in names}
    for cid, date, amount in deals:
        if cid in revenue and start < date <= day.isoformat():
            revenue[cid] += amount
    return revenue


def _concentration(report: Report, day, names, deals) -> None:
    revenue = _revenue(day, names, deals)
    total = sum(revenue.values())
    report.revenue_12m = round(total, 2)
    if not revenue or total <= 0:
        return
    ranked = sorted(revenue.values(), reverse=True)
    top = max(1, round(len(ranked) * 0.2))
    report.top20_share = round(sum(ranked[:top]) / total, 4)
    tenth = len(ranked) / 10
    report.deciles = [round(sum(ranked[math.floor(n * tenth):math.floor((n + 1) * tenth)]) / total, 4)
                      for n in range(10)]


def _tier_moves(report: Report, day, names, deals, overrides) -> None:
    before_day = day.replace(day=1) - dt.timedelta(days=1)
    before = compute_tiers(_revenue(before_day, names, deals))
    now = compute_tiers(_revenue(day, names, deals))
    for cid, name in sorted(names.items(), key=lambda kv: kv[1]):
        was, is_ = overrides.get(cid) or before[cid], overrides.get(cid) or now[cid]
        if RANK[is_] < RANK[was]:
            report.moved_up.append((name, was, is_))
        elif RANK[is_] > RANK[was]:
            report.moved_down.append((name, was, is_))


def _referrals(report: Report, start, end, contacts, referrals, tz) -> None:
    def within(iso_day: str) -> bool:
        return bool(iso_day) and start.isoformat() <= iso_day[:10] <= end.isoformat()

    asked = sum(1 for _k, at, was_asked in contacts if was_asked and start <= local_date(at, tz) <= end)
    received = [r for r in referrals if within(r.status_dates.get("new") or r.created[:10])]
    contacted = [r for r in received if r.status in ("contacted", "meeting", "won") or "contacted" in r.status_dates]
    won = [r for r in received if r.status == "won"]
    report.funnel = {"asked": asked, "received": len(received), "contacted": len(contacted), "won": len(won)}
    if received:
        on_time = 0
        for r in received:
            added = dt.date.fromisoformat((r.status_dates.get("new") or r.created)[:10])
            if r.thanked_on and dt.date.fromisoformat(r.thanked_on) <= added + dt.timedelta(days=2):
                on_time += 1
        report.thanked_on_time = round(on_time / len(received), 4)


def _complaints(report: Report, start, end, complaints) -> None:
    report.complaints_open = sum(1 for c in complaints if c.status == "open")
    resolved = [c for c in complaints if c.resolved_on and start.isoformat() <= c.resolved_on <= end.isoformat()]
    report.complaints_resolved = len(resolved)
    if resolved:
        days = [(dt.date.fromisoformat(c.resolved_on) - dt.date.fromisoformat(c.opened)).days for c in resolved]
        report.median_days_to_resolve = float(statistics.median(days))
    # A promise comes due when it is kept or broken: resolved in the period (on time or
    # late), or still open after its promised day, however long ago that was; an open
    # complaint promised for today or later is not broken yet.
    kept = sum(1 for c in resolved if c.promised and c.resolved_on <= c.promised)
    late = sum(1 for c in resolved if c.promised and c.resolved_on > c.promised)
    report.promises_broken_open = sum(1 for c in complaints
                                      if c.status == "open" and c.promised and c.promised < end.isoformat())
    report.promises_met = kept
    report.promises_due = kept + late + report.promises_broken_open
    if report.promises_due:
        report.promises_kept = round(kept / report.promises_due, 4)
