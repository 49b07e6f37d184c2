"""One way to say a day wherever the rep reads one (rules.calendar.short_date)."""

import datetime as dt

import pytest

from fieldcrm import i18n
from fieldcrm.rules.calendar import short_date, short_moment

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def chinese():
    was = i18n.language()
    i18n.set_language("zh")
    yield
    i18n.set_language(was)


def test_a_day_of_this_year_has_no_year_and_another_year_has_one():
    assert short_date("2026-09-04", TODAY) == "4 Sep"
    assert short_date("2025-09-04", TODAY) == "4 Sep 2025"
    assert short_date("2025-09-04") == "4 Sep"  # no today: the year is not wanted (a week column)
    assert short_date("2025-09-04T08:00:00Z", TODAY) == "4 Sep 2025"


def test_in_chinese(chinese):
    assert short_date("2026-09-04", TODAY) == "9月4日"
    assert short_date("2025-09-04", TODAY) == "2025年9月4日"
    assert short_moment("2026-11-02T06:30:00Z", dt.timezone(dt.timedelta(hours=8)), TODAY) == "11月2日 14:30"


def test_what_is_not_a_day_is_shown_as_typed():
    assert short_date("", TODAY) == ""
    assert short_date("next week", TODAY) == "next week"
    assert short_moment("", dt.timezone.utc, TODAY) == ""
