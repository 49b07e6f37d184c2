"""Customer text with escape sequences is shown, never obeyed: every screen draws it
with the control characters as visible symbols (␛), bidi overrides dropped, markup literal."""

import re

from textual.widgets import DataTable

from fieldcrm.model import Complaint, Customer, FollowUp, Interaction, Referral
from tests.tui.conftest import SIZE, type_text

HOSTILE = "\x1b[2J\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\u202e[red]x[/]"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def _evil(work) -> Customer:
    evil = work.add(Customer(name="Zed" + HOSTILE, company="Acme" + HOSTILE, notes="ring" + HOSTILE,
                             hobbies="golf" + HOSTILE))
    work.add(FollowUp(customer_id=evil.id, due="2026-11-24", reason="quote" + HOSTILE))
    work.add(Interaction(customer_id=evil.id, kind="visit", at="2026-11-20T10:00:00Z",
                         note="said" + HOSTILE, outcome="ok" + HOSTILE))
    work.add(Referral(referrer_id=evil.id, lead_name="Lead" + HOSTILE, status="new",
                      status_dates={"new": "2026-11-20"}))
    work.add(Complaint(customer_id=evil.id, opened="2026-11-20", category="late" + HOSTILE,
                       description="box" + HOSTILE))
    return evil


def _shown_safely(app, where: str, expect: str = "Zed␛[2J") -> None:
    svg = app.export_screenshot()
    for raw in RAW:
        assert raw not in svg, f"{where}: {raw!r} reached the screen"
    # The SVG escapes text as XML and spaces as &#160;: compare with both undone.
    shown = svg.replace("&#160;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    assert expect in shown, f"{where}: {expect!r} is not on screen: " + " ".join(re.findall(r">([^<]*)</text>", shown))


async def _focus_row(pilot, key: str) -> None:
    table = pilot.app.screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause()


async def test_escape_sequences_in_customer_text_are_shown_not_obeyed(app, work):
    evil = _evil(work)
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await pilot.pause()
        await _focus_row(pilot, evil.id)
        _shown_safely(app, "Today")
        _shown_safely(app, "Today's detail", "quote␛[2J")
        await pilot.press("c")
        await pilot.pause()
        await type_text(pilot, "Zed")
        await pilot.pause()
        _shown_safely(app, "Customers")
        app.open_profile(evil.id)
        await pilot.pause()
        _shown_safely(app, "Profile")
        _shown_safely(app, "Profile's notes", "ring␛[2J")
        _shown_safely(app, "Profile's markup", "[red]x[/]")
        await app.switch_mode("referrals")
        await pilot.pause()
        _shown_safely(app, "Referrals", "Lead␛[2J")
        await app.switch_mode("complaints")
        await pilot.pause()
        _shown_safely(app, "Complaints", "late␛[2J")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Zed")
        await pilot.pause()
        _shown_safely(app, "the palette")


def test_a_report_shows_a_hostile_name_as_symbols():
    from fieldcrm.report_view import render
    from fieldcrm.rules.reports import Report
    shown = render(Report(period="month", start="2026-11-01", end="2026-11-30",
                          moved_up=[("Zed" + HOSTILE, "C", "B")], moved_down=[("Amy\x1b[2J", "A", "B")])).plain
    assert "Zed␛[2J" in shown and "Amy␛[2J" in shown and "[red]x[/]" in shown
    assert not any(raw in shown for raw in RAW)
