"""Tiers by the 80/20 rule, overrides, faces and loyalty stages, by hand."""

import pytest

from fieldcrm.model import Customer
from fieldcrm.rules.agenda import tiers_for
from fieldcrm.rules.segments import (
    cadence_days, compute_tiers, effective_tier, face_thresholds, key_account_face, loyalty_stage,
)
from fieldcrm.rules.settings import Settings
from tests.rules.helpers import DAY, customer, facts_of, purchase


@pytest.mark.parametrize("revenue, expected", [
    # 800 is 80% on its own: A. B starts at 80% of revenue, C at 95%.
    ({"a": 800, "b": 100, "c": 60, "d": 40, "e": 0}, {"a": "A", "b": "B", "c": "B", "d": "C", "e": "C"}),
    # One customer with 95%: A; the next starts at 95%, so C.
    ({"a": 950, "b": 50}, {"a": "A", "b": "C"}),
    # Ten equal customers: a tie stays with the one before it, so all are A.
    ({"a": 10, "b": 10, "c": 10, "d": 10, "e": 10, "f": 10, "g": 10, "h": 10, "i": 10, "j": 10},
     {k: "A" for k in "abcdefghij"}),
    ({"a": 50, "b": 30, "c": 20}, {"a": "A", "b": "A", "c": "B"}),
    # Ties across the A/B line stay together.
    ({"a": 500, "b": 250, "c": 250}, {"a": "A", "b": "A", "c": "A"}),
    ({"a": 300, "b": 300, "c": 300, "d": 100}, {"a": "A", "b": "A", "c": "A", "d": "B"}),
    # Ties across the B/C line stay together too.
    ({"a": 800, "b": 75, "c": 75, "d": 50}, {"a": "A", "b": "B", "c": "B", "d": "C"}),
    # Nobody bought anything: everyone C.
    ({"a": 0, "b": 0}, {"a": "C", "b": "C"}),
    ({}, {}),
])
def test_tier_cut_offs(revenue, expected):
    assert compute_tiers(revenue) == expected


def test_tiers_count_only_the_trailing_twelve_months():
    big, small = customer("Big"), customer("Small")
    facts = facts_of([big, small], purchases=[
        purchase(big, "2025-11-01", 10_000),  # over a year ago: does not count
        purchase(big, "2026-03-01", 100),
        purchase(small, "2026-10-01", 900),
    ])
    tiers, revenue = tiers_for(facts, DAY)
    assert revenue == {big.id: 100, small.id: 900}
    assert tiers == {big.id: "B", small.id: "A"}  # Big starts at 90% of revenue: under 95%, so B


def test_a_purchase_recomputes_tiers():
    from fieldcrm.rules.facts import Deal
    a, b = customer("A"), customer("B")
    facts = facts_of([a, b], purchases=[purchase(a, "2026-10-01", 900), purchase(b, "2026-10-01", 100)])
    assert tiers_for(facts, DAY)[0][b.id] == "B"
    facts.add_deal(b.id, Deal("p-new", "2026-11-20", 5000.0, None))
    assert tiers_for(facts, DAY)[0] == {a.id: "B", b.id: "A"}


def test_an_override_wins_and_says_so():
    c = customer("Li", tier_override="A")
    tier = effective_tier(c, "C", 120.0, Settings())
    assert (tier.tier, tier.computed, tier.overridden) == ("A", "C", True)
    assert tier.why == "set by you (the 80/20 rule says C; ¥120 in 12 months)"
    plain = effective_tier(customer("Wu"), "B", 5000.0, Settings())
    assert plain.why == "among the customers who bring the next 15% of revenue (¥5,000 in 12 months)"
    assert effective_tier(customer("Ho"), "C", 0.0, Settings()).why == "no purchases in 12 months"


def test_cadence_defaults_by_tier_and_the_customer_override():
    settings = Settings(cadence_days={"A": 14, "B": 30, "C": 90})
    assert [cadence_days(customer(), t, settings) for t in "ABC"] == [14, 30, 90]
    assert cadence_days(customer(cadence_days=7), "C", settings) == 7


@pytest.mark.parametrize("purchase_days, referred_buyer, stage", [
    (0, False, "prospect"), (1, False, "first-time buyer"), (2, False, "repeat buyer"),
    (5, True, "advocate"), (0, True, "advocate"),
])
def test_loyalty_stage(purchase_days, referred_buyer, stage):
    assert loyalty_stage(purchase_days, referred_buyer) == stage


def test_key_account_faces():
    # Book yardsticks: margins 10, 20, 30, 400 -> top quarter from 400; rates .1 .2 .3 .4 -> median .25
    thresholds = face_thresholds([(100, 10), (100, 20), (100, 30), (1000, 400)])
    assert thresholds.high_margin_per_deal == 400
    red = key_account_face(Customer(), [(1000, 400)], thresholds)  # big profit, one deal
    white = key_account_face(Customer(), [(1000, 50)] * 5, thresholds)  # steady volume, 5% margin
    black = key_account_face(Customer(strategic=True), [(1000, 20)], thresholds)
    plain = key_account_face(Customer(), [(100, 30), (100, 30)], thresholds)
    assert (red, white, black, plain) == ("red", "white", "black", "")
    assert face_thresholds([(100, 10)]) is None  # too little margin data
    assert key_account_face(Customer(strategic=True), [], None) == "black"
