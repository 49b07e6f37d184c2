"""Days and times as a rep types them."""

import datetime as dt

import pytest

from fieldcrm.when import parse_due

TUESDAY = dt.date(2026, 11, 24)


@pytest.mark.parametrize("typed, expected", [
    ("fri", (dt.date(2026, 11, 27), "")),
    ("fri 10:00", (dt.date(2026, 11, 27), "10:00")),
    ("Fri  9.30", (dt.date(2026, 11, 27), "09:30")),
    ("16:00", (TUESDAY, "16:00")),
    ("2026-12-01 08:15", (dt.date(2026, 12, 1), "08:15")),
    ("+7d", (dt.date(2026, 12, 1), "")),
])
def test_a_due_day_takes_a_time_for_an_appointment(typed, expected):
    assert parse_due(typed, TUESDAY) == expected


@pytest.mark.parametrize("typed, words", [
    ("someday", "'someday' is not a day I understand: type a day such as fri"),
    ("fri 25:00", "'25:00' is not a time of day"),
])
def test_a_due_that_cannot_be_read_says_what_is_accepted(typed, words):
    with pytest.raises(ValueError, match=words):
        parse_due(typed, TUESDAY)
