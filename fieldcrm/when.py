"""Dates and times as a rep types them: "fri", "+3d", "2026-12-01", "-30m", "yesterday 15:00".

Pure functions: "now" is passed in. A typo gives a ValueError whose message
says what is accepted.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from fieldcrm import i18n
from fieldcrm.i18n import N_, _

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Translated where shown (``_(DAY_HELP)``): the language is chosen after this module is imported.
# The English words work in either language, and so do the Chinese ones (周五, 明天, 3天后).
DAY_HELP = N_("a day such as fri, tomorrow, +3d, +2w or 2026-12-01")
TIME_HELP = N_("a time such as now, -30m, -2h, 15:00, yesterday 15:00 or 2026-11-20 09:30")
DUE_HELP = N_("a day such as fri, +3d or 2026-12-01; add a time (fri 10:00) for an appointment")
_OFFSET = re.compile(r"^([+-]?)(\d+)\s*([dwmh]?)$")
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")

# What a Chinese rep types (the same in either interface language): 今天 明天 周五 下周一
# 3天后 30分钟前. Read as the English words above, so one parser decides.
_ZH_WORDS = {"今天": "today", "今日": "today", "明天": "tomorrow", "明日": "tomorrow",
             "昨天": "yesterday", "昨日": "yesterday", "后天": "+2d", "前天": "-2d", "现在": "now"}
_ZH_WEEKDAY = re.compile(r"^(下)?(?:周|星期|礼拜)([一二三四五六日天])$")
_ZH_OFFSET = re.compile(r"^(\d+)\s*(天|日|周|星期|个星期|礼拜|分钟|小时|个小时)\s*(后|以后|之后|前|以前|之前)$")
_ZH_UNIT = {"天": "d", "日": "d", "周": "w", "星期": "w", "个星期": "w", "礼拜": "w",
            "分钟": "m", "小时": "h", "个小时": "h"}
# A form's typed default ("today", "+7d") as a Chinese screen writes it: the first
# Chinese word for each English one above (今天, not 今日), and N天后/N周后 for offsets.
_ZH_TYPED = {english: word for word, english in reversed(_ZH_WORDS.items())}
# A day and month as in a letter: "1 Dec", "Dec 1", "1 december 2026", "Mar 5, 2027", and
# in Chinese 12月1日, 2027年3月5日. Without a year, the nearest such day to today.
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)? ([a-z]{3,})\.?,?(?: (\d{4}))?$")
_MONTH_DAY = re.compile(r"^([a-z]{3,})\.? (\d{1,2})(?:st|nd|rd|th)?,?(?: (\d{4}))?$")
_ZH_MONTH_DAY = re.compile(r"^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
# A day word written against its time: "明天15:00", "周五10:00".
_GLUED_CLOCK = re.compile(r"(?<=[^\x00-\x7f])(?=\d{1,2}[:.]\d{2}$)")


def _plain(text: str) -> str:
    """Full-width digits and colons as ASCII (an IME's "１５：００"), lower case, single spaces."""
    text = _GLUED_CLOCK.sub(" ", unicodedata.normalize("NFKC", text).strip())
    return " ".join(text.lower().split())


def _from_chinese(word: str, today: dt.date) -> str | dt.date:
    """A Chinese day or offset as the English word or date it means; anything else unchanged."""
    if word in _ZH_WORDS:
        return _ZH_WORDS[word]
    weekday = _ZH_WEEKDAY.match(word)
    if weekday:
        index = "一二三四五六日".index(weekday.group(2).replace("天", "日"))
        if weekday.group(1):  # 下周五: that day in the next calendar week
            return today + dt.timedelta(days=7 - today.weekday() + index)
        return WEEKDAYS[index]
    offset = _ZH_OFFSET.match(word)
    if offset:
        sign = "-" if offset.group(3).endswith("前") else "+"
        return f"{sign}{offset.group(1)}{_ZH_UNIT[offset.group(2)]}"
    return word


def _month(word: str) -> int | None:
    """1-12 for a month's name or its start ("dec", "sept"), None for anything else."""
    found = [n for n, name in enumerate(MONTHS, 1) if name.startswith(word)]
    return found[0] if len(found) == 1 else None


def _day_of_month(word: str, today: dt.date) -> dt.date | None:
    """A day and month as in a letter (see _DAY_MONTH); None when the words are not one.
    A ValueError for one that cannot be (31 Nov, 13月1日)."""
    if match := _DAY_MONTH.match(word):
        day, month, year = match.group(1), _month(match.group(2)), match.group(3)
    elif match := _MONTH_DAY.match(word):
        day, month, year = match.group(2), _month(match.group(1)), match.group(3)
    elif match := _ZH_MONTH_DAY.match(word):
        day, month, year = match.group(3), int(match.group(2)), match.group(1)
    else:
        return None
    if month is None:
        raise ValueError(word)
    if year:
        return dt.date(int(year), month, int(day))
    days = []
    for near in (today.year - 1, today.year, today.year + 1):
        try:
            days.append(dt.date(near, month, int(day)))
        except ValueError:  # 29 Feb in a year without one
            continue
    if not days:
        raise ValueError(word)
    return min(days, key=lambda day: abs(day - today))


def typed_default(word: str) -> str:
    """What a form types in a day or time field before the rep does, in the interface
    language: "today" stays "today" in English and is 今天 in Chinese, "+7d" is 7天后.
    Either reads back through ``parse_day`` / ``parse_moment``."""
    if i18n.language() != "zh":
        return word
    offset = _OFFSET.match(word)
    if offset and offset.group(1) == "+" and offset.group(3) in ("d", "w"):
        return f"{offset.group(2)}{'天' if offset.group(3) == 'd' else '周'}后"
    return _ZH_TYPED.get(word, word)


def parse_day(text: str, today: dt.date, blank_is_today: bool = True) -> dt.date:
    """A day from what the rep typed; relative words count from ``today``. A blank field
    means today; a blank option on the command line (``--date ''``, ``blank_is_today=False``)
    is a slip, refused."""
    word = _from_chinese(_plain(text), today)
    if isinstance(word, dt.date):
        return word
    if word == "today" or (word == "" and blank_is_today):
        return today
    if word == "tomorrow":
        return today + dt.timedelta(days=1)
    if word == "yesterday":
        return today - dt.timedelta(days=1)
    named = [n for n, name in enumerate(WEEKDAYS) if len(word) >= 2 and name.startswith(word)]
    if len(named) == 1:
        ahead = (named[0] - today.weekday()) % 7 or 7  # the next one, never today
        return today + dt.timedelta(days=ahead)
    match = _OFFSET.match(word)
    if match and match.group(3) in ("d", "w", ""):
        sign = -1 if match.group(1) == "-" else 1
        days = int(match.group(2)) * (7 if match.group(3) == "w" else 1)
        return today + dt.timedelta(days=sign * days)
    try:
        return _day_of_month(word, today) or dt.date.fromisoformat(word)
    except ValueError:
        raise ValueError(_("{text!r} is not a day I understand: type {help}.").format(
            text=text, help=_(DAY_HELP))) from None


def parse_due(text: str, today: dt.date) -> tuple[dt.date, str]:
    """A next step's day, and its time of day ("HH:MM") when it is an appointment, else ""."""
    word = _plain(text)
    day_part, _space, clock_part = word.rpartition(" ")
    if not _CLOCK.match(clock_part):
        day_part, clock_part = word, ""
    try:
        day = parse_day(day_part, today)
    except ValueError:
        raise ValueError(_("{text!r} is not a day I understand: type {help}.").format(
            text=text, help=_(DUE_HELP))) from None
    return day, _clock(clock_part) if clock_part else ""


def _clock(text: str) -> str:
    """"9:30" as "09:30"; a ValueError for a time that does not exist."""
    clock = _CLOCK.match(text)
    hour, minute = int(clock.group(1)), int(clock.group(2))
    if hour > 23 or minute > 59:
        raise ValueError(_("{text!r} is not a time of day; use 24-hour time such as 15:00.").format(text=text))
    return f"{hour:02d}:{minute:02d}"


def parse_moment(text: str, now: dt.datetime) -> dt.datetime:
    """An instant from what the rep typed, in ``now``'s time zone."""
    word = _plain(text)
    word = _from_chinese(word, now.date()) if " " not in word else word
    if isinstance(word, dt.date):
        word = word.isoformat()
    if word in ("", "now"):
        return now
    match = _OFFSET.match(word)
    if match and match.group(1) == "-" and match.group(3) in ("m", "h"):
        unit = "minutes" if match.group(3) == "m" else "hours"
        return now - dt.timedelta(**{unit: int(match.group(2))})
    day_part, _space, clock_part = word.rpartition(" ")
    if not _CLOCK.match(clock_part):
        day_part, clock_part = word, ""
    try:
        day = parse_day(day_part, now.date()) if day_part else now.date()
    except ValueError:
        raise ValueError(_("{text!r} is not a time I understand: type {help}.").format(
            text=text, help=_(TIME_HELP))) from None
    hour, minute = 12, 0
    if clock_part:
        hour, minute = map(int, _clock(clock_part).split(":"))
    elif day == now.date():
        return now
    return now.replace(year=day.year, month=day.month, day=day.day, hour=hour, minute=minute,
                       second=0, microsecond=0)
