"""A notice in the book: created with its messages, sent by clipboard or CSV, logged, never twice."""

import csv
import datetime as dt
import io

import pytest

from fieldcrm import outreach
from fieldcrm.clock import FrozenClock
from fieldcrm.ids import derived_id
from fieldcrm.model import Customer, Interaction, Notice, Outreach, Purchase, Rep
from fieldcrm.store import Store
from fieldcrm.store.outside_files import OutputRefused
from fieldcrm.workbook import Workbook

NOW = "2026-11-24T09:30:00+00:00"
C = {short: derived_id("notice-tests", short) for short in ("ann", "bo", "cy", "di", "ed", "fay")}
SHORT = {cid: short for short, cid in C.items()}


@pytest.fixture
def work(tmp_path):
    Store.create(tmp_path / "book", [], rep=Rep(name="Alex"), clock=FrozenClock(NOW))
    store = Store.open(tmp_path / "book", clock=FrozenClock(NOW))
    old = "2026-01-01T00:00:00Z"
    store.add_many([
        Customer(id=C["ann"], name="Ann Lee", form_of_address="Ms Lee", area="Riverside", tier_override="A",
                 phones=["+1 555 0100"], created=old),
        Customer(id=C["bo"], name="Bo Chan", area="Riverside", tier_override="A", phones=["=HYPERLINK(1)"],
                 created=old),
        Customer(id=C["cy"], name="Cy Park", area="Riverside", tier_override="A", promo_attitude="dislikes being sold to",
                 phones=["+1 555 0102"], created=old),
        Customer(id=C["di"], name="Di Wu", area="Riverside", tier_override="A", created=old),  # no phone
        Customer(id=C["ed"], name="Ed Fox", area="Harbour", tier_override="A", phones=["+1 555 0104"], created=old),
        Customer(id=C["fay"], name="Fay Ng", area="Riverside", tier_override="C", phones=["+1 555 0105"], created=old),
    ])
    store.add(Purchase(customer_id=C["ann"], date="2026-10-01", item="Tea set", amount=300))
    work = Workbook(store, tz=dt.timezone.utc)
    yield work
    store.close()


def tier_a_riverside(**fields):
    return Notice(kind="promotion", title="the winter tea sale", starts="2026-12-01", ends="2026-12-10",
                  audience={"tier": ["A"], "area": ["Riverside"]}, **fields)


def contacts_of(work, notice_id):
    return {SHORT[i.customer_id]: i for i in work.store.all(Interaction) if i.notice_id == notice_id}


def test_creating_a_notice_saves_one_message_per_customer_and_the_left_out(work):
    notice, found = outreach.create(work, tier_a_riverside())
    messages = {SHORT[o.customer_id]: o for o in outreach.messages_of(work, notice.id)}
    assert set(messages) == {"ann", "bo", "cy", "di"}
    assert messages["ann"].status == "pending" and messages["ann"].message.startswith("Dear Ms Lee")
    assert "Tea set" in messages["ann"].message
    assert messages["cy"].status == "skipped" and messages["cy"].left_out.startswith("no promotions")
    assert work.store.get(Notice, notice.id).audience == {"area": ["Riverside"], "tier": ["A"]}


def test_sending_logs_a_message_contact_moves_the_cadence_and_never_twice(work):
    before = {SHORT.get(item.customer_id) for item in work.agenda().items + work.agenda().also_due}
    assert "ann" in before  # never contacted: due
    notice, _ = outreach.create(work, tier_a_riverside())
    ann = next(o for o in outreach.pending(work, notice.id) if o.customer_id == C["ann"])
    assert outreach.send(work, ann, "clipboard")
    assert not outreach.send(work, ann, "clipboard")  # already sent: not again
    sent = work.store.get(Outreach, ann.id)
    assert (sent.status, sent.sent_on, sent.channel) == ("sent", "2026-11-24", "clipboard")
    logged = contacts_of(work, notice.id)
    assert list(logged) == ["ann"] and logged["ann"].kind == "message" and logged["ann"].note == ann.message
    after = {SHORT.get(item.customer_id) for item in work.agenda().items + work.agenda().also_due}
    assert "ann" not in after  # the message counts as contact: the next one is due a cadence later
    # A second look at the same notice lists Ann as already sent.
    again = outreach.preview(work, work.store.get(Notice, notice.id))
    assert next(r for r in again if r.customer_id == C["ann"]).left_out == "already sent this notice on 2026-11-24"


