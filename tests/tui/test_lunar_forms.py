"""Lunar dates in the customer form: a real one is saved in its stored form and shown on
the profile with its Gregorian day; an impossible one is refused with one sentence."""

from fieldcrm.model import Customer
from fieldcrm.tui.screens.edit_customer import EditCustomerScreen
from fieldcrm.tui.screens.profile import ProfileScreen, render_profile
from tests.tui.conftest import type_text
from tests.tui.seen import in_view, toasts

SIZE = (120, 40)


async def test_an_impossible_lunar_birthday_is_refused_under_the_field(app, work):
    before = work.store.count(Customer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "ctrl+n")
        await pilot.pause()
        await type_text(pilot, "Kate")
        app.screen.query_one("#f-birthday").value = "农历2026-闰02-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditCustomerScreen)
        words = "'农历2026-闰02-01' is not a real lunar date (Birthday): the lunar year 2026 has no leap month."
        problem = app.screen.query_one("#f-birthday-problem")
        assert words in str(problem.render()) and in_view(problem)
        assert app.focused is app.screen.query_one("#f-birthday")
        assert not any(words in toast for toast in toasts(app)), "a toast repeats it over the form"
    assert work.store.count(Customer) == before


async def test_a_lunar_birthday_is_saved_and_the_profile_shows_both_dates(app, work):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "ctrl+n")
        await pilot.pause()
        await type_text(pilot, "Kate Lunar")
        app.screen.query_one("#f-birthday").value = "农历 0000-08-15"
        app.screen.query_one("#f-important_dates").value = "wedding: lunar 2010-08-15"
        await pilot.press("ctrl+s")
        await pilot.pause()
        kate = next(c for c in work.store.all(Customer) if c.name == "Kate Lunar")
        assert kate.birthday == "L0000-08-15"
        assert kate.important_dates == [{"label": "wedding", "date": "L2010-08-15"}]
        app.push_screen(ProfileScreen(kate.id))
        await pilot.pause()
        shown = str(render_profile(work, kate.id))
        # Today is 24 Nov 2026: this year's Mid-Autumn is past, the next is 15 Sep 2027.
        assert "农历八月十五 (15 Sep 2027)" in shown and "农历2010年八月十五 (15 Sep 2027)" in shown
