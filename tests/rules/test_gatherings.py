"""A gathering through the book: the invite list, sending, replies, attendance, feedback; and Today."""

import csv
import datetime as dt
import io

import pytest

from fieldcrm import gatherings
from fieldcrm.clock import FrozenClock
from fieldcrm.model import Customer, Interaction, Invitation, Outreach, Purchase
from fieldcrm.rules.gatherings import invitation_text, parse_audience
from fieldcrm.store import Store
from fieldcrm.store.errors import BookError
from fieldcrm.workbook import Workbook

UTC = dt.timezone.utc


@pytest.fixture
def book(tmp_path):
    clock = FrozenClock("2026-11-24T09:30:00+00:00")
    store = Store.open(tmp_path / "book", clock=clock)
    work = Workbook(store, tz=UTC)
    old = "2020-01-01T00:00:00Z"
    people = {
        "wang": work.add(Customer(name="王芳", form_of_address="王总", area="North", created=old,
                                  soft_confirmed="2026-06-01", phones=["138 0000 0001"])),
        "lee": work.add(Customer(name="Ann Lee", form_of_address="Ms Lee", area="North", tags=["vip"],
                                 created=old, soft_confirmed="2026-06-01", cadence_days=30)),
        "south": work.add(Customer(name="Bo South", area="South", created=old, soft_confirmed="2026-06-01")),
    }
    work.add_purchase(Purchase(customer_id=people["lee"].id, date="2026-03-01", item="Tea set", amount=50))
    # Seen recently: the cadence alone would not bring Ann Lee back for weeks.
    work.log_contact(Interaction(customer_id=people["lee"].id, kind="visit", at="2026-11-20T10:00:00Z"))
    yield work, people, clock
    store.close()


def _reasons(work, customer_id):
    plan = work.agenda()
    item = next((i for i in plan.items + plan.also_due if i.customer_id == customer_id), None)
    return [r.kind for r in item.reasons] if item else []


def test_the_invite_list_is_built_like_a_notices_audience(book):
    work, people, _clock = book
    assert [c.name for c in gatherings.audience(work, parse_audience(["area=north"]))] == ["Ann Lee", "王芳"]
    assert [c.name for c in gatherings.audience(work, {"area": ["North"], "tag": ["VIP"]})] == ["Ann Lee"]
    assert [c.name for c in gatherings.audience(work, {"product": ["tea set"]})] == ["Ann Lee"]
    with pytest.raises(ValueError, match="key=value"):
        parse_audience(["colour=red"])


def test_each_invitation_is_personal_in_the_customers_language(book):
    work, people, _clock = book
    event = gatherings.new_event(work, "VIP evening", "2026-11-28", "19:00", "the shop")
    gatherings.invite(work, event, [people["wang"], people["lee"]])
    messages = gatherings.outreach_of(work, event.id)
    assert messages[people["wang"].id].message.startswith("王总您好！诚邀您参加11月28日 19:00在the shop举行的VIP evening")
    assert messages[people["lee"].id].message.startswith("Dear Ms Lee, you are warmly invited to VIP evening on "
                                                         "28 November at 19:00, the shop.")
    # A name with braces is data, not a template.
    odd = Customer(name="{rep}{place}")
    assert invitation_text(odd, event, "Rep").startswith("Dear {rep}{place}, ")


def test_sending_logs_a_message_and_moves_the_cadence(book):
    work, people, _clock = book
    event = gatherings.new_event(work, "VIP evening", "2026-11-28", place="the shop")
    gatherings.invite(work, event, [people["wang"], people["south"]])
    assert "cadence" in _reasons(work, people["wang"].id)
    (first, message), _second = gatherings.pending(work, event.id)
    gatherings.mark_sent(work, message, "clipboard")
    logged = work.store.for_customer(Interaction, first.id)
    assert [(i.kind, i.notice_id, i.note) for i in logged] == [("message", event.id, message.message)]
    sent = work.store.get(Outreach, message.id)
    assert (sent.status, sent.sent_on, sent.channel) == ("sent", "2026-11-24", "clipboard")
    assert "cadence" not in _reasons(work, first.id)  # just contacted
    data, count = gatherings.export_csv(work, event.id)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert count == 1 and rows[0] == ["Name", "Phone", "Text"] and rows[1][0] == "王芳"
    assert rows[1][1] == "138 0000 0001" and rows[1][2].startswith("王总您好")
    assert gatherings.mark_all_sent(work, event.id, "csv") == 1
    assert gatherings.pending(work, event.id) == []


