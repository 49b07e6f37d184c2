"""An office book opens on the team report: every rep, their counts, the charts; w and m switch the period."""

from __future__ import annotations

import datetime as dt

import pytest

from fieldcrm.clock import FrozenClock
from fieldcrm.store import Store
from fieldcrm.tui.app import FieldCRM
from fieldcrm.tui.screens.office_report import OfficeReportScreen
from fieldcrm.workbook import Workbook
from tests.office.office_book import build_office
from tests.tui.conftest import SIZE


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    return build_office(tmp_path_factory.mktemp("team"))


@pytest.fixture
def office_work(office):
    store = Store.open(office["folder"], clock=FrozenClock("2026-11-27T09:00:00+00:00"))
    yield Workbook(store, tz=dt.timezone.utc)
    store.close()


async def settle(app, pilot) -> None:
    """The report is counted in a worker: wait for it, then for the screen."""
    await app.workers.wait_for_complete()
    await pilot.pause()


def shown(app) -> list[str]:
    """The report's lines as the screen draws them."""
    return str(app.screen.query_one("#team-report").render()).splitlines()


def footer_keys(app) -> list[str]:
    return [str(key.render()) for key in app.screen.query("FooterKey")]


async def test_an_office_book_opens_on_the_team_report(office_work):
    app = FieldCRM(work=office_work)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, OfficeReportScreen)
        lines = shown(app)
        assert lines[0] == "Team report: week 2026-11-21 to 2026-11-27  (3 reps)"
        activity = lines[lines.index("Contacts this week, per rep  (the bar: visits)") + 2:][:3]
        assert [row.split()[:6] for row in activity] == [
            ["Ann", "1", "1", "1", "0", "1"], ["王小明", "0", "1", "0", "0", "0"],
            ["Bob", "(left)", "1", "0", "0", "0"]]
        assert "█" in activity[0]  # the chart, not only the table
        assert any(row.startswith("  [bold]x[/]␛[31m  王小明") for row in lines)  # a name is data
        keys = " ".join(footer_keys(app))
        assert "This week" in keys and "This month" in keys
        # The office never exports: its header names the office, not a count of changes to export.
        assert "the office's book · 3 reps" in app.sub_title and "not yet exported" not in app.sub_title

        await pilot.press("m")
        await settle(app, pilot)
        assert shown(app)[0] == "Team report: month 2026-11-01 to 2026-11-27  (3 reps)"
        await pilot.press("t")  # Today, as in any book, and back with g
        await pilot.pause()
        assert not isinstance(app.screen, OfficeReportScreen)
        await pilot.press("g")
        await settle(app, pilot)
        assert isinstance(app.screen, OfficeReportScreen) and shown(app)[0].startswith("Team report: month")


async def test_the_team_report_fits_80_columns(office_work):
    app = FieldCRM(work=office_work)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, OfficeReportScreen)
        from fieldcrm.textwidth import cells
        assert max(cells(line) for line in shown(app)) <= 76


async def test_a_reps_own_book_has_no_team_report(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, OfficeReportScreen)
        await pilot.press("g")
        await pilot.pause()
        assert not isinstance(app.screen, OfficeReportScreen)
