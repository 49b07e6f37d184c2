"""vCard: write 3.0 (RFC 2426); reading (2.1, 3.0, 4.0) is in vcard_read.

What we write reads back without a loss and parses cleanly elsewhere: text
escaped (a carriage return too), lines folded at 75 octets never inside a
character, a year-less birthday in Apple's 3.0 form.
"""

from __future__ import annotations

from fieldcrm.interop.contact import Contact, ContactsError  # noqa: F401  (importers use these names)
from fieldcrm.interop.names import split_name
from fieldcrm.interop.vcard_read import read_cards  # noqa: F401
from fieldcrm.model import Customer, Rep
from fieldcrm.rules import lunar
from fieldcrm.terminal_text import without_controls

OMIT_YEAR = "1604"  # a leap year, so a year-less 29 February is still a valid 3.0 date


def escape(value: str) -> str:
    """Escape text for a vCard value (RFC 2426 section 4); any line break becomes \\n, and no
    control character is written (whatever the book holds: other programs read this file)."""
    value = without_controls(value, multiline=True)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (RFC 6350 3.2)."""
    out, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += width
    out.append(current)
    return "\r\n".join(out)


def _card(lines: list[str]) -> str:
    return "".join(fold(line) + "\r\n" for line in ["BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD"])


def _n(name: str) -> str:
    family, given = split_name(name)
    return f"N:{escape(family)};{escape(given)};;;"


def rep_card(rep: Rep, compact: bool = False) -> str:
    """The rep's own card; ``compact`` leaves out the TYPE parameters (a smaller QR code)."""
    lines = [f"FN:{escape(rep.name or 'fieldcrm')}", _n(rep.name)]
    if rep.company:
        lines.append(f"ORG:{escape(rep.company)}")
    if rep.title:
        lines.append(f"TITLE:{escape(rep.title)}")
    if rep.phone:
        lines.append(f"TEL{'' if compact else ';TYPE=CELL'}:{escape(rep.phone)}")
    if rep.email:
        lines.append(f"EMAIL{'' if compact else ';TYPE=INTERNET'}:{escape(rep.email)}")
    return _card(lines)


def birthday_line(birthday: str) -> str:
    """BDAY in 3.0: a year-less date keeps a placeholder year that Apple's parameter marks.

    A lunar birthday (L1985-08-15) becomes the Gregorian day of the birth itself; "" when
    its year is unknown, as vCard has no lunar calendar (the ICS export keeps those).
    """
    if lunar.is_lunar(birthday):
        born = lunar.birth_date(birthday)
        return f"BDAY:{born.isoformat()}" if born else ""
    if birthday.startswith("0000-"):
        return f"BDAY;X-APPLE-OMIT-YEAR={OMIT_YEAR}:{OMIT_YEAR}{birthday[4:]}"
    return f"BDAY:{birthday}"


def customer_card(c: Customer) -> str:
    uid = c.contact_uid or f"urn:uuid:{c.id}"
    lines = [f"UID:{escape(uid)}", f"FN:{escape(c.name)}", _n(c.name)]
    if c.company:
        lines.append(f"ORG:{escape(c.company)}")
    if c.title:
        lines.append(f"TITLE:{escape(c.title)}")
    lines += [f"TEL;TYPE=CELL:{escape(p)}" for p in c.phones]
    if c.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{escape(c.email)}")
    if c.address or c.area or c.region or c.postcode or c.country:
        parts = (c.address, c.area, c.region, c.postcode, c.country)
        lines.append("ADR;TYPE=WORK:;;" + ";".join(escape(p) for p in parts))
    if c.birthday and birthday_line(c.birthday):
        lines.append(birthday_line(c.birthday))
    if c.tags:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in c.tags))
    if c.notes:
        lines.append(f"NOTE:{escape(c.notes)}")
    return _card(lines)
