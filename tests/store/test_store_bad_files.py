"""Damaged, foreign or newer books give one clear sentence and change nothing."""

import os
import subprocess
import sys

import orjson
import pytest

from fieldcrm.model import Interaction
from fieldcrm.store import BookDamaged, BookTooNew, NotABook, Store
from tests.conftest import folder_bytes


def _book_with_backup(path, clock) -> None:
    """A book with some logged changes and a daily backup of an earlier snapshot."""
    with Store.open(path, clock=clock) as store:
        store.add(Interaction(customer_id="c", note="first"))
        store.checkpoint()
        yesterday = (path / "book.json").stat().st_mtime - 86400
        os.utime(path / "book.json", (yesterday, yesterday))
        store.add(Interaction(customer_id="c", note="second"))
        store.checkpoint()  # backs up yesterday's snapshot


def _assert_refused(path, clock, error, *phrases):
    before = folder_bytes(path)
    for read_only in (False, True):
        with pytest.raises(error) as raised:
            Store.open(path, clock=clock, read_only=read_only)
        message = str(raised.value)
        assert "\n" not in message
        for phrase in phrases:
            assert phrase in message
    assert folder_bytes(path) == before
    return message


def test_a_corrupt_snapshot_names_the_file_and_the_newest_backup(book_path, clock):
    _book_with_backup(book_path, clock)
    snapshot = book_path / "book.json"
    snapshot.write_bytes(snapshot.read_bytes()[: snapshot.stat().st_size // 2])
    message = _assert_refused(book_path, clock, BookDamaged, str(snapshot), "left untouched")
    assert "book-" in message and "backups" in message


def test_a_corrupt_snapshot_without_backups_says_so(book_path, clock):
    Store.create(book_path, [], clock=clock)
    (book_path / "book.json").write_bytes(b"\x00\x01garbage")
    _assert_refused(book_path, clock, BookDamaged, "no good backup yet")


def test_a_foreign_json_file_is_not_taken_for_a_book(book_path, clock):
    book_path.mkdir()
    (book_path / "book.json").write_bytes(orjson.dumps({"_default": {"1": {"name": "someone else's"}}}))
    _assert_refused(book_path, clock, NotABook, "is not a fieldcrm book")


def test_a_file_given_as_the_book_is_left_alone(tmp_path, clock):
    path = tmp_path / "contacts.json"
    path.write_text("[1, 2, 3]")
    with pytest.raises(NotABook, match="is a file"):
        Store.open(path, clock=clock)
    assert path.read_text() == "[1, 2, 3]"


def test_a_folder_of_other_files_is_not_written_to(tmp_path, clock):
    (tmp_path / "holiday.jpg").write_bytes(b"jpeg")
    _assert_refused(tmp_path, clock, NotABook, "holds other files")


def test_a_log_cut_shorter_than_the_snapshot_is_reported(book_path, clock):
    _book_with_backup(book_path, clock)
    log = book_path / "changes.jsonl"
    log.write_bytes(log.read_bytes().split(b"\n", 1)[0] + b"\n")  # keep change 1 of 2
    _assert_refused(book_path, clock, BookDamaged, "cut short", "ends at change 1", "holds 2 changes")


def test_a_damaged_line_inside_the_log_is_reported(book_path, clock):
    with Store.open(book_path, clock=clock) as store:
        for n in range(3):
            store.add(Interaction(customer_id="c", note=f"n{n}"))
    log = book_path / "changes.jsonl"
    lines = log.read_bytes().split(b"\n")
    lines[1] = lines[1][:20]
    log.write_bytes(b"\n".join(lines))
    _assert_refused(book_path, clock, BookDamaged, "damaged at line 2")


def test_a_log_with_a_missing_change_is_reported(book_path, clock):
    with Store.open(book_path, clock=clock) as store:
        for n in range(3):
            store.add(Interaction(customer_id="c", note=f"n{n}"))
    log = book_path / "changes.jsonl"
    lines = log.read_bytes().split(b"\n")
    log.write_bytes(b"\n".join([lines[0], lines[2], b""]))
    _assert_refused(book_path, clock, BookDamaged, "change 3 where change 2 belongs")


def test_a_book_from_a_newer_fieldcrm_is_refused(book_path, clock):
    Store.create(book_path, [], clock=clock)
    data = orjson.loads((book_path / "book.json").read_bytes())
    data["meta"]["1"]["schema"] = 99
    (book_path / "book.json").write_bytes(orjson.dumps(data))
    _assert_refused(book_path, clock, BookTooNew, "newer fieldcrm", "schema 99")


def test_a_missing_snapshot_beside_a_log_is_reported(book_path, clock):
    with Store.open(book_path, clock=clock) as store:
        store.add(Interaction(customer_id="c"))
    (book_path / "book.json").unlink()
    _assert_refused(book_path, clock, BookDamaged, "is missing")


@pytest.mark.parametrize("tail", [b'{"seq": 2, "hlc": "00', b'{"seq": 2, "garbage"}\n'])
def test_a_torn_last_line_is_dropped_and_everything_else_kept(book_path, clock, tail):
    with Store.open(book_path, clock=clock) as store:
        kept = store.add(Interaction(customer_id="c", note="acknowledged"))
    with open(book_path / "changes.jsonl", "ab") as log:
        log.write(tail)
    with Store.open(book_path, clock=clock) as store:
        assert store.get(Interaction, kept.id).note == "acknowledged"
        assert any("unfinished change" in n for n in store.notices)
        later = store.add(Interaction(customer_id="c", note="after recovery"))
    with Store.open(book_path, clock=clock) as store:
        assert store.get(Interaction, later.id).note == "after recovery"
        assert store.seq == 2


@pytest.mark.parametrize("command", [[], ["agenda"]])
@pytest.mark.parametrize("damage", [b"{not json", b'{"meta": {"1": {"format": "fieldcrm-bo'])
def test_the_cli_prints_one_sentence_and_exits_non_zero(book_path, clock, command, damage):
    Store.create(book_path, [], clock=clock)
    (book_path / "book.json").write_bytes(damage)
    before = folder_bytes(book_path)
    result = subprocess.run([sys.executable, "-m", "fieldcrm", *command, "--db", str(book_path)],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("fieldcrm: ") and result.stderr.count("\n") == 1
    assert str(book_path / "book.json") in result.stderr
    assert folder_bytes(book_path) == before
