"""Every reason kind, with expectations worked out by hand for Tuesday 24 Nov 2026."""

import pytest

from fieldcrm.model import Complaint, FollowUp, Referral
from fieldcrm.rules.settings import Settings
from tests.rules.helpers import DAY, contact, customer, facts_of, purchase, reasons_for

RECENT = "2026-11-20T10:00:00Z"  # a contact 4 days ago: no cadence reason


@pytest.mark.parametrize("last_contact, kind, expected", [
    # A customer with no purchases is tier C: every 90 days, "call" by default.
    ("2026-08-26T10:00:00Z", "visit", [("cadence", "call due today (tier C, every 90 days)")]),
    ("2026-08-17T10:00:00Z", "call", [("cadence", "call overdue by 9 days (tier C, every 90 days)")]),
    ("2026-08-27T10:00:00Z", "visit", []),
    # Any kind of contact counts: a greeting or a message too.
    ("2026-11-01T10:00:00Z", "greeting", []),
    ("2026-11-01T10:00:00Z", "message", []),
    # An event is not a contact with the customer.
    ("2026-08-17T10:00:00Z", "event", [("cadence", "no contact logged yet (tier C, every 90 days)")]),
    # Past twice the cadence it is one "at risk" reason, not two.
    ("2026-05-01T10:00:00Z", "visit",
     [("at_risk", "at risk: no contact for 207 days (over twice the 90-day cadence)")]),
])
def test_cadence_counts_from_the_last_contact_of_any_kind(last_contact, kind, expected):
    ann = customer(created="2026-01-01T00:00:00Z")
    facts = facts_of([ann], [contact(ann, last_contact, kind)])
    assert reasons_for(facts, ann.id) == expected


def test_cadence_uses_the_latest_of_several_contacts_and_the_customer_override():
    ann = customer(cadence_days=7, preferred_channel="message")
    facts = facts_of([ann], [contact(ann, "2026-06-01T10:00:00Z"), contact(ann, "2026-11-17T08:00:00Z", "call")])
    assert reasons_for(facts, ann.id) == [("cadence", "message due today (tier C, every 7 days)")]


def test_cadence_for_a_past_day_ignores_later_contacts():
    ann = customer()
    facts = facts_of([ann], [contact(ann, "2026-08-01T10:00:00Z"), contact(ann, "2026-11-20T10:00:00Z")])
    assert reasons_for(facts, ann.id, day=DAY.replace(month=11, day=1)) == [
        ("cadence", "call overdue by 2 days (tier C, every 90 days)")]


@pytest.mark.parametrize("birthday, expected", [
    ("1981-11-27", [("birthday", "birthday on Friday 27 Nov (turns 45)")]),
    ("1981-11-24", [("birthday", "birthday today (turns 45)")]),
    ("1990-11-25", [("birthday", "birthday tomorrow (turns 36)")]),
    ("0000-12-01", [("birthday", "birthday on Tuesday 1 Dec")]),  # year unknown: no age
    ("1981-12-02", []),  # eight days away: outside the week
    ("1981-11-23", []),  # yesterday
])
def test_birthdays_within_the_week(birthday, expected):
    ann = customer(birthday=birthday)
    assert reasons_for(facts_of([ann], [contact(ann, RECENT)]), ann.id) == expected


def test_company_and_first_deal_anniversaries():
    ann = customer(important_dates=[{"label": "company anniversary", "date": "2001-11-30"},
                                    {"label": "wedding", "date": "2026-11-25"}])  # this year: not yet
    facts = facts_of([ann], [contact(ann, RECENT)], [purchase(ann, "2024-11-26"), purchase(ann, "2025-03-01")])
    assert sorted(reasons_for(facts, ann.id)) == [
        ("anniversary", "company anniversary on Monday 30 Nov (25 years)"),
        ("anniversary", "first order with us on Thursday 26 Nov (2 years)"),
    ]


@pytest.mark.parametrize("followup, expected", [
    (FollowUp(id="f", due="2026-11-24", reason="send quote"), [("follow_up", "follow-up due today: send quote")]),
    (FollowUp(id="f", due="2026-11-21", reason="send quote"),
     [("follow_up", "follow-up overdue by 3 days: send quote")]),
    (FollowUp(id="f", due="2026-11-25", reason="send quote"), []),
    (FollowUp(id="f", due="2026-11-20", reason="send quote", status="done"), []),
    (FollowUp(id="f", due="2026-11-20", reason="x", status="snoozed", snoozed_until="2026-11-26"), []),
    (FollowUp(id="f", due="2026-11-24", time="10:30", reason="bring samples"),
     [("appointment", "appointment at 10:30: bring samples")]),
    (FollowUp(id="f", due="2026-11-23", time="10:30", reason="bring samples"),
     [("follow_up", "missed appointment on 23 Nov: bring samples")]),
])
def test_follow_ups_and_appointments(followup, expected):
    ann = customer()
    followup.customer_id = ann.id
    assert reasons_for(facts_of([ann], [contact(ann, RECENT)], followups=[followup]), ann.id) == expected


