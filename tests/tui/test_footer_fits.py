"""Every main screen's footer shows its keys whole at 80x24 and 120x40: a key that does
not fit is left out (the key help lists it), never cut; F1–F7 and ^p are always there.
The same check runs in Chinese in tests/tui_zh/zh_screens.py."""

import pytest

from tests.tui.footer_fits import check_every_main_screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_every_main_screens_footer_shows_its_keys_whole(app, size):
    async with app.run_test(size=size) as pilot:
        await check_every_main_screen(app, pilot)
