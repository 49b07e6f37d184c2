"""The order of the day: appointments by time, then urgency x value, ties by name."""

from fieldcrm.model import Complaint, FollowUp
from fieldcrm.rules.agenda import agenda
from fieldcrm.rules.search import CustomerIndex
from fieldcrm.rules.settings import Settings
from tests.rules.helpers import DAY, NOW, contact, customer, facts_of, purchase

OVERDUE = "2026-08-17T10:00:00Z"  # 99 days ago: 9 days over a 90-day cadence


def _names(plan):
    return [i.name for i in plan.items], [i.name for i in plan.also_due]


def test_appointments_first_in_time_order_then_by_score_then_name():
    late, early = customer("Zed"), customer("Yan")
    bob, alice, carol = customer("Bob"), customer("Alice"), customer("Carol")
    facts = facts_of(
        [late, early, bob, alice, carol],
        [contact(c, OVERDUE) for c in (bob, alice)] + [contact(c, "2026-11-20T10:00:00Z") for c in (late, early)],
        followups=[FollowUp(id="f1", customer_id=late.id, due="2026-11-24", time="14:00", reason="demo"),
                   FollowUp(id="f2", customer_id=early.id, due="2026-11-24", time="09:30", reason="demo")],
        complaints=[Complaint(id="k", customer_id=carol.id, promised="2026-11-20", category="quality")],
    )
    plan = agenda(facts, DAY, Settings(agenda_size=10), now=NOW)
    # Carol's overdue complaint outranks two overdue contacts; Alice and Bob tie: by name.
    assert _names(plan) == (["Yan", "Zed", "Carol", "Alice", "Bob"], [])
    assert plan.items[0].time == "09:30" and plan.items[0].action == "visit"


def test_customer_value_multiplies_urgency():
    big, small = customer("Small-but-first-by-name"), customer("Zz Big")
    facts = facts_of([big, small], [contact(big, OVERDUE), contact(small, "2026-11-01T10:00:00Z")],
                     [purchase(small, "2026-10-01", 5000.0)])
    # Zz Big is tier A (every 14 days): 9 days late counts more, and value x3.
    plan = agenda(facts, DAY, Settings(), now=NOW)
    assert [i.name for i in plan.items][:2] == ["Zz Big", "Small-but-first-by-name"]
    assert plan.items[0].tier == "A" and plan.items[0].score > plan.items[1].score


def test_the_day_holds_a_set_number_and_the_rest_is_also_due():
    people = [customer(f"P{n:02d}") for n in range(12)]
    facts = facts_of(people, [contact(p, OVERDUE) for p in people])
    plan = agenda(facts, DAY, Settings(agenda_size=8), now=NOW)
    assert len(plan.items) == 8 and plan.also_due_count == 4
    assert [i.name for i in plan.items + plan.also_due] == [f"P{n:02d}" for n in range(12)]


def test_no_customer_appears_twice_however_many_reasons():
    ann = customer(birthday="1980-11-26")
    facts = facts_of([ann], [contact(ann, OVERDUE)],
                     followups=[FollowUp(id="f", customer_id=ann.id, due="2026-11-23", reason="quote")],
                     complaints=[Complaint(id="k", customer_id=ann.id, promised="2026-11-23")])
    plan = agenda(facts, DAY, Settings(), now=NOW)
    assert len(plan.items) == 1
    # complaint 45+2, birthday in two days 22+5, follow-up a day late 25+1, cadence 10+2
    assert [r.kind for r in plan.items[0].reasons] == ["complaint", "birthday", "follow_up", "cadence"]
    assert plan.items[0].action == "call"  # the most urgent reason decides


def test_chinese_names_that_tie_are_in_pinyin_order_as_the_customers_list_has_them():
    # By character code 张 (U+5F20) < 李 (U+674E) < 阿 (U+963F); read in pinyin: a, li, zhang.
    # 单 is read shan as a surname (the Customers list's key), so 单明 comes after 李娜.
    names = ["张伟", "李娜", "阿芳", "单明", "Bob"]
    people = [customer(name) for name in names]
    facts = facts_of(people, [contact(p, OVERDUE) for p in people])
    plan = agenda(facts, DAY, Settings(agenda_size=3), now=NOW)
    listed = [i.name for i in plan.items + plan.also_due]
    assert listed == ["阿芳", "Bob", "李娜", "单明", "张伟"]  # a, bob, li, shan, zhang
    assert [c.name for c in CustomerIndex(people, read_pinyin=True).search("")] == listed
