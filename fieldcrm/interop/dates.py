"""Birthdays and other dates from contacts files, checked before anything is stored.

vCard gives ISO 8601 (RFC 2426 3.1.5, RFC 6350 4.3.1), with ``--MMDD`` for a
year-less date in 4.0 and Apple's ``X-APPLE-OMIT-YEAR`` in 3.0. Spreadsheets
write ``a/b/yyyy`` in the order of the machine's locale: the order is taken
from the file (a first part over 12 means day first) or from ``--date-order``.
"""

from __future__ import annotations

import datetime as dt
import re

from fieldcrm.i18n import _

YEARLESS = "0000"  # how the model writes an unknown year
_ISO = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$")
_NOYEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


class BadDate(ValueError):
    """A date that is not a real day, with the reason in words."""


def checked(year: int, month: int, day: int, text: str) -> str:
    """``YYYY-MM-DD`` of a real day; year 0 means unknown (any leap year then keeps 29 Feb)."""
    try:
        dt.date(year or 2000, month, day)
    except ValueError:
        raise BadDate(_("{text!r} is not a real date").format(text=text)) from None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_iso(text: str, omit_year: str = "") -> str:
    """1980-05-20, 19800520, --0520, --05-20, 1980-05-20T00:00:00Z -> YYYY-MM-DD (0000 if no year).

    Raises BadDate for anything that is not a real day (1980-02-30, 0000, text)."""
    text = text.strip()
    match = _NOYEAR.match(text)
    if match:
        return checked(0, int(match[1]), int(match[2]), text)
    match = _ISO.match(text)
    if not match:
        raise BadDate(_("{text!r} is not a date").format(text=text))
    year = int(match[1])
    if omit_year and match[1] == omit_year:
        year = 0  # X-APPLE-OMIT-YEAR: the year written is a placeholder
    return checked(year, int(match[2]), int(match[3]), text)


def slashed_order(values: list[str]) -> str:
    """"dmy", "mdy" or "" (can't tell) for a column of a/b/yyyy dates."""
    firsts, seconds = [], []
    for value in values:
        match = _SLASHED.match(value.strip())
        if match:
            firsts.append(int(match[1]))
            seconds.append(int(match[2]))
    if any(n > 12 for n in firsts):
        return "dmy"
    if any(n > 12 for n in seconds):
        return "mdy"
    return ""


def is_slashed(text: str) -> bool:
    return bool(_SLASHED.match(text.strip()))


def parse_spreadsheet(text: str, order: str) -> str:
    """A spreadsheet's date: ISO first, then a/b/yyyy in ``order``; "" for an empty or 0/0/00 date."""
    text = text.strip()
    if not text or text.replace("0", "").replace("/", "").replace(".", "") == "":
        return ""  # Outlook writes 0/0/00 for "none"
    match = _SLASHED.match(text)
    if not match:
        return parse_iso(text)
    a, b, year = int(match[1]), int(match[2]), int(match[3])
    if not order:
        raise BadDate(_("{text!r} could be day/month or month/day: say which with --date-order dmy or mdy").format(
            text=text))
    day, month = (a, b) if order == "dmy" else (b, a)
    return checked(year, month, day, text)
