"""The vCard and ICS we write carry their RFCs' required fields, folded and terminated right."""

import datetime as dt
import subprocess
import sys

from fieldcrm.interop.vcard import customer_card, fold, read_cards
from fieldcrm.model import Customer


def _content_lines(text: str) -> list[str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    raw = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in raw)
    unfolded = []
    for line in raw:
        if line.startswith(" "):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    return unfolded


def test_folding_never_splits_a_character():
    line = "NOTE:" + "王总喜欢喝茶" * 20
    folded = fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_vcard_output_has_the_required_properties_and_reads_back():
    c = Customer(id="0001", name="李娜 Li, Na", phones=["+86 139"], email="li@x.cn", notes="a; b\nc",
                 birthday="0000-02-29", tags=["a,b"], company="X", address="1 Road", area="Central")
    lines = _content_lines(customer_card(c))
    assert lines[:2] == ["BEGIN:VCARD", "VERSION:3.0"] and lines[-1] == "END:VCARD"
    props = {line.split(":")[0].split(";")[0] for line in lines}
    assert {"FN", "N", "UID"} <= props  # FN and N are required in 3.0
    (back,) = read_cards(customer_card(c).encode()).contacts
    assert (back.name, back.notes, back.birthday, back.tags, back.uid) == \
        ("李娜 Li, Na", "a; b\nc", "0000-02-29", ["a,b"], "0001")


def test_ics_output_is_a_valid_calendar(tmp_path, demo_book):
    out = tmp_path / "cal.ics"
    result = subprocess.run([sys.executable, "-m", "fieldcrm", "export", "ics", "--db", str(demo_book),
                             "-o", str(out)], capture_output=True, text=True)
    assert result.returncode == 0
    lines = _content_lines(out.read_bytes().decode("utf-8"))  # read_text would turn CRLF into LF
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    events, current = [], None
    for line in lines[1:-1]:
        if line == "BEGIN:VEVENT":
            current = []
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current.append(line)
    assert events and f"({len(events)} events)" in result.stdout
    uids = set()
    for event in events:
        names = [line.split(":")[0].split(";")[0] for line in event]
        assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= set(names)  # RFC 5545 3.6.1
        assert names.count("UID") == 1 and names.count("DTSTART") == 1
        uid = next(line for line in event if line.startswith("UID:"))
        assert uid not in uids
        uids.add(uid)
        start = next(line for line in event if line.startswith("DTSTART"))
        value = start.split(":")[1]
        if ";VALUE=DATE" in start:
            dt.datetime.strptime(value, "%Y%m%d")
        else:
            dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ")
    birthdays = [e for e in events if any(line.startswith("SUMMARY:Birthday") for line in e)]
    assert len(birthdays) == 40 and all("RRULE:FREQ=YEARLY" in e for e in birthdays)
