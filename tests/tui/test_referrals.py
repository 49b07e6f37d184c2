"""Referrals on screen: a lead through to won and thanked; the QR card at the smallest terminal."""

import pytest
from textual.widgets import DataTable

from fieldcrm.model import Customer, Referral
from tests.tui.conftest import SIZE, table_rows


def toasts(app) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def _today_text(app) -> str:
    return "\n".join(" ".join(row) for row in table_rows(app.screen.query_one(DataTable)))


async def _select(pilot, referral_id: str) -> list[str]:
    table = pilot.app.screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(referral_id))
    await pilot.pause()
    return table_rows(table)[table.get_row_index(referral_id)]


async def test_a_referral_won_becomes_a_customer_and_one_thank_settles_it(app, work):
    referrer = sorted(work.store.all(Customer), key=lambda c: c.name)[0]
    referral = work.add(Referral(referrer_id=referrer.id, lead_name="Tom Baker", lead_phone="+44 7700 900123",
                                 status="meeting", status_dates={"new": "2026-11-20", "meeting": "2026-11-23"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await _select(pilot, referral.id)
        await pilot.press("plus")  # meeting -> won
        await pilot.pause()
        assert f"Won: Tom Baker is now a customer, referred by {referrer.name}. Thank {referrer.name}: h." \
            in toasts(app)
        row = await _select(pilot, referral.id)
        assert (row[0], row[2], row[3]) == ("Tom Baker", "won", "not yet")
        await pilot.press("t")
        await pilot.pause()
        assert "thank for referring Tom Baker, who bought" in _today_text(app)
        await pilot.press("r")
        await pilot.pause()
        await _select(pilot, referral.id)
        await pilot.press("h")
        await pilot.pause()
        assert f"Thanked {referrer.name}." in toasts(app)
        row = await _select(pilot, referral.id)
        assert row[3] == "24 Nov"  # as the app says days
        await pilot.press("t")
        await pilot.pause()
        assert "Tom Baker" not in _today_text(app)  # not asked again, in either words
    tom = [c for c in work.store.all(Customer) if c.name == "Tom Baker"]
    assert len(tom) == 1 and tom[0].phones == ["+44 7700 900123"]
    saved = work.store.get(Referral, referral.id)
    assert (saved.lead_customer_id, saved.thanked_on, saved.thanked_won_on) == (tom[0].id, "2026-11-24", "2026-11-24")


async def test_the_won_lead_s_profile_says_who_referred_them(app, work):
    referrer = sorted(work.store.all(Customer), key=lambda c: c.name)[0]
    referral = work.add(Referral(referrer_id=referrer.id, lead_name="Tom Baker", status="meeting",
                                 status_dates={"new": "2026-11-20"}))
    tom, _ = work.win_referral(referral.id)
    async with app.run_test(size=SIZE) as pilot:
        app.open_profile(tom.id)
        await pilot.pause()
        assert f"Referred by {referrer.name} (lead since 20 Nov)" in str(app.screen.query_one("#card").render())


UNHALF = {"█": (True, True), "▀": (True, False), "▄": (False, True), " ": (False, False)}


def _drawn_modules(widget) -> list[list[bool]]:
    """The modules as drawn on screen, read back from the half blocks (checking dark on light)."""
    from textual.geometry import Region
    top, bottom = [], []
    for strip in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height)):
        row_top, row_bottom = [], []
        for segment in strip:
            style = segment.style
            if segment.text.strip(" "):
                assert (style.color.triplet.hex, style.bgcolor.triplet.hex) == ("#000000", "#ffffff")
            for ch in segment.text:
                upper, lower = UNHALF[ch]
                row_top.append(upper)
                row_bottom.append(lower)
        top.append(row_top)
        bottom.append(row_bottom)
    return [row for pair in zip(top, bottom) for row in pair]


def _qrcode_modules(card: str) -> list[list[bool]]:
    import qrcode
    code = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_L)
    code.add_data(card.encode("utf-8"))
    code.make(fit=True)
    return code.get_matrix()


@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_the_qr_card_is_whole_on_screen_and_draws_the_code_exactly(app, work, size):
    rep = work.store.rep
    async with app.run_test(size=size) as pilot:
        await pilot.press("r", "v")
        await pilot.pause()
        code = app.screen.query_one("#qr")
        card = app.screen.card
        assert f"FN:{rep.name}" in card and f":{rep.phone}" in card  # the rep's own vCard, phone kept
        expected = _qrcode_modules(card)
        drawn = _drawn_modules(code)
        assert drawn[:len(expected)] == expected and not any(drawn[len(expected):] and drawn[-1])
        # Every cell of the code is on screen, and nothing covers it.
        assert app.screen.region.contains_region(code.region)
        assert code.region.size == (len(expected[0]), (len(expected) + 1) // 2)
        for x, y in (code.region.offset, code.region.bottom_right - (1, 1)):
            assert app.screen.get_widget_at(x, y)[0] is code
        words = " ".join(str(label.render()) for label in app.screen.query("Label"))
        assert f"Scan to save {rep.name}'s contact card" in words
        if size == (80, 24):
            assert "leaves out your e-mail, title and company" in words
        else:
            assert rep.email in card and "leaves out" not in words
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query("#qr")


async def test_a_card_too_big_for_the_terminal_scrolls_and_says_how_large_to_make_it(app, work):
    async with app.run_test(size=(60, 16)) as pilot:
        await pilot.press("r", "v")
        await pilot.pause()
        hint = str(app.screen.query_one("#qr-enlarge").render())
        assert hint.startswith("Enlarge the terminal to at least 73×23 to scan this card")
        scroll = app.screen.query_one("#qr-scroll")
        assert scroll.max_scroll_y > 0
        await pilot.press("down")
        await pilot.pause()
        assert scroll.scroll_y > 0 or scroll.scroll_target_y > 0


async def test_at_80_columns_the_status_and_the_thank_you_are_on_screen(app):
    """Living the day at 80x24: the thanked column was past the right edge of the screen."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        table = app.screen.query_one("#referrals")
        right = table.region.x
        for column in table.ordered_columns:
            right += column.get_render_width(table)
            if str(column.label) == "thanked":
                break
        assert right <= table.region.right, f"the thanked column ends at {right}, the table at {table.region.right}"
