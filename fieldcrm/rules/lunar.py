"""Lunar (农历) dates: how they are stored, checked, and found on the Gregorian calendar.

A lunar birthday or important date is stored in the same field as a Gregorian one,
as ``L<year>-<month>-<day>``: ``L1985-08-15`` (八月十五), ``L0000-08-15`` (year
unknown), ``L2023-R02-10`` (闰二月初十: R for 闰 rùn, a leap month). One string
rather than a date plus a "calendar" flag, because sync merges field by field: two
fields could merge into a Gregorian date read as lunar.

The conversions come from tyme4py (imported on first use: the CLI stays fast).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import NamedTuple

from fieldcrm.i18n import N_, _
from fieldcrm.rules.calendar import short_date

STORED = re.compile(r"L([0-9]{4})-(R?)([0-9]{2})-([0-9]{2})", re.ASCII)
MONTHS_ZH = ("正月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "冬月", "腊月")
_TENS = ("初", "十", "廿", "三")
HOW = N_("write it as L1985-08-15 (L2023-R02-10 for a leap month)")  # translated where shown
_UNITS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


class LunarDate(NamedTuple):
    year: int  # 0 when unknown
    month: int  # 1-12
    day: int  # 1-30
    leap: bool = False

    def stored(self) -> str:
        return f"L{self.year:04d}-{'R' if self.leap else ''}{self.month:02d}-{self.day:02d}"


def is_lunar(stored: str) -> bool:
    return stored.startswith("L")


def parse(stored: str) -> LunarDate | None:
    """The stored form read back; None if it is not one (no range checks: see ``problem``)."""
    match = STORED.fullmatch(stored)
    if not match:
        return None
    year, leap, month, day = match.groups()
    return LunarDate(int(year), int(month), int(day), leap == "R")


def read(text: str, what: str = "") -> str:
    """What a rep types, in the stored form: "L1985-08-15", "农历 1985-08-15",
    "lunar 0000-08-15", "农历2023-闰02-10", "lunar 2023-leap 02-10". Raises ValueError
    with one sentence (naming ``what``, e.g. "Birthday") if it is not a real lunar date."""
    plain = text.strip()
    for prefix in ("农历", "lunar", "L", "l"):
        if plain.lower().startswith(prefix.lower()):
            plain = plain[len(prefix):]
            break
    else:
        raise ValueError(_refusal(text, what, None))
    plain = re.sub(r"\s+", "", plain).replace("闰", "R").replace("leap", "R").replace("r", "R")
    stored = "L" + plain
    date = parse(stored)
    if date is None:
        raise ValueError(_refusal(text, what, None))
    why = problem(stored)
    if why:
        raise ValueError(_refusal(text, what, why))
    return date.stored()


def _refusal(text: str, what: str, why: str | None) -> str:
    """The one sentence refusing ``text``: not written as a lunar date (``why`` None), or not a real one."""
    if why is None:
        if what:
            return _("{text!r} is not a lunar date ({what}): {how}.").format(text=text, what=what, how=_(HOW))
        return _("{text!r} is not a lunar date: {how}.").format(text=text, how=_(HOW))
    if what:
        return _("{text!r} is not a real lunar date ({what}): {why}.").format(text=text, what=what, why=why)
    return _("{text!r} is not a real lunar date: {why}.").format(text=text, why=why)


def problem(stored: str) -> str | None:
    """What is wrong with a stored lunar date, as a phrase; None if it is real."""
    date = parse(stored)
    if date is None:
        return _(HOW)
    if not 1 <= date.month <= 12:
        return _("there is no lunar month {month}").format(month=date.month)
    if not 1 <= date.day <= 30:
        return _("a lunar month has 29 or 30 days, not {day}").format(day=date.day)
    if date.year == 0:
        return None  # any month may be leap in some year; day 30 exists in some year
    if not 1900 <= date.year <= 2100:
        return _("lunar years from 1900 to 2100 are supported, not {year}").format(year=date.year)
    if date.leap and _leap_month(date.year) != date.month:
        leap = _leap_month(date.year)
        if not leap:
            return _("the lunar year {year} has no leap month").format(year=date.year)
        return _("the leap month of the lunar year {year} is month {leap}, not month {month}").format(
            year=date.year, leap=leap, month=date.month)
    days = _month_days(date.year, -date.month if date.leap else date.month)
    if date.day > days:
        if date.leap:
            return _("leap month {month} of the lunar year {year} has only {days} days").format(
                month=date.month, year=date.year, days=days)
        return _("month {month} of the lunar year {year} has only {days} days").format(
            month=date.month, year=date.year, days=days)
    return None


def gregorian(date: LunarDate, lunar_year: int) -> dt.date:
    """The Gregorian day a lunar date falls on in ``lunar_year``.

    A leap-month date falls in the leap month when that year has it, else in the
    ordinary month of the same number (as families keep it). Day 30 in a year whose
    month has 29 days falls on the 29th, the last day of that month.
    """
    return _gregorian(date.month, date.day, date.leap, lunar_year)


@lru_cache(maxsize=4096)
def _gregorian(month: int, day: int, leap: bool, lunar_year: int) -> dt.date:
    from tyme4py.lunar import LunarDay

    leap = leap and _leap_month(lunar_year) == month
    signed = -month if leap else month
    day = min(day, _month_days(lunar_year, signed))
    solar = LunarDay.from_ymd(lunar_year, signed, day).get_solar_day()
    return dt.date(solar.get_year(), solar.get_month(), solar.get_day())


@lru_cache(maxsize=2048)
def lunar_of(day: dt.date) -> tuple[int, int, int, bool, int]:
    """(lunar year, month, day, leap, days in that month) of a Gregorian day."""
    from tyme4py.solar import SolarDay

    lunar = SolarDay.from_ymd(day.year, day.month, day.day).get_lunar_day()
    month = lunar.get_lunar_month()
    return (lunar.get_year(), abs(month.get_month_with_leap()), lunar.get_day(), month.is_leap(),
            month.get_day_count())


def month_day_key(stored: str) -> str | None:
    """The key a date is found by in a greeting window: "MM-DD" for a Gregorian date,
    "LMM-DD" or "LRMM-DD" for a lunar one (see ``upcoming_lunar_days``)."""
    if len(stored) == 10:
        return stored[5:10]
    date = parse(stored)
    if date is None:
        return None
    return f"L{'R' if date.leap else ''}{date.month:02d}-{date.day:02d}"


def upcoming_lunar_days(day: dt.date, days: int) -> dict[str, int]:
    """Lunar keys ("L08-15", "LR06-10") -> days from ``day``, for the next ``days`` days.

    As ``gregorian`` places them: a leap-month key is also found in the ordinary month of
    a year without that leap month, and day 30 on the 29th of a 29-day month.
    """
    ahead: dict[str, int] = {}
    for offset in range(days + 1):
        year, month, mday, leap, length = lunar_of(day + dt.timedelta(days=offset))
        days_of = [mday, 30] if mday == 29 and length == 29 else [mday]
        marks = ["R"] if leap else ([""] if _leap_month(year) == month else ["", "R"])
        for mark in marks:
            for d in days_of:
                ahead.setdefault(f"L{mark}{month:02d}-{d:02d}", offset)
    return ahead


def lunar_year_of(day: dt.date) -> int:
    return lunar_of(day)[0]


def next_occurrence(date: LunarDate, today: dt.date) -> dt.date:
    """The first Gregorian day on or after ``today`` the lunar date falls on."""
    year = lunar_year_of(today)
    for candidate in (year - 1, year, year + 1):
        when = gregorian(date, candidate)
        if when >= today:
            return when
    return gregorian(date, year + 2)


def name_zh(date: LunarDate) -> str:
    """农历八月十五, 农历闰二月初十, 农历1985年八月十五."""
    year = f"{date.year}年" if date.year else ""
    return f"农历{year}{_month_name(date)}{day_name_zh(date.day)}"


def day_name_zh(day: int) -> str:
    if day == 10:
        return "初十"
    if day == 20:
        return "二十"
    if day == 30:
        return "三十"
    return _TENS[day // 10] + _UNITS[day % 10 - 1]


def describe(stored: str, today: dt.date) -> str:
    """For the profile, a day as the rep reads it (calendar.short_date): "农历八月十五 (9月25日)",
    the Gregorian day being the next one; a Gregorian date "1985年3月2日", "3月2日" with no year."""
    if not is_lunar(stored):
        if stored.startswith("0000-"):  # year unknown: any leap year reads its month and day
            return short_date("2000" + stored[4:])
        return short_date(stored, today)
    date = parse(stored)
    if date is None or problem(stored):
        return stored
    return f"{name_zh(date)} ({short_date(next_occurrence(date, today).isoformat(), today)})"


def birth_date(stored: str) -> dt.date | None:
    """The Gregorian day of the birth itself, when the lunar year is known."""
    date = parse(stored)
    if date is None or date.year == 0 or problem(stored):
        return None
    return gregorian(date, date.year)


def _month_name(date: LunarDate) -> str:
    return ("闰" if date.leap else "") + MONTHS_ZH[date.month - 1]


@lru_cache(maxsize=512)
def _leap_month(lunar_year: int) -> int:
    from tyme4py.lunar import LunarYear

    return LunarYear.from_year(lunar_year).get_leap_month()


@lru_cache(maxsize=4096)
def _month_days(lunar_year: int, signed_month: int) -> int:
    from tyme4py.lunar import LunarMonth

    return LunarMonth.from_ym(lunar_year, signed_month).get_day_count()
