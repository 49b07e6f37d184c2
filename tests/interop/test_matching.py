"""Items 1, 2 and 8 of issue 11: never a duplicate, never a silent skip, a preview needs no book.
Small files written from RFC 2426 / 6350 (vCard) and RFC 4180 (CSV)."""

from __future__ import annotations

import re

from fieldcrm.interop.contacts import plan_contacts
from fieldcrm.interop.csvfile import read_csv
from fieldcrm.interop.vcard_read import read_cards
from fieldcrm.model import Customer
from fieldcrm.store import Store

SUMMARY = re.compile(r"(\d+) contacts?: (\d+) new customers?, (\d+) already in the book, (\d+) looks? like "
                     r"(?:a )?customers? you have \(held back\), (\d+) refused\.")


def card(*lines: str, version: str = "3.0") -> str:
    return "\r\n".join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD"]) + "\r\n"


def counts(out: str) -> tuple[int, ...]:
    return tuple(map(int, SUMMARY.search(out).groups()))


def names(book) -> list[str]:
    with Store.open(book, read_only=True) as store:
        return sorted(c.name for c in store.all(Customer))


# -- 1. matching -------------------------------------------------------------------------------

def test_a_uid_matches_on_the_second_import_even_after_a_rename(tmp_path, run):
    path, book = tmp_path / "a.vcf", tmp_path / "book"
    path.write_text(card("UID:urn:uuid:5f1a-77", "FN:Zhang Wei"))
    assert run("import", "vcard", path, "--db", book, "--yes")[0] == 0
    path.write_text(card("UID:urn:uuid:5f1a-77", "FN:Zhang Wei (Harbour)", "TEL:+86 138 0013 8000"))
    code, out, _ = run("import", "vcard", path, "--db", book, "--yes")
    assert counts(out) == (1, 0, 1, 0, 0)
    with Store.open(book, read_only=True) as store:
        (zhang,) = store.all(Customer)
    assert zhang.name == "Zhang Wei" and zhang.phones == ["+86 138 0013 8000"]  # filled in, not renamed
    assert zhang.contact_uid == "5f1a-77"


def test_no_phone_email_or_uid_is_matched_by_name_and_company(tmp_path, run):
    path, book = tmp_path / "a.vcf", tmp_path / "book"
    path.write_text(card("FN:Li Na", "ORG:Harbour Supplies") + card("FN:Li Na", "ORG:Dock Tea"))
    assert counts(run("import", "vcard", path, "--db", book, "--yes")[1]) == (2, 2, 0, 0, 0)
    assert counts(run("import", "vcard", path, "--db", book, "--yes")[1]) == (2, 0, 2, 0, 0)
    assert names(book) == ["Li Na", "Li Na"]


def test_look_alikes_are_listed_with_both_names_and_held_back_unless_added(tmp_path, run):
    book, path = tmp_path / "book", tmp_path / "family.vcf"
    with Store.open(book) as store:
        store.add(Customer(name="Wang Fang", phones=["+86 138 0013 8000"]))
    path.write_text(card("FN:Wang Lei", "TEL:138 0013 8000"))  # the family phone
    code, out, _ = run("import", "vcard", path, "--db", book, "--yes")
    assert "Wang Lei looks like Wang Fang (same phone): not added" in out
    assert counts(out) == (1, 0, 0, 1, 0) and names(book) == ["Wang Fang"]
    code, out, _ = run("import", "vcard", path, "--db", book, "--yes", "--add-lookalikes")
    assert "Wang Lei looks like Wang Fang (same phone): will be added anyway" in out
    assert names(book) == ["Wang Fang", "Wang Lei"]
    code, out, _ = run("import", "vcard", path, "--db", book, "--yes", "--add-lookalikes")
    assert counts(out) == (1, 0, 1, 0, 0) and names(book) == ["Wang Fang", "Wang Lei"]  # once only


def test_merging_a_look_alike_fills_only_what_the_customer_lacks(tmp_path, run):
    book, path = tmp_path / "book", tmp_path / "office.vcf"
    with Store.open(book) as store:
        store.add(Customer(name="Harbour Supplies", phones=["020 7946 0000"], birthday="1980-05-20"))
    path.write_text(card("FN:Harbour front desk", "TEL:020 7946 0000", "EMAIL:desk@harbour.example",
                         "BDAY:1990-01-01"))
    run("import", "vcard", path, "--db", book, "--yes", "--merge-lookalikes")
    with Store.open(book, read_only=True) as store:
        (harbour,) = store.all(Customer)
    assert (harbour.name, harbour.email, harbour.birthday) == \
        ("Harbour Supplies", "desk@harbour.example", "1980-05-20")


