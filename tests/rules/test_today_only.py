"""What is true only today takes a place on the day's list, however low its score."""

import pytest

from fieldcrm.model import FollowUp
from fieldcrm.rules.agenda import agenda
from fieldcrm.rules.settings import Settings
from tests.rules.helpers import DAY, NOW, contact, customer, facts_of, purchase

AT_RISK = "2026-06-01T10:00:00Z"  # long ago: every A customer below is at risk


def _book(who, followups=()):
    """Twenty A customers at risk (high scores) and one quiet C customer, ``who``."""
    busy = [customer(f"A{n:02d}") for n in range(20)]
    return facts_of(
        busy + [who],
        [contact(c, AT_RISK) for c in busy] + [contact(who, "2026-11-20T10:00:00Z")],
        [purchase(c, "2026-10-01", 5000.0) for c in busy],
        followups=followups,
    )


CASES = [
    # (what the quiet customer has, on the day's list?)
    ("a follow-up promised for today", dict(followup=("2026-11-24", "")), True),
    ("an appointment today", dict(followup=("2026-11-24", "15:00")), True),
    ("a birthday today", dict(birthday="1980-11-24"), True),
    ("a company anniversary today", dict(important_dates=[{"label": "company anniversary",
                                                           "date": "2015-11-24"}]), True),
    ("a follow-up due tomorrow", dict(followup=("2026-11-25", "")), False),
    ("a follow-up overdue (it competes on its growing score)", dict(followup=("2026-11-20", "")), False),
    ("a birthday tomorrow", dict(birthday="1980-11-25"), False),
]


@pytest.mark.parametrize("what, has, listed", CASES, ids=[c[0] for c in CASES])
def test_only_today_work_is_on_the_days_list(what, has, listed):
    has = dict(has)
    due = has.pop("followup", None)
    quiet = customer("Quiet", **has)
    followups = [FollowUp(id="f", customer_id=quiet.id, due=due[0], time=due[1], reason="promised")] if due else []
    plan = agenda(_book(quiet, followups), DAY, Settings(agenda_size=8), now=NOW)
    day_list = [i.name for i in plan.items]
    assert len(day_list) == 8
    assert ("Quiet" in day_list) is listed, what
    # nobody is lost: the day's list and also due hold everyone who is due once
    everyone = day_list + [i.name for i in plan.also_due]
    assert len(everyone) == len(set(everyone)) == plan.also_due_count + 8


def test_appointments_lead_then_the_rest_by_score_even_when_pinned():
    quiet, party = customer("Quiet"), customer("Party", birthday="1980-11-24")
    facts = facts_of(
        [customer(f"A{n:02d}") for n in range(20)] + [quiet, party],
        [contact(customer(f"A{n:02d}"), AT_RISK) for n in range(20)],
        [purchase(customer(f"A{n:02d}"), "2026-10-01", 5000.0) for n in range(20)],
        followups=[FollowUp(id="f", customer_id=quiet.id, due="2026-11-24", time="15:00")],
    )
    plan = agenda(facts, DAY, Settings(agenda_size=8), now=NOW)
    names = [i.name for i in plan.items]
    assert names[0] == "Quiet" and names[-1] == "Party" and len(names) == 8
    scores = [i.score for i in plan.items[1:]]
    assert scores == sorted(scores, reverse=True)


def test_more_only_today_work_than_places_fills_the_day_by_score_and_appointments_still_grow_it():
    people = [customer(f"B{n:02d}", birthday="1980-11-24") for n in range(10)]
    busy = [customer(f"A{n:02d}") for n in range(5)]  # higher scores, nothing only today
    facts = facts_of(people + busy, [contact(c, AT_RISK) for c in busy],
                     [purchase(c, "2026-10-01", 5000.0) for c in busy])
    plan = agenda(facts, DAY, Settings(agenda_size=8), now=NOW)
    assert [i.name for i in plan.items] == [f"B{n:02d}" for n in range(8)]
    assert [i.name for i in plan.also_due][:5] == [f"A{n:02d}" for n in range(5)]
    assert plan.also_due_count == 10 + 5 - 8
    visits = [FollowUp(id=f"v{n}", customer_id=c.id, due="2026-11-24", time=f"1{n}:00")
              for n, c in enumerate(busy + people[:5])]
    plan = agenda(facts_of(people + busy, followups=visits), DAY, Settings(agenda_size=8), now=NOW)
    assert len(plan.items) == 10 and [i.time for i in plan.items] == sorted(i.time for i in plan.items)


def test_the_first_order_anniversary_found_by_us_competes_on_score():
    quiet = customer("Quiet")
    busy = [customer(f"A{n:02d}") for n in range(20)]
    facts = facts_of(
        busy + [quiet],
        [contact(c, AT_RISK) for c in busy] + [contact(quiet, "2026-11-20T10:00:00Z")],
        [purchase(c, "2026-10-01", 5000.0) for c in busy] + [purchase(quiet, "2025-11-24", 10.0)],
    )
    plan = agenda(facts, DAY, Settings(agenda_size=8), now=NOW)
    assert "Quiet" not in [i.name for i in plan.items]
    assert [r.text for i in plan.also_due if i.name == "Quiet" for r in i.reasons] == \
        ["first order with us today (1 year)"]
