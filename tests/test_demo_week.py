"""The demo's current week looks worked: a new user opening Reports for this week, or a
customer's recent contacts, saw an almost empty week whatever the weekday."""

import collections
import datetime as dt

import pytest

from fieldcrm.demo import DemoSize, build_demo
from fieldcrm.model import Interaction

MONDAY = dt.date(2026, 11, 23)
A_FEW = 3


@pytest.mark.parametrize("today", [MONDAY + dt.timedelta(days=n) for n in range(7)],
                         ids=lambda day: day.strftime("%a"))
@pytest.mark.parametrize("size, seed", [(60, 11), (300, 1), (300, 7)])
def test_the_demo_week_has_contacts_up_to_today_and_none_after(today, size, seed):
    records = build_demo(DemoSize(size), seed=seed, today=today)
    end_of_day = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), dt.timezone.utc)
    at = [dt.datetime.fromisoformat(r.at.replace("Z", "+00:00")) for r in records if isinstance(r, Interaction)]
    assert not [moment for moment in at if moment >= end_of_day]
    per_day = collections.Counter(moment.date() for moment in at)
    worked = [MONDAY + dt.timedelta(days=n) for n in range(min(today.weekday(), 4) + 1)]
    assert {day.strftime("%a"): per_day[day] for day in worked} == \
        {day.strftime("%a"): max(per_day[day], A_FEW) for day in worked}
