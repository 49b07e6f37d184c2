"""The keys a rep sees in the footer and README do what they say; a read-only book
offers no change and refuses one in a sentence."""

import datetime as dt
import re
import threading
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from fieldcrm.clock import FrozenClock
from fieldcrm.model import AgendaMark, Complaint, Referral
from fieldcrm.store import Store
from fieldcrm.tui.app import READ_ONLY, FieldCRM
from fieldcrm.tui.screens import today
from fieldcrm.tui.screens.profile import ProfileScreen
from fieldcrm.workbook import Workbook
from tests.tui.conftest import SIZE, table_rows

README = Path(__file__).resolve().parents[2] / "README.md"


def footer(app) -> str:
    """The footer as drawn: the keys that fit on screen, left of the docked palette key."""
    width = app.size.width
    palette = [k for k in app.screen.query(FooterKey) if k.has_class("-command-palette")]
    limit = width - (palette[0].region.width if palette else 0)
    parts = []
    for node in app.screen.query("FooterKey, FooterLabel"):
        region = node.region
        if node in palette or (region.width and region.right <= limit):
            text = node.render().plain if isinstance(node, FooterKey) else str(node.render())
            parts.append((region.x, text.strip()))
    return " ".join(text for _, text in sorted(parts))


def toasts(app) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def heading(app) -> str:
    return str(app.screen.query_one("#heading").render())


# The footer and the key help -------------------------------------------------------

@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_todays_footer_shows_help_enter_and_every_action(app, size):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        shown = footer(app)
        if size[0] >= 120:
            labels = ["? Keys", "⏎ Profile", "n Note", "d Done", "s Snooze", "x Dismiss", "m Message", "← → Day",
                      "F1–F7 Screens", "F8 Import", "q Quit", "^p Jump"]
        else:  # every key of the list, in short words; F8 and q give way (the key help lists them)
            labels = ["? Keys", "⏎ Open", "n Note", "d Done", "s Later", "x Skip", "m Msg", "← → Day",
                      "F1–F7 Screens", "^p Jump"]
        for label in labels:
            assert label in shown, (label, shown)


def _readme_keys(where: str) -> list[str]:
    """The keys README's table in "## The app" promises on one screen."""
    section = README.read_text().split("## The app", 1)[1].split("\n## ", 1)[0]
    keys = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and where in cells[1].split(", "):
            keys += re.findall(r"`([^`]+)`", cells[0])
    return keys


async def test_every_key_readme_promises_on_today_is_in_the_footer_or_the_key_help(app):
    promised = _readme_keys("Today")
    assert {"enter", "n", "d", "←", "→", "t", "home", "end", "+"} <= set(promised)
    display = {"enter": "⏎", "home": "home", "end": "end"}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = footer(app)
        assert "? Keys" in shown
        await pilot.press("question_mark")
        await pilot.pause()
        console = Console(width=80, record=True)
        console.print(app.screen.query_one("BindingsTable").render_bindings_table())
        help_text = console.export_text()
        for key in promised:
            assert display.get(key, key) in shown or display.get(key, key) in help_text, (key, shown)


async def test_escape_closes_the_key_help_and_nothing_else(app, work):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")
        await pilot.press("enter")  # a profile: escape closes the help, then goes back
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen) and not app.screen.query("HelpPanel")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ProfileScreen)


# Today's keys ------------------------------------------------------------------------

