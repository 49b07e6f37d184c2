"""Reusing each customer's reasons gives exactly the agenda a fresh computation gives."""

import dataclasses
import datetime as dt

from fieldcrm.demo import DemoSize, build_demo
from fieldcrm.model import Complaint, Customer, FollowUp, Interaction, Purchase, Referral
from fieldcrm.rules.agenda import agenda
from fieldcrm.rules.facts import Deal, Facts
from fieldcrm.rules.settings import Settings
from tests.conftest import TODAY

NOW = "2026-11-24T09:30:00Z"


def _facts(records) -> Facts:
    return Facts.build(
        [r for r in records if isinstance(r, Customer)],
        [(r.customer_id, r.at) for r in records if isinstance(r, Interaction) and r.kind != "event"],
        [(r.id, r.customer_id, r.date, r.amount, r.margin) for r in records if isinstance(r, Purchase)],
        [r for r in records if isinstance(r, FollowUp)], [r for r in records if isinstance(r, Complaint)],
        [r for r in records if isinstance(r, Referral)])


def _plan(facts, day=TODAY, settings=None):
    return agenda(facts, day, settings or Settings(), now=NOW).to_json()


def test_the_cached_agenda_equals_a_fresh_one_after_every_kind_of_change():
    records = build_demo(DemoSize(120), seed=5, today=TODAY)
    live = _facts(records)
    assert _plan(live) == _plan(_facts(records))
    customers = [r for r in records if isinstance(r, Customer)]
    a, b, c = customers[:3]
    # A contact, a purchase, an edited customer, a new follow-up: each changes the agenda.
    note = Interaction(id="n1", customer_id=a.id, kind="call", at=NOW)
    live.add_contact(a.id, NOW)
    deal = Purchase(id="p1", customer_id=b.id, date="2026-11-10", amount=90_000.0)
    live.add_deal(b.id, Deal("p1", "2026-11-10", 90_000.0, None))
    edited = dataclasses.replace(c, tier_override="A", birthday="1970-11-26")
    live.put_customer(edited)
    follow = FollowUp(id="f1", customer_id=a.id, due="2026-11-24", reason="send quote")
    live.put_followup(follow)
    changed = [edited if r is c else r for r in records] + [note, deal, follow]
    assert _plan(live) == _plan(_facts(changed))
    # Another day and other settings are not served from the cache either.
    other = dt.date(2026, 12, 3)
    assert _plan(live, other) == _plan(_facts(changed), other)
    tight = Settings(cadence_days={"A": 3, "B": 5, "C": 7})
    assert _plan(live, settings=tight) == _plan(_facts(changed), settings=tight)
    assert _plan(live) == _plan(_facts(changed))
