"""Files the commands write never land in a book or over a file; what they read is a regular file."""

import os
import subprocess
import sys

import pytest

from fieldcrm.model import Customer
from fieldcrm.store import Store
from tests.conftest import folder_bytes


def run(*args, cwd=None, timeout=60):
    return subprocess.run([sys.executable, "-m", "fieldcrm", *map(str, args)], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, cwd=cwd, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": os.getcwd()})


@pytest.fixture
def changed_book(demo_book):
    """The demo book with a change the office has not had yet, so there is something to export."""
    with Store.open(demo_book) as book:
        book.add(Customer(name="New today"))
    return demo_book


def refused(result, words):
    assert result.returncode == 1 and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_no_output_lands_inside_a_book(changed_book, tmp_path):
    demo_book = changed_book
    before = folder_bytes(demo_book)
    for command in (["sync", "export", "-o", demo_book / "changes.jsonl"],
                    ["sync", "export", "-o", demo_book / "changes.jsonl", "--force"],
                    ["export", "csv", "-o", demo_book / "customers.csv"],
                    ["export", "ics", "-o", demo_book / "book.json", "--force"]):
        refused(run(*command, "--db", demo_book), "inside the book folder")
    # Without -o the file goes to the current folder: the book's own folder is refused too.
    refused(run("sync", "export", "--db", demo_book, cwd=demo_book), "inside the book folder")
    refused(run("export", "vcard", "--db", demo_book, cwd=demo_book), "inside the book folder")
    assert folder_bytes(demo_book) == before
    with Store.open(demo_book) as book:
        assert book.count(Customer) == 41


def test_the_office_merge_never_writes_into_its_master(changed_book, tmp_path):
    demo_book = changed_book
    rep_file = tmp_path / "rep.fieldsync"
    assert run("sync", "export", "--db", demo_book, "-o", rep_file).returncode == 0
    master = tmp_path / "master"
    assert run("office", "merge", rep_file, "--master", master, "-o", tmp_path / "morning").returncode == 0
    before = folder_bytes(master)
    refused(run("office", "merge", rep_file, "--master", master, "-o", master, "--force"), "inside the book folder")
    refused(run("office", "merge", rep_file, "--master", master, "-o", master / "backups", "--force"),
            "inside the book folder")
    refused(run("office", "merge", rep_file, "--master", master, cwd=master), "inside the book folder")
    assert folder_bytes(master) == before


def test_an_existing_file_is_replaced_only_with_force(changed_book, tmp_path):
    demo_book = changed_book
    for command, name in ((["sync", "export"], "day.fieldsync"), (["export", "csv"], "all.csv")):
        target = tmp_path / name
        target.write_text("keep me")
        refused(run(*command, "--db", demo_book, "-o", target), "already exists")
        assert target.read_text() == "keep me"
        forced = run(*command, "--db", demo_book, "-o", target, "--force")
        assert forced.returncode == 0, forced.stderr
        assert target.read_text() != "keep me"
    # The office writes each rep's morning file into a folder; a second merge the same day
    # numbers its files instead of replacing the first ones (moved aside, kept), unless --force.
    rep_file, master, morning = tmp_path / "day.fieldsync", tmp_path / "master", tmp_path / "morning"
    not_a_folder = tmp_path / "merged.fieldsync"
    not_a_folder.write_text("keep me")
    refused(run("office", "merge", rep_file, "--master", master, "-o", not_a_folder), "is a file")
    assert not_a_folder.read_text() == "keep me" and not master.exists()
    for _ in range(2):
        assert run("office", "merge", rep_file, "--master", master, "-o", morning).returncode == 0
    first = sorted(p.name for p in morning.iterdir())
    assert len(first) == 2 and first[0].endswith("-2.fieldsync") and first[1] == "superseded"
    kept = [p.name for p in (morning / "superseded").iterdir()]
    assert kept == [first[0].replace("-2.fieldsync", ".fieldsync")]  # the first one kept, aside
    assert run("office", "merge", rep_file, "--master", master, "-o", morning, "--force").returncode == 0
    assert sorted(p.name for p in morning.iterdir()) == [kept[0], "superseded"]
    assert sorted(p.name for p in (morning / "superseded").iterdir()) == sorted([*kept, first[0]])


def test_a_pipe_given_to_import_is_refused_at_once(demo_book, tmp_path):
    fifo = tmp_path / "pipe.fieldsync"
    os.mkfifo(fifo)
    before = folder_bytes(demo_book)
    for command in (["sync", "import", fifo, "--db", demo_book],
                    ["office", "merge", fifo, "--master", demo_book, "-o", tmp_path / "morning"],
                    ["import", "vcard", fifo, "--db", demo_book, "--yes"]):
        refused(run(*command, timeout=20), "not a regular file")  # before: blocked forever, the lock held
    assert folder_bytes(demo_book) == before


def test_demo_replace_waits_for_the_app_to_close_the_book(tmp_path):
    demo = tmp_path / "demo"
    assert run("demo", "--db", demo, "--customers", "5").returncode == 0
    with Store.open(demo):  # the app has it open
        refused(run("demo", "--db", demo, "--customers", "9", "--replace"), "open in another fieldcrm")
    with Store.open(demo, read_only=True) as book:
        assert book.count(Customer) == 5
