"""Items 5, 6 and 7 of issue 11: spreadsheet layouts, addresses and names, exports that stay valid.
Small files written from RFC 4180 (CSV), RFC 2426 / 6350 (vCard) and RFC 5545 (iCalendar)."""

from __future__ import annotations

import datetime as dt
import logging
import warnings

import pytest

import orjson

from fieldcrm.interop.csvfile import read_csv, write_csv
from fieldcrm.interop.ics import calendar
from fieldcrm.interop.vcard import customer_card
from fieldcrm.interop.vcard_read import read_cards
from fieldcrm.model import Customer
from fieldcrm.store import Store

# -- 5. CSV layouts -------------------------------------------------------------------------------

THUNDERBIRD = ("First Name,Last Name,Display Name,Primary Email,Mobile Number,Work Phone,Organization,"
               "Job Title,Birth Year,Birth Month,Birth Day,Custom 1\r\n"
               "Ada,Lovelace,Ada Lovelace,ada@engines.example,+44 7700 900555,020 7946 0000,Engines,Owner,"
               "1815,12,10,likes tea\r\n")


def test_thunderbird_headers_are_read_without_map_and_unknown_columns_with_data_are_named():
    read = read_csv(THUNDERBIRD.encode())
    (ada,) = read.contacts
    assert (ada.name, ada.email, ada.phones, ada.company, ada.title, ada.birthday) == \
        ("Ada Lovelace", "ada@engines.example", ["+44 7700 900555", "020 7946 0000"], "Engines", "Owner",
         "1815-12-10")
    assert ("Custom 1", "ignored") in read.columns and ("Display Name", "name") in read.columns
    assert any("Custom 1" in w for w in read.warnings)


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_chinese_headers_and_semicolon_or_tab_separators(sep):
    header = ["姓名", "手机", "办公电话", "电子邮件", "公司", "职务", "地址", "生日", "备注"]
    row = ["欧阳娜娜", "138 0013 8000", "010 8888 0000", "ouyang@example.cn", "鑫隆贸易", "经理",
           "朝阳路1号", "1985-06-01", "爱喝茶"]
    c, = read_csv((sep.join(header) + "\r\n" + sep.join(row) + "\r\n").encode("gb18030")).contacts
    assert (c.name, c.phones, c.email, c.company, c.title, c.address, c.birthday, c.notes) == \
        ("欧阳娜娜", ["138 0013 8000", "010 8888 0000"], "ouyang@example.cn", "鑫隆贸易", "经理", "朝阳路1号",
         "1985-06-01", "爱喝茶")


def test_google_layout_reads_every_phone_and_email_and_multi_values():
    text = ("Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Value,Phone 1 - Value,"
            "Phone 4 - Value,Group Membership\r\n"
            ",Grace,Hopper,* Work,grace@navy.example ::: gh@home.example,g2@navy.example,+1 202 555 0143,"
            "+1 202 555 0199,* myContacts ::: Buyers; Navy\r\n")
    read = read_csv(text.encode())
    (grace,) = read.contacts
    assert grace.name == "Grace Hopper" and grace.phones == ["+1 202 555 0143", "+1 202 555 0199"]
    assert grace.emails == ["grace@navy.example", "gh@home.example", "g2@navy.example"]
    assert grace.tags == ["Buyers; Navy"] and not read.warnings  # a type column is known, not "unread"


def test_the_preview_shows_per_column_what_it_fills(tmp_path, run):
    path = tmp_path / "tb.csv"
    path.write_text(THUNDERBIRD)
    code, out, _ = run("import", "csv", path, "--db", tmp_path / "book")
    assert "Primary Email -> email" in out and "Columns ignored: Custom 1" in out
    assert "Columns with data that were not read: Custom 1" in out


# -- 6. addresses and names -------------------------------------------------------------------------

