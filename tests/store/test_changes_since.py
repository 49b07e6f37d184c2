"""``changes_since`` reads only the log's tail, and says the same as a reading of the whole log."""

import orjson
import pytest

import fieldcrm.store.book as book_module
from fieldcrm.model import Customer, Interaction
from fieldcrm.store import Store
from fieldcrm.store.changelog import read_log
from fieldcrm.validation import log_entry_problem


def _whole_log_says(book, seq):
    return [e for e in read_log(book / "changes.jsonl").entries if e["seq"] > seq and not log_entry_problem(e)]


def _write_some(store, n):
    cid = next(iter(store.raw_all(Customer)))["id"]
    for k in range(n):
        store.add(Interaction(customer_id=cid, note=f"visit {k}"))
        store.update(Customer, cid, hobbies=f"tea {k}")


def test_the_office_asking_again_reads_only_what_lies_past_the_position(demo_book, clock, monkeypatch):
    with Store.open(demo_book, clock=clock) as store:
        _write_some(store, 3)
    with Store.open(demo_book, clock=clock) as store:  # offsets learnt on open, and as it writes
        _write_some(store, 3)
        expected = {seq: _whole_log_says(demo_book, seq) for seq in range(store.seq + 2)}

        def whole_log(path):
            raise AssertionError("the whole log was read again")
        monkeypatch.setattr(book_module, "read_log", whole_log)
        for seq, entries in expected.items():
            assert list(store.changes_since(seq)) == entries, seq


def test_a_set_aside_change_goes_nowhere_and_a_log_changed_underneath_is_read_whole(demo_book, clock):
    with Store.open(demo_book, clock=clock) as store:
        _write_some(store, 2)
        seq, stamp = store.seq, store._hlc.tick()
        cid = next(iter(store.raw_all(Customer)))["id"]
    bad = {"seq": seq + 1, "hlc": stamp, "t": "customers", "id": cid, "f": {"cadence_days": "abc"},
           "b": {"cadence_days": []}}
    with open(demo_book / "changes.jsonl", "ab") as log:
        log.write(orjson.dumps(bad) + b"\n")
    with Store.open(demo_book, clock=clock) as store:
        _write_some(store, 1)
        assert [e["seq"] for e in store.changes_since(seq)] == [seq + 2, seq + 3]
        assert list(store.changes_since(0)) == _whole_log_says(demo_book, 0)
        # Another program rewrote the log (one line shorter at the start): offsets no longer fit.
        lines = (demo_book / "changes.jsonl").read_bytes().splitlines(keepends=True)
        (demo_book / "changes.jsonl").write_bytes(b"".join(lines[1:]))
        with pytest.raises(book_module.BookDamaged):
            list(store.changes_since(seq))
