"""A contact that saving would refuse is named in the preview and set aside, never aborting the
import; control characters never enter the book from a contacts file, nor leave it in an export;
a row no charset could read is named."""

from __future__ import annotations

import re

from fieldcrm.interop.contact import Refused
from fieldcrm.interop.contacts import ContactPlan
from fieldcrm.model import Customer
from fieldcrm.store import Store
from fieldcrm.validation import TEXT_LIMIT
from tests.interop.test_matching import card, counts, names

RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")  # C0 but tab/CR/LF, DEL, C1 (UTF-8)


def test_a_name_too_long_to_save_is_refused_in_the_preview_and_the_others_are_added(tmp_path, run):
    path, book = tmp_path / "huge-line.vcf", tmp_path / "book"
    path.write_text(card("FN:" + "B" * 3_000_000) + card("FN:Tom Baker", "TEL:+44 7700 900123"))
    code, out, err = run("import", "vcard", path, "--db", book)  # the preview
    assert code == 0 and counts(out) == (2, 1, 0, 0, 1), out
    refused = [line for line in out.splitlines() if "refused:" in line]
    assert refused == ["  refused: card 1 (" + "B" * 39 + "…): name is longer than 20000 characters"]

    code, out, err = run("import", "vcard", path, "--db", book, "--yes")
    assert code == 0 and err == "", err  # a partial import exits 0, as one with a nameless card does
    assert "Added 1 customer; 1 refused contact set aside (not added)." in out
    assert names(book) == ["Tom Baker"]


def test_a_csv_notes_cell_too_long_to_save_is_refused_and_the_others_are_added(tmp_path, run):
    path, book = tmp_path / "notes.csv", tmp_path / "book"
    path.write_text("Name,Mobile Phone,Notes\r\nLong Notes,+1 555 0101," + "n" * 100_000
                    + "\r\nShort,+1 555 0102,ok\r\n")
    code, out, err = run("import", "csv", path, "--db", book, "--yes")
    assert code == 0 and counts(out) == (2, 1, 0, 0, 1), err
    assert f"  refused: row 2 (Long Notes): notes is longer than {TEXT_LIMIT} characters" in out
    assert names(book) == ["Short"]


def test_a_contact_already_in_the_book_that_saving_would_refuse_changes_nothing(tmp_path, run):
    path, book = tmp_path / "a.vcf", tmp_path / "book"
    path.write_text(card("UID:urn:uuid:77", "FN:Tom Baker"))
    assert run("import", "vcard", path, "--db", book, "--yes")[0] == 0
    path.write_text(card("UID:urn:uuid:77", "FN:Tom Baker", "NOTE:" + "x" * (TEXT_LIMIT + 1)))
    code, out, err = run("import", "vcard", path, "--db", book, "--yes")
    assert code == 0 and counts(out) == (1, 0, 0, 0, 1), err
    with Store.open(book, read_only=True) as store:
        assert [c.notes for c in store.all(Customer)] == [""]


def test_a_refusal_is_one_line_with_its_control_characters_shown():
    plan = ContactPlan(total=1, refused=[Refused("row 2 (\x1b]0;pwned\x07A\nB)", "name is longer than 20000")])
    (line,) = [line for line in plan.lines() if "refused:" in line]
    assert line == "  refused: row 2 (␛]0;pwned␇A B): name is longer than 20000"


def test_control_characters_from_a_csv_are_never_stored_nor_exported(tmp_path, run):
    path, book = tmp_path / "hostile.csv", tmp_path / "book"
    path.write_bytes('Name,Company,Notes\r\n"\x1b[31mRED\x1b[0m Evil","\x1b]0;pwned\x07Corp",'
                     '"line one\r\nline\x00 two\ttabbed\x85"\r\n"Nul\x00Name",,\r\n'.encode())
    code, out, err = run("import", "csv", path, "--db", book, "--yes")
    assert code == 0 and counts(out) == (2, 2, 0, 0, 0), err
    with Store.open(book, read_only=True) as store:
        stored = {c.name: c for c in store.all(Customer)}
    assert sorted(stored) == ["NulName", "RED Evil"]
    assert stored["RED Evil"].company == "Corp"
    assert stored["RED Evil"].notes == "line one\nline two\ttabbed"  # a note keeps its lines and tabs
    for fmt in ("vcard", "csv"):
        assert run("export", fmt, "--db", book, "-o", tmp_path / f"out.{fmt}")[0] == 0
        assert not RAW_CONTROL.search((tmp_path / f"out.{fmt}").read_bytes()), fmt


