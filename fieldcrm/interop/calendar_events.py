"""What goes into the rep's calendar file, from the book."""

from __future__ import annotations

import datetime as dt

from fieldcrm.interop.ics import calendar
from fieldcrm.model import FollowUp
from fieldcrm.rules import lunar

LUNAR_YEARS = 10  # a lunar date's events reach this many years ahead; exporting again extends them


def calendar_for(work) -> tuple[str, int]:
    events = []
    today = work.today()
    for f in work.store.all(FollowUp):
        if f.status not in ("open", "snoozed") or not f.due:
            continue
        who = work.name_of(f.customer_id)
        day = dt.date.fromisoformat(max(f.due, f.snoozed_until or ""))
        if f.time:
            hour, minute = (int(x) for x in f.time.split(":"))
            start = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=work.tz)
            events.append({"uid": f.id, "start": start, "minutes": 60, "summary": f"{who}: {f.reason}"})
        else:
            events.append({"uid": f.id, "date": max(day, today), "summary": f"Follow up {who}: {f.reason}"})
    for cf in work.facts.customers.values():
        c = cf.customer
        if c.birthday:
            events += _yearly(f"{c.id}-birthday", c.birthday, today, f"Birthday: {c.name}", c.form_of_address or c.name)
        for important in c.important_dates:
            uid = f"{c.id}-{important.get('label', 'date')}".replace(" ", "-")
            events += _yearly(uid, important.get("date", ""), today, f"{important.get('label', 'Anniversary')}: {c.name}")
    return calendar(events, work.store.clock.now().datetime), len(events)


def _yearly(uid: str, stored: str, today: dt.date, summary: str, description: str = "") -> list[dict]:
    """A Gregorian date repeats yearly. A lunar one (农历) moves on the Gregorian calendar,
    which a yearly rule cannot say: one event for each of the next LUNAR_YEARS years."""
    extra = {"description": description} if description else {}
    if lunar.is_lunar(stored):
        date = lunar.parse(stored)
        if date is None or lunar.problem(stored):
            return []
        first = lunar.lunar_year_of(today)
        name = lunar.name_zh(date._replace(year=0))
        return [{"uid": f"{uid}-{year}", "date": lunar.gregorian(date, year), "summary": f"{summary} ({name})", **extra}
                for year in range(first, first + LUNAR_YEARS)]
    day = _day(stored)
    return [{"uid": uid, "date": day, "yearly": True, "summary": summary, **extra}] if day else []


def _day(text: str) -> dt.date | None:
    """A stored YYYY-MM-DD (0000 = year unknown: any leap year keeps 29 Feb); None if not a real day,
    so a bad date written by an older version never stops the export."""
    try:
        return dt.date(int(text[:4]) or 2000, int(text[5:7]), int(text[8:10])) if len(text) == 10 else None
    except ValueError:
        return None
