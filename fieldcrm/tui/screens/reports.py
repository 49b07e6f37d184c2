"""Reports: the rep's activity and the book's numbers, with charts drawn in the terminal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from fieldcrm.i18n import _
from fieldcrm.report_view import render
from fieldcrm.rules.reports import Report
from fieldcrm.tui.screens.base import BookScreen
from fieldcrm.tui.widgets.footer import KeysFooter


class ReportsScreen(BookScreen):
    BINDINGS = [Binding("w", "period('week')", _("This week")), Binding("m", "period('month')", _("This month"))]

    def __init__(self):
        super().__init__()
        self.period = "month"
        self.report: Report | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="profile"):
            yield Static(id="report")
        yield KeysFooter()

    def show(self) -> None:
        self.report = self.app.work.report(self.period)
        self._draw()

    def _draw(self) -> None:
        if self.report is not None:  # the bars fit the terminal's width, less padding and scroll bar
            self.query_one("#report", Static).update(render(self.report, self.app.work.settings.currency,
                                                            self.app.size.width - 4))

    def on_resize(self) -> None:
        self._draw()  # the same numbers, drawn for the new width

    def action_period(self, period: str) -> None:
        self.period = period
        self.show()
