"""Every record type goes in and comes back out, across a close and reopen."""

import pytest

from fieldcrm.demo import DemoSize, build_demo
from fieldcrm.model import (
    AgendaMark, Complaint, Customer, Event, FollowUp, Interaction, Invitation, Notice, Outreach, Purchase,
    Referral, Rep, TABLES,
)
from fieldcrm.store import ReadOnlyBook, Store
from tests.conftest import TODAY


def _one_of_each(customer_id: str) -> list:
    return [
        Customer(name="李娜 [bold]x[/]", phones=["+86 138 0000 0000"], tags=["vip"],
                 important_dates=[{"label": "wedding", "date": "2010-05-20"}], cadence_days=21),
        Purchase(customer_id=customer_id, date="2026-11-01", item="Paint", amount=2400.5, margin=300.0),
        Interaction(customer_id=customer_id, kind="call", at="2026-11-24T09:00:00Z",
                    note="line one\nline two", satisfaction=5, referral_asked=True),
        FollowUp(customer_id=customer_id, due="2026-11-30", time="10:30", reason="bring samples"),
        Complaint(customer_id=customer_id, opened="2026-11-20", promised="2026-11-27",
                  steps_done=["listen", "apologise"], description="late delivery"),
        Referral(referrer_id=customer_id, lead_name="Tom Baker", status="contacted",
                 status_dates={"new": "2026-11-20", "contacted": "2026-11-21"}),
        AgendaMark(subject=customer_id, action="snoozed", occurrences=["birthday:2026-11-27"],
                   day="2026-11-24", until="2026-11-26"),
        Notice(kind="promotion", title="Winter paint offer", text="{address}, our offer starts {start}",
               starts="2026-12-01", ends="2026-12-15", audience={"area": ["Pudong"], "tier": ["A"]}),
        Event(title="VIP evening", day="2026-12-10", time="18:30", place="the shop"),
        Outreach(customer_id=customer_id, notice_id="n-1", title="Winter paint offer", message="Dear 李总 …"),
        Invitation(event_id="e-1", customer_id=customer_id, reply="maybe", feedback_tags=["product"]),
    ]


def test_every_record_type_round_trips_through_the_store(book_path, clock):
    with Store.open(book_path, clock=clock) as store:
        saved = _one_of_each("c-1")
        for record in saved:
            store.add(record)
    with Store.open(book_path, clock=clock) as store:
        for record in saved:
            assert store.get(type(record), record.id) == record
    assert {type(r) for r in saved} == set(TABLES.values())


def test_records_round_trip_after_a_checkpoint_too(book_path, clock):
    with Store.open(book_path, clock=clock) as store:
        saved = [store.add(r) for r in _one_of_each("c-2")]
        store.checkpoint()
        store.add(Interaction(customer_id="c-2", note="after the snapshot"))
    with Store.open(book_path, clock=clock) as store:
        assert all(store.get(type(r), r.id) == r for r in saved)
        assert [i.note for i in store.for_customer(Interaction, "c-2")][-1] == "after the snapshot"


def test_add_fills_id_and_creation_time(store, clock):
    note = store.add(Interaction(customer_id="c"))
    assert len(note.id) == 36 and note.created == "2026-11-24T09:30:00Z"


def test_update_changes_only_the_named_fields_and_survives_reopen(demo_book, clock):
    with Store.open(demo_book, clock=clock) as store:
        customer = store.all(Customer)[0]
        updated = store.update(Customer, customer.id, hobbies="golf, 书法", cadence_days=10)
    assert updated.hobbies == "golf, 书法" and updated.name == customer.name
    with Store.open(demo_book, clock=clock) as store:
        again = store.get(Customer, customer.id)
        assert (again.hobbies, again.cadence_days, again.phones) == ("golf, 书法", 10, customer.phones)


def test_update_can_set_a_field_back_to_its_default(store):
    customer = store.all(Customer)[0]
    store.update(Customer, customer.id, tier_override="A")
    store.update(Customer, customer.id, tier_override="")
    assert store.get(Customer, customer.id).tier_override == ""


