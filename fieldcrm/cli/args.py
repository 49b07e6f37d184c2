"""Arguments the commands share: a day as the app takes it, a positive whole number."""

from __future__ import annotations

import argparse
import datetime as dt

from fieldcrm.i18n import _

# The agenda looks a year back and weeks ahead of the day it plans; beyond these
# the calendar arithmetic overflows, and no rep plans a day there anyway.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


def _day(text: str) -> dt.date:
    """A day typed as the app takes it (``fieldcrm.when.parse_day``), within the range planned."""
    from fieldcrm.when import parse_day
    try:
        day = parse_day(text, dt.date.today(), blank_is_today=False)
    except OverflowError:  # "+99999999d"
        day = None
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(
            _("{text!r} is out of range: fieldcrm plans days from {first} to {last}.").format(
                text=text, first=FIRST_DAY, last=LAST_DAY))
    return day


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a whole number").format(text=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("{value} must be at least 1").format(value=value))
    return value
