"""The rep's report counts the rep's own work; a colleague's marks leave the rep's list alone.

One book, Ann's, holding records Bob wrote (as a morning file brings them).
"""

import datetime as dt

import pytest

from fieldcrm.clock import FrozenClock
from fieldcrm.model import AgendaMark, Customer, FollowUp, Interaction, Referral
from fieldcrm.store import Store
from fieldcrm.workbook import Workbook

UTC = dt.timezone.utc
DAY = dt.date(2026, 11, 24)
BOB = "0193b0c0-0000-7000-8000-00000000b0b0"
WANG = "0193b0c0-0000-7000-8000-0000000000a1"


@pytest.fixture
def ann(tmp_path):
    store = Store.open(tmp_path / "book", clock=FrozenClock("2026-11-24T09:30:00+00:00"))
    work = Workbook(store, tz=UTC)
    work.add(Customer(id=WANG, name="王芳", birthday="1980-11-26", soft_confirmed="2026-06-01",
                      created="2020-01-01T00:00:00Z"))
    yield work
    store.close()


def test_follow_ups_count_for_the_rep_who_marked_them_done(ann):
    bobs_left = ann.add(FollowUp(customer_id=WANG, due="2026-11-20", reason="quote", rep_id=BOB))
    ann.add(FollowUp(customer_id=WANG, due="2026-11-19", reason="samples", rep_id=BOB,
                     status="done", done_at="2026-11-23T10:00:00Z"))  # Bob did his own
    ann.update(FollowUp, bobs_left.id, status="done", done_at="2026-11-24T09:00:00Z")  # Ann did Bob's
    ann.add(FollowUp(customer_id=WANG, due="2026-11-23", reason="call back", status="done",
                     done_at="2026-11-23T11:00:00Z"))  # Ann's own
    assert ann.report("week", DAY).activity[-1].followups_done == 2


def test_the_referral_funnel_counts_the_referrals_the_rep_took_down(ann):
    ann.log_contact(Interaction(customer_id=WANG, kind="visit", referral_asked=True, at="2026-11-23T10:00:00Z"))
    ann.log_contact(Interaction(customer_id=WANG, kind="visit", referral_asked=True, at="2026-11-23T12:00:00Z",
                                rep_id=BOB))
    ann.add(Referral(referrer_id=WANG, lead_name="李伟", status_dates={"new": "2026-11-23"}))
    ann.add(Referral(referrer_id=WANG, lead_name="张敏", status="won", rep_id=BOB,
                     status_dates={"new": "2026-11-23", "won": "2026-11-24"}))
    assert ann.report("week", DAY).funnel == {"asked": 1, "received": 1, "contacted": 0, "won": 0}


def test_a_colleagues_marks_never_settle_or_hide_the_reps_item(ann):
    def item():
        plan = ann.agenda()
        return next((i for i in plan.items + plan.also_due if i.subject == WANG), None)

    first = item()
    assert first is not None and "birthday" in {r.kind for r in first.reasons}
    ann.store.add(AgendaMark(subject=WANG, action="done", occurrences=first.occurrences,
                             day="2026-11-24", rep_id=BOB))
    ann.store.add(AgendaMark(subject=WANG, action="snoozed", day="2026-11-24", until="2026-12-01", rep_id=BOB))
    ann.reload_facts()  # as after the import that brought Bob's marks
    assert item() is not None and item().occurrences == first.occurrences
    ann.dismiss(item(), "met her at the fair")  # Ann's own mark still settles it
    assert item() is None
