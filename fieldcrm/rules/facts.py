"""What the rules know about a book, aggregated once and kept current in place.

Building it reads the large tables once (contacts and purchases as plain
tuples, not records); after that each change the rep makes updates it in
O(log n), so the agenda never re-reads 100k interactions.
"""

from __future__ import annotations

import bisect
import statistics
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from fieldcrm.model import AgendaMark, Complaint, Customer, Event, FollowUp, Invitation, Referral
from fieldcrm.rules.lunar import month_day_key

if TYPE_CHECKING:
    from fieldcrm.rules.notices import Told


@dataclass(frozen=True, slots=True)
class Deal:
    id: str
    date: str  # YYYY-MM-DD
    amount: float
    margin: float | None


@dataclass(slots=True)
class CustomerFacts:
    customer: Customer
    contacts: list[str] = field(default_factory=list)  # ISO times, sorted
    deals: list[Deal] = field(default_factory=list)  # sorted by date
    deal_dates: list[str] = field(default_factory=list)  # parallel to deals, for bisect
    running: list[float] = field(default_factory=lambda: [0.0])  # running[i] = amount of deals[:i]
    changes: int = 0  # bumped whenever anything about this customer changes
    _interval: float | None | bool = False  # the cached buying cycle; False: not computed

    def interval(self) -> float | None:
        """The buying cycle over all deals, cached until a deal is added."""
        if self._interval is False:
            self._interval = purchase_interval(self.deals)
        return self._interval

    def last_contact(self, before_iso: str) -> str:
        """The latest contact strictly before ``before_iso``; "" if none."""
        contacts = self.contacts
        if not contacts:
            return ""
        if contacts[-1] < before_iso:
            return contacts[-1]
        index = bisect.bisect_left(contacts, before_iso)
        return contacts[index - 1] if index else ""

    def amount_between(self, after: str, until: str) -> float:
        """Total spent on days after ``after`` up to and including ``until``."""
        lo = bisect.bisect_right(self.deal_dates, after)
        hi = bisect.bisect_right(self.deal_dates, until)
        return self.running[hi] - self.running[lo] if hi > lo else 0.0

    def count_between(self, after: str, until: str) -> int:
        return max(0, bisect.bisect_right(self.deal_dates, until) - bisect.bisect_right(self.deal_dates, after))

    def _reindex_deals(self) -> None:
        self.deal_dates = [d.date for d in self.deals]
        running = [0.0]
        for deal in self.deals:
            running.append(running[-1] + deal.amount)
        self.running = running
        self._interval = False

    def deals_until(self, day: str) -> list[Deal]:
        """Deals on or before ``day`` (YYYY-MM-DD)."""
        if not self.deal_dates or self.deal_dates[-1] <= day:
            return self.deals
        return self.deals[: bisect.bisect_right(self.deal_dates, day)]


def purchase_interval(deals: list[Deal]) -> float | None:
    """The customer's own buying cycle: the median days between purchase days,
    from at least three purchases; None when there is too little history."""
    if len(deals) < 3:
        return None
    days = sorted({d.date for d in deals})
    if len(days) < 2:
        return None
    from datetime import date
    ordinals = [date.fromisoformat(d).toordinal() for d in days]
    return float(statistics.median(b - a for a, b in zip(ordinals, ordinals[1:])))


