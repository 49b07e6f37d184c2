"""The Reports screen as a rep meets it at 80×24 and 120×40: every line of a table fits the
screen (a bar wider than the room wrapped onto the next line), and no heading is cut."""

import pytest

from fieldcrm.textwidth import cells
from tests.tui.conftest import type_text

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def _drawn(app) -> tuple[list[str], int]:
    """The report's lines as drawn, and the room they have."""
    report = app.screen.query_one("#report")
    lines = [str(strip.text).rstrip() for strip in report.render_lines(report.content_region.reset_offset)]
    return lines, report.content_region.width


def _fits(app) -> None:
    """Each table row (a bar, or a heading row) is drawn whole on one line; prose may wrap."""
    lines, room = _drawn(app)
    text = app.screen.query_one("#report").content.plain
    rows = [line.rstrip() for line in text.split("\n") if "█" in line or line.startswith("  week of")]
    assert len(rows) > 10 and all(cells(row) <= room for row in rows), room
    assert [row for row in rows if row not in lines] == [], "a row wrapped"
    assert "messa" not in text and "msgs" in text


@pytest.mark.parametrize("size", SIZES)
async def test_the_report_fits_the_screen_without_wrapping(app, work, size):
    async with app.run_test(size=size) as pilot:
        await app.ready()
        await pilot.press("p")
        await pilot.pause()
        _fits(app)


async def test_the_report_is_drawn_again_for_a_narrower_terminal(app, work):
    async with app.run_test(size=(120, 40)) as pilot:
        await app.ready()
        await pilot.press("p")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        _fits(app)


def _this_week(app) -> str:
    text = app.screen.query_one("#report").content.plain
    return next(line for line in text.split("\n") if line.strip().startswith("23 Nov"))


async def test_a_note_written_after_a_visit_to_reports_is_counted_on_the_next_visit(app, work):
    """The report is kept between visits (building it reads every note); a change must still show."""
    async with app.run_test(size=(120, 40)) as pilot:
        await app.ready()
        await pilot.press("p")
        await pilot.pause()
        before = _this_week(app)
        assert app.work.report() is app.work.report(), "the report is built again though nothing changed"
        await pilot.press("t", "n")
        await pilot.pause()
        await type_text(pilot, "Counted")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        after = _this_week(app)
    total = 8  # week of (day, month), visit, call, msgs, greet, event, f-ups, total
    assert int(after.split()[total]) == int(before.split()[total]) + 1, (before, after)
