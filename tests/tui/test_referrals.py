"""Referrals on screen: a lead through to won and thanked; the QR card at the smallest terminal."""

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
        assert f"Won: Tom Baker is now a customer, referred by {referrer.name}. Thank {referrer.name} again: h." \
            in toasts(app)
        row = await _select(pilot, referral.id)
        assert (row[0], row[2], row[4]) == ("Tom Baker", "won", "not yet")
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
        assert row[4] == "2026-11-24"
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
        assert f"Referred by {referrer.name} (lead since 2026-11-20)" in str(app.screen.query_one("#card").render())
