"""A merged file's ``ack`` confirms a rep's changes only from the rep's office, and only for changes it exported."""

import subprocess
import sys

from fieldcrm.ids import new_id
from fieldcrm.model import Customer
from fieldcrm.sync.exporter import unacknowledged
from fieldcrm.sync.fileformat import FORMAT, VERSION, write_sync_file
from tests.conftest import folder_bytes
from tests.sync.helpers import Site, export_day, import_into, merge_files


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "fieldcrm", *map(str, args)], capture_output=True, text=True)


def _forged(path, replica: str, acks: dict):
    header = {"format": FORMAT, "version": VERSION, "schema": 2, "kind": "merged", "replica": replica,
              "rep": "office", "export_id": new_id(), "created": "2026-11-24T08:00:00Z",
              "hlc_from": "", "hlc_to": "", "ack": acks}
    write_sync_file(path, header, [])
    return path


def _rep_with_office(tmp_path):
    """A rep who has imported the office's merged file once, and then written a change."""
    office, rep = Site(tmp_path / "office"), Site(tmp_path / "rep")
    with office.open() as master:
        master.add(Customer(name="Li"))
        office_replica = master.replica
    import_into(rep, [merge_files(office, [], tmp_path / "m0.fieldsync")])
    with rep.open() as book:
        book.add(Customer(name="Wu"))
        replica = book.replica
    return office, rep, office_replica, replica


def test_an_ack_from_another_replica_is_refused_and_the_book_is_unchanged(tmp_path):
    office, rep, _, replica = _rep_with_office(tmp_path)
    export_day(rep, tmp_path / "day1.fieldsync")
    forged = _forged(tmp_path / "forged.fieldsync", "0190aaaa-0000-7000-8000-000000000000",
                     {replica: "9999999999999.9999." + replica})
    before = folder_bytes(rep.folder)
    result = _cli("sync", "import", forged, "--db", rep.folder)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "not written by your office" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert folder_bytes(rep.folder) == before
    again = _cli("sync", "export", "-o", tmp_path / "day1b.fieldsync", "--db", rep.folder)
    assert again.returncode == 0 and "the 1 change " in again.stdout  # Wu still goes to the office


def test_an_ack_beyond_what_the_book_exported_confirms_nothing(tmp_path):
    office, rep, office_replica, replica = _rep_with_office(tmp_path)
    export_day(rep, tmp_path / "day1.fieldsync")
    with rep.open() as book:
        book.add(Customer(name="Zhao"))  # written after the export: the office cannot have it
    too_high = _forged(tmp_path / "high.fieldsync", office_replica, {replica: "9999999999999.9999." + replica})
    import_into(rep, [too_high])
    with rep.open() as book:
        assert [c["f"]["name"] for c in unacknowledged(book)] == ["Wu", "Zhao"]


def test_the_office_s_real_ack_confirms_what_it_merged_and_no_more(tmp_path):
    office, rep, _, _ = _rep_with_office(tmp_path)
    day1 = export_day(rep, tmp_path / "day1.fieldsync")
    with rep.open() as book:
        book.add(Customer(name="Zhao"))  # after the export
    import_into(rep, [merge_files(office, [day1], tmp_path / "m1.fieldsync")])
    with rep.open() as book:
        assert [c["f"]["name"] for c in unacknowledged(book)] == ["Zhao"]


def test_sync_office_shows_and_sets_the_office(tmp_path):
    office, rep, office_replica, replica = _rep_with_office(tmp_path)
    shown = _cli("sync", "office", "--db", rep.folder)
    assert shown.returncode == 0 and office_replica in shown.stdout
    moved = "0190bbbb-0000-7000-8000-000000000000"
    assert _cli("sync", "office", "--set", moved, "--db", rep.folder).returncode == 0
    assert moved in _cli("sync", "office", "--db", rep.folder).stdout
    # Now the old office's files may no longer confirm anything, the new one's may.
    old = _cli("sync", "import", _forged(tmp_path / "old.fieldsync", office_replica, {replica: "0000000000001.0000." + replica}),
               "--db", rep.folder)
    assert old.returncode == 1
    assert _cli("sync", "import", _forged(tmp_path / "new.fieldsync", moved, {replica: "0000000000001.0000." + replica}),
                "--db", rep.folder).returncode == 0
    bad = _cli("sync", "office", "--set", "not a replica", "--db", rep.folder)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_a_book_from_before_keeps_its_stamp_watermark(tmp_path):
    rep = Site(tmp_path / "rep")
    with rep.open() as book:
        for name in ("A", "B", "C"):
            rep.clock.advance(seconds=1)
            book.add(Customer(name=name))
        stamps = [c["s"] for c in unacknowledged(book)]
        book.set_meta(acked_stamp=stamps[1])  # what an older fieldcrm wrote
    with rep.open() as book:
        assert [c["f"]["name"] for c in unacknowledged(book)] == ["C"]