@pytest.mark.parametrize("complaint, expected", [
    (Complaint(id="k", category="late delivery", promised="2026-11-22"),
     [("complaint", "complaint past its promised date by 2 days: late delivery")]),
    (Complaint(id="k", category="late delivery", promised="2026-11-24"),
     [("complaint", "complaint promised for today: late delivery")]),
    (Complaint(id="k", category="late delivery", promised="2026-11-28"), []),
    (Complaint(id="k", category="wrong item"),
     [("complaint", "open complaint (wrong item) has no promised date: agree one")]),
    (Complaint(id="k", category="quality", status="resolved", resolved_on="2026-11-20"),
     [("complaint_confirm", "complaint resolved on 20 Nov (quality): confirm they are satisfied")]),
    (Complaint(id="k", category="quality", status="confirmed", confirmed_on="2026-11-21"), []),
])
def test_complaints(complaint, expected):
    ann = customer()
    complaint.customer_id = ann.id
    assert reasons_for(facts_of([ann], [contact(ann, RECENT)], complaints=[complaint]), ann.id) == expected


def test_a_new_referral_is_top_priority_for_a_day_then_still_due():
    ann = customer("Ann Lee")
    fresh = Referral(id="r1", referrer_id=ann.id, lead_name="Tom Baker", created="2026-11-24T08:00:00Z",
                     thanked_on="2026-11-24")
    older = Referral(id="r2", referrer_id=ann.id, lead_name="王伟", created="2026-11-20T08:00:00Z",
                     thanked_on="2026-11-20")
    facts = facts_of([ann], [contact(ann, RECENT)], referrals=[fresh, older])
    assert reasons_for(facts, "referral:r1") == [("referral_new", "new referral from Ann Lee: call within 24 hours")]
    assert reasons_for(facts, "referral:r2") == [
        ("referral_new", "new referral from Ann Lee, not yet contacted (added 20 Nov)")]
    assert reasons_for(facts, ann.id) == []  # both thanked


def test_a_lead_whose_referrer_left_the_book_names_no_raw_id():
    """A customer moved to another rep leaves the laptop; the lead the rep wrote stays (it is their
    work): its reason read "new referral from 0196d531-5430-72c9-…", the referrer's bare id."""
    ann = customer("Ann Lee")
    lead = Referral(id="r1", referrer_id="0196d531-5430-72c9-b290-240c8946249f", lead_name="Tom Baker",
                    created="2026-11-20T08:00:00Z")
    facts = facts_of([ann], [contact(ann, RECENT)], referrals=[lead])
    assert reasons_for(facts, "referral:r1") == [
        ("referral_new", "new referral from a customer no longer on this laptop, not yet contacted (added 20 Nov)")]


@pytest.mark.parametrize("referral, expected", [
    (Referral(id="r", lead_name="Tom", status="contacted"), [("thank_referrer", "thank for referring Tom")]),
    (Referral(id="r", lead_name="Tom", status="lost"),
     [("thank_referrer", "thank for referring Tom (the lead did not buy)")]),
    (Referral(id="r", lead_name="Tom", status="won", thanked_on="2026-11-01"),
     [("thank_referrer", "thank again: Tom bought")]),
    (Referral(id="r", lead_name="Tom", status="won", thanked_on="2026-11-01", thanked_won_on="2026-11-20"), []),
    # Never thanked before the lead bought: one thank is due, not two in a row.
    (Referral(id="r", lead_name="Tom", status="won"), [("thank_referrer", "thank for referring Tom, who bought")]),
    # Thanked once the lead had bought: nothing more is asked for the referral itself.
    (Referral(id="r", lead_name="Tom", status="won", thanked_won_on="2026-11-20"), []),
])
def test_thanking_the_referrer(referral, expected):
    ann = customer()
    referral.referrer_id = ann.id
    assert reasons_for(facts_of([ann], [contact(ann, RECENT)], referrals=[referral]), ann.id) == expected


