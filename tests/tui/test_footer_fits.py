"""Every main screen's footer shows its keys whole at 80x24 and 120x40: a key that does
not fit is left out (the key help lists it), never cut; F1–F7 and ^p are always there.
The same check runs in Chinese in tests/tui_zh/zh_screens.py."""

import pytest

from fieldcrm.i18n import _
from tests.tui.footer_fits import bottom_line, check_every_main_screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_every_main_screens_footer_shows_its_keys_whole(app, size):
    async with app.run_test(size=size) as pilot:
        await check_every_main_screen(app, pilot)


async def test_no_letter_key_is_offered_while_a_text_field_takes_the_letters(app):
    """In the Customers search box, b types a b: the footer offers b Notices only once the
    search is left (escape)."""
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert app.focused.id == "search"
        assert f"b {_('Notices')}" not in bottom_line(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert app.focused.id != "search" and f"b {_('Notices')}" in bottom_line(app)


async def test_keys_that_would_do_nothing_are_not_offered(app, work):
    """Sync offers 1 and 2 only while there is a conflict to settle; Notices does not offer itself."""
    assert not work.store.conflicts()
    async with app.run_test(size=(120, 40)) as pilot:
        app.switch_mode("sync")
        await pilot.pause()
        await pilot.pause()
        line = bottom_line(app)
        assert f"1 {_('Keep the kept value')}" not in line and f"e {_('Export my day')}" in line, line
        app.switch_mode("notices")
        await pilot.pause()
        await pilot.pause()
        assert f"b {_('Notices')}" not in bottom_line(app)
        app.switch_mode("today")
        await pilot.pause()
        await pilot.pause()
        assert f"b {_('Notices')}" in bottom_line(app)


async def test_notices_offer_copy_and_csv_only_once_there_is_a_notice(app, work):
    from fieldcrm import outreach
    assert not outreach.notices(work)
    async with app.run_test(size=(120, 40)) as pilot:
        app.switch_mode("notices")
        await pilot.pause()
        await pilot.pause()
        line = bottom_line(app)
        assert f"n {_('New notice')}" in line and f"x {_('Export CSV')}" not in line, line
        assert f"s {_('Copy next')}" not in line, line


async def test_settings_offer_escape_only_while_a_field_has_the_keys(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        await pilot.pause()
        assert f"esc {_('Leave the field')}" in bottom_line(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert app.focused is None and f"esc {_('Leave the field')}" not in bottom_line(app)


async def test_at_80_columns_today_shows_every_key_a_rep_works_the_list_with(app):
    """Today at 80x24 dropped m (message) and ← → (day) for the app's own keys: the screen's
    keys come first, in short words where the whole ones do not fit."""
    async with app.run_test(size=(80, 24)) as pilot:
        await app.ready()
        await pilot.pause()
        await pilot.pause()
        line = bottom_line(app)
        for key in ("⏎ ", "n ", "d ", "s ", "x ", "m ", "←→", "F1–F7 "):
            assert f" {key}" in line, (key, line)
        assert f"n {_('Note')}" in line and f"d {_('Done')}" in line, line


async def test_at_120_columns_the_keys_keep_their_whole_words(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await app.ready()
        await pilot.pause()
        await pilot.pause()
        line = bottom_line(app)
        assert f"⏎ {_('Profile')}" in line and f"m {_('Message')}" in line, line


async def test_the_header_shows_the_whole_count_of_changes_to_export_at_80_columns(app, work):
    """At 80 columns the header read "… 12 changes n…": the count of work not yet sent to
    the office, the one thing the header is there to say, was cut."""
    async with app.run_test(size=(120, 40)) as pilot:
        await app.ready()
        await pilot.pause()
        wide = app.screen._compositor.render_strips()[0].text
        assert _("not yet exported") in wide, wide
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        header = app.screen._compositor.render_strips()[0].text
        count = work.store.unexported
        assert f" {count} " in header and "…" not in header, header
