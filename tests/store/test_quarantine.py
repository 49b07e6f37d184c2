"""A book that already holds a bad change still opens; the change is set aside and doctor reports it."""

import subprocess
import sys

import orjson

from fieldcrm.model import Customer
from fieldcrm.store import Store
from fieldcrm.validation import is_stamp
from fieldcrm.workbook import Workbook


def _seed_bad_change(book, clock):
    with Store.open(book, clock=clock) as store:
        customer_id = next(iter(store.raw_all(Customer)))["id"]
        seq, stamp = store.seq, store._hlc.tick()
    line = {"seq": seq + 1, "hlc": stamp, "t": "customers", "id": customer_id,
            "f": {"cadence_days": "abc"}, "b": {"cadence_days": []}}
    with open(book / "changes.jsonl", "ab") as log:  # written straight into the change log
        log.write(orjson.dumps(line) + b"\n")
    return customer_id


def _doctor(book):
    return subprocess.run([sys.executable, "-m", "fieldcrm", "doctor", "--db", str(book)],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)


def test_a_bad_change_in_the_log_is_set_aside_once_and_doctor_reports_it(demo_book, clock):
    customer_id = _seed_bad_change(demo_book, clock)
    with Store.open(demo_book, clock=clock) as store:
        assert [n for n in store.notices if "set aside" in n] == [
            f"1 change from replica {store.replica[:8]}… was set aside (customers: cadence_days must be a whole "
            f"number from 1 to 730, not 'abc'); it is kept in {demo_book / 'quarantine.jsonl'} and "
            "`fieldcrm doctor` lists it."]
        assert store.get(Customer, customer_id).cadence_days is None
        Workbook(store).agenda()  # everything else loads
    with Store.open(demo_book, clock=clock) as store:
        assert not any("set aside" in n for n in store.notices)  # reported once
    kept = [orjson.loads(line) for line in (demo_book / "quarantine.jsonl").read_bytes().splitlines()]
    assert len(kept) == 1 and kept[0]["change"]["f"] == {"cadence_days": "abc"}
    result = _doctor(demo_book)
    assert result.returncode == 1 and "cadence_days must be a whole number" in result.stdout
    assert "1 change set aside" in result.stdout and "Traceback" not in result.stderr


def test_a_bad_record_in_an_old_snapshot_is_set_aside(demo_book, clock):
    data = orjson.loads((demo_book / "book.json").read_bytes())
    del data["meta"]["1"]["checked"]  # a snapshot written before fieldcrm checked every change
    key, doc = next(iter(data["customers"].items()))
    doc["birthday"] = ["not", "a", "date"]
    (demo_book / "book.json").write_bytes(orjson.dumps(data))
    with Store.open(demo_book, clock=clock) as store:
        assert any("1 change from book.json was set aside (customers: birthday must be" in n for n in store.notices)
        assert store.get(Customer, doc["id"]) is None
        Workbook(store).report()
    assert "checked" in orjson.loads((demo_book / "book.json").read_bytes())["meta"]["1"]
    assert _doctor(demo_book).returncode == 1


def test_a_read_only_open_sets_aside_in_memory_and_writes_nothing(demo_book, clock):
    from tests.conftest import folder_bytes
    _seed_bad_change(demo_book, clock)
    before = folder_bytes(demo_book)
    with Store.open(demo_book, clock=clock, read_only=True) as store:
        assert any("set aside" in n for n in store.notices)
    assert folder_bytes(demo_book) == before


def test_doctor_on_a_clean_demo_book_exits_0(demo_book):
    result = _doctor(demo_book)
    assert result.returncode == 0 and "every record reads" in result.stdout, result.stdout + result.stderr


def test_stamps_are_ascii_digits_of_fixed_width_and_a_known_replica():
    replica = "01a21495-9771-7f15-8d76-8b1821a14ed3"
    assert is_stamp(f"1795500000000.0000.{replica}")
    for bad in (f"１７９５５０００００００００.0000.{replica}", f"١٧٩٥٥٠٠٠٠٠٠٠٠.0000.{replica}",
                f"1795500000000.０000.{replica}", f"1795500000000.000a.{replica}", "1795500000000.0000.r",
                f"179550000000.0000.{replica}", f"1795500000000.0000.{replica}\n", f" 1795500000000.0000.{replica}"):
        assert not is_stamp(bad), bad


def test_the_reps_own_bad_write_is_refused_and_changes_nothing(store):
    import pytest
    from fieldcrm.validation import InvalidChange
    customer = next(iter(store.all(Customer)))
    seq = store.seq
    with pytest.raises(InvalidChange, match="cadence_days must be a whole number from 1 to 730"):
        store.update(Customer, customer.id, cadence_days=99999)
    with pytest.raises(InvalidChange, match="birthday must be a real date"):
        store.add(Customer(name="Li", birthday="2026-02-30"))
    assert store.seq == seq
