"""The first screen comes at once from the saved list; the book loads behind it."""

import datetime as dt
import threading

from textual.widgets import DataTable

from fieldcrm.clock import FrozenClock
from fieldcrm.store import BookDamaged, Store
from fieldcrm.store.layout import book_fingerprint
from fieldcrm.tui.app import FieldCRM
from fieldcrm.workbook import Workbook
from tests.tui.conftest import SIZE, table_rows


def _open(folder):
    return Workbook(Store.open(folder, clock=FrozenClock("2026-11-24T09:30:00+00:00")), tz=dt.timezone.utc)


async def test_today_shows_the_saved_list_while_the_book_loads(book_folder, monkeypatch):
    import fieldcrm.tui.screens.today as today
    monkeypatch.setattr(today.dt, "date", _FrozenDate)
    work = _open(book_folder)
    expected = [i.name for i in work.agenda().items]
    work.close()  # checkpoint, then save the lists for the next start
    saved = Store.open(book_folder, read_only=True).side.load("views", "agenda")
    assert saved["fingerprint"] == book_fingerprint(book_folder)

    release = threading.Event()

    def slow_opener():
        release.wait(10)
        return _open(book_folder)

    app = FieldCRM(opener=slow_opener, preview=saved)
    async with app.run_test(size=SIZE) as pilot:
        rows = table_rows(app.screen.query_one(DataTable))
        assert [r[1] for r in rows[: len(expected)]] == expected
        assert "opening the book" in str(app.screen.query_one("#heading").render())
        assert not app.is_ready
        release.set()
        await app.ready()
        await pilot.pause()
        assert "opening the book" not in str(app.screen.query_one("#heading").render())
        assert [r[1] for r in table_rows(app.screen.query_one(DataTable))][: len(expected)] == expected
    app.work.close()


async def test_a_book_that_fails_to_load_ends_the_app_with_the_reason(book_folder):
    def broken():
        raise BookDamaged(f"{book_folder}/book.json is damaged; it was left untouched.")

    app = FieldCRM(opener=broken)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
    assert app.return_code == 1 and "is damaged" in app.failure


class _FrozenDate(dt.date):
    @classmethod
    def today(cls):
        return cls(2026, 11, 24)


async def test_a_notice_at_start_up_is_shown_not_a_crash(work):
    """A typo in config.toml or a cut last log line gives a notice; it used to kill start-up."""
    app = FieldCRM(work=work, notices=["There is no theme 'nord-ish'; using the default.",
                                      "Kate \x1b[2J<b>[red]Li</b>"])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert any("There is no theme 'nord-ish'" in text for text in shown), shown
        assert any("Kate ␛[2J<b>[red]Li</b>" in text for text in shown), shown