def test_addresses_keep_region_postcode_country_and_a_second_address_goes_to_notes():
    data = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Frank Dawson\r\n"
            "ADR;TYPE=WORK:;;6544 Battleford Drive;Raleigh;NC;27613-3502;U.S.A.\r\n"
            "ADR;TYPE=HOME:;;1 Home Rd;Cary;NC;27511;U.S.A.\r\nEND:VCARD\r\n").encode()
    (frank,) = read_cards(data).contacts
    assert (frank.address, frank.area, frank.region, frank.postcode, frank.country) == \
        ("6544 Battleford Drive", "Raleigh", "NC", "27613-3502", "U.S.A.")
    assert frank.notes == "Other address: 1 Home Rd, Cary, NC, 27511, U.S.A."
    outlook = ("First Name,Last Name,Business Street,Business City,Business State,Business Postal Code,"
               "Business Country/Region,Home Street,Home City\r\nAda,Lovelace,12 St James Sq,London,,SW1Y 4JH,"
               "United Kingdom,1 Home Rd,Marylebone\r\n").encode()
    (ada,) = read_csv(outlook).contacts
    assert (ada.address, ada.area, ada.postcode, ada.country) == \
        ("12 St James Sq", "London", "SW1Y 4JH", "United Kingdom")
    assert ada.notes == "Other address: 1 Home Rd, Marylebone"


def test_chinese_names_from_n_family_first_and_last_comma_first():
    data = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:欧阳;娜娜;;;\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lovelace;Ada;;;\r\nEND:VCARD\r\n").encode()
    assert [c.name for c in read_cards(data).contacts] == ["欧阳娜娜", "Ada Lovelace"]
    (ada,) = read_csv("Name,E-mail\r\n\"Lovelace, Ada\",ada@engines.example\r\n".encode()).contacts
    assert ada.name == "Ada Lovelace"
    card = customer_card(Customer(id="1", name="司马相如"))
    assert "N:司马;相如;;;" in card.split("\r\n")


# -- 7. exports stay valid --------------------------------------------------------------------------

def _vobject_cards(text: str, caplog) -> list:
    import vobject
    caplog.set_level(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cards = list(vobject.readComponents(text, validate=True))
    assert not caplog.records
    return cards


def test_a_carriage_return_in_a_note_is_escaped_and_year_less_birthdays_are_3_0_valid(caplog):
    c = Customer(id="1", name="Tom", notes="Outlook line\r\nnext\rlast", birthday="0000-02-29",
                 region="NC", postcode="27613", country="U.S.A.")
    text = customer_card(c)
    assert "\r" not in text.replace("\r\n", "")
    (card,) = _vobject_cards(text, caplog)
    assert card.note.value == "Outlook line\nnext\nlast"
    assert card.bday.value == "1604-02-29" and card.bday.params["X-APPLE-OMIT-YEAR"] == ["1604"]
    (back,) = read_cards(text.encode()).contacts
    assert (back.birthday, back.region, back.postcode, back.country) == ("0000-02-29", "NC", "27613", "U.S.A.")


def test_tags_holding_a_semicolon_survive_a_csv_round_trip():
    c = Customer(id="1", name="Tom", tags=["wholesale; north", "vip"], region="Kent", country="UK")
    (back,) = read_csv(write_csv([c], {})).contacts
    assert (back.tags, back.region, back.country) == (["wholesale; north", "vip"], "Kent", "UK")


def test_a_year_less_29_february_fires_every_year_and_the_calendar_is_valid():
    import icalendar
    text = calendar([{"uid": "b", "date": dt.date(2000, 2, 29), "yearly": True, "summary": "Birthday: A\r\nB"}],
                    dt.datetime(2026, 11, 24, tzinfo=dt.timezone.utc))
    cal = icalendar.Calendar.from_ical(text)
    (event,) = cal.walk("VEVENT")
    assert all(not part.errors for part in cal.walk())
    assert event["RRULE"]["BYMONTHDAY"] == [-1] and event["RRULE"]["BYMONTH"] == [2]
    assert str(event["SUMMARY"]) == "Birthday: A\nB"


def test_an_invalid_birthday_already_in_a_book_does_not_stop_the_ics_export(tmp_path, run):
    book = tmp_path / "book"
    with Store.open(book) as store:
        old = store.add(Customer(name="Old import"))
        store.add(Customer(name="Leap", birthday="0000-02-29"))
        seq, stamp = store.seq, store._hlc.tick()
    # An import from before dates were checked: written straight into the change log.
    line = {"seq": seq + 1, "hlc": stamp, "t": "customers", "id": old.id,
            "f": {"birthday": "1980-02-30"}, "b": {"birthday": []}}
    with open(book / "changes.jsonl", "ab") as log:
        log.write(orjson.dumps(line) + b"\n")
    code, out, err = run("export", "ics", "--db", book, "-o", tmp_path / "c.ics")
    assert code == 0 and "(1 event)" in out