def test_an_export_writes_no_control_character_a_book_already_holds(tmp_path, run):
    book = tmp_path / "book"
    with Store.open(book, create=True) as store:  # stored before imports removed them
        store.add(Customer(name="\x1b[2JWiped\x00", company="Bell\x07", notes="a\x1b]52;c;aGk=\x07b\nc",
                           tags=["\x9bx"]))
    for fmt in ("vcard", "csv", "ics"):
        assert run("export", fmt, "--db", book, "-o", tmp_path / f"out.{fmt}")[0] == 0
        data = (tmp_path / f"out.{fmt}").read_bytes()
        assert not RAW_CONTROL.search(data), (fmt, data)
    vcf = (tmp_path / "out.vcard").read_bytes().decode()
    assert "FN:Wiped\r\n" in vcf and "ORG:Bell\r\n" in vcf and "NOTE:ab\\nc\r\n" in vcf


def test_a_row_no_charset_could_read_is_named_not_only_the_file(tmp_path, run):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"Name,Mobile Phone\r\n\xff\xfe\xc3\x28Bad \x80\x81Name,+1 555 0100\r\n"
                     b"Good Name,+1 555 0101\r\n")
    code, out, err = run("import", "csv", path, "--db", tmp_path / "book")
    assert code == 0 and "is not UTF-8: read as cp1252." in out, err
    notes = [line for line in out.splitlines() if line.startswith("  note:")]
    assert notes == ["  note: ÿþÃ(Bad €�Name: 'ÿþÃ(Bad €�Name' holds bytes no charset could read: check it"]


def test_two_notes_too_long_together_set_the_second_aside_instead_of_aborting(tmp_path, run):
    path, book = tmp_path / "twice.vcf", tmp_path / "book"
    half = TEXT_LIMIT // 2 + 10
    path.write_text(card("FN:Tom Baker", "TEL:+44 7700 900123", "NOTE:" + "a" * half)
                    + card("FN:Tom Baker", "TEL:+44 7700 900123", "NOTE:" + "b" * half)  # the same person
                    + card("FN:Ann Lee", "TEL:+44 7700 900124"))
    code, out, err = run("import", "vcard", path, "--db", book, "--yes")
    assert code == 0 and err == "" and counts(out) == (3, 2, 0, 0, 1), err
    assert "  refused: card 2 (Tom Baker): notes is longer than 20000 characters" in out
    assert names(book) == ["Ann Lee", "Tom Baker"]
    with Store.open(book, read_only=True) as store:
        assert [len(c.notes) for c in store.all(Customer) if c.name == "Tom Baker"] == [half]
    assert "1 refused contact set aside" in out


def test_a_look_alike_merge_too_long_to_save_is_set_aside_and_the_rest_still_comes_in(tmp_path, run):
    path, book = tmp_path / "a.vcf", tmp_path / "book"
    half = TEXT_LIMIT // 2 + 10
    path.write_text(card("FN:Tom Baker", "TEL:+44 7700 900123", "NOTE:" + "a" * half))
    assert run("import", "vcard", path, "--db", book, "--yes")[0] == 0
    path.write_text(card("FN:Mrs Baker", "TEL:+44 7700 900123", "NOTE:" + "b" * half)  # the family phone
                    + card("FN:Ann Lee", "TEL:+44 7700 900124"))
    code, out, err = run("import", "vcard", path, "--db", book, "--yes", "--merge-lookalikes")
    assert code == 0 and err == "" and counts(out) == (2, 1, 0, 0, 1), err
    assert names(book) == ["Ann Lee", "Tom Baker"]


def test_a_merge_chosen_after_the_preview_is_checked_before_it_is_written(tmp_path, run):
    from fieldcrm.interop.contacts import apply_plan, plan_contacts
    from fieldcrm.interop.vcard_read import read_cards
    from fieldcrm.workbook import Workbook

    path, book = tmp_path / "a.vcf", tmp_path / "book"
    half = TEXT_LIMIT // 2 + 10
    path.write_text(card("FN:Tom Baker", "TEL:+44 7700 900123", "NOTE:" + "a" * half))
    assert run("import", "vcard", path, "--db", book, "--yes")[0] == 0
    data = (card("FN:Mrs Baker", "TEL:+44 7700 900123", "NOTE:" + "b" * half)
            + card("FN:Ann Lee", "TEL:+44 7700 900124")).encode()
    with Store.open(book) as store:
        work = Workbook(store)
        plan = plan_contacts(read_cards(data), store.all(Customer), "2026-11-26")
        plan.look_alikes[0].choice = "merge"  # as the rep does in the F8 table
        counts = apply_plan(plan, work, "2026-11-26")
    assert (counts["added"], counts["merged"], counts["refused"]) == (1, 0, 1)
    assert names(book) == ["Ann Lee", "Tom Baker"]
