"""The team report: what an office book opens on (the manager's view of every rep)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from fieldcrm.office.master import BookMaster
from fieldcrm.office.report import TeamReport, team_report
from fieldcrm.office.report_view import render
from fieldcrm.tui.screens.base import BookScreen


class OfficeReportScreen(BookScreen):
    BINDINGS = [Binding("w", "period('week')", "This week", tooltip="and the last 8 weeks"),
                Binding("m", "period('month')", "This month", tooltip="week by week")]

    def __init__(self):
        super().__init__()
        self.period = "week"
        self.report: TeamReport | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="team"):
            yield Static("Opening the office's book…", id="team-report")
        yield Footer()

    def show(self) -> None:
        work = self.app.work
        self.report = team_report(BookMaster(work.store), work.today(), self.period, work.settings, work.tz)
        self._draw()

    def _draw(self) -> None:
        if self.report is not None:  # the bars fit the terminal's width (less the scroll bar)
            self.query_one("#team-report", Static).update(render(self.report, self.app.size.width - 4))

    def on_resize(self) -> None:
        self._draw()

    def action_period(self, period: str) -> None:
        self.period = period
        self.show()
