"""Small hand-made books for the rules: Tuesday 24 November 2026, UTC."""

import datetime as dt

from fieldcrm.model import CONTACT_KINDS, Customer, Interaction, Purchase
from fieldcrm.rules.agenda import agenda
from fieldcrm.rules.facts import Facts
from fieldcrm.rules.settings import Settings

DAY = dt.date(2026, 11, 24)  # a Tuesday
NOW = "2026-11-24T09:30:00Z"


def customer(name="Ann Lee", **fields) -> Customer:
    fields.setdefault("id", f"c-{name}")
    fields.setdefault("created", "2020-01-01T00:00:00Z")
    fields.setdefault("soft_confirmed", "2026-06-01")
    return Customer(name=name, **fields)


def contact(who: Customer, at: str, kind="visit") -> Interaction:
    return Interaction(id=f"i-{who.id}-{at}", customer_id=who.id, kind=kind, at=at)


def purchase(who: Customer, date: str, amount=100.0, margin=None) -> Purchase:
    return Purchase(id=f"p-{who.id}-{date}", customer_id=who.id, date=date, amount=amount, margin=margin)


def facts_of(customers=(), interactions=(), purchases=(), followups=(), complaints=(),
             referrals=(), marks=()) -> Facts:
    return Facts.build(
        customers,
        [(i.customer_id, i.at) for i in interactions if i.kind in CONTACT_KINDS],
        [(p.id, p.customer_id, p.date, p.amount, p.margin) for p in purchases],
        followups, complaints, referrals, marks,
    )


def reasons_for(facts: Facts, subject: str, day=DAY, settings=None, now=NOW) -> list[tuple[str, str]]:
    """(kind, text) of every reason the subject is on the list for, most urgent first."""
    plan = agenda(facts, day, settings or Settings(agenda_size=100), now=now)
    for item in plan.items + plan.also_due:
        if item.subject == subject:
            return [(r.kind, r.text) for r in item.reasons]
    return []
