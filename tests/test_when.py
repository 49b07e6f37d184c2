"""Days and times as a rep types them."""

import datetime as dt

import pytest

from fieldcrm.when import parse_day, parse_due, parse_moment

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


# What a Chinese rep types: Tuesday 24 Nov 2026 is the day it is typed.
@pytest.mark.parametrize("typed, expected", [
    ("周五", (dt.date(2026, 11, 27), "")),
    ("星期五", (dt.date(2026, 11, 27), "")),
    ("礼拜天", (dt.date(2026, 11, 29), "")),
    ("下周一", (dt.date(2026, 11, 30), "")),
    ("下周五", (dt.date(2026, 12, 4), "")),
    ("今天", (TUESDAY, "")),
    ("明天", (dt.date(2026, 11, 25), "")),
    ("后天", (dt.date(2026, 11, 26), "")),
    ("3天后", (dt.date(2026, 11, 27), "")),
    ("2周后", (dt.date(2026, 12, 8), "")),
    ("周五 10:00", (dt.date(2026, 11, 27), "10:00")),
    ("周五10:00", (dt.date(2026, 11, 27), "10:00")),
    ("明天１５：３０", (dt.date(2026, 11, 25), "15:30")),
])
def test_a_due_day_typed_in_chinese(typed, expected):
    assert parse_due(typed, TUESDAY) == expected


@pytest.mark.parametrize("typed, expected", [
    ("现在", dt.datetime(2026, 11, 24, 9, 30)),
    ("30分钟前", dt.datetime(2026, 11, 24, 9, 0)),
    ("2小时前", dt.datetime(2026, 11, 24, 7, 30)),
    ("昨天 15:00", dt.datetime(2026, 11, 23, 15, 0)),
    ("昨天15:00", dt.datetime(2026, 11, 23, 15, 0)),
])
def test_a_moment_typed_in_chinese(typed, expected):
    assert parse_moment(typed, dt.datetime(2026, 11, 24, 9, 30)) == expected


def test_a_chinese_word_that_is_no_day_is_still_refused():
    with pytest.raises(ValueError, match="'周八' is not a day I understand"):
        parse_day("周八", TUESDAY)


@pytest.mark.parametrize("english, chinese", [("today", "今天"), ("now", "现在"), ("+7d", "7天后"),
                                              ("+3d", "3天后"), ("+2w", "2周后"), ("2026-12-01", "2026-12-01")])
def test_a_forms_default_day_is_typed_in_the_screens_language_and_reads_back_the_same(english, chinese):
    from fieldcrm import i18n
    from fieldcrm.when import typed_default

    now = dt.datetime(2026, 11, 24, 9, 40)
    was = i18n.language()
    try:
        i18n.set_language("en")
        assert typed_default(english) == english
        i18n.set_language("zh")
        assert typed_default(english) == chinese
    finally:
        i18n.set_language(was)
    if english == "now":
        assert parse_moment(chinese, now) == parse_moment(english, now)
    else:
        assert parse_day(chinese, now.date()) == parse_day(english, now.date())


def test_a_blank_day_is_today_in_a_form_and_refused_where_it_must_be_given():
    today = dt.date(2026, 11, 24)
    assert parse_day("", today) == today  # an empty field in the app
    with pytest.raises(ValueError, match="'' is not a day I understand"):
        parse_day("", today, blank_is_today=False)  # --date '' on the command line


@pytest.mark.parametrize("typed, expected", [
    ("1 Dec", "2026-12-01"), ("Dec 1", "2026-12-01"), ("1 december", "2026-12-01"), ("December 10", "2026-12-10"),
    ("12月1日", "2026-12-01"), ("12月10号", "2026-12-10"), ("2027年3月5日", "2027-03-05"), ("5 Mar 2027", "2027-03-05"),
    ("Mar 5, 2027", "2027-03-05"), ("1 Jan", "2027-01-01"),  # the nearest 1 Jan is next year's
    ("12 Nov", "2026-11-12"),  # and the nearest 12 Nov is this year's, gone by (a purchase's day)
])
def test_a_day_and_month_as_written_in_a_letter(typed, expected):
    assert parse_day(typed, TUESDAY).isoformat() == expected


@pytest.mark.parametrize("typed", ["31 Nov", "Dex 1", "13月1日", "29 Feb 2027"])
def test_a_day_and_month_that_cannot_be_is_refused(typed):
    with pytest.raises(ValueError, match="not a day I understand"):
        parse_day(typed, TUESDAY)
