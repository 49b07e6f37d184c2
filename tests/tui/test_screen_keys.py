"""A screen's key (c, F2, ...) shows that screen's own top, whatever was opened from it:
a name typed after it goes into the search, never to a profile's keys."""

from textual.widgets import Input

from fieldcrm.model import Customer
from fieldcrm.tui.screens.customers import CustomersScreen
from fieldcrm.tui.screens.edit_customer import EditCustomerScreen
from fieldcrm.tui.screens.profile import ProfileScreen
from tests.tui.conftest import SIZE, type_text


def _latin_name(work) -> str:
    return next(c.name for c in sorted(work.store.all(Customer), key=lambda c: c.name) if c.name.isascii())


def _search(app) -> Input:
    return app.screen.query_one("#search", Input)


async def _open_profile(pilot, name: str) -> None:
    await pilot.press("c")
    await type_text(pilot, name.split()[0].lower())
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ProfileScreen)


async def test_c_after_another_screen_shows_the_list_not_the_profile_opened_from_it(app, work):
    name = _latin_name(work)
    async with app.run_test(size=SIZE) as pilot:
        await _open_profile(pilot, name)
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CustomersScreen)
        await type_text(pilot, "pen")  # p, e, n: Add purchase, Edit, Note on a profile
        await pilot.pause()
        assert isinstance(app.screen, CustomersScreen) and app.screen.focused is _search(app)
        assert _search(app).value == "pen"


async def test_f2_on_the_profile_itself_goes_back_to_the_list(app, work):
    async with app.run_test(size=SIZE) as pilot:
        await _open_profile(pilot, _latin_name(work))
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, CustomersScreen) and app.screen.focused is _search(app)


async def test_coming_back_to_customers_gives_the_search_box_the_keys(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "escape", "t")
        await pilot.pause()
        assert app.current_mode == "today"
        await pilot.press("c")
        await pilot.pause()
        await type_text(pilot, "li")
        await pilot.pause()
        assert app.current_mode == "customers" and _search(app).value == "li"


async def test_a_form_holding_typed_work_is_kept_when_its_screen_comes_back(app, work):
    async with app.run_test(size=SIZE) as pilot:
        await _open_profile(pilot, _latin_name(work))
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EditCustomerScreen)
        form.focused.value += " typed"  # the rep changed a field
        await pilot.press("f1")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is form and form.focused.value.endswith(" typed")
