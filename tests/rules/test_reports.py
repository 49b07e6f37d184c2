"""Report figures on a small fixed book, each worked out by hand (Tuesday 24 Nov 2026)."""

import datetime as dt

import pytest

from fieldcrm.model import Complaint, FollowUp, Referral
from fieldcrm.report_view import render
from fieldcrm.rules.reports import build_report

DAY = dt.date(2026, 11, 24)
NAMES = {f"c{n}": f"Customer {n}" for n in range(10)}
# Revenue in the last 12 months: c0 600, c1 200, c2..c5 50 each (200), c6..c9 nothing. Total 1,000.
# c1 bought 200 before November too (so it was B at the end of October); c7's 100 is older than a year.
DEALS = [("c0", "2026-11-10", 600.0), ("c1", "2026-03-01", 200.0), ("c7", "2025-10-01", 100.0)] + \
    [(f"c{n}", "2026-06-01", 50.0) for n in range(2, 6)]
CONTACTS = [
    ("visit", "2026-11-23T10:00:00Z", True),     # this week (Mon 23 Nov), asked for a referral
    ("call", "2026-11-24T08:00:00Z", False),     # this week
    ("visit", "2026-11-17T10:00:00Z", True),     # last week (Mon 16 Nov), asked
    ("message", "2026-10-30T10:00:00Z", False),  # week of 26 Oct, before this month
    ("event", "2026-09-01T10:00:00Z", False),    # older than eight weeks: not counted
]
FOLLOWUPS = [FollowUp(id="f1", status="done", done_at="2026-11-18T09:00:00Z"),
             FollowUp(id="f2", status="open", due="2026-11-20")]
REFERRALS = [
    Referral(id="r1", status="won", status_dates={"new": "2026-11-02", "contacted": "2026-11-03", "won": "2026-11-09"},
             thanked_on="2026-11-03"),                                  # thanked the next day: on time
    Referral(id="r2", status="contacted", status_dates={"new": "2026-11-10", "contacted": "2026-11-11"},
             thanked_on="2026-11-20"),                                  # thanked ten days later: late
    Referral(id="r3", status="new", status_dates={"new": "2026-11-20"}),  # not thanked yet
    Referral(id="r4", status="won", status_dates={"new": "2026-10-01"}),  # received last month
]
COMPLAINTS = [
    Complaint(id="k1", opened="2026-11-02", promised="2026-11-06", resolved_on="2026-11-05", status="resolved"),
    Complaint(id="k2", opened="2026-11-01", promised="2026-11-04", resolved_on="2026-11-08", status="confirmed"),
    Complaint(id="k3", opened="2026-11-10", promised="2026-11-30", resolved_on="2026-11-20", status="confirmed"),
    Complaint(id="k4", opened="2026-11-21", promised="2026-11-28", status="open"),
    Complaint(id="k5", opened="2026-10-01", promised="2026-10-03", resolved_on="2026-10-02", status="confirmed"),
]


def _report(period="month", overrides=None):
    return build_report(DAY, period, names=NAMES, contacts=CONTACTS, deals=DEALS, followups=FOLLOWUPS,
                        referrals=REFERRALS, complaints=COMPLAINTS, overrides=overrides or {}, tz=dt.timezone.utc)


def test_activity_per_week_by_kind():
    weeks = {w.week_of: w for w in _report().activity}
    assert list(weeks)[0] == "2026-10-05" and list(weeks)[-1] == "2026-11-23" and len(weeks) == 8
    assert weeks["2026-11-23"].by_kind == {"visit": 1, "call": 1, "message": 0, "greeting": 0, "event": 0}
    assert weeks["2026-11-16"].by_kind["visit"] == 1 and weeks["2026-11-16"].followups_done == 1
    assert weeks["2026-10-26"].by_kind["message"] == 1
    assert sum(sum(w.by_kind.values()) for w in weeks.values()) == 4  # the September event is too old


def test_revenue_concentration():
    report = _report()
    assert report.revenue_12m == 1000.0
    # 10 customers: the top 20% are two (600 + 200) of 1,000.
    assert report.top20_share == 0.8
    assert report.deciles == [0.6, 0.2, 0.05, 0.05, 0.05, 0.05, 0.0, 0.0, 0.0, 0.0]


def test_tier_moves_this_month():
    # End of October (400 in all): c1's 200 starts at 0% -> A; c2 starts at 50% -> A, and c3-c5,
    # tied with it, stay A; c0 had bought nothing -> C.
    # Now (1,000): c0 600 -> A; c1 starts at 60% -> A; c2 starts at 80% -> B, and c3-c5 with it.
    report = _report()
    assert report.moved_up == [("Customer 0", "C", "A")]
    assert report.moved_down == [(f"Customer {n}", "A", "B") for n in range(2, 6)]
    pinned = _report(overrides={"c2": "A"})
    assert ("Customer 2", "A", "B") not in pinned.moved_down


