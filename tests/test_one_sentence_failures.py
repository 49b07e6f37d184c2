"""Every failure is one true sentence, exit 1, and the book as it was (issue 10, item 8)."""

import errno
import os

import pytest

from fieldcrm.cli import main
from fieldcrm.model import Customer
from fieldcrm.store import Store
from tests.conftest import folder_bytes


@pytest.fixture
def demo_book(demo_book):
    """The demo book once opened for writing, so it has its change log."""
    Store.open(demo_book).close()
    return demo_book


def _book_state(book):
    return {name: (book / name).read_bytes() for name in ("book.json", "changes.jsonl") if (book / name).exists()}


def test_a_5_megabyte_csv_field_is_one_sentence(demo_book, tmp_path, capsys):
    big = tmp_path / "big.csv"
    big.write_text("Name,Notes\nLi,\"" + "x" * 5_000_000 + "\"\n", encoding="utf-8")
    before = folder_bytes(demo_book)
    assert main(["import", "csv", str(big), "--yes", "--db", str(demo_book)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("fieldcrm: ") and err.count("\n") == 1 and "field larger than field limit" in err
    assert folder_bytes(demo_book) == before


def _room_for(monkeypatch, module, room: int):
    """The disk has ``room`` bytes left for the change log."""
    real = module.os.pwrite
    used = {"bytes": 0}

    def pwrite(fd, data, offset):
        used["bytes"] += len(data)
        if used["bytes"] > room:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data, offset)
    monkeypatch.setattr(module.os, "pwrite", pwrite)


def _vcards(n: int) -> str:
    return "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {k}\r\nTEL:+86 139 {k:08d}\r\nEND:VCARD\r\n"
                   for k in range(n))


def test_a_full_disk_during_import_vcard_adds_nothing(demo_book, tmp_path, capsys, monkeypatch):
    import fieldcrm.store.changelog as changelog
    cards = tmp_path / "300.vcf"
    cards.write_text(_vcards(300), encoding="utf-8")
    before = _book_state(demo_book)
    _room_for(monkeypatch, changelog, 4000)  # about 10 of the 300
    assert main(["import", "vcard", str(cards), "--yes", "--db", str(demo_book)]) == 1
    out, err = capsys.readouterr()
    assert "Added" not in out and err.count("\n") == 1 and "the disk is full" in err
    monkeypatch.undo()
    assert _book_state(demo_book) == before
    with Store.open(demo_book, read_only=True) as store:
        assert not any(c.name.startswith("Person ") for c in store.all(Customer))


def test_a_full_disk_during_sync_export_is_one_sentence_and_writes_no_file(demo_book, tmp_path, capsys, monkeypatch):
    import fieldcrm.store.files as files
    with Store.open(demo_book) as store:
        store.add(Customer(name="Today's customer"))
    before = _book_state(demo_book)
    real_open = os.open

    def no_room_for_the_book(path, *args, **kwargs):
        if ".book.json." in str(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, *args, **kwargs)
    monkeypatch.setattr(files.os, "open", no_room_for_the_book)
    out_file = tmp_path / "day.fieldsync"
    assert main(["sync", "export", "-o", str(out_file), "--db", str(demo_book)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "the disk is full" in err
    assert not out_file.exists() and _book_state(demo_book) == before


def test_a_contact_that_is_not_ours_is_set_aside_and_the_others_come_in(demo_book, tmp_path, capsys):
    # Refused like a nameless card: named in the preview, the rest added, exit 0 (a partial import).
    text = "x" * 20_001
    cards = tmp_path / "two.vcf"
    cards.write_text(_vcards(2) + f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Long\r\nNOTE:{text}\r\nEND:VCARD\r\n",
                     encoding="utf-8")
    assert main(["import", "vcard", str(cards), "--yes", "--db", str(demo_book)]) == 0
    out, err = capsys.readouterr()
    assert "  refused: card 3 (Long): notes is longer than 20000 characters\n" in out and err == ""
    assert "Added 2 customers; 1 refused contact set aside (not added)." in out