class Facts:
    """Customers with their contact and purchase history, and the open work around them."""

    def __init__(self) -> None:
        self.customers: dict[str, CustomerFacts] = {}
        self.followups: dict[str, FollowUp] = {}
        self.complaints: dict[str, Complaint] = {}
        self.referrals: dict[str, Referral] = {}
        self.marks: list[AgendaMark] = []
        # Gatherings: few records, read directly by the agenda (an invitation awaiting a reply).
        self.events: dict[str, Event] = {}
        self.invitations: dict[str, Invitation] = {}
        self.told: dict[str, Told] = {}  # outreach id -> a promotion told to a customer (rules/notices.py)
        self.version = 0  # bumped on every change, for caches keyed on it
        self.deals_version = 0  # bumped when purchases or tier overrides change
        self._tier_cache: dict[tuple[str, int], tuple[dict, dict]] = {}
        # customer id -> (what the reasons were computed from, the reasons): the agenda
        # recomputes only the customers whose facts, tier or day changed.
        self.reason_cache: dict[str, tuple[tuple, list]] = {}
        # "MM-DD" -> customers with a birthday, important date or first deal on it,
        # so the greeting rules look at a handful of customers, not all of them.
        self.by_month_day: dict[str, set[str]] = {}
        self._month_days: dict[str, tuple[str, ...]] = {}

    def tiers_cached(self, day: str, compute) -> tuple[dict, dict]:
        """Tiers and revenue for a day, kept until purchases or overrides change."""
        key = (day, self.deals_version)
        if key not in self._tier_cache:
            if len(self._tier_cache) > 8:
                self._tier_cache.clear()
            self._tier_cache[key] = compute()
        return self._tier_cache[key]

    def _index_dates(self, cf: CustomerFacts) -> None:
        cid = cf.customer.id
        for md in self._month_days.pop(cid, ()):
            self.by_month_day.get(md, set()).discard(cid)
        dates = [cf.customer.birthday] + [d.get("date", "") for d in cf.customer.important_dates]
        if cf.deals:
            dates.append(cf.deals[0].date)
        month_days = tuple({key for key in map(month_day_key, dates) if key})
        for md in month_days:
            self.by_month_day.setdefault(md, set()).add(cid)
        self._month_days[cid] = month_days

    def has_lunar_dates(self) -> bool:
        """Does any customer keep a lunar date ("L08-15" keys; see rules/lunar.py)?"""
        return any(md.startswith("L") and ids for md, ids in self.by_month_day.items())

    def greeting_candidates(self, month_days) -> set[str]:
        found: set[str] = set()
        for md in month_days:
            found |= self.by_month_day.get(md, set())
        return found

    @classmethod
    def build(cls, customers: Iterable[Customer],
              contacts: Iterable[tuple[str, str]],
              deals: Iterable[tuple[str, str, str, float, float | None]],
              followups: Iterable[FollowUp] = (), complaints: Iterable[Complaint] = (),
              referrals: Iterable[Referral] = (), marks: Iterable[AgendaMark] = ()) -> "Facts":
        """``contacts`` are (customer_id, at); ``deals`` are (id, customer_id, date, amount, margin)."""
        facts = cls()
        for customer in customers:
            facts.customers[customer.id] = CustomerFacts(customer)
        for customer_id, at in contacts:
            cf = facts.customers.get(customer_id)
            if cf is not None and at:
                cf.contacts.append(at)
        for deal_id, customer_id, date, amount, margin in deals:
            cf = facts.customers.get(customer_id)
            if cf is not None and date:
                cf.deals.append(Deal(deal_id, date, amount, margin))
        for cf in facts.customers.values():
            cf.contacts.sort()
            if cf.deals:
                cf.deals.sort(key=lambda d: (d.date, d.id))
                cf._reindex_deals()
            facts._index_dates(cf)
        for f in followups:
            facts.followups[f.id] = f
        for c in complaints:
            facts.complaints[c.id] = c
        for r in referrals:
            facts.referrals[r.id] = r
        facts.marks = list(marks)
        return facts

    # Updates, as the rep works. Each keeps the lists sorted.

    def put_customer(self, customer: Customer) -> None:
        cf = self.customers.get(customer.id)
        if customer.deleted:
            self.customers.pop(customer.id, None)
            for md in self._month_days.pop(customer.id, ()):
                self.by_month_day.get(md, set()).discard(customer.id)
        else:
            if cf is None:
                cf = self.customers[customer.id] = CustomerFacts(customer)
            cf.customer = customer
            cf.changes += 1
            self._index_dates(cf)
        self.version += 1
        self.deals_version += 1  # a new customer, a deletion or an override moves tiers

    def add_contact(self, customer_id: str, at: str) -> None:
        cf = self.customers.get(customer_id)
        if cf is not None and at:
            bisect.insort(cf.contacts, at)
            cf.changes += 1
            self.version += 1

    def add_deal(self, customer_id: str, deal: Deal) -> None:
        cf = self.customers.get(customer_id)
        if cf is not None:
            cf.deals.insert(bisect.bisect_right(cf.deal_dates, deal.date), deal)
            cf._reindex_deals()
            cf.changes += 1
            self._index_dates(cf)
            self.deals_version += 1
            self.version += 1

    def put_followup(self, followup: FollowUp) -> None:
        self._put(self.followups, followup)

    def put_complaint(self, complaint: Complaint) -> None:
        self._put(self.complaints, complaint)

    def put_referral(self, referral: Referral) -> None:
        self._put(self.referrals, referral)

    def put_event(self, event: Event) -> None:
        self._put(self.events, event)

    def put_invitation(self, invitation: Invitation) -> None:
        self._put(self.invitations, invitation)
    def put_told(self, outreach_id: str, told: Told) -> None:
        self.told[outreach_id] = told
        self.version += 1

    def add_mark(self, mark: AgendaMark) -> None:
        self.marks.append(mark)
        self.version += 1

    def _put(self, table: dict, record) -> None:
        if record.deleted:
            table.pop(record.id, None)
        else:
            table[record.id] = record
        self.version += 1
