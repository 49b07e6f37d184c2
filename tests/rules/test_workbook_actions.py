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


def _thank_reasons(work, ann):
    item = _item(work, ann.id)
    return [r.text for r in item.reasons if r.kind == "thank_referrer"] if item else []


@pytest.mark.parametrize("thanked_before_the_win", [False, True])
def test_thanked_after_the_win_is_not_asked_again(book, thanked_before_the_win):
    work, ann, clock = book
    referral = work.add(Referral(referrer_id=ann.id, lead_name="Tom Baker", status="meeting",
                                 status_dates={"new": "2026-11-10"}))
    if thanked_before_the_win:
        work.thank_referrer(referral.id)
    work.win_referral(referral.id)
    assert _thank_reasons(work, ann) == (["thank again: Tom Baker bought"] if thanked_before_the_win
                                         else ["thank for referring Tom Baker, who bought"])
    work.thank_referrer(referral.id)  # Thanked, on the Referrals screen
    assert _thank_reasons(work, ann) == []
    saved = work.store.get(Referral, referral.id)
    assert (saved.thanked_on, saved.thanked_won_on) == ("2026-11-24", "2026-11-24")


def test_done_on_today_after_the_win_settles_every_thank(book):
    work, ann, clock = book
    referral = work.add(Referral(referrer_id=ann.id, lead_name="Tom Baker", status="meeting",
                                 status_dates={"new": "2026-11-10"}))
    work.win_referral(referral.id)
    work.mark_done(_item(work, ann.id))
    clock.advance(days=1)
    assert _thank_reasons(work, ann) == []  # not "thank for referring Tom Baker" the next day


def test_a_won_lead_becomes_a_customer_referred_by_the_referrer(book):
    work, ann, clock = book
    referral = work.add(Referral(referrer_id=ann.id, lead_name="Tom Baker", lead_phone="+44 7700 900123",
                                 status="meeting", status_dates={"new": "2026-11-10", "meeting": "2026-11-20"}))
    customer, existed = work.win_referral(referral.id)
    assert not existed and (customer.name, customer.phones) == ("Tom Baker", ["+44 7700 900123"])
    assert work.store.get(Customer, customer.id).name == "Tom Baker" and customer.id in work.facts.customers
    saved = work.store.get(Referral, referral.id)
    assert (saved.status, saved.lead_customer_id, saved.status_dates["won"]) == ("won", customer.id, "2026-11-24")
    assert [r.referrer_id for r in work.referred_by(customer.id)] == [ann.id]
    assert [c.id for c in work.search.search("Tom Baker")] == [customer.id]  # found as you type


@pytest.mark.parametrize("lead, existing", [
    (dict(lead_name="T. Baker", lead_phone="07700 900123"), dict(name="Tom Baker", phones=["+44 7700 900123"])),
    (dict(lead_name="Tom", lead_email="Tom@Baker.co.uk"), dict(name="Tom Baker", email="tom@baker.co.uk")),
    (dict(lead_name="tom  baker"), dict(name="Tom Baker")),
])
def test_a_won_lead_already_in_the_book_is_linked_not_duplicated(book, lead, existing):
    work, ann, clock = book
    tom = work.add(Customer(**existing))
    referral = work.add(Referral(referrer_id=ann.id, status="meeting", **lead))
    before = work.store.count(Customer)
    customer, existed = work.win_referral(referral.id)
    assert existed and customer.id == tom.id and work.store.count(Customer) == before
    assert work.store.get(Referral, referral.id).lead_customer_id == tom.id


def test_the_suggested_message_is_personal(book):
    work, ann, clock = book
    work.update(Customer, ann.id, form_of_address="王总")
    item = _item(work, ann.id)
    assert item.template == "birthday"
    assert work.message(item).startswith("王总，生日快乐")
