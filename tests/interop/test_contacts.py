"""Contacts in: vCard 3.0/4.0 and Google/Outlook CSV, written by hand from the RFCs and the
documented columns; out: vCard and CSV that come back in without duplicates."""

import subprocess
import sys
from pathlib import Path

import pytest

from fieldcrm.interop.csvfile import parse_map, read_csv
from fieldcrm.interop.vcard import ContactsError, read_cards
from fieldcrm.model import Customer
from fieldcrm.store import Store

FIXTURES = Path(__file__).parent / "fixtures"


def test_vcard_3_folded_escaped_quoted_printable_with_a_photo():
    tom, wang = read_cards((FIXTURES / "contacts-v3.vcf").read_bytes()).contacts
    assert (tom.name, tom.company, tom.title, tom.email) == \
        ("Tom Baker", "Harbour Supplies", "Purchasing manager", "tom@harbour.example")
    assert tom.phones == ["+44 7700 900123", "+44 20 7946 0000"]
    assert (tom.address, tom.area, tom.birthday) == ("12 Dock Road, Unit 4", "Harbourside", "1980-05-20")
    assert tom.notes == "Likes a short visit, Friday mornings\nAsk about the new warehouse"
    assert tom.tags == ["wholesale", "vip"] and tom.form_of_address == "Mr Baker"
    # No FN: the name is built from N, family name first for Chinese.
    assert (wang.name, wang.phones, wang.birthday) == ("王芳", ["+86 138 0013 8000"], "1975-03-02")
    assert wang.notes == "王总喜欢喝茶，周五有空"


def test_vcard_4_uris_groups_and_a_birthday_without_a_year():
    ana, dup = read_cards((FIXTURES / "contacts-v4.vcf").read_bytes()).contacts
    assert (ana.name, ana.email, ana.phones, ana.birthday, ana.company) == \
        ("Ana María López", "ana@lopez.example", ["+34-600-123-456"], "0000-05-20", "Cafetería López")
    assert dup.phones == ["+44-7700-900123"]


def test_google_and_outlook_csv_headers():
    (grace,) = read_csv((FIXTURES / "google.csv").read_bytes()).contacts
    assert (grace.name, grace.company, grace.title, grace.email, grace.birthday) == \
        ("Grace Hopper", "Navy Supplies", "Buyer", "grace@navy.example", "1906-12-09")
    assert grace.phones == ["+1 202 555 0143", "+1 202 555 0199"] and grace.tags == ["vip"]
    assert (grace.address, grace.area) == ("1 Main St, Arlington", "Arlington")
    ada, no_bd = read_csv((FIXTURES / "outlook.csv").read_bytes(), date_order="mdy").contacts
    assert (ada.name, ada.form_of_address, ada.title, ada.company) == \
        ("Ada Lovelace", "Ms. Lovelace", "Owner", "Analytical Engines")
    assert (ada.birthday, ada.tags, ada.phones) == ("1815-12-10", ["Key account", "Tea"], ["+44 7700 900555"])
    assert no_bd.birthday == "" and no_bd.phones == ["+44 20 7946 1111"]


def test_other_headers_are_mapped_by_hand_and_chinese_excel_files_are_read():
    with pytest.raises(ContactsError, match="no column gives a name"):
        read_csv((FIXTURES / "custom.csv").read_bytes())
    (klaus,) = read_csv((FIXTURES / "custom.csv").read_bytes(),
                        parse_map(["Kunde=name", "Handy=phones", "Firma=company"])).contacts
    assert (klaus.name, klaus.phones, klaus.company) == ("Klaus Müller", ["+49 170 1234567"], "Müller GmbH")
    (li,) = read_csv((FIXTURES / "gbk.csv").read_bytes(), parse_map(["姓名=name", "手机=phones", "公司=company"])).contacts
    assert (li.name, li.company) == ("李娜", "鑫隆贸易有限公司")
    with pytest.raises(ContactsError, match="--map 'nonsense'"):
        parse_map(["nonsense"])


def _fieldcrm(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "fieldcrm", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, stdin=subprocess.DEVNULL)