async def test_arrows_change_the_day_and_home_end_go_to_the_first_and_last_row(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert heading(app).startswith("Today · Tuesday 24 November 2026")
        await pilot.press("right")
        await pilot.pause()
        assert heading(app).startswith("Plan · Wednesday 25 November 2026")
        await pilot.press("left", "left")
        await pilot.pause()
        assert heading(app).startswith("Plan · Monday 23 November 2026")
        await pilot.press("t")
        await pilot.pause()
        assert heading(app).startswith("Today · Tuesday 24 November 2026")
        table = app.screen.query_one(DataTable)
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == table.row_count - 1 > 0
        assert table.scroll_x == 0  # not sideways into blank space
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0


async def test_every_also_due_item_is_reachable(app, work, monkeypatch):
    monkeypatch.setattr(today, "ALSO_DUE_PAGE", 5)
    plan = work.agenda()
    assert plan.also_due_count > 10
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        rows = table_rows(table)
        assert len(rows) == len(plan.items) + 5 + 1
        assert rows[-1][1] == f"… and {plan.also_due_count - 5} more"
        assert "+ More" in footer(app)
        await pilot.press("end", "enter")  # enter on "… and N more" shows them too
        await pilot.pause()
        assert len(table_rows(table)) == len(plan.items) + 10 + 1
        while "+ More" in footer(app):
            await pilot.press("plus")
            await pilot.pause()
        names = [row[1] for row in table_rows(table)]
        assert names == [i.name for i in plan.items + plan.also_due]
        assert not names[-1].startswith("…")


# Read-only ---------------------------------------------------------------------------

@pytest.fixture
def read_only_app(book_folder):
    store = Store.open(book_folder, clock=FrozenClock("2026-11-24T09:30:00+00:00"), read_only=True)
    yield FieldCRM(work=Workbook(store, tz=dt.timezone.utc))
    store.close()


async def test_read_only_today_offers_no_change_and_refuses_one_in_a_sentence(read_only_app):
    app = read_only_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = footer(app)
        assert "read-only" in app.sub_title
        for label in ["Note", "Done", "Snooze", "Dismiss", "F8"]:
            assert label not in shown, (label, shown)
        for label in ["? Keys", "⏎ Profile", "m Message", "← → Day"]:
            assert label in shown, (label, shown)
        rows = table_rows(app.screen.query_one(DataTable))
        for key in ["d", "n", "s", "x"]:
            await pilot.press(key)
            await pilot.pause()
            assert type(app.screen).__name__ == "TodayScreen", key  # no note, no question
            assert READ_ONLY in toasts(app), key
        assert table_rows(app.screen.query_one(DataTable)) == rows
    assert app.work.store.all(AgendaMark) == []


# (how to get there, the key that would change the book, a label it must not show)
EVERY_SCREEN = [
    (["c"], "ctrl+n", "New customer"),
    (["r"], "a", "Add lead"),
    (["r"], "plus", "Next status"),
    (["r"], "h", "Thanked"),
    (["k"], "a", "Log complaint"),
    (["k"], "enter", "Handle"),
    (["y"], "e", "Export"),
    (["y"], "i", "Import a file"),
    (["o"], "ctrl+s", "Save"),
    (["enter"], "e", "Edit"),
    (["enter"], "p", "Add purchase"),
    (["enter"], "n", "Note"),
    ([], "f8", "Import"),
]


@pytest.mark.parametrize("way, key, label", EVERY_SCREEN, ids=[f"{w}-{k}" for w, k, _ in EVERY_SCREEN])
async def test_read_only_every_screen_hides_and_refuses_what_writes(read_only_app, way, key, label):
    app = read_only_app
    before = (app.work.store.all(Referral), app.work.store.all(Complaint))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for step in way:
            await pilot.press(step)
            await pilot.pause()
        screen = app.screen
        assert label not in footer(app) and "Keys" in footer(app)
        await pilot.press(key)
        await pilot.pause()
        assert app.screen is screen  # no form or question opened
        assert READ_ONLY in toasts(app)
    assert (app.work.store.all(Referral), app.work.store.all(Complaint)) == before


async def test_read_only_a_write_pressed_while_the_book_loads_is_refused_too(book_folder):
    release = threading.Event()

    def slow_opener():
        release.wait(10)
        store = Store.open(book_folder, clock=FrozenClock("2026-11-24T09:30:00+00:00"), read_only=True)
        return Workbook(store, tz=dt.timezone.utc)

    app = FieldCRM(opener=slow_opener)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.is_ready
        app.call_later(release.set)
        await pilot.press("d")
        await app.ready()
        await pilot.pause()
        assert READ_ONLY in toasts(app)
        assert app.work.store.all(AgendaMark) == []
    app.work.close()


async def test_the_next_day_pressed_before_today_showed_its_day(app):
    """Found living a day in tmux: → pressed just as the book loaded, before Today had shown
    its first day (it was still the saved list), crashed the app."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.day = None  # the state between the book loading and Today showing it
        await pilot.press("right")
        await pilot.pause()
        assert heading(app).startswith("Plan · Wednesday 25 November 2026")