@pytest.mark.parametrize("bought_on, amount, contacted, expected", [
    ("2026-11-17", 2400.0, RECENT.replace("20", "16", 1),
     [("after_sale", "satisfaction call: bought ¥2,400 on 17 Nov")]),
    ("2026-11-17", 1999.0, "2026-11-16T10:00:00Z", []),  # under the amount
    ("2026-11-17", 2400.0, "2026-11-18T10:00:00Z", []),  # already in touch since
    ("2026-11-20", 2400.0, "2026-11-16T10:00:00Z", []),  # only four days ago
    ("2026-10-20", 2400.0, "2026-11-16T10:00:00Z", []),  # too long ago to call it after-sale
])
def test_satisfaction_call_a_week_after_a_large_purchase(bought_on, amount, contacted, expected):
    ann = customer()
    facts = facts_of([ann], [contact(ann, contacted)], [purchase(ann, bought_on, amount)])
    assert [r for r in reasons_for(facts, ann.id) if r[0] == "after_sale"] == expected


def test_the_after_sale_amount_is_a_setting():
    ann = customer()
    facts = facts_of([ann], [contact(ann, "2026-11-16T10:00:00Z")], [purchase(ann, "2026-11-17", 600.0)])
    assert reasons_for(facts, ann.id, settings=Settings(after_sale_amount=500, agenda_size=10))[0][0] == "after_sale"


@pytest.mark.parametrize("dates, expected", [
    # Every 30 days; last 27 days ago = 90% of the cycle: expect the re-order.
    (["2026-08-29", "2026-09-28", "2026-10-28"],
     [("reorder", "expected re-order: buys about every 30 days, last on 28 Oct (27 days ago)")]),
    (["2026-08-30", "2026-09-29", "2026-10-29"], []),  # 26 days: not yet
    # 62 days: over twice the cycle, so at risk instead.
    (["2026-07-25", "2026-08-24", "2026-09-23"],
     [("at_risk", "at risk: no purchase for 62 days (usually every 30)")]),
    (["2026-09-28", "2026-10-28"], []),  # two purchases are too few to know a cycle
])
def test_expected_reorder_from_the_customers_own_cycle(dates, expected):
    ann = customer()
    facts = facts_of([ann], [contact(ann, RECENT)], [purchase(ann, d, 100.0) for d in dates])
    assert [r for r in reasons_for(facts, ann.id) if r[0] in ("reorder", "at_risk")] == expected


def test_at_risk_when_spending_falls_under_half_the_usual_quarter():
    ann = customer()
    # 2,100 in the year = 525 a quarter; 100 in the last 90 days is under half of that.
    deals = [purchase(ann, "2026-01-10", 1000.0), purchase(ann, "2026-04-10", 1000.0),
             purchase(ann, "2026-09-10", 100.0)]
    facts = facts_of([ann], [contact(ann, RECENT)], deals)
    assert reasons_for(facts, ann.id) == [
        ("at_risk", "at risk: spent ¥100 in 90 days, under half the usual ¥525 a quarter")]


def test_stale_soft_data_rides_along_with_a_due_contact_only():
    stale = customer("Stale", soft_confirmed="2025-11-01")
    due = customer("Due", soft_confirmed="2025-11-01")
    facts = facts_of([stale, due], [contact(stale, RECENT), contact(due, "2026-08-17T10:00:00Z")])
    assert reasons_for(facts, stale.id) == []
    assert reasons_for(facts, due.id) == [
        ("cadence", "call overdue by 9 days (tier C, every 90 days)"),
        ("soft_data", "soft data last confirmed on 1 Nov 2025 (over a year ago)"),  # as the app says days
    ]


def test_whole_days_count_in_the_reps_own_time_zone():
    import datetime as dt

    from fieldcrm.rules.reasons import Day
    from fieldcrm.rules.settings import Settings

    zones = [dt.timezone.utc, dt.timezone(dt.timedelta(hours=8)), dt.timezone(dt.timedelta(hours=-5, minutes=-30))]
    instants = ["2026-11-23T15:59:00Z", "2026-11-23T16:00:00Z", "2026-11-24T03:00:00Z", "2026-11-20T23:30:00Z"]
    for tz in zones:
        day = Day(DAY, "", tz, Settings(), {})
        for iso in instants:
            expected = (DAY - dt.datetime.fromisoformat(iso).astimezone(tz).date()).days
            assert day.days_since(iso) == expected, (tz, iso)