def test_an_unreplied_invitation_comes_up_before_the_event_and_a_reply_settles_it(book):
    work, people, clock = book
    lee = people["lee"]
    event = gatherings.new_event(work, "VIP evening", "2026-12-10", place="the shop")
    gatherings.invite(work, event, [lee])
    gatherings.mark_all_sent(work, event.id, "clipboard")
    assert _reasons(work, lee.id) == []  # sixteen days before: not yet
    clock.advance(days=10)  # six days before
    plan = work.agenda()
    item = next(i for i in plan.items if i.customer_id == lee.id)
    assert item.reasons[0].kind == "invitation"
    assert item.reasons[0].text == "invited to VIP evening in 6 days: no reply yet"
    assert "will you be able to join us" in work.message(item)
    invitation = gatherings.find_invitation(work, event, "ann lee")
    gatherings.reply(work, invitation, "yes")
    assert "invitation" not in _reasons(work, lee.id)


def test_marking_it_done_on_today_settles_the_reminder_once(book):
    work, people, clock = book
    event = gatherings.new_event(work, "Product day", "2026-11-26")
    gatherings.invite(work, event, [people["lee"]])
    gatherings.mark_all_sent(work, event.id, "clipboard")
    plan = work.agenda()
    work.mark_done(next(i for i in plan.items if i.customer_id == people["lee"].id))
    clock.advance(days=1)
    assert "invitation" not in _reasons(work, people["lee"].id)


def test_attendance_counts_as_contact_and_feedback_is_kept(book, tmp_path):
    work, people, clock = book
    south = people["south"]
    event = gatherings.new_event(work, "Product day", "2026-11-24")
    gatherings.invite(work, event, [south])
    invitation = gatherings.invitations(work, event.id)[0]
    assert "cadence" in _reasons(work, south.id)
    gatherings.attend(work, invitation)
    assert "cadence" not in _reasons(work, south.id)
    logged = work.store.for_customer(Interaction, south.id)
    assert [(i.kind, i.notice_id) for i in logged] == [("event", event.id)]
    gatherings.feedback(work, invitation, "Loved the new kettle, too pricey", ["product", "price"], "Kettle")
    kept = work.store.get(Invitation, invitation.id)
    assert (kept.attended, kept.feedback_tags, kept.product) == (True, ["product", "price"], "Kettle")
    work.store.close()
    # Reopened: the attendance still counts (facts are loaded from the book).
    with Store.open(tmp_path / "book", clock=clock) as store:
        assert "cadence" not in _reasons(Workbook(store, tz=UTC), south.id)


def test_bad_input_is_one_sentence(book):
    work, people, _clock = book
    event = gatherings.new_event(work, "Product day", "2026-11-24")
    with pytest.raises(BookError, match="not on the invite list"):
        gatherings.find_invitation(work, event, "Nobody")
    with pytest.raises(BookError, match="No event is called"):
        gatherings.find_event(work, "Gala")
    gatherings.invite(work, event, [people["lee"]])
    with pytest.raises(BookError, match="Reply yes, no or maybe"):
        gatherings.reply(work, gatherings.invitations(work, event.id)[0], "perhaps")
    with pytest.raises(ValueError, match="not a feedback tag"):
        gatherings.parse_tags("product, colour")


def test_filters_typed_on_one_line_take_values_with_spaces():
    from fieldcrm.rules.gatherings import audience_from_text
    assert audience_from_text('area=Old Town tier=A,B tag="tea lover"') == \
        {"area": ["Old Town"], "tier": ["A", "B"], "tag": ["tea lover"]}
    assert audience_from_text("area = 浦东 新区") == {"area": ["浦东 新区"]}
    assert audience_from_text("  ") == {}
    for bad in ("Old Town", "colour=red", "Old Town area=x"):
        with pytest.raises(ValueError, match="key=value"):
            audience_from_text(bad)
