"""The app on a small demo book, a frozen clock (Tue 24 Nov 2026, 09:30 UTC) and a fixed size."""

import contextlib
import datetime as dt

import pytest
from textual.app import App

from fieldcrm.clock import FrozenClock
from fieldcrm.demo import DemoSize, build_demo, demo_rep
from fieldcrm.store import Store
from fieldcrm.tui.app import FieldCRM
from fieldcrm.workbook import Workbook
from tests.conftest import TODAY

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def apps_as_the_rep_sees_them(monkeypatch):
    """Every TUI test runs with notifications on (Textual's run_test turns them off,
    which hid a crash in the toast renderer), and fails on any exception inside the
    app, whether or not the test asserted anything after it."""
    original = App.run_test

    @contextlib.asynccontextmanager
    async def run_test(self, *args, **kwargs):
        kwargs["notifications"] = True  # whatever a test asks: a rep always sees them
        async with original(self, *args, **kwargs) as pilot:
            yield pilot
            await pilot.pause()  # let the last action's notifications and dialogs render
        if self._exception is not None:
            raise self._exception
        if not getattr(self, "failure", None):  # a book that cannot open ends the app on purpose
            assert self.return_code in (None, 0), f"the app stopped with return code {self.return_code}"

    monkeypatch.setattr(App, "run_test", run_test)


@pytest.fixture
def book_folder(tmp_path):
    folder = tmp_path / "book"
    Store.create(folder, build_demo(DemoSize(60), seed=11, today=TODAY), rep=demo_rep(),
                 clock=FrozenClock("2026-11-24T09:30:00+00:00"), demo=True)
    return folder


@pytest.fixture
def work(book_folder):
    store = Store.open(book_folder, clock=FrozenClock("2026-11-24T09:30:00+00:00"))
    yield Workbook(store, tz=dt.timezone.utc)
    store.close()


@pytest.fixture
def app(work):
    return FieldCRM(work=work)


def table_rows(table) -> list[list[str]]:
    """What a DataTable shows, as plain strings per row."""
    return [[str(cell).rstrip() for cell in table.get_row_at(i)] for i in range(table.row_count)]


def list_rows(row_list) -> list[list[str]]:
    """What a RowList holds, as strings per row."""
    return [row_list.row_cells(i) for i in range(len(row_list.keys))]


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


async def complaint_typed(pilot, name: str, category: str, description: str) -> None:
    """Complaints, a new one: the customer picked by ``name``, its category and what happened typed."""
    await pilot.press("k", "a")
    await type_text(pilot, name)
    await pilot.press("enter")
    await type_text(pilot, category)
    await pilot.press("tab")
    await type_text(pilot, description)
