"""An iCalendar file (RFC 5545) so the phone's calendar reminds the rep too.

Appointments at their time, follow-ups due as all-day events, and customers'
birthdays and important dates as yearly all-day events.
"""

from __future__ import annotations

import datetime as dt

from fieldcrm.interop.vcard import fold
from fieldcrm.terminal_text import without_controls

PRODID = "-//fieldcrm//fieldcrm 0.1//EN"


def text(value: str) -> str:
    """Escape TEXT (RFC 5545 3.3.11); any line break becomes \\n, no control character is written."""
    value = without_controls(value, multiline=True)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def calendar(events: list[dict], stamp: dt.datetime) -> str:
    """``events``: dicts with uid, summary, and either ``date`` (all day) or ``start`` (a UTC
    datetime) with ``minutes``; ``yearly`` repeats it every year; ``description`` optional."""
    dtstamp = stamp.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event['uid']}@fieldcrm", f"DTSTAMP:{dtstamp}"]
        if "date" in event:
            day = event["date"]
            lines += [f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}"]
        else:
            start = event["start"].astimezone(dt.timezone.utc)
            end = start + dt.timedelta(minutes=event.get("minutes", 60))
            lines += [f"DTSTART:{start:%Y%m%dT%H%M%SZ}", f"DTEND:{end:%Y%m%dT%H%M%SZ}"]
        if event.get("yearly") and "date" in event and (event["date"].month, event["date"].day) == (2, 29):
            # RFC 5545 3.3.10: a yearly rule on an invalid date (29 Feb 2027) is skipped, so the
            # day is "the last day of February": 28 Feb in common years, 29 Feb in leap years.
            lines.append("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1")
        elif event.get("yearly"):
            lines.append("RRULE:FREQ=YEARLY")
        lines.append(f"SUMMARY:{text(event['summary'])}")
        if event.get("description"):
            lines.append(f"DESCRIPTION:{text(event['description'])}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
