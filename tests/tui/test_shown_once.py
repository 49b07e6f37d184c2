"""A screen opened once fills in once: Customers filled in four times (mount and resume, each
twice), Referrals and a profile three times; most of their time to open on a big book."""

import pytest

from fieldcrm.tui.screens.profile import ProfileScreen
from tests.tui.conftest import SIZE


@pytest.fixture
def shows(monkeypatch):
    """Every show() of Customers, Referrals and a profile, by screen name."""
    import fieldcrm.tui.screens.customers as customers
    import fieldcrm.tui.screens.referrals as referrals

    calls = []
    for screen in (customers.CustomersScreen, referrals.ReferralsScreen, ProfileScreen):
        original = screen.show

        def counted(self, _original=original):
            calls.append(type(self).__name__)
            return _original(self)
        monkeypatch.setattr(screen, "show", counted)
    return calls


@pytest.mark.parametrize("key, name", [("c", "CustomersScreen"), ("r", "ReferralsScreen")])
async def test_a_screen_opened_by_its_key_fills_in_once(app, shows, key, name):
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await pilot.pause()
        await pilot.press(key)
        for _ in range(3):
            await pilot.pause()
        assert type(app.screen).__name__ == name
        assert shows.count(name) == 1, shows
        await pilot.press("escape", "t")  # away and back: filled in again, once
        for _ in range(3):
            await pilot.pause()
        await pilot.press(key)
        for _ in range(3):
            await pilot.pause()
        assert shows.count(name) == 2, shows


async def test_a_profile_fills_in_once_and_again_on_coming_back(app, shows):
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await pilot.pause()
        await pilot.press("enter")
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert shows.count("ProfileScreen") == 1, shows
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert shows.count("ProfileScreen") == 2, shows
