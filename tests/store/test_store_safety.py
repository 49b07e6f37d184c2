"""One writer, private files, daily backups, migrations and a full disk."""

import errno
import os
import stat
import subprocess
import sys

import orjson
import pytest

from fieldcrm.model import Customer, Interaction
from fieldcrm.store import BookLocked, SaveFailed, Store
from fieldcrm.store.snapshot import BACKUP_DAYS
from tests.conftest import FullDisk, folder_bytes


def test_a_second_writer_is_refused_with_a_clear_sentence(demo_book, clock):
    with Store.open(demo_book, clock=clock):
        with pytest.raises(BookLocked, match="already open in another fieldcrm.*--read-only"):
            Store.open(demo_book, clock=clock)
        with Store.open(demo_book, clock=clock, read_only=True) as reader:
            assert reader.count(Customer) == 40
    with Store.open(demo_book, clock=clock):  # released on close
        pass


def test_the_lock_is_held_across_processes(demo_book):
    code = (
        "import sys\nfrom fieldcrm.store import Store, BookLocked\n"
        "try:\n    Store.open(sys.argv[1])\nexcept BookLocked:\n    sys.exit(3)\n"
    )
    with Store.open(demo_book):
        locked = subprocess.run([sys.executable, "-c", code, str(demo_book)])
    free = subprocess.run([sys.executable, "-c", code, str(demo_book)])
    assert (locked.returncode, free.returncode) == (3, 0)


def test_files_are_private(book_path, clock):
    with Store.open(book_path, clock=clock) as store:
        store.add(Interaction(customer_id="c"))
        store.checkpoint()
        store.checkpoint()
    assert stat.S_IMODE(book_path.stat().st_mode) == 0o700
    assert stat.S_IMODE((book_path / "backups").stat().st_mode) == 0o700
    for path in book_path.rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_backups_keep_one_snapshot_a_day_for_seven_days(book_path, clock):
    day = 86400
    with Store.open(book_path, clock=clock) as store:
        for age in range(10, 0, -1):  # ten checkpoints, one a day, oldest first
            snapshot = book_path / "book.json"
            when = snapshot.stat().st_mtime - age * day
            os.utime(snapshot, (when, when))
            store.add(Interaction(customer_id="c", note=f"{age} days ago"))
            store.checkpoint()
    backups = sorted(p.name for p in (book_path / "backups").glob("book-*.json"))
    assert len(backups) == BACKUP_DAYS
    for backup in (book_path / "backups").glob("book-*.json"):
        assert orjson.loads(backup.read_bytes())["meta"]["1"]["format"] == "fieldcrm-book"


def test_a_version_1_book_is_migrated_and_the_old_file_kept(book_path, clock):
    book_path.mkdir(mode=0o700)
    v1 = {
        "meta": {"1": {"format": "fieldcrm-book", "schema": 1, "replica": "r-old", "log_seq": 0,
                       "hlc": "0000000001000.0000.r-old", "base_hlc": "0000000001000.0000.r-old"}},
        "customers": {"1": {"id": "c1", "name": "张伟", "phone": "+86 139 1234 5678",
                            "tags": "wholesale, vip"},
                      "2": {"id": "c2", "name": "Ann Lee", "phone": "", "tags": ""}},
    }
    original = orjson.dumps(v1)
    (book_path / "book.json").write_bytes(original)
    with Store.open(book_path, clock=clock) as store:
        zhang, ann = store.get(Customer, "c1"), store.get(Customer, "c2")
        assert any("upgraded from schema 1" in n for n in store.notices)
    assert zhang.phones == ["+86 139 1234 5678"] and zhang.tags == ["wholesale", "vip"]
    assert ann.phones == [] and ann.tags == []
    assert orjson.loads((book_path / "book.json").read_bytes())["meta"]["1"]["schema"] == 2
    assert (book_path / "backups" / "book-schema1.json").read_bytes() == original


def test_read_only_open_migrates_in_memory_only(book_path, clock):
    book_path.mkdir(mode=0o700)
    (book_path / "book.json").write_bytes(orjson.dumps({
        "meta": {"1": {"format": "fieldcrm-book", "schema": 1, "replica": "r", "hlc": "", "base_hlc": ""}},
        "customers": {"1": {"id": "c1", "name": "x", "phone": "1"}},
    }))
    before = folder_bytes(book_path)
    with Store.open(book_path, clock=clock, read_only=True) as store:
        assert store.get(Customer, "c1").phones == ["1"]
    assert folder_bytes(book_path) == before


def test_a_full_disk_fails_the_save_and_changes_nothing(store, monkeypatch):
    import fieldcrm.store.changelog as changelog

    log = store.folder / "changes.jsonl"
    before_log, before_seq = log.read_bytes(), store.seq
    count_before = store.count(Interaction)

    def disk_full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(changelog.os, "pwrite", disk_full)
    with pytest.raises(SaveFailed, match="the disk is full. Nothing was changed"):
        store.add(Interaction(customer_id="c", note="lost?"))
    monkeypatch.undo()
    assert log.read_bytes() == before_log and store.seq == before_seq
    assert store.count(Interaction) == count_before
    saved = store.add(Interaction(customer_id="c", note="after freeing space"))
    assert store.get(Interaction, saved.id) is not None


def test_a_full_disk_during_a_snapshot_keeps_the_old_snapshot(store, monkeypatch):
    import fieldcrm.store.files as files

    store.add(Interaction(customer_id="c", note="logged"))
    snapshot = store.folder / "book.json"
    before = snapshot.read_bytes()

    monkeypatch.setattr(files, "open", FullDisk, raising=False)
    with pytest.raises(SaveFailed, match="the disk is full; the previous file is unchanged"):
        store.checkpoint()
    monkeypatch.undo()
    assert snapshot.read_bytes() == before
    assert not list(store.folder.glob(".*.tmp"))
