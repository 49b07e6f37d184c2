"""The manager's view: each rep's weeks, referrals, complaints and coverage, key accounts
slipping across the team, and customers two reps both hold.

``gather`` reads the office's master through ``Master`` alone (so a PostgreSQL
master serves it too) into plain records tagged with their rep; ``build`` is
pure over those. Who counts for what:

- a contact (visit, call, message, greeting) counts for its author;
- a follow-up done counts for the rep whose laptop wrote the winning ``status``
  version (a colleague may close a follow-up someone else wrote), else its author;
- referrals, complaints, coverage and key accounts count for the customer's owner.

Tiers and cadences are the ones each rep's own book shows: the 80/20 rule over
that rep's customers (``rules.agenda.tiers_for``), so the manager and the rep
agree on which customer is tier A.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import asdict, dataclass, field

from fieldcrm.interop.contacts import phone_key
from fieldcrm.model import CONTACT_KINDS, REP_FIELD, Complaint, Customer, FollowUp, Referral
from fieldcrm.office.master import Master
from fieldcrm.office.scope import rep_of
from fieldcrm.rules import agenda as agenda_rules
from fieldcrm.rules.calendar import UTC, local_midnight_iso
from fieldcrm.rules.facts import Facts
from fieldcrm.rules.reasons import Day, contact_due
from fieldcrm.rules.reports import WEEKS, period_bounds
from fieldcrm.rules.segments import cadence_days
from fieldcrm.rules.settings import Settings
from fieldcrm.store import merge
from fieldcrm.store.writing import DEFAULTS

NOBODY = ""  # the rep id for work no rep on the roster stands behind (customers the office made)
NO_REP = "(no rep)"
FUNNEL = ("received", "contacted", "meeting", "won", "lost")


# ---------------------------------------------------------------- what the master holds


@dataclass
class Team:
    """The master's live records, each tagged with the rep it counts for."""

    names: dict[str, str]  # rep id -> name, roster order does not matter
    left: set[str]  # reps off the roster (handed over)
    customers: dict[str, tuple[Customer, str]]  # id -> (customer, owner)
    contacts: list[tuple[str, str, str, str]] = field(default_factory=list)  # (author, customer id, kind, at)
    deals: list[tuple[str, str, str, float, float | None]] = field(default_factory=list)
    done: list[tuple[str, FollowUp]] = field(default_factory=list)  # (closing rep, follow-up done)
    referrals: list[tuple[str, Referral]] = field(default_factory=list)  # (referrer's owner, referral)
    complaints: list[tuple[str, Complaint]] = field(default_factory=list)  # (customer's owner, complaint)


def _live(master: Master, table: str):
    """Records to count: neither deleted nor waiting for their origin."""
    return (doc for doc in master.docs(table) if doc.get("_c") != "" and not doc.get("deleted"))


def gather(master: Master) -> Team:
    roster = master.roster()
    base = master.base_hlc

    def rep(table: str, doc: dict) -> str:
        # ``rep_of``, with its common case first: most records name their rep.
        found = doc.get(REP_FIELD[table]) or rep_of(table, doc, roster.rep_of_replica, base)
        return found if found in roster.reps else NOBODY

    team = Team(names=roster.names(), left={k for k, e in roster.reps.items() if not e.active}, customers={})
    for doc in _live(master, "customers"):
        team.customers[doc["id"]] = (Customer.from_dict(doc), rep("customers", doc))

    def owner_or_author(table: str, doc: dict, customer_id: str) -> str:
        known = team.customers.get(customer_id)
        return known[1] if known else rep(table, doc)

    # From the master, not its documents: on PostgreSQL a query of the report table the merge keeps.
    team.contacts = [(found if found in roster.reps else NOBODY, customer_id, kind, at)
                     for found, customer_id, kind, at in master.contacts(CONTACT_KINDS)]
    for doc in _live(master, "purchases"):
        team.deals.append((doc["id"], doc.get("customer_id", ""), doc.get("date", ""),
                           doc.get("amount", 0.0), doc.get("margin")))
    for doc in _live(master, "followups"):
        if doc.get("status") == "done":
            team.done.append((_closer(doc, rep, roster, base), FollowUp.from_dict(doc)))
    for doc in _live(master, "referrals"):
        team.referrals.append((owner_or_author("referrals", doc, doc.get("referrer_id", "")), Referral.from_dict(doc)))
    for doc in _live(master, "complaints"):
        team.complaints.append((owner_or_author("complaints", doc, doc.get("customer_id", "")),
                                Complaint.from_dict(doc)))
    return team


