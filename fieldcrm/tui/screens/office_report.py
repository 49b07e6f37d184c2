"""The team report: what an office book opens on (the manager's view of every rep)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from fieldcrm.office.master import BookMaster
from fieldcrm.office.report import Team, TeamReport, build, gather
from fieldcrm.office.report_view import render
from fieldcrm.i18n import _
from fieldcrm.tui.screens.base import BookScreen
from fieldcrm.tui.widgets.footer import KeysFooter


class OfficeReportScreen(BookScreen):
    BINDINGS = [Binding("w", "period('week')", _("This week"), tooltip=_("and the last 8 weeks")),
                Binding("m", "period('month')", _("This month"), tooltip=_("week by week"))]

    def __init__(self):
        super().__init__()
        self.period = "week"
        self.report: TeamReport | None = None
        self._team: tuple[int, Team] | None = None  # what the book held, at which log position

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="team"):
            yield Static(_("Opening the office's book…"), id="team-report")
        yield KeysFooter()

    def show(self) -> None:
        """Read the book here (the rep's screens may write to it), count in a worker: at
        10,000 customers and 200,000 contacts the counting takes a second or two."""
        book = self.app.work
        if self._team is None or self._team[0] != book.store.seq:
            self._team = (book.store.seq, gather(BookMaster(book.store)))
        if self.report is None:
            self.query_one("#team-report", Static).update(_("Counting…"))
        self._count(self._team[1], book.today(), self.period, book.settings, book.tz)

    @work(thread=True, exclusive=True, group="team-report")
    def _count(self, team: Team, day, period: str, settings, tz) -> None:
        """On a worker thread: the report, handed to the screen unless a newer one was asked for."""
        report = build(team, day, period, settings, tz)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._shown, report)

    def _shown(self, report: TeamReport) -> None:
        if report.period == self.period:  # a slower count for the other period may finish last
            self.report = report
            self._draw()

    def _draw(self) -> None:
        if self.report is not None:  # the bars fit the terminal's width (less the scroll bar)
            self.query_one("#team-report", Static).update(render(self.report, self.app.size.width - 4))

    def on_resize(self) -> None:
        self._draw()

    def action_period(self, period: str) -> None:
        self.period = period
        self.show()