def test_the_same_person_twice_in_one_file_comes_in_once():
    twice = (card("FN:Tom Baker", "TEL:+44 7700 900123") + card("FN:tom baker", "TEL:07700 900123")).encode()
    plan = plan_contacts(read_cards(twice), [], "2026-11-24")
    assert (len(plan.new), len(plan.matched), len(plan.look_alikes)) == (1, 1, 0)


# -- 2. every contact accounted for --------------------------------------------------------------

def test_every_card_is_counted_cut_off_nested_and_refused(tmp_path, run):
    text = (
        card("N:parent", "BEGIN:VCARD", "VERSION:2.1", "N:nest1", "END:VCARD", "TEL:1", version="2.1")
        + card("FN:Boss", "AGENT:BEGIN:VCARD\\nVERSION:3.0\\nFN:Assistant Amy\\nTEL:+1 555 0100\\nEND:VCARD")
        + card("NOTE:nothing to call this one by")
        + "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Cut Off\r\nTEL:+1 555 0199\r\n"  # a cut download
    )
    path = tmp_path / "all.vcf"
    path.write_text(text)
    code, out, _ = run("import", "vcard", path, "--db", tmp_path / "book", "--yes")
    assert code == 0 and counts(out) == (6, 5, 0, 0, 1)
    assert "refused: card 5: no name, organisation, e-mail or phone" in out
    assert "ends inside a card (no END:VCARD)" in out
    assert names(tmp_path / "book") == ["Assistant Amy", "Boss", "Cut Off", "nest1", "parent"]


def test_a_quoted_printable_value_ending_in_a_soft_break_keeps_the_next_property():
    # vCard 2.1 section 2.1.3: "=" at a line end is a soft break; here the value simply ends with one.
    text = card("FN;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 =", "P=C3=A9rez=", "TEL:+34 600 123 456",
                version="2.1")
    (jose,) = read_cards(text.encode()).contacts
    assert (jose.name, jose.phones) == ("José Pérez", ["+34 600 123 456"])


def test_no_name_falls_back_to_organisation_then_email_then_phone_in_both_importers():
    vcf = (card("ORG:Harbour Supplies;Sales", "TEL:1") + card("EMAIL:anon@example.com")
           + card("TEL:+44 20 7946 0000")).encode()
    csv_text = ("Name,Company,E-mail Address,Mobile Phone\r\n,Harbour Supplies,,1\r\n"
                ",,anon@example.com,\r\n,,,+44 20 7946 0000\r\n").encode()
    for read in (read_cards(vcf), read_csv(csv_text)):
        assert [c.name for c in read.contacts] == ["Harbour Supplies", "anon@example.com", "+44 20 7946 0000"]


# -- 8. a preview needs no book -------------------------------------------------------------------

def test_a_preview_needs_no_book_and_yes_creates_it(tmp_path, run):
    path, book = tmp_path / "a.vcf", tmp_path / "new-book"
    path.write_text(card("FN:Tom Baker", "TEL:+44 7700 900123"))
    code, out, err = run("import", "vcard", path, "--db", book)
    assert code == 0 and not book.exists() and err == ""
    assert "1 contact: 1 new customer," in out and "no book at" in out
    code, out, _ = run("import", "vcard", path, "--db", book, "--yes")
    assert code == 0 and names(book) == ["Tom Baker"]


def test_names_from_the_file_are_printed_as_data_never_as_terminal_controls(tmp_path, run):
    path = tmp_path / "a.vcf"
    path.write_text(card("FN:Tom", "TEL:+44 7700 900123")  # a look-alike line prints the name
                    + card("FN:Evil\x1b]52;c;aGk=\x07Name", "TEL:+44 7700 900123"))
    code, out, _ = run("import", "vcard", path, "--db", tmp_path / "book")
    assert code == 0 and "\x1b" not in out and "\x07" not in out and "Evil" in out
