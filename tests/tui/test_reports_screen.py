"""The Reports screen as a rep meets it at 80×24 and 120×40: every line of a table fits the
screen (a bar wider than the room wrapped onto the next line), and no heading is cut."""

import pytest

from fieldcrm.textwidth import cells

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
