"""Merging is order-free and loses nothing: Hypothesis over random changes from 2–5 replicas."""

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldcrm.model import TABLES
from fieldcrm.store import merge
from fieldcrm.store.writing import DEFAULTS
from tests.sync.sim import apply_all, canon, merged, run

OPS = st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["create", "note", "edit", "edit", "delete", "sync"]),
                         st.integers(0, 4), st.integers(0, 9)), min_size=1, max_size=40)
REPLICAS = st.integers(2, 5)


@settings(max_examples=300, deadline=None)
@given(OPS, REPLICAS, st.randoms(use_true_random=False))
def test_any_order_of_the_same_changes_gives_the_same_book(ops, count, rnd):
    reps = run(ops, count)
    changes = [c for r in reps for c in r.log]
    shuffled = changes[:]
    rnd.shuffle(shuffled)
    assert canon(apply_all(changes)) == canon(apply_all(shuffled))
    # The same records too, as the app reads them (a default may be stored or left out).
    a, b = apply_all(changes), apply_all(shuffled)
    assert {k: TABLES[k[0]].from_dict(d) for k, d in a.items()} == {k: TABLES[k[0]].from_dict(d) for k, d in b.items()}


@settings(max_examples=200, deadline=None)
@given(OPS, REPLICAS)
def test_merge_is_commutative_associative_and_idempotent(ops, count):
    reps = run(ops, count)
    books = [r.book for r in reps] + [{}] * (3 - len(reps))
    a, b, c = books[0], books[1], books[2]
    assert canon(merged(a, b)) == canon(merged(b, a))
    assert canon(merged(a, merged(b, c))) == canon(merged(merged(a, b), c))
    assert canon(merged(a, a)) == canon(a)
    assert canon(apply_all(reps[0].log + reps[0].log)) == canon(apply_all(reps[0].log))


@settings(max_examples=200, deadline=None)
@given(OPS, REPLICAS)
def test_every_note_survives_every_merge(ops, count):
    reps = run(ops, count)
    everything = {}
    for r in reps:
        everything = merged(everything, r.book)
    written = {c["id"] for r in reps for c in r.log if c["t"] == "interactions"}
    kept = {rid for (table, rid) in everything if table == "interactions"}
    assert written <= kept


@settings(max_examples=200, deadline=None)
@given(OPS, REPLICAS)
def test_conflicts_are_the_same_whichever_order_changes_arrive(ops, count):
    reps = run(ops, count)
    changes = [c for r in reps for c in r.log]
    forward, backward = apply_all(changes), apply_all(list(reversed(changes)))
    for key, doc in forward.items():
        assert merge.conflicts(doc, DEFAULTS[key[0]], "") == merge.conflicts(backward[key], DEFAULTS[key[0]], "")


def test_sequential_edits_seen_by_each_other_are_not_conflicts():
    reps = run([(0, "create", 0, 1), (1, "sync", 0, 0), (1, "edit", 0, 1), (0, "sync", 1, 0),
                (0, "edit", 0, 4)], 2)
    book = apply_all([c for r in reps for c in r.log])
    assert merge.conflicts(book[("customers", "c0")], DEFAULTS["customers"], "") == {}


def test_concurrent_edits_of_one_field_are_a_conflict_and_both_values_are_kept():
    # value % 3 picks the field: 3 and 6 both edit "email".
    reps = run([(0, "create", 0, 1), (1, "sync", 0, 0), (0, "edit", 0, 3), (1, "edit", 0, 6)], 2)
    book = apply_all([c for r in reps for c in r.log])
    doc = book[("customers", "c0")]
    found = merge.conflicts(doc, DEFAULTS["customers"], "")
    assert doc["email"] == "v6" and [v for _, v in found["email"]] == ["v3"]


def test_an_edit_racing_a_delete_keeps_the_data_and_is_flagged():
    # r1 edits the notes (value 2) without having seen r0's delete.
    reps = run([(0, "create", 0, 1), (1, "sync", 0, 0), (0, "delete", 0, 0), (1, "edit", 0, 2)], 2)
    book = apply_all([c for r in reps for c in r.log])
    doc = book[("customers", "c0")]
    assert doc["deleted"] is True and doc["notes"] == "v2"
    assert [what for _, what in merge.conflicts(doc, DEFAULTS["customers"], "")["deleted"]] == \
        ["notes edited: v2"]  # plain words, not Python syntax
    # Had r1 seen the delete first, its edit would not be a race.
    calm = run([(0, "create", 0, 1), (0, "delete", 0, 0), (1, "sync", 0, 0), (1, "edit", 0, 2)], 2)
    doc = apply_all([c for r in calm for c in r.log])[("customers", "c0")]
    assert "deleted" not in merge.conflicts(doc, DEFAULTS["customers"], "")
