"""Day arithmetic for the rules: local days against UTC-stored instants."""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

from fieldcrm import i18n
from fieldcrm.i18n import _, ngettext

UTC = dt.timezone.utc
# Fixed English names: strftime("%b") consults the C locale and costs ~25 µs a call,
# which adds up over thousands of reasons.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@lru_cache(maxsize=4096)
def local_midnight_iso(day: dt.date, tz: dt.tzinfo) -> str:
    """The first instant of ``day`` in ``tz``, as a stored (UTC ISO) time.

    Stored times compare as strings, so "contact before this day" is a string
    comparison against this value.
    """
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    return start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_date(iso: str, tz: dt.tzinfo) -> dt.date:
    return dt.datetime.fromisoformat(iso).astimezone(tz).date()


def upcoming_month_days(day: dt.date, days: int) -> dict[str, int]:
    """"MM-DD" -> days from ``day``, for the next ``days`` days (today is 0).

    A 29 February date is kept on 28 February in years without one.
    """
    ahead: dict[str, int] = {}
    for offset in range(days + 1):
        d = day + dt.timedelta(days=offset)
        ahead.setdefault(d.strftime("%m-%d"), offset)
        if d.month == 2 and d.day == 28 and not calendar.isleap(d.year):
            ahead.setdefault("02-29", offset)
    return ahead


def when_words(day: dt.date, offset: int, dated: bool = False) -> str:
    """"today", "tomorrow", or "on Friday 27 Nov" (今天, 明天, 11月27日 星期五).

    ``dated``: always the date, for a plan of a day other than today, where "today"
    and "tomorrow" would mislead the rep reading it."""
    if offset == 0 and not dated:
        return _("today")
    if offset == 1 and not dated:
        return _("tomorrow")
    target = day + dt.timedelta(days=offset)
    if i18n.language() == "zh":
        return i18n.day_label(target)
    return f"on {WEEKDAYS[target.weekday()]} {target.day} {MONTHS[target.month - 1]}"


def short_date(iso_day: str, today: dt.date | None = None) -> str:
    """A day as the rep reads it, wherever one is shown: "27 Nov" (11月27日).

    Given ``today``, a day in another year carries its year: "4 Sep 2025"
    (2025年9月4日), so a birthday or last year's note is not read as this year's.
    A stored time ("2025-09-04T08:00:00Z") is read as its day; text that is not a
    day (empty, a typo kept as typed) is shown as it is. Stored values stay ISO.
    """
    try:
        day = dt.date.fromisoformat(iso_day[:10])
    except (TypeError, ValueError):
        return iso_day or ""
    year = today is not None and day.year != today.year
    if i18n.language() == "zh":
        return f"{day.year}年{day.month}月{day.day}日" if year else f"{day.month}月{day.day}日"
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def short_moment(iso: str, tz: dt.tzinfo, today: dt.date | None = None) -> str:
    """A stored instant as the rep reads it, in their zone: "27 Nov 14:30" (11月27日 14:30)."""
    try:
        local = dt.datetime.fromisoformat(iso).astimezone(tz)
    except (TypeError, ValueError):
        return iso or ""
    return f"{short_date(local.date().isoformat(), today)} {local:%H:%M}"


def days_words(n: int) -> str:
    """"1 day", "3 days" (3天)."""
    return ngettext("{count} day", "{count} days", n).format(count=n)


def days_between(earlier: str, later: dt.date) -> int:
    return (later - dt.date.fromisoformat(earlier[:10])).days