def test_referral_funnel_this_month_and_this_week():
    month = _report("month")
    assert month.funnel == {"asked": 2, "received": 3, "contacted": 2, "won": 1}
    assert month.thanked_on_time == round(1 / 3, 4)
    week = _report("week")  # 18 to 24 Nov
    assert week.funnel == {"asked": 1, "received": 1, "contacted": 0, "won": 0}
    assert week.thanked_on_time == 0.0


def test_complaints():
    month = _report("month")
    # Resolved in November: k1 in 3 days (kept), k2 in 7 (late), k3 in 10 (kept); k5 was October.
    assert (month.complaints_open, month.complaints_resolved) == (1, 3)
    assert month.median_days_to_resolve == 7.0 and month.promises_kept == round(2 / 3, 4)
    week = _report("week")
    assert (week.complaints_resolved, week.median_days_to_resolve, week.promises_kept) == (1, 10.0, 1.0)


def _promises(complaints, period="month"):
    return build_report(DAY, period, names=NAMES, contacts=[], deals=[], followups=[], referrals=[],
                        complaints=complaints, overrides={}, tz=dt.timezone.utc)


ON_TIME = Complaint(opened="2026-11-02", promised="2026-11-06", resolved_on="2026-11-05", status="resolved")
LATE = Complaint(opened="2026-11-01", promised="2026-11-04", resolved_on="2026-11-08", status="confirmed")
OPEN_43_DAYS_LATE = Complaint(opened="2026-10-05", promised="2026-10-12", status="open")
OPEN_27_DAYS_LATE = Complaint(opened="2026-10-20", promised="2026-10-28", status="open")
OPEN_DUE_TODAY = Complaint(opened="2026-11-20", promised="2026-11-24", status="open")
OPEN_NOT_PROMISED = Complaint(opened="2026-11-01", status="open")


@pytest.mark.parametrize("complaints, period, due, met, broken_open, kept", [
    # Resolved in time only: every promise kept.
    ([ON_TIME], "month", 1, 1, 0, 1.0),
    # Two open complaints, 27 and 43 days past their promise (made before this month): broken, 1 of 3.
    ([ON_TIME, OPEN_43_DAYS_LATE, OPEN_27_DAYS_LATE], "month", 3, 1, 2, round(1 / 3, 4)),
    # Late and open-late both count as not kept: 1 of 3.
    ([ON_TIME, LATE, OPEN_27_DAYS_LATE], "month", 3, 1, 1, round(1 / 3, 4)),
    # This week nothing was resolved, yet the open promise is still broken: 0 of 1.
    ([ON_TIME, OPEN_27_DAYS_LATE], "week", 1, 0, 1, 0.0),
    # Promised for today, or no promise at all: not broken yet, nothing came due.
    ([OPEN_DUE_TODAY, OPEN_NOT_PROMISED], "month", 0, 0, 0, None),
])
def test_open_complaints_past_their_promised_date_are_promises_not_kept(complaints, period, due, met,
                                                                         broken_open, kept):
    report = _promises(complaints, period)
    assert (report.promises_due, report.promises_met, report.promises_broken_open, report.promises_kept) == \
        (due, met, broken_open, kept)


def test_the_text_report_says_how_many_promises_are_still_broken():
    text = render(_promises([ON_TIME, OPEN_43_DAYS_LATE, OPEN_27_DAYS_LATE])).plain
    assert "promised dates kept 33% (1 of 3; 2 still open past the promised date)" in text


def test_the_text_report_draws_charts():
    text = render(_report()).plain
    assert "the top 20% bring 80%" in text and "top 10%    60% ██████████████████████████████" in text
    assert "▲ Customer 0: C → A" in text and "▼ Customer 2: A → B" in text
    assert "median time to resolve 7 days\n  promised dates kept 67% (2 of 3)\n" in text


@pytest.mark.parametrize("width", [76, 116])  # the Reports screen's room at 80×24 and 120×40
@pytest.mark.parametrize("language", ["en", "zh"])
def test_no_line_of_the_report_is_wider_than_its_room_and_no_heading_is_cut(request, language, width):
    """At 80×24 the activity bars wrapped onto the next line, and "message" was cut to "messa"."""
    from fieldcrm.textwidth import cells

    if language == "zh":
        request.getfixturevalue("chinese")
    lines = render(_report(), width=width).plain.splitlines()
    assert all(cells(line) <= width for line in lines), [line for line in lines if cells(line) > width]
    header = lines[lines.index("每周活动" if language == "zh" else "Activity per week") + 1]
    words = ["拜访", "电话", "消息", "问候", "活动", "跟进", "合计"] if language == "zh" else \
        ["visit", "call", "msgs", "greet", "event", "f-ups", "total"]
    assert header.split()[-7:] == words, header
    # The biggest week still gets a bar, as long as the room allows.
    biggest = max(lines[lines.index(header) + 1:][:8], key=lambda line: line.count("█"))
    assert cells(biggest) == (width if width < 62 + 20 else 62 + 20), biggest
