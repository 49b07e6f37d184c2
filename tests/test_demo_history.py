"""The demo book never holds history dated after its day: a new user opening it
saw referral steps (and a thank-you) dated days ahead, which no real book holds."""

import dataclasses
import datetime as dt

import pytest

from fieldcrm.demo import DemoSize, build_demo
from fieldcrm.model import Complaint, FollowUp, Interaction

# Planned things may rightly lie ahead; everything else already happened.
PLANNED = {(FollowUp, "due"), (FollowUp, "snoozed_until"), (Complaint, "promised"),
           (Interaction, "next_step_due")}


def _dated_history(record):
    """(field, value) for every day or instant the record says already happened."""
    for spec in dataclasses.fields(record):
        if (type(record), spec.name) in PLANNED:
            continue
        value = getattr(record, spec.name)
        form = spec.metadata.get("form")
        if form in ("day", "instant") and isinstance(value, str) and value:
            yield spec.name, value
        elif form == "day" and isinstance(value, dict):  # a referral's status_dates
            yield from ((f"{spec.name}[{key}]", day) for key, day in value.items())
        elif spec.name == "important_dates":
            yield from ((f"{spec.name}[{item['label']}]", item["date"]) for item in value)


@pytest.mark.parametrize("today", [dt.date(2026, 11, 24), dt.date(2025, 1, 1), dt.date(2024, 2, 29)])
@pytest.mark.parametrize("seed", [1, 7, 11, 12])  # 12: a referral came in today and was thanked
def test_no_demo_history_is_dated_after_today(today, seed):
    end_of_day = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), dt.timezone.utc)
    late = []
    for record in build_demo(DemoSize(300), seed=seed, today=today):
        for name, value in _dated_history(record):
            if len(value) == 10:
                ahead = value > today.isoformat()
            else:
                ahead = dt.datetime.fromisoformat(value.replace("Z", "+00:00")) >= end_of_day
            if ahead:
                late.append(f"{type(record).__name__}.{name}={value}")
    assert late == []


def test_a_demo_referral_walks_its_steps_in_order():
    """Moving the steps back into the past keeps them in funnel order, a thank-you after the lead came."""
    for seed in (1, 7, 11):
        for record in build_demo(DemoSize(300), seed=seed, today=dt.date(2026, 11, 24)):
            dates = getattr(record, "status_dates", None)
            if dates:
                days = list(dates.values())
                assert days == sorted(days) and days[0] == record.created[:10]
                assert not record.thanked_on or record.thanked_on >= days[0]
