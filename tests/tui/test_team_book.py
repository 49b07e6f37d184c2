"""A team rep's book on screen: edits that came before their records, a colleague's notes."""

import datetime as dt

from textual.widgets import DataTable

from fieldcrm.clock import FrozenClock
from fieldcrm.store import Store
from fieldcrm.tui.app import FieldCRM
from fieldcrm.tui.widgets.rowlist import RowList
from fieldcrm.workbook import Workbook
from tests.sync.colleagues import colleagues_on_one_customer, edits_before_their_records
from tests.sync.helpers import import_into
from tests.tui.conftest import SIZE, list_rows, table_rows, type_text


def _app(folder):
    store = Store.open(folder, clock=FrozenClock("2026-11-24T09:30:00+00:00"))
    return store, FieldCRM(work=Workbook(store, tz=dt.timezone.utc))


async def _lists(app, pilot) -> dict[str, list[list[str]]]:
    """What Today, Customers and Referrals list."""
    shown = {}
    for key, name in (("f1", "today"), ("f2", "customers"), ("f3", "referrals")):
        await pilot.press(key)
        await pilot.pause()
        if name == "customers":
            shown[name] = list_rows(app.screen.query_one(RowList))
        else:
            shown[name] = table_rows(app.screen.query_one(DataTable))
    return shown


async def test_edits_of_records_the_book_never_had_show_nowhere_until_the_records_come(tmp_path, monkeypatch):
    ghosts = edits_before_their_records(tmp_path)
    summary = import_into(ghosts.ann, [ghosts.edits_only])
    assert summary.lines()[-1].startswith("  2 records waiting for their origin")  # what `sync import` says
    store, app = _app(ghosts.ann.folder)
    monkeypatch.chdir(tmp_path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            # Before the core of issue 12, the referral's edit was a "new referral from :" on Today.
            assert await _lists(app, pilot) == {"today": [], "customers": [], "referrals": []}
            await pilot.press("f5")
            await pilot.pause()
            waiting = app.screen.query_one("#waiting")
            assert waiting.display and str(waiting.render()).startswith("2 records waiting for their origin:")
            await pilot.press("i")
            await type_text(pilot, str(ghosts.morning))
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "2 new records" in str(app.screen.query_one("#summary").render())  # not "0 new, 10 updated"
            await pilot.press("escape")
            await pilot.pause()
            assert not app.screen.query_one("#waiting").display
            shown = await _lists(app, pilot)
            assert [row[:1] for row in shown["customers"]] == [["陈静"]]
            assert any("13900000002" in cell for cell in shown["customers"][0])  # the edit, applied
            assert any("周杰" in " ".join(row) for row in shown["referrals"])
            assert any("陈静" in " ".join(row) for row in shown["today"])  # a lead to call: named now
        assert store.waiting() == 0
    finally:
        store.close()


async def test_a_colleagues_note_shows_its_author_on_the_profile(tmp_path):
    team = colleagues_on_one_customer(tmp_path)
    store, app = _app(team.ann.folder)
    try:
        async with app.run_test(size=SIZE) as pilot:
            app.open_profile(team.wang)
            await pilot.pause()
            card = str(app.screen.query_one("#card").render())
            timeline = card.split("Timeline", 1)[1].splitlines()
            assert [line.split("visit", 1)[1].strip() for line in timeline if "visit" in line] == [
                "Ann's visit", "Bob's visit · by Bob", "Bob's visit · by Bob"]
    finally:
        store.close()
