"""A book created just now says which keys to start with."""

import datetime as dt

from fieldcrm.clock import FrozenClock
from fieldcrm.model import Rep
from fieldcrm.store import Store
from fieldcrm.tui.app import FieldCRM
from fieldcrm.tui.screens.import_contacts import ImportContacts
from fieldcrm.workbook import Workbook
from tests.tui.conftest import SIZE


def toasts(app) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def _shown(tmp_path, first_run: bool) -> list[str]:
    Store.create(tmp_path / "new", [], rep=Rep(name="Kate Lin"))
    store = Store.open(tmp_path / "new", clock=FrozenClock("2026-11-24T09:30:00+00:00"))
    app = FieldCRM(work=Workbook(store, tz=dt.timezone.utc), first_run=first_run)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            return toasts(app)
    finally:
        store.close()


async def test_a_new_book_shows_the_keys_to_start_with(tmp_path):
    shown = await _shown(tmp_path, first_run=True)
    assert any("Your new book" in t and "Press c for Customers, then ctrl+n to add one; F8 imports contacts"
               in t and "? shows every key" in t for t in shown), shown


async def test_a_book_opened_again_shows_no_hint(tmp_path):
    assert not any("Your new book" in t for t in await _shown(tmp_path, first_run=False))


async def test_the_new_book_hint_does_not_cover_the_import_dialog(tmp_path):
    """The hint lasts 30 s; pressing F8 within them opened the dialog under it."""
    Store.create(tmp_path / "new", [], rep=Rep(name="Kate Lin"))
    store = Store.open(tmp_path / "new", clock=FrozenClock("2026-11-24T09:30:00+00:00"))
    app = FieldCRM(work=Workbook(store, tz=dt.timezone.utc), first_run=True)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert any("Your new book" in t for t in toasts(app))
            await pilot.press("f8")
            await pilot.pause()
            assert type(app.screen) is ImportContacts
            assert toasts(app) == []
            # What the dialog itself says afterwards is still shown.
            app.notify("Added 3 customers.")
            await pilot.pause()
            assert any("Added 3 customers." in t for t in toasts(app))
    finally:
        store.close()
