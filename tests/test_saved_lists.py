"""Every command that changes a book leaves Today's saved list fresh, so the app's next
start (the morning after a ``sync import``) is warm: only a book's very first start is cold."""

import datetime as dt
import subprocess
import sys

from fieldcrm.cli import saved_lists
from fieldcrm.model import Customer
from fieldcrm.store import Store
from fieldcrm.workbook import Workbook
from tests.sync.helpers import Site, export_day


def fieldcrm(*args, cwd=None):
    result = subprocess.run([sys.executable, "-m", "fieldcrm", *map(str, args)], capture_output=True,
                            text=True, cwd=cwd, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    return result


def closed_by_the_app(folder):
    """The book as quitting the app leaves it: checkpointed, lists saved."""
    Workbook(Store.open(folder)).close()
    assert saved_lists(folder) is not None


def assert_fresh(folder):
    saved = saved_lists(folder)
    assert saved is not None, "the app would start cold"
    assert dt.date.today().isoformat() in saved["days"]


def a_sync_file(tmp_path, name="Nadia"):
    other = Site(tmp_path / f"other-{name}")
    with other.open() as store:
        store.add(Customer(name=name))
    return export_day(other, tmp_path / f"{name}.fieldsync")


def test_sync_import_on_the_command_line_leaves_a_fresh_list(demo_book, tmp_path):
    closed_by_the_app(demo_book)
    fieldcrm("sync", "import", a_sync_file(tmp_path), "--db", demo_book)
    assert_fresh(demo_book)
    with Store.open(demo_book, read_only=True) as store:  # the list is the book's, imported customer too
        assert store.side.load("views", "agenda")["unexported"] == store.unexported


def test_sync_export_leaves_a_fresh_list(demo_book, tmp_path):
    with Store.open(demo_book) as store:
        store.add(Customer(name="Today's new one"))
    closed_by_the_app(demo_book)
    assert "Wrote" in fieldcrm("sync", "export", "--db", demo_book, cwd=tmp_path).stdout
    assert_fresh(demo_book)
    assert saved_lists(demo_book)["unexported"] == 0  # the header's count, as the app will show it


def test_contacts_import_leaves_a_fresh_list(demo_book, tmp_path):
    closed_by_the_app(demo_book)
    cards = tmp_path / "new.vcf"
    cards.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Olu Adeyemi\r\nTEL:+44 7700 900999\r\nEND:VCARD\r\n")
    assert "Added 1 customer." in fieldcrm("import", "vcard", cards, "--db", demo_book, "--yes").stdout
    assert_fresh(demo_book)


def test_office_merge_leaves_the_master_a_fresh_list(demo_book, tmp_path):
    closed_by_the_app(demo_book)
    fieldcrm("office", "merge", a_sync_file(tmp_path), "--master", demo_book, "-o", tmp_path / "morning")
    assert_fresh(demo_book)


def test_a_new_demo_book_starts_warm(tmp_path):
    fieldcrm("demo", "--db", tmp_path / "demo", "--customers", "20")
    assert_fresh(tmp_path / "demo")