def test_update_rejects_unknown_fields_and_unknown_records(store):
    customer = store.all(Customer)[0]
    with pytest.raises(ValueError):
        store.update(Customer, customer.id, shoe_size=42)
    with pytest.raises(KeyError):
        store.update(Customer, "no-such-id", name="x")


def test_delete_is_a_tombstone(store):
    customer = store.all(Customer)[0]
    store.delete(Customer, customer.id)
    assert store.get(Customer, customer.id) is None
    assert store.get(Customer, customer.id, include_deleted=True).deleted is True
    assert customer.id not in {c.id for c in store.all(Customer)}


def test_for_customer_uses_the_link_and_follows_a_moved_record(store):
    a, b = store.all(Customer)[:2]
    note = store.add(Interaction(customer_id=a.id, note="mine"))
    assert note.id in {i.id for i in store.for_customer(Interaction, a.id)}
    store.update(Interaction, note.id, customer_id=b.id)
    assert note.id not in {i.id for i in store.for_customer(Interaction, a.id)}
    assert note.id in {i.id for i in store.for_customer(Interaction, b.id)}


def test_documents_are_sparse_but_read_back_whole(store):
    note = store.add(Interaction(customer_id="c", note="short"))
    raw = store.raw(Interaction, note.id)
    assert "outcome" not in raw and "satisfaction" not in raw  # defaults are not stored
    assert store.get(Interaction, note.id).outcome == ""


def test_each_change_is_stamped_for_sync(store):
    customer = store.all(Customer)[0]
    store.update(Customer, customer.id, email="new@example.com")
    raw = store.raw(Customer, customer.id)
    history = raw["_h"]["email"]  # the creation's version and the edit, written over it
    edit = max(history)
    assert edit.endswith("." + store.replica) and history[edit] == ["new@example.com", [min(history)]]
    entries = list(store.changes_since(0))
    assert entries[-1]["t"] == "customers" and entries[-1]["f"] == {"email": "new@example.com"}
    assert entries[-1]["b"] == {"email": [min(history)]}
    assert [e["seq"] for e in store.changes_since(store.seq - 1)] == [store.seq]


def test_the_reps_card_is_saved(book_path, clock):
    with Store.open(book_path, clock=clock) as store:
        store.set_rep(Rep(name="陈立", phone="+86 138", email="a@b.c"))
        replica = store.replica
    with Store.open(book_path, clock=clock) as store:
        assert store.rep.name == "陈立" and store.rep.replica == replica


def test_the_reps_card_keeps_no_control_characters(tmp_path, clock):
    Store.create(tmp_path / "book", [], rep=Rep(name="王芳 Wang\x1b[31m\x07", company="Acme\x1b]0;pwned\x07"),
                 clock=clock)
    with Store.open(tmp_path / "book", clock=clock) as store:
        assert (store.rep.name, store.rep.company) == ("王芳 Wang", "Acme")  # as created
        store.set_rep(Rep(name="Kate\x1b[2J Lin\n", phone="+86\x00 138"))
    with Store.open(tmp_path / "book", clock=clock) as store:
        assert (store.rep.name, store.rep.phone) == ("Kate Lin", "+86 138")  # as set in Settings


def test_a_read_only_store_refuses_changes(demo_book, clock):
    with Store.open(demo_book, clock=clock, read_only=True) as store:
        with pytest.raises(ReadOnlyBook):
            store.add(Interaction(customer_id="x"))


def test_the_snapshot_is_a_plain_tinydb_file(demo_book):
    from tinydb import TinyDB

    db = TinyDB(demo_book / "book.json")
    names = {doc["name"] for doc in db.table("customers").all()}
    db.close()
    records = build_demo(DemoSize(40), seed=3, today=TODAY)
    assert names == {r.name for r in records if isinstance(r, Customer)}
