"""Done, snooze and dismiss, through the store, as a rep would do them."""

import datetime as dt

import pytest

from fieldcrm.clock import FrozenClock
from fieldcrm.model import Customer, FollowUp, Interaction, Referral
from fieldcrm.store import Store
from fieldcrm.workbook import Workbook

UTC = dt.timezone.utc
DAY = dt.date(2026, 11, 24)


@pytest.fixture
def book(tmp_path):
    clock = FrozenClock("2026-11-24T09:30:00+00:00")
    store = Store.open(tmp_path / "book", clock=clock)
    work = Workbook(store, tz=UTC)
    ann = work.add(Customer(name="王芳", birthday="1980-11-26", soft_confirmed="2026-06-01",
                            created="2020-01-01T00:00:00Z"))
    work.log_contact(Interaction(customer_id=ann.id, kind="visit", at="2026-08-17T10:00:00Z"))
    work.add(FollowUp(customer_id=ann.id, due="2026-11-23", reason="send quote"))
    yield work, ann, clock
    store.close()


def _item(work, subject, day=None):
    plan = work.agenda(day)
    return next((i for i in plan.items + plan.also_due if i.subject == subject), None)


def test_done_logs_the_contact_and_settles_every_reason(book):
    work, ann, clock = book
    item = _item(work, ann.id)
    assert {r.kind for r in item.reasons} == {"follow_up", "birthday", "cadence"}
    work.mark_done(item)
    assert _item(work, ann.id) is None
    notes = work.store.for_customer(Interaction, ann.id)
    assert notes[-1].kind == item.action and notes[-1].at == "2026-11-24T09:30:00Z"
    assert "send quote" in notes[-1].note
    assert work.store.for_customer(FollowUp, ann.id)[0].status == "done"
    clock.advance(days=1)  # the birthday is still ahead, but it was settled
    assert _item(work, ann.id) is None


def test_done_survives_a_reopen(book, tmp_path):
    work, ann, clock = book
    work.mark_done(_item(work, ann.id))
    work.store.close()
    with Store.open(tmp_path / "book", clock=clock) as store:
        assert _item(Workbook(store, tz=UTC), ann.id) is None


def test_snooze_hides_the_item_until_the_day_it_returns(book):
    work, ann, clock = book
    work.snooze(_item(work, ann.id), dt.date(2026, 11, 27))
    assert _item(work, ann.id) is None
    assert _item(work, ann.id, dt.date(2026, 11, 26)) is None
    assert _item(work, ann.id, dt.date(2026, 11, 27)) is not None
    with pytest.raises(ValueError):
        work.snooze(_item(work, ann.id, dt.date(2026, 11, 27)), DAY)


def test_dismiss_settles_these_reasons_but_a_new_occurrence_returns(book):
    work, ann, clock = book
    work.dismiss(_item(work, ann.id), "on holiday, asked us not to call")
    assert _item(work, ann.id) is None
    # A contact resets the cadence; 90 days later a new cycle is due again.
    work.log_contact(Interaction(customer_id=ann.id, kind="call", at="2026-11-24T09:00:00Z"))
    later = _item(work, ann.id, dt.date(2027, 2, 22))
    assert later is not None and [r.kind for r in later.reasons] == ["cadence"]


def test_done_thanks_the_referrer_and_contacts_the_lead(book):
    work, ann, clock = book
    work.log_contact(Interaction(customer_id=ann.id, kind="call", at="2026-11-24T08:00:00Z"))
    referral = work.add(Referral(referrer_id=ann.id, lead_name="Tom Baker", status_dates={"new": "2026-11-24"}))
    lead = _item(work, f"referral:{referral.id}")
    assert lead.tier == "lead" and lead.reasons[0].kind == "referral_new"
    work.mark_done(lead)
    thank = _item(work, ann.id)
    assert [r.kind for r in thank.reasons] == ["thank_referrer", "birthday"] or \
        "thank_referrer" in [r.kind for r in thank.reasons]
    work.mark_done(thank)
    saved = work.store.get(Referral, referral.id)
    assert saved.status == "contacted" and saved.status_dates["contacted"] == "2026-11-24"
    assert saved.thanked_on == "2026-11-24"


def test_the_suggested_message_is_personal(book):
    work, ann, clock = book
    work.update(Customer, ann.id, form_of_address="王总")
    item = _item(work, ann.id)
    assert item.template == "birthday"
    assert work.message(item).startswith("王总，生日快乐")