def _closer(doc: dict, rep, roster, base: str) -> str:
    """The rep whose laptop wrote the status that shows ("done"); the author when that
    laptop is no rep's (the office's own edits)."""
    found = merge.versions(doc, "status", DEFAULTS["followups"], base)
    if found:
        replica = merge.winner(found).split(".", 2)[2]  # a stamp is "time.counter.replica"
        closer = roster.rep_of_replica(replica)
        if closer in roster.reps:
            return closer
    return rep("followups", doc)


# ---------------------------------------------------------------- the report


@dataclass
class RepWeek:
    week_of: str  # the Monday, YYYY-MM-DD
    by_kind: dict[str, int]  # visit, call, message, greeting
    followups_done: int = 0


@dataclass
class RepLine:
    rep_id: str
    name: str
    left: bool
    weeks: list[RepWeek]
    period: dict[str, int]  # the four contact kinds and "followups_done", within the period
    funnel: dict[str, int]  # referrals received in the period, by how far they got
    complaints_open: int = 0
    complaints_past_promise: int = 0  # open, and the promised day has gone by
    customers: int = 0
    covered: int = 0  # contacted, by anyone, within their cadence
    coverage: float | None = None


@dataclass
class AtRisk:
    customer_id: str
    name: str
    owner_id: str
    owner: str
    cadence: int
    days_since: int | None  # None: never contacted


@dataclass
class Duplicate:
    by: str  # "phone" or "e-mail"
    key: str  # the last 8 digits, or the address
    customers: list[dict]  # {"id", "name", "owner_id", "owner"}


@dataclass
class TeamReport:
    period: str
    start: str
    end: str
    weeks: list[str]  # the Mondays of the weekly columns
    reps: list[RepLine] = field(default_factory=list)
    at_risk: list[AtRisk] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def build(team: Team, day: dt.date, period: str, settings: Settings | None = None,
          tz: dt.tzinfo = UTC) -> TeamReport:
    settings = settings or Settings()
    start, end = period_bounds(day, period)
    mondays, first = _weeks(day, period)
    report = TeamReport(period, start.isoformat(), end.isoformat(), [m.isoformat() for m in mondays])
    lines = {rep_id: _line(rep_id, team, mondays) for rep_id in [*team.names, NOBODY]}
    # Stored times compare as strings: each week's (and the period's) first instant is
    # its local midnight, so 200,000 contacts are placed without parsing one.
    edges = [local_midnight_iso(max(m, first), tz) for m in mondays]
    stop = local_midnight_iso(day + dt.timedelta(days=1), tz)
    since, until = local_midnight_iso(start, tz), local_midnight_iso(end + dt.timedelta(days=1), tz)

    def count(rep_id: str, at: str, kind: str) -> None:
        if edges[0] <= at < stop:
            week = lines[rep_id].weeks[bisect.bisect_right(edges, at) - 1]
            if kind == "followups_done":
                week.followups_done += 1
            else:
                week.by_kind[kind] += 1
        if since <= at < until:
            lines[rep_id].period[kind] += 1

    for author, _cid, kind, at in team.contacts:
        count(author, at, kind)
    for closer, followup in team.done:
        if followup.done_at:
            count(closer, followup.done_at, "followups_done")
    _funnels(lines, team, start, end)
    _complaints(lines, team, end)
    report.at_risk = _coverage(lines, team, day, settings, tz)
    report.duplicates = _duplicates(team)
    report.reps = sorted(lines.values(), key=lambda line: (line.rep_id == NOBODY, line.left, line.name.casefold()))
    report.reps = [line for line in report.reps if line.rep_id != NOBODY or _has_work(line)]
    return report


