"""Bytes that are not UTF-8 on the command line: Python hands them over as lone surrogates
("\\udcff" for the byte FF). As text for the book they are refused in one sentence with the book
as it was; as a file name they are fine, and shown with a replacement character."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from fieldcrm.model import Customer
from fieldcrm.store import Store
from fieldcrm.terminal_text import visible
from tests.conftest import folder_bytes

BAD = "Li\udcff"  # what `fieldcrm ... $'Li\xff'` gives Python


@pytest.mark.parametrize("args", [
    ["event", "new", BAD, "--day", "2026-12-05"],
    ["event", "new", "Tea", "--day", "2026-12-05", "--place", BAD],
    ["notice", "new", "--title", BAD],
    ["notice", "new", "--title", "Sale", "--text", f"Hello {{name}} {BAD}"],
], ids=["event title", "event place", "notice title", "notice text"])
def test_book_text_that_is_not_utf8_is_refused_in_one_sentence(args, demo_book, run):
    Store.open(demo_book).close()  # a book opened once, as every rep's is (its log file exists)
    before = folder_bytes(demo_book)
    code, out, err = run(*args, "--db", demo_book)
    assert code == 1 and err.startswith("fieldcrm: ") and err.count("\n") == 1, err
    assert "not UTF-8" in err and "nothing was changed" in err
    assert folder_bytes(demo_book) == before


def test_an_office_rep_name_that_is_not_utf8_is_refused_and_the_office_opens(tmp_path, run):
    office = tmp_path / "office"
    assert run("office", "rep", "add", "Wang", "--master", office)[0] == 0
    before = folder_bytes(office)
    code, out, err = run("office", "rep", "add", BAD, "--master", office)
    assert code == 1 and err.count("\n") == 1 and "not UTF-8" in err, err
    assert folder_bytes(office) == before
    code, out, err = run("office", "rep", "list", "--master", office)
    assert code == 0 and "Wang" in out


def test_a_sync_file_named_in_bytes_that_are_not_utf8_is_written_and_the_book_opens(demo_book, tmp_path):
    """Through a real process: the name arrives as bytes, and stdout is strict UTF-8."""
    with Store.open(demo_book) as store:  # a change of the rep's own, so there is a day to export
        store.update(Customer, next(iter(store.raw_all(Customer)))["id"], notes="called back")
    target = os.fsencode(tmp_path) + b"/day\xff.fieldsync"
    result = subprocess.run([sys.executable, "-m", "fieldcrm", "sync", "export", "-o", target,
                             "--db", str(demo_book)], capture_output=True, stdin=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr.decode()
    assert os.path.exists(target) and "day\ufffd.fieldsync" in result.stdout.decode("utf-8"), result.stdout.decode()
    with Store.open(demo_book, read_only=True) as store:
        assert store.meta["last_export_file"] == "day\ufffd.fieldsync"


def test_a_lone_surrogate_is_shown_as_a_replacement_character():
    assert visible("a\udcffb\ud800") == "a\ufffdb\ufffd"
    assert visible("张伟") == "张伟"
