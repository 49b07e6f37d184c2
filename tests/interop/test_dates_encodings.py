"""Items 3 and 4 of issue 11: dates checked before they are stored; text decoded in the right charset.
Small files written from RFC 2426 / 6350 (vCard), the vCard 2.1 spec and RFC 4180 (CSV)."""

from __future__ import annotations

import codecs

import pytest

from fieldcrm.interop.contact import ContactsError
from fieldcrm.interop.csvfile import read_csv
from fieldcrm.interop.vcard_read import read_cards


def card(*lines: str, version: str = "3.0") -> bytes:
    return ("\r\n".join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD"]) + "\r\n").encode()


def one(data: bytes):
    (contact,) = read_cards(data).contacts
    return contact


# -- 3. dates -----------------------------------------------------------------------------------

@pytest.mark.parametrize("bday", ["1980-02-30", "0000", "19801301", "circa 1800", "--0230"])
def test_an_invalid_birthday_is_refused_with_a_reason_and_never_stored(bday):
    c = one(card("FN:Tom Baker", f"BDAY:{bday}"))
    assert c.name == "Tom Baker" and c.birthday == ""  # the contact comes in, the date does not
    assert c.problems == [f"birthday left out: {bday!r} is " + ("not a date" if bday in ("0000", "circa 1800")
                                                                else "not a real date")]


def test_a_later_invalid_birthday_never_wipes_a_valid_one():
    c = one(card("FN:Tom Baker", "BDAY:1980-05-20", "BDAY:1980-02-30"))
    assert c.birthday == "1980-05-20" and "1980-02-30" in c.problems[0]


def test_year_less_birthdays_in_4_0_and_apples_3_0_form():
    assert one(card("FN:A", "BDAY:--0229", version="4.0")).birthday == "0000-02-29"
    assert one(card("FN:A", "BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-20")).birthday == "0000-05-20"


def test_csv_dates_take_their_order_from_the_file_or_ask():
    day_first = "Name,Birthday\r\nAda,25/12/1980\r\nBob,03/04/1981\r\n".encode()
    assert [c.birthday for c in read_csv(day_first).contacts] == ["1980-12-25", "1981-04-03"]
    month_first = "Name,Birthday\r\nAda,12/25/1980\r\nBob,03/04/1981\r\n".encode()
    assert [c.birthday for c in read_csv(month_first).contacts] == ["1980-12-25", "1981-03-04"]
    ambiguous = "Name,Birthday\r\nBob,03/04/1981\r\nIso,1970-01-02\r\n".encode()
    with pytest.raises(ContactsError, match="--date-order dmy or --date-order mdy"):
        read_csv(ambiguous)
    assert [c.birthday for c in read_csv(ambiguous, date_order="mdy").contacts] == ["1981-03-04", "1970-01-02"]
    # The rep said mdy but the file has 25/12: that date is refused, never swapped.
    (ada, bob) = read_csv(day_first, date_order="mdy").contacts
    assert ada.birthday == "" and "25/12/1980" in ada.problems[0] and bob.birthday == "1981-03-04"


def test_the_date_order_is_asked_for_on_the_command_line(tmp_path, run):
    path = tmp_path / "a.csv"
    path.write_text("Name,Birthday\nBob,03/04/1981\n")
    code, out, err = run("import", "csv", path, "--db", tmp_path / "book")
    assert code == 1 and "--date-order" in err and err.count("\n") == 1
    code, out, err = run("import", "csv", path, "--db", tmp_path / "book", "--date-order", "dmy", "--yes")
    assert code == 0 and "1 contact: 1 new customer," in out


# -- 4. encodings -------------------------------------------------------------------------------

def test_a_fold_inside_a_utf8_character_is_unfolded_before_decoding():
    # RFC 6350 3.2: folding is on octets; a multi-octet character may be split across lines.
    name = "王总喜欢喝茶".encode()
    data = b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:" + name[:4] + b"\r\n " + name[4:] + b"\r\nEND:VCARD\r\n"
    assert one(data).name == "王总喜欢喝茶"


def test_charset_is_honoured_per_property_in_2_1_raw_and_quoted_printable():
    data = (b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=SHIFT_JIS:" + "安藤;ロイド".encode("shift_jis")
            + b"\r\nORG;CHARSET=WINDOWS-1252;ENCODING=QUOTED-PRINTABLE:Caf=E9 L=F3pez\r\n"
            + b"NOTE;CHARSET=GBK:" + "王总喜欢喝茶".encode("gbk") + b"\r\nEND:VCARD\r\n")
    c = one(data)
    assert (c.name, c.company, c.notes, c.problems) == ("安藤ロイド", "Café López", "王总喜欢喝茶", [])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_a_whole_file_in_utf8_utf16_or_gb18030_is_read(encoding):
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:李娜\r\nORG:鑫隆贸易\r\nEND:VCARD\r\n"
    c = one(text.encode(encoding))
    assert (c.name, c.company) == ("李娜", "鑫隆贸易")
    rows = "姓名,公司\r\n李娜,鑫隆贸易\r\n".encode(encoding)
    (li,) = read_csv(rows).contacts
    assert (li.name, li.company) == ("李娜", "鑫隆贸易")
    assert codecs  # the BOMs come from the codecs above


def test_mojibake_is_said_not_kept_silently():
    c = one(card("FN:" + "José".encode("utf-8").decode("cp1252")))  # "JosÃ©"
    assert "mojibake" in c.problems[0]
    data = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8:Jos\xe9\r\nEND:VCARD\r\n"  # declared UTF-8, is not
    assert "not UTF-8" in one(data).problems[0]


def test_a_lunar_birthday_comes_in_from_a_spreadsheet_and_an_impossible_one_is_left_out():
    rows = ("Name,Birthday\r\n王芳,农历 1985-08-15\r\n李雷,L2026-R02-01\r\nAnn Lee,L0000-R06-30\r\n").encode("utf-8")
    wang, li, ann = read_csv(rows).contacts
    assert wang.birthday == "L1985-08-15" and ann.birthday == "L0000-R06-30"
    assert li.birthday == "" and li.problems == [
        "birthday left out: 'L2026-R02-01' is not a real lunar date: the lunar year 2026 has no leap month."]


def test_a_lunar_birthday_goes_out_in_a_vcard_as_the_gregorian_birth_day_or_not_at_all():
    from fieldcrm.interop.vcard import customer_card
    from fieldcrm.model import Customer
    assert "BDAY:1985-09-29" in customer_card(Customer(id="x", name="王芳", birthday="L1985-08-15"))
    assert "BDAY" not in customer_card(Customer(id="x", name="王芳", birthday="L0000-08-15"))
