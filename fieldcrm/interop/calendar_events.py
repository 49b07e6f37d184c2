"""What goes into the rep's calendar file, from the book."""

from __future__ import annotations

import datetime as dt

from fieldcrm.interop.ics import calendar
from fieldcrm.model import FollowUp


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
        born = _day(c.birthday)
        if born:
            events.append({"uid": f"{c.id}-birthday", "date": born, "yearly": True,
                           "summary": f"Birthday: {c.name}", "description": c.form_of_address or c.name})
        for important in c.important_dates:
            day = _day(important.get("date", ""))
            if day:
                events.append({"uid": f"{c.id}-{important.get('label', 'date')}".replace(" ", "-"), "date": day,
                               "yearly": True, "summary": f"{important.get('label', 'Anniversary')}: {c.name}"})
    return calendar(events, work.store.clock.now().datetime), len(events)


def _day(text: str) -> dt.date | None:
    """A stored YYYY-MM-DD (0000 = year unknown: any leap year keeps 29 Feb); None if not a real day,
    so a bad date written by an older version never stops the export."""
    try:
        return dt.date(int(text[:4]) or 2000, int(text[5:7]), int(text[8:10])) if len(text) == 10 else None
    except ValueError:
        return None