def test_the_csv_has_name_phone_and_message_formula_safe_and_marks_them_sent(work, tmp_path):
    notice, _ = outreach.create(work, tier_a_riverside())
    written, no_phone = outreach.export_csv(work, notice.id, tmp_path / "out.csv")
    assert (written, no_phone) == (2, 1)  # Ann and Bo; Di has no phone and stays pending
    data = (tmp_path / "out.csv").read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Phone", "Message"]
    assert [r[:2] for r in rows[1:]] == [["Ann Lee", "+1 555 0100"], ["Bo Chan", "'=HYPERLINK(1)"]]
    assert set(contacts_of(work, notice.id)) == {"ann", "bo"}
    assert [SHORT[o.customer_id] for o in outreach.pending(work, notice.id)] == ["di"]
    with pytest.raises(outreach.NoticeError, match="with a phone number"):  # nothing left to export
        outreach.export_csv(work, notice.id, tmp_path / "again.csv")
    assert not (tmp_path / "again.csv").exists()


def test_the_csv_is_never_written_over_a_file_or_into_the_book(work, tmp_path):
    notice, _ = outreach.create(work, tier_a_riverside())
    (tmp_path / "taken.csv").write_text("mine")
    with pytest.raises(OutputRefused):
        outreach.export_csv(work, notice.id, tmp_path / "taken.csv")
    with pytest.raises(OutputRefused):
        outreach.export_csv(work, notice.id, work.store.folder / "x.csv")
    assert (tmp_path / "taken.csv").read_text() == "mine"
    assert not contacts_of(work, notice.id)  # nothing was marked sent


def test_a_notice_needs_a_title_dates_and_someone_to_reach(work):
    for bad, words in [(Notice(kind="promotion", title="", starts="2026-12-01", ends="2026-12-02"), "title"),
                       (Notice(kind="promotion", title="x"), "start and end"),
                       (Notice(kind="other", title="x", starts="2026-12-05", ends="2026-12-01"), "ends before"),
                       (Notice(kind="other", title="x", audience={"area": ["Nowhere"]}), "No customer")]:
        with pytest.raises(outreach.NoticeError, match=words):
            outreach.create(work, bad)
    assert not work.store.all(Notice) and not work.store.all(Outreach)


def test_a_promotion_follow_up_comes_near_its_end_for_who_did_not_buy_and_settles_once(tmp_path, work):
    notice, _ = outreach.create(work, tier_a_riverside())
    for message in outreach.pending(work, notice.id):
        outreach.send(work, message, "clipboard")
    work.add_purchase(Purchase(customer_id=C["bo"], date="2026-12-02", item="Tea", amount=50))
    day = dt.date(2026, 12, 8)
    reasons = {SHORT.get(i.customer_id): [r.kind for r in i.reasons] for i in work.agenda(day).items + work.agenda(day).also_due}
    assert "promo_follow_up" in reasons["ann"] and "promo_follow_up" in reasons["di"]
    assert "promo_follow_up" not in reasons.get("bo", [])  # bought during it
    assert "promo_follow_up" not in reasons.get("cy", [])  # never told (left out)
    assert not any("promo_follow_up" in r for r in
                   ({i.customer_id: [x.kind for x in i.reasons] for i in work.agenda(dt.date(2026, 12, 6)).items}
                    .values()))
    # Reopened from disk, the book still knows who was told.
    reopened = Workbook(work.store, tz=dt.timezone.utc)
    item = next(i for i in reopened.agenda(day).items + reopened.agenda(day).also_due if i.customer_id == C["ann"])
    assert any(r.kind == "promo_follow_up" for r in item.reasons) and item.template == "promo_reminder"
    reopened.mark_done(item)
    for later in (dt.date(2026, 12, 9), dt.date(2026, 12, 10)):
        items = reopened.agenda(later).items + reopened.agenda(later).also_due
        assert not any(r.kind == "promo_follow_up" for i in items if i.customer_id == C["ann"] for r in i.reasons)