def test_import_previews_then_adds_and_never_duplicates(tmp_path):
    book = tmp_path / "book"
    with Store.open(book) as store:
        store.add(Customer(name="Tom B.", phones=["07700 900123"]))  # same number as Tom Baker
    preview = _fieldcrm("import", "vcard", FIXTURES / "contacts-v3.vcf", "--db", book)
    assert preview.returncode == 0
    assert "2 contacts: 1 new customer, 0 already in the book, 1 looks like a customer you have (held back), 0 refused." in preview.stdout
    assert "Tom Baker looks like Tom B. (same phone)" in preview.stdout and "Nothing was added" in preview.stdout
    with Store.open(book, read_only=True) as store:
        assert store.count(Customer) == 1
    added = _fieldcrm("import", "vcard", FIXTURES / "contacts-v3.vcf", "--db", book, "--yes")
    assert added.returncode == 0 and "Added 1 customer;" in added.stdout
    within = _fieldcrm("import", "vcard", FIXTURES / "contacts-v4.vcf", "--db", book, "--yes")
    assert "Duplicate Tom looks like Tom B. (same phone)" in within.stdout
    with Store.open(book, read_only=True) as store:
        assert sorted(c.name for c in store.all(Customer)) == ["Ana María López", "Tom B.", "王芳"]
        assert store.unexported == 3  # added through the store: they go to the office tonight


@pytest.mark.parametrize("fmt, suffix", [("vcard", "vcf"), ("csv", "csv")])
def test_export_then_import_round_trips_without_duplicates(tmp_path, fmt, suffix, demo_book):
    out = tmp_path / f"all.{suffix}"
    assert _fieldcrm("export", fmt, "--db", demo_book, "-o", out).returncode == 0
    fresh = tmp_path / "fresh"
    first = _fieldcrm("import", fmt, out, "--db", fresh, "--yes")
    assert "40 contacts: 40 new customers, 0 already in the book, 0 look like" in first.stdout
    second = _fieldcrm("import", fmt, out, "--db", fresh, "--yes")
    assert "40 contacts: 0 new customers, 40 already in the book, 0 look like" in second.stdout
    with Store.open(demo_book, read_only=True) as a, Store.open(fresh, read_only=True) as b:
        def key(c):
            return (c.name, c.company, tuple(c.phones), c.email, c.birthday, c.area, tuple(c.tags))
        assert sorted(map(key, a.all(Customer))) == sorted(map(key, b.all(Customer)))
    again = _fieldcrm("export", fmt, "--db", demo_book, "-o", out)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_export_by_tier(tmp_path, demo_book):
    from fieldcrm.workbook import Workbook
    with Store.open(demo_book, read_only=True) as store:
        tier_a = sum(1 for t in Workbook(store).tiers().values() if t == "A")
    result = _fieldcrm("export", "csv", "--db", demo_book, "--tier", "A", "-o", tmp_path / "a.csv")
    assert f"({tier_a} customers)" in result.stdout
    assert len((tmp_path / "a.csv").read_text(encoding="utf-8-sig").strip().splitlines()) == tier_a + 1


def test_a_file_that_is_not_contacts_is_one_sentence(tmp_path):
    (tmp_path / "x.vcf").write_text("hello")
    result = _fieldcrm("import", "vcard", tmp_path / "x.vcf", "--db", tmp_path / "book")
    assert result.returncode == 1 and result.stderr.startswith("fieldcrm: ") and "no vCard" in result.stderr


@pytest.mark.parametrize("fmt, suffix", [("vcard", "vcf"), ("csv", "csv")])
def test_a_books_own_export_imported_back_into_it_changes_nothing(tmp_path, fmt, suffix, demo_book):
    """The rep exports the contacts and imports the same file back: every customer was matched
    (nothing doubled) but "got details they lacked": their own id, read back from the file's
    UID, was written into each one: a change per customer for the office, for nothing."""
    out = tmp_path / f"all.{suffix}"
    assert _fieldcrm("export", fmt, "--db", demo_book, "-o", out).returncode == 0
    with Store.open(demo_book, read_only=True) as store:
        customers, waiting = store.count(Customer), store.unexported
    back = _fieldcrm("import", fmt, out, "--db", demo_book, "--yes")
    assert back.returncode == 0, back.stderr
    assert f"{customers} contacts: 0 new customers, {customers} already in the book" in back.stdout, back.stdout
    assert "lacked" not in back.stdout, back.stdout
    with Store.open(demo_book, read_only=True) as store:
        assert (store.count(Customer), store.unexported) == (customers, waiting)
