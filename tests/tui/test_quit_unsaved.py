"""Quitting (q, ctrl+q) while a screen holds typed, unsaved work asks first, as escape in a form
does: a yes quits, a no stays with the values. Settings is the first case a new rep met: after
escape the letters are app keys again, so q dropped the new cadence without a word."""

import pytest
from textual.widgets import Input

from fieldcrm.model import Customer
from fieldcrm.tui.screens.complaints import LogComplaint
from fieldcrm.tui.screens.edit_customer import EditCustomerScreen
from fieldcrm.tui.screens.prompts import Confirm
from fieldcrm.tui.screens.settings import SettingsScreen
from tests.tui.conftest import type_text

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def _question(app) -> str:
    return " ".join(str(label.render()) for label in app.screen.query("Label"))


async def _settings_with_tier_a(pilot, app, value: str = "21") -> Input:
    await pilot.press("o")
    await pilot.pause()
    field = app.screen.query_one("#s-cadence-A", Input)
    assert app.focused is field
    field.value = ""
    await type_text(pilot, value)
    await pilot.press("escape")  # leaves the field: q is the app's key again
    await pilot.pause()
    return field


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_quitting_with_unsaved_settings_asks_and_no_keeps_the_values(app, size, key):
    async with app.run_test(size=size) as pilot:
        field = await _settings_with_tier_a(pilot, app)
        await pilot.press(key)
        await pilot.pause()
        assert app.return_code is None, "the app quit and dropped the typed settings"
        assert isinstance(app.screen, Confirm)
        assert "Quit without saving your changes to the settings?" in _question(app)
        await pilot.press(key)  # pressed again while asked: still one question, still running
        await pilot.pause()
        assert app.return_code is None and len(app.screen_stack) == 2
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen) and field.value == "21" and app.return_code is None
        await pilot.press(key)
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.return_code == 0


async def test_settings_left_for_another_screen_keep_the_values_and_quitting_there_asks(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await _settings_with_tier_a(pilot, app)
        await pilot.press("t")  # to Today: each mode keeps its own screens
        await pilot.pause()
        assert app.current_mode == "today"
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and app.return_code is None
        assert "settings" in _question(app)
        await pilot.press("n", "f7")
        await pilot.pause()
        assert app.current_mode == "settings"
        assert app.screen.query_one("#s-cadence-A", Input).value == "21"


@pytest.mark.parametrize("save", [False, True], ids=["untouched", "saved"])
async def test_untouched_or_saved_settings_quit_at_once(app, save):
    async with app.run_test(size=(80, 24)) as pilot:
        if save:
            await _settings_with_tier_a(pilot, app)
            await pilot.press("ctrl+s")
        else:
            await pilot.press("o", "escape")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0 and not isinstance(app.screen, Confirm)


async def test_quitting_from_a_customer_form_or_a_dialog_with_typed_work_asks(app, work):
    customer = sorted(work.store.all(Customer), key=lambda c: c.name)[0]
    async with app.run_test(size=(80, 24)) as pilot:
        await app.ready()
        app.push_screen(EditCustomerScreen(customer.id))
        await pilot.pause()
        app.screen.query(Input).first().value += "x"
        await pilot.press("ctrl+q")  # the one quit key a form lets through
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and app.return_code is None
        assert "this customer" in _question(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, EditCustomerScreen)
        app.push_screen(LogComplaint())
        await pilot.pause()
        await type_text(pilot, "cold tea")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and "open form" in _question(app)
        await pilot.press("y")
        await pilot.pause()
        assert app.return_code == 0
