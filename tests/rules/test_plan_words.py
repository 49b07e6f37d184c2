"""A plan for another day names that day: "today" and "tomorrow" are read from the real today.

It read "birthday today (turns 27)" and "follow-up due today" on the plan for Wednesday.
"""

import datetime as dt

import pytest

from fieldcrm import i18n
from fieldcrm.demo import DemoSize, build_demo
from fieldcrm.model import Complaint, Customer, FollowUp, Interaction, Purchase
from fieldcrm.rules.agenda import agenda
from fieldcrm.rules.settings import Settings
from tests.rules.helpers import DAY, contact, customer, facts_of

WEDNESDAY = DAY + dt.timedelta(days=1)


def _plan_words(facts, subject, day=WEDNESDAY, today=DAY):
    plan = agenda(facts, day, Settings(agenda_size=100), today=today)
    return [(r.kind, r.text) for i in plan.items + plan.also_due if i.subject == subject for r in i.reasons]


@pytest.mark.parametrize("birthday, expected", [
    ("1990-11-25", "birthday on Wednesday 25 Nov (turns 36)"),  # on the day shown
    ("1990-11-26", "birthday on Thursday 26 Nov (turns 36)"),  # the day after it: not "tomorrow"
])
def test_a_birthday_on_a_plan_is_dated(birthday, expected):
    ann = customer(birthday=birthday)
    facts = facts_of([ann], [contact(ann, "2026-11-20T10:00:00Z")])
    assert _plan_words(facts, ann.id) == [("birthday", expected)]


def test_follow_ups_complaints_and_cadence_due_on_a_plan_are_due_that_day():
    ann = customer(created="2026-01-01T00:00:00Z")
    facts = facts_of([ann], [contact(ann, "2026-08-27T10:00:00Z")],
                     followups=[FollowUp(id="f", customer_id=ann.id, due="2026-11-25", reason="send quote")],
                     complaints=[Complaint(id="k", customer_id=ann.id, category="late delivery",
                                           promised="2026-11-25")])
    assert sorted(_plan_words(facts, ann.id)) == [
        ("cadence", "call due that day (tier C, every 90 days)"),
        ("complaint", "complaint promised for that day: late delivery"),
        ("follow_up", "follow-up due that day: send quote"),
    ]
    # The same book on its own day still says "today" (the reasons' cache keys on it too).
    assert ("cadence", "call due today (tier C, every 90 days)") in _plan_words(facts, ann.id, today=WEDNESDAY)
    assert ("cadence", "call due today (tier C, every 90 days)") in _plan_words(facts, ann.id, today=None)


def test_no_reason_on_a_demo_plan_says_today_or_tomorrow():
    records = build_demo(DemoSize(300), seed=7, today=DAY)
    facts = facts_of([r for r in records if isinstance(r, Customer)],
                     [r for r in records if isinstance(r, Interaction)],
                     [r for r in records if isinstance(r, Purchase)],
                     [r for r in records if isinstance(r, FollowUp)],
                     [r for r in records if isinstance(r, Complaint)])
    for step in range(1, 8):
        plan = agenda(facts, DAY + dt.timedelta(days=step), Settings(), today=DAY)
        texts = [r.text for i in plan.items + plan.also_due for r in i.reasons]
        assert texts and not [t for t in texts if "today" in t or "tomorrow" in t]
    texts = [r.text for i in agenda(facts, DAY, Settings()).items for r in i.reasons]
    assert [t for t in texts if "today" in t]  # the real today still says so


def test_in_chinese_a_plan_says_that_day(chinese):
    ann = customer(created="2026-01-01T00:00:00Z", birthday="1990-11-26")
    facts = facts_of([ann], [contact(ann, "2026-08-27T10:00:00Z")],
                     followups=[FollowUp(id="f", customer_id=ann.id, due="2026-11-25", reason="送报价")])
    words = dict((kind, text) for kind, text in _plan_words(facts, ann.id))
    assert i18n.language() == "zh"
    assert words["follow_up"] == "当日应跟进：送报价"
    assert words["cadence"] == "当日应致电（C 类客户，每 90 天一次）"
    assert "明天" not in words["birthday"] and "今天" not in words["birthday"]
