"""The manager's view, from a real office three reps synced with (tests/office/office_book.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fieldcrm.cli import main
from fieldcrm.model import Customer, FollowUp
from fieldcrm.office.master import BookMaster
from fieldcrm.office.report import team_report
from fieldcrm.store import Store
from fieldcrm.textwidth import cells
from tests.office.office_book import HOSTILE, REPORT_DAY, build_office
from tests.sync.helpers import Site, add_rep


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    return build_office(tmp_path_factory.mktemp("team"))


def report_of(office, period="week", day=REPORT_DAY):
    with Store.open(office["folder"], read_only=True) as store:
        return team_report(BookMaster(store), day, period, tz=dt.timezone.utc)


def by_name(report):
    return {line.name: line for line in report.reps}


def test_each_rep_counts_the_contacts_they_wrote_and_the_follow_ups_they_closed(office):
    lines = by_name(report_of(office))
    assert list(lines) == ["Ann", "王小明", "Bob"]  # by name, the rep who left last
    assert [lines[n].left for n in lines] == [False, False, True]
    assert lines["Ann"].period == {"visit": 1, "call": 1, "message": 1, "greeting": 0, "followups_done": 1}
    assert lines["王小明"].period == {"visit": 0, "call": 1, "message": 0, "greeting": 0, "followups_done": 0}
    # Bob wrote the follow-up, Ann closed it after the handover: it is hers. His visit stays his.
    assert lines["Bob"].period == {"visit": 1, "call": 0, "message": 0, "greeting": 0, "followups_done": 0}


def test_weeks_are_the_last_eight_for_a_week_and_the_months_weeks_for_a_month(office):
    week = report_of(office, "week")
    assert week.weeks == ["2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02",
                          "2026-11-09", "2026-11-16", "2026-11-23"]
    ann = by_name(week)["Ann"].weeks
    assert [sum(w.by_kind.values()) for w in ann] == [0] * 7 + [3]
    assert ann[-1].by_kind == {"visit": 1, "call": 1, "message": 1, "greeting": 0} and ann[-1].followups_done == 1
    month = report_of(office, "month")
    assert (month.start, month.end) == ("2026-11-01", "2026-11-27")
    assert month.weeks == ["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]
    # A day before the work: nothing yet, for anyone.
    before = report_of(office, "week", dt.date(2026, 11, 23))
    assert all(not any(line.period.values()) for line in before.reps)


def test_referrals_and_complaints_count_for_the_customers_rep(office):
    lines = by_name(report_of(office))
    assert lines["Ann"].funnel == {"received": 1, "contacted": 1, "meeting": 0, "won": 0, "lost": 0}
    assert lines["王小明"].funnel == {"received": 1, "contacted": 0, "meeting": 0, "won": 0, "lost": 1}
    assert (lines["Ann"].complaints_open, lines["Ann"].complaints_past_promise) == (0, 0)  # hers was resolved
    assert (lines["王小明"].complaints_open, lines["王小明"].complaints_past_promise) == (2, 1)
    # On the promised day itself the promise is not broken yet.
    early = by_name(report_of(office, day=dt.date(2026, 11, 25)))
    assert early["王小明"].complaints_past_promise == 0


def test_coverage_counts_contacts_by_anyone_within_the_cadence(office):
    lines = by_name(report_of(office))
    # Ann: Acme and Chen (her own contacts) and Bob Co (visited by Bob before it came to her).
    assert (lines["Ann"].covered, lines["Ann"].customers, lines["Ann"].coverage) == (3, 5, 0.6)
    assert (lines["王小明"].covered, lines["王小明"].customers, lines["王小明"].coverage) == (1, 4, 0.25)
    assert (lines["Bob"].customers, lines["Bob"].coverage) == (0, None)
    # Ann's visit to Acme (tier A, every 14 days) covers it 13 days on, not 14: then it is at risk.
    assert by_name(report_of(office, day=dt.date(2026, 12, 7)))["Ann"].covered == 3
    later = report_of(office, day=dt.date(2026, 12, 8))
    assert by_name(later)["Ann"].covered == 2  # Chen (tier C, 90 days) and Bob Co still are
    assert [(r.name, r.owner, r.days_since) for r in later.at_risk][-1] == ("Acme Li", "Ann", 14)


def test_key_accounts_at_risk_across_the_team(office):
    report = report_of(office)
    assert [(r.name, r.owner, r.cadence, r.days_since) for r in report.at_risk] == [
        (HOSTILE, "王小明", 14, None), ("王总", "王小明", 14, None)]


def test_likely_duplicates_are_customers_of_different_reps(office):
    report = report_of(office)
    assert [(d.by, d.key, [(c["name"], c["owner"]) for c in d.customers]) for d in report.duplicates] == [
        ("e-mail", "same@x.cn", [("Mail A", "Ann"), ("Mail B", "王小明")]),
        ("phone", "12345678", [("Dup One", "Ann"), ("Dup Two", "王小明")]),
    ]


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = main(["office", "report", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_command_prints_each_reps_figures_with_charts(office, capsys):
    code, out, err = run_cli(capsys, "--master", str(office["folder"]), "--date", "2026-11-27")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Team report: week 2026-11-21 to 2026-11-27  (3 reps)"
    activity = lines[lines.index("Contacts this week, per rep  (the bar: visits)") + 2:][:3]
    assert [row.split()[:6] for row in activity] == [
        ["Ann", "1", "1", "1", "0", "1"], ["王小明", "0", "1", "0", "0", "0"], ["Bob", "(left)", "1", "0", "0", "0"]]
    assert "█" in activity[0] and "█" in activity[2] and "█" not in activity[1]  # the visits bar
    # A Chinese name takes two cells a character: the counts still line up.
    ends = {cells(row[:row.index(" 1 ") if "Ann" in row else row.index(" 0 ")]) for row in activity[:2]}
    assert len(ends) == 1
    coverage = lines[lines.index("Coverage  (customers contacted, by anyone, within their cadence)") + 1:][:2]
    assert coverage[0].split()[:3] == ["Ann", "3/5", "60%"] and "█" in coverage[0]
    assert coverage[1].split()[:3] == ["王小明", "1/4", "25%"]
    assert "  王小明        2 open, 1 past the promised date" in lines
    assert "  phone …12345678: Dup One (Ann) · Dup Two (王小明)" in lines


def test_a_hostile_customer_name_shows_as_data(office, capsys):
    _code, out, _err = run_cli(capsys, "--master", str(office["folder"]), "--date", "2026-11-27")
    assert "\x1b" not in out
    assert any(row.startswith("  [bold]x[/]␛[31m  王小明") for row in out.splitlines())


def test_the_command_prints_json(office, capsys):
    code, out, _err = run_cli(capsys, "--master", str(office["folder"]), "--date", "2026-11-27", "--month",
                              "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["period"], data["start"], data["end"]) == ("month", "2026-11-01", "2026-11-27")
    reps = {rep["name"]: rep for rep in data["reps"]}
    assert reps["Ann"]["period"]["followups_done"] == 1 and reps["Bob"]["left"] is True
    assert reps["王小明"]["complaints_past_promise"] == 1 and reps["Ann"]["coverage"] == 0.6
    assert [r["name"] for r in data["at_risk"]] == [HOSTILE, "王总"]


def test_a_book_without_a_roster_is_refused_in_one_sentence(tmp_path, capsys):
    with Store.open(tmp_path / "solo") as store:
        store.set_meta(note="a rep's own book")
    code, out, err = run_cli(capsys, "--master", str(tmp_path / "solo"))
    assert code == 1 and out == ""
    assert err.startswith("fieldcrm: ") and "no reps on its roster" in err and err.count("\n") == 1
    code, out, err = run_cli(capsys, "--master", str(tmp_path / "nowhere"))
    assert code == 1 and "no fieldcrm book" in err and not (tmp_path / "nowhere").exists()


def test_work_the_office_did_counts_for_the_author_and_its_own_customers_for_no_rep(tmp_path):
    """A follow-up closed at the office (no rep's laptop) counts for the rep who wrote it;
    customers the office made and gave nobody show as "(no rep)"; one rep's own
    look-alikes are theirs to merge, not the team's duplicates."""
    office = Site(tmp_path / "office", start="2026-11-25T08:00:00+00:00")
    ann = add_rep(office, "Ann")
    with office.open() as store:
        mine = store.add(Customer(name="Li", owner=ann, phones=["138 1234 5678"]))
        store.add(Customer(name="Li (again)", owner=ann, phones=["+86 13812345678"]))
        store.add(Customer(name="Walk-in"))
        followup = store.add(FollowUp(customer_id=mine.id, rep_id=ann, due="2026-11-25"))
        store.update(FollowUp, followup.id, status="done", done_at="2026-11-25T09:00:00Z")
    report = report_of({"folder": office.folder}, day=dt.date(2026, 11, 25))
    lines = by_name(report)
    assert list(lines) == ["Ann", "(no rep)"]
    assert lines["Ann"].period["followups_done"] == 1 and lines["Ann"].customers == 2
    assert lines["(no rep)"].customers == 1 and lines["(no rep)"].period["followups_done"] == 0
    assert report.duplicates == []
