"""Lunar (农历) dates: conversions against a published table, the stored form, impossible dates.

Source of the table: the Hong Kong Observatory's "Gregorian-Lunar Calendar Conversion
Table" (公历与农历日期对照表), years 2023-2030, which the Purple Mountain Observatory's
calendar agrees with.
"""

import datetime as dt

import pytest

from fieldcrm.rules import lunar
from fieldcrm.rules.lunar import LunarDate
from fieldcrm.validation import field_checks
from fieldcrm.model import Customer

# (lunar year, month, day, leap) -> Gregorian day
PUBLISHED = [
    ((2023, 1, 1, False), "2023-01-22"),
    ((2023, 2, 1, True), "2023-03-22"),  # 闰二月初一: 2023 has a leap second month
    ((2023, 8, 15, False), "2023-09-29"),
    ((2024, 1, 1, False), "2024-02-10"),
    ((2024, 8, 15, False), "2024-09-17"),
    ((2025, 1, 1, False), "2025-01-29"),
    ((2025, 6, 1, True), "2025-07-25"),  # 闰六月初一: 2025 has a leap sixth month
    ((2025, 8, 15, False), "2025-10-06"),
    ((2026, 1, 1, False), "2026-02-17"),
    ((2026, 8, 15, False), "2026-09-25"),
    ((2027, 1, 1, False), "2027-02-06"),
    ((2027, 8, 15, False), "2027-09-15"),
    ((2028, 1, 1, False), "2028-01-26"),
    ((2028, 8, 15, False), "2028-10-03"),
    ((2029, 1, 1, False), "2029-02-13"),
    ((2029, 8, 15, False), "2029-09-22"),
    ((2030, 1, 1, False), "2030-02-03"),
    ((2030, 8, 15, False), "2030-09-12"),
]


@pytest.mark.parametrize("lunar_date, gregorian", PUBLISHED)
def test_lunar_to_gregorian_matches_the_published_table(lunar_date, gregorian):
    year, month, day, leap = lunar_date
    assert lunar.gregorian(LunarDate(year, month, day, leap), year).isoformat() == gregorian


@pytest.mark.parametrize("lunar_date, gregorian", PUBLISHED)
def test_gregorian_to_lunar_matches_the_published_table(lunar_date, gregorian):
    year, month, day, leap = lunar_date
    assert lunar.lunar_of(dt.date.fromisoformat(gregorian))[:4] == (year, month, day, leap)


def test_a_leap_month_date_falls_in_the_ordinary_month_in_other_years():
    born = LunarDate(2023, 2, 10, leap=True)  # 闰二月初十
    assert lunar.gregorian(born, 2023) == dt.date(2023, 3, 31)  # 闰二月 2023 starts 22 March
    assert lunar.gregorian(born, 2026) == dt.date(2026, 3, 28)  # 2026 has no leap month: 二月初十


def test_day_30_falls_on_the_29th_of_a_short_month():
    # 2025's 二月 has 29 days: a 二月三十 birthday falls on 二月廿九 that year. 2025's 闰六月
    # has 29 days too (闰六月初一 2025-07-25 in the table, 七月初一 2025-08-23).
    assert lunar.gregorian(LunarDate(0, 2, 30), 2025) == lunar.gregorian(LunarDate(0, 2, 29), 2025)
    assert lunar.gregorian(LunarDate(0, 7, 1), 2025) == dt.date(2025, 8, 23)


@pytest.mark.parametrize("typed, stored", [
    ("L1985-08-15", "L1985-08-15"),
    ("农历 1985-08-15", "L1985-08-15"),
    ("lunar 0000-08-15", "L0000-08-15"),
    ("农历2023-闰02-10", "L2023-R02-10"),
    ("lunar 2023-leap 02-10", "L2023-R02-10"),
])
def test_typed_lunar_dates_are_stored_in_one_form(typed, stored):
    assert lunar.read(typed) == stored


@pytest.mark.parametrize("typed, sentence", [
    ("L2026-R02-01", "'L2026-R02-01' is not a real lunar date (Birthday): the lunar year 2026 has no leap month."),
    ("L2025-R02-01", "'L2025-R02-01' is not a real lunar date (Birthday): the leap month of the lunar year 2025 "
                     "is month 6, not month 2."),
    ("L2025-R06-30", "'L2025-R06-30' is not a real lunar date (Birthday): leap month 6 of the lunar year 2025 "
                     "has only 29 days."),
    ("L0000-13-01", "'L0000-13-01' is not a real lunar date (Birthday): there is no lunar month 13."),
    ("L0000-08-31", "'L0000-08-31' is not a real lunar date (Birthday): a lunar month has 29 or 30 days, not 31."),
    ("L85-8-15", "'L85-8-15' is not a lunar date (Birthday): write it as L1985-08-15 (L2023-R02-10 for a leap "
                 "month)."),
])
def test_impossible_lunar_dates_are_refused_with_one_sentence(typed, sentence):
    with pytest.raises(ValueError) as refused:
        lunar.read(typed, "Birthday")
    assert str(refused.value) == sentence


def test_the_shared_validator_checks_lunar_birthdays_and_important_dates():
    checks = field_checks(Customer)
    assert checks["birthday"]("L1985-08-15") is None
    assert checks["birthday"]("L2023-R02-10") is None
    assert "has no leap month" in checks["birthday"]("L2026-R02-01")
    assert "has no leap month" in checks["important_dates"]([{"label": "wedding", "date": "L2026-R02-01"}])
    assert checks["important_dates"]([{"label": "wedding", "date": "L2010-08-15"}]) is None


def test_the_profile_shows_the_lunar_date_and_its_next_gregorian_day():
    # The Gregorian day as the app says days (calendar.short_date); the year only when not this one.
    assert lunar.describe("L0000-08-15", dt.date(2026, 9, 20)) == "农历八月十五 (25 Sep)"
    assert lunar.describe("L1985-08-15", dt.date(2026, 9, 26)) == "农历1985年八月十五 (15 Sep 2027)"
    assert lunar.describe("L2023-R02-10", dt.date(2026, 1, 1)) == "农历2023年闰二月初十 (28 Mar)"
    assert lunar.describe("1985-09-29", dt.date(2026, 1, 1)) == "29 Sep 1985"
    assert lunar.describe("0000-02-29", dt.date(2026, 1, 1)) == "29 Feb"
    assert lunar.describe("", dt.date(2026, 1, 1)) == ""
