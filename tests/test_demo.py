"""The demo book is realistic and the same for the same seed."""

import datetime as dt
from collections import Counter

from fieldcrm.demo import DemoSize, build_demo
from fieldcrm.model import Complaint, Customer, FollowUp, Interaction, Purchase, Referral
from fieldcrm.rules.agenda import agenda
from tests.conftest import TODAY
from tests.rules.helpers import facts_of


def _build(seed=7):
    return build_demo(DemoSize(300), seed=seed, today=TODAY)


def test_same_seed_same_book_other_seed_other_book():
    assert _build(7) == _build(7)
    assert _build(7) != _build(8)


def test_default_mix_of_records():
    kinds = Counter(type(r) for r in _build())
    assert kinds[Customer] == 300 and kinds[Interaction] == 6000 and kinds[Purchase] == 600
    assert kinds[FollowUp] and kinds[Complaint] and kinds[Referral]


def test_names_mix_chinese_and_english():
    names = [r.name for r in _build() if isinstance(r, Customer)]
    chinese = [n for n in names if any("\u4e00" <= ch <= "\u9fff" for ch in n)]
    assert 0.3 < len(chinese) / len(names) < 0.7


def test_revenue_is_concentrated_like_the_80_20_rule():
    revenue = Counter()
    for r in _build():
        if isinstance(r, Purchase):
            revenue[r.customer_id] += r.amount
    ordered = sorted(revenue.values(), reverse=True)
    top_fifth = sum(ordered[: len(ordered) // 5]) / sum(ordered)
    assert 0.6 < top_fifth < 0.97


def test_birthdays_fall_in_every_month_and_history_spans_two_years():
    records = _build()
    months = {r.birthday[5:7] for r in records if isinstance(r, Customer)}
    assert len(months) == 12
    dates = sorted(r.date for r in records if isinstance(r, Purchase))
    first = dt.date.fromisoformat(dates[0])
    assert (TODAY - first).days > 600 and dates[-1] <= TODAY.isoformat()


def test_every_link_points_at_a_customer():
    records = _build()
    ids = {r.id for r in records if isinstance(r, Customer)}
    for r in records:
        link = getattr(r, "customer_id", None) or getattr(r, "referrer_id", None)
        if link is not None:
            assert link in ids


def test_a_demo_appointment_says_appointment_once_on_today():
    """It read "appointment at 10:00: appointment: visit the new store"."""
    records = _build()
    timed = [r for r in records if isinstance(r, FollowUp) and r.time]
    assert timed
    facts = facts_of([r for r in records if isinstance(r, Customer)], followups=timed)
    for followup in timed:
        plan = agenda(facts, dt.date.fromisoformat(followup.due))
        texts = [r.text for i in plan.items for r in i.reasons if r.occurrence == f"appointment:{followup.id}"]
        assert texts == [f"appointment at {followup.time}: {followup.reason}"]
        assert texts[0].count("appointment") == 1
