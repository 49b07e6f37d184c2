"""Done, dismissed and snoozed marks: each settles its own item only, and an open
complaint keeps coming back until it is resolved and the customer is satisfied."""

import datetime as dt

import pytest

from fieldcrm.clock import FrozenClock
from fieldcrm.model import AgendaMark, Complaint, Customer
from fieldcrm.rules.agenda import agenda
from fieldcrm.rules.settings import Settings
from fieldcrm.store import Store
from fieldcrm.workbook import Workbook
from tests.rules.helpers import DAY, NOW, contact, customer, facts_of, purchase

UTC = dt.timezone.utc


def _twins(**fields):
    """Two customers whose reasons have the very same keys: same birthday, same
    last contact (cadence), same soft-data date, same first order."""
    fields = {"birthday": "1990-11-24", "soft_confirmed": "2024-06-01", **fields}
    ann, bob = customer("Ann Lee", **fields), customer("Bob Wu", **fields)
    contacts = [contact(who, "2026-05-01T10:00:00Z") for who in (ann, bob)]
    deals = [purchase(who, "2025-12-20", 50.0) for who in (ann, bob)]
    return ann, bob, contacts, deals


def _items(facts, day=DAY, settings=None):
    plan = agenda(facts, day, settings or Settings(agenda_size=100), now=NOW if day == DAY else None)
    return {item.subject: item for item in plan.items + plan.also_due}


@pytest.mark.parametrize("action", ["done", "dismissed"])
def test_a_mark_settles_its_own_customers_reasons_not_a_namesake_keys(action):
    ann, bob, contacts, deals = _twins()
    before = _items(facts_of([ann, bob], contacts, deals))
    kinds = {r.kind for r in before[ann.id].reasons}
    assert {"birthday", "at_risk", "soft_data"} <= kinds  # the keys a trial saw shared
    assert before[ann.id].occurrences == before[bob.id].occurrences  # alike, key for key
    mark = AgendaMark(subject=ann.id, action=action, occurrences=before[ann.id].occurrences, day=DAY.isoformat())
    after = _items(facts_of([ann, bob], contacts, deals, marks=[mark]))
    assert ann.id not in after
    assert after[bob.id].occurrences == before[bob.id].occurrences


def test_a_festival_greeting_marked_for_one_customer_stays_for_the_others():
    ann, bob, contacts, deals = _twins(birthday="")
    new_years_eve_week = dt.date(2026, 12, 28)  # New Year's Day within the 7-day window
    before = _items(facts_of([ann, bob], contacts, deals), new_years_eve_week)
    festival = [r.occurrence for r in before[ann.id].reasons if r.occurrence.startswith("festival:")]
    assert festival and festival == [r.occurrence for r in before[bob.id].reasons
                                     if r.occurrence.startswith("festival:")]
    mark = AgendaMark(subject=ann.id, action="done", occurrences=festival, day="2026-12-28")
    after = _items(facts_of([ann, bob], contacts, deals, marks=[mark]), new_years_eve_week)
    assert festival[0] not in after[ann.id].occurrences
    assert festival[0] in after[bob.id].occurrences


def test_a_mark_saved_by_an_earlier_version_settles_only_its_subject():
    """Books already hold marks whose keys name no customer ("birthday:2026-11-24"):
    read as saved, they settle the marked customer's birthday, and nobody else's."""
    ann, bob, contacts, deals = _twins()
    saved = AgendaMark.from_dict({"id": "m-old", "subject": ann.id, "action": "done", "day": "2026-11-24",
                                  "occurrences": ["birthday:2026-11-24"]})
    after = _items(facts_of([ann, bob], contacts, deals, marks=[saved]))
    assert "birthday" not in {r.kind for r in after[ann.id].reasons}
    assert "birthday" in {r.kind for r in after[bob.id].reasons}


# ---------------------------------------------------------------- complaints


@pytest.fixture
def book(tmp_path):
    clock = FrozenClock("2026-11-24T09:30:00+00:00")
    store = Store.open(tmp_path / "book", clock=clock)
    work = Workbook(store, tz=UTC)
    ann = work.add(Customer(name="曹明", soft_confirmed="2026-06-01", created="2020-01-01T00:00:00Z"))
    complaint = work.add(Complaint(customer_id=ann.id, opened="2026-10-20", promised="2026-10-26",
                                   category="送货延迟"))
    yield work, ann, complaint, clock
    store.close()


def _complaint_reasons(work, subject):
    plan = work.agenda()
    item = next((i for i in plan.items + plan.also_due if i.subject == subject), None)
    return [r.kind for r in item.reasons if r.kind.startswith("complaint")] if item else []


@pytest.mark.parametrize("settle", ["done", "note", "dismiss"])
def test_an_open_complaint_past_its_promise_comes_back_every_day_until_resolved(book, settle):
    work, ann, complaint, clock = book
    for _day in range(3):  # settled today, back the next morning, day after day
        item = next(i for i in work.agenda().items + work.agenda().also_due if i.subject == ann.id)
        assert _complaint_reasons(work, ann.id) == ["complaint"]
        if settle == "dismiss":
            work.dismiss(item, "called, still waiting for the part")
        else:
            work.mark_done(item, log_contact=settle == "done")
        assert _complaint_reasons(work, ann.id) == []  # settled for today
        clock.advance(days=1)
    work.update(Complaint, complaint.id, status="resolved", resolved_on=clock.today().isoformat())
    assert _complaint_reasons(work, ann.id) == ["complaint_confirm"]
    work.mark_done(next(i for i in work.agenda().items if i.subject == ann.id))
    assert work.store.get(Complaint, complaint.id).status == "confirmed"
    for _day in range(3):  # confirmed satisfied: it never comes back
        clock.advance(days=1)
        assert _complaint_reasons(work, ann.id) == []


def test_a_resolved_complaint_not_yet_confirmed_comes_back_after_a_dismiss(book):
    work, ann, complaint, clock = book
    work.update(Complaint, complaint.id, status="resolved", resolved_on="2026-11-23")
    work.dismiss(next(i for i in work.agenda().items if i.subject == ann.id), "no answer")
    assert _complaint_reasons(work, ann.id) == []
    clock.advance(days=1)
    assert _complaint_reasons(work, ann.id) == ["complaint_confirm"]


def test_a_complaint_promised_later_waits_for_its_day(book):
    work, ann, complaint, clock = book
    work.update(Complaint, complaint.id, promised="2026-11-26")
    assert _complaint_reasons(work, ann.id) == []
    clock.advance(days=2)
    assert _complaint_reasons(work, ann.id) == ["complaint"]
