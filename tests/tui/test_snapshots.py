"""Snapshots of the key screens on the demo book (frozen clock, 120x40, no cursor blink).

Regenerate after an intended change with: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from textual.widgets import Input, TextArea

from fieldcrm.model import Customer
from tests.tui.conftest import SIZE


async def _steady(pilot) -> None:
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False
    await pilot.pause()


def _first_customer(work) -> Customer:
    return sorted(work.store.all(Customer), key=lambda c: c.name)[0]


def test_today(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=_steady)


def test_profile(snap_compare, app, work):
    async def open_profile(pilot):
        app.open_profile(_first_customer(work).id)
        await pilot.pause()
        await _steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_profile)


def test_note_form(snap_compare, app, work):
    async def open_note(pilot):
        app.open_note(_first_customer(work).id)
        await pilot.pause()
        await _steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_note)


def test_referrals(snap_compare, app):
    async def open_referrals(pilot):
        await pilot.press("r")
        await _steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_referrals)


def test_reports(snap_compare, app):
    async def open_reports(pilot):
        await pilot.press("p")
        await _steady(pilot)

    assert snap_compare(app, terminal_size=(120, 60), run_before=open_reports)