def _weeks(day: dt.date, period: str) -> tuple[list[dt.date], dt.date]:
    """The weekly columns' Mondays, and the first day they count: the last eight
    weeks for a week's report, the month's weeks (from the 1st) for a month's."""
    monday = day - dt.timedelta(days=day.weekday())
    if period == "week":
        mondays = [monday - dt.timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]
        return mondays, mondays[0]
    first = day.replace(day=1)
    start = first - dt.timedelta(days=first.weekday())
    return [start + dt.timedelta(weeks=n) for n in range((monday - start).days // 7 + 1)], first


def _line(rep_id: str, team: Team, mondays: list[dt.date]) -> RepLine:
    name = team.names.get(rep_id, NO_REP)
    kinds = {k: 0 for k in CONTACT_KINDS}
    return RepLine(rep_id, name, rep_id in team.left,
                   [RepWeek(m.isoformat(), dict(kinds)) for m in mondays],
                   {**kinds, "followups_done": 0}, {step: 0 for step in FUNNEL})


def _has_work(line: RepLine) -> bool:
    """Show the "(no rep)" line only when something counts there."""
    return bool(line.customers or any(line.period.values()) or any(line.funnel.values())
                or line.complaints_open or any(sum(w.by_kind.values()) + w.followups_done for w in line.weeks))


def _funnels(lines: dict[str, RepLine], team: Team, start: dt.date, end: dt.date) -> None:
    """Referrals received in the period (as the rep's own report counts them), by how far they got."""
    for owner, r in team.referrals:
        received = r.status_dates.get("new") or r.created[:10]
        if not start.isoformat() <= received[:10] <= end.isoformat():
            continue
        funnel = lines[owner].funnel
        funnel["received"] += 1
        if r.status in ("contacted", "meeting", "won") or "contacted" in r.status_dates:
            funnel["contacted"] += 1
        if r.status in ("meeting", "won") or "meeting" in r.status_dates:
            funnel["meeting"] += 1
        if r.status in ("won", "lost"):
            funnel[r.status] += 1


def _complaints(lines: dict[str, RepLine], team: Team, end: dt.date) -> None:
    for owner, c in team.complaints:
        if c.status == "open":
            lines[owner].complaints_open += 1
            if c.promised and c.promised < end.isoformat():
                lines[owner].complaints_past_promise += 1


def _coverage(lines: dict[str, RepLine], team: Team, day: dt.date, settings: Settings,
              tz: dt.tzinfo) -> list[AtRisk]:
    """Each rep's customers contacted within their cadence; tier-A customers who were not.

    One ``Facts`` per rep, as that rep's own book would build it, so tiers and
    cadences are the ones the rep sees; contacts by anyone count."""
    ctx = Day(day, local_midnight_iso(day, tz), tz, settings, {})
    before = local_midnight_iso(day + dt.timedelta(days=1), tz)  # nothing after the day counts
    by_owner: dict[str, tuple[list, list, list]] = {}  # owner -> (customers, contacts, deals)
    for customer, owner in team.customers.values():
        by_owner.setdefault(owner, ([], [], []))[0].append(customer)
    latest: dict[str, str] = {}  # the last contact up to the day is all coverage needs
    for _author, cid, _kind, at in team.contacts:
        if at < before and at > latest.get(cid, ""):
            latest[cid] = at
    for cid, at in latest.items():
        if cid in team.customers:
            by_owner[team.customers[cid][1]][1].append((cid, at))
    for deal in team.deals:
        if deal[1] in team.customers:
            by_owner[team.customers[deal[1]][1]][2].append(deal)
    at_risk = []
    for owner, (customers, contacts, deals) in by_owner.items():
        facts = Facts.build(customers, contacts, deals)
        tiers = agenda_rules.tiers_for(facts, day)[0]
        line = lines[owner]
        for cid, cf in facts.customers.items():
            cadence = cadence_days(cf.customer, tiers[cid], settings)
            last = cf.last_contact(before)
            line.customers += 1
            if not contact_due(last, cadence, ctx):
                line.covered += 1
            elif tiers[cid] == "A":
                at_risk.append(AtRisk(cid, cf.customer.name, owner, line.name, cadence,
                                      ctx.days_since(last) if last else None))
    for line in lines.values():
        line.coverage = round(line.covered / line.customers, 4) if line.customers else None
    # Longest silence first; never contacted before everyone.
    return sorted(at_risk, key=lambda r: (-(r.days_since if r.days_since is not None else 10**6),
                                          r.name.casefold()))


def _duplicates(team: Team) -> list[Duplicate]:
    """Customers sharing a phone number (its last 8 digits) or an e-mail, held by different reps."""
    groups: dict[tuple[str, str], list[str]] = {}
    for cid, (customer, _owner) in team.customers.items():
        keys = {("phone", k) for k in map(phone_key, customer.phones) if k}
        if customer.email.strip():
            keys.add(("e-mail", customer.email.strip().casefold()))
        for key in keys:
            groups.setdefault(key, []).append(cid)
    found = []
    for (by, key), ids in sorted(groups.items()):
        if len({team.customers[cid][1] for cid in ids}) < 2:
            continue  # one rep's own look-alikes are theirs to merge
        ids.sort(key=lambda cid: (team.customers[cid][0].name.casefold(), cid))
        found.append(Duplicate(by, key, [
            {"id": cid, "name": team.customers[cid][0].name, "owner_id": team.customers[cid][1],
             "owner": team.names.get(team.customers[cid][1], NO_REP)} for cid in ids]))
    return found


def team_report(master: Master, day: dt.date, period: str = "week", settings: Settings | None = None,
                tz: dt.tzinfo = UTC) -> TeamReport:
    """The report for the day, read from the master."""
    return build(gather(master), day, period, settings, tz)
