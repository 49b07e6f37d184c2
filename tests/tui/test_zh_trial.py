"""What a new Chinese rep met on a first day: days typed as 周五 and 明天, amounts as 1.2万,
and the Customers list in pinyin order."""

from fieldcrm.ids import derived_id
from fieldcrm.model import Customer, FollowUp, Interaction, Purchase
from fieldcrm.tui.screens.note import NoteScreen
from fieldcrm.tui.screens.purchase import PurchaseScreen
from tests.tui.conftest import type_text
from tests.tui.seen import toasts


def _first(work) -> Customer:
    return sorted(work.store.all(Customer), key=lambda c: c.name)[0]


async def test_a_next_step_due_zhou_wu_is_friday(app, work):
    """周五 10:00 is an appointment on Friday (Tuesday 24 Nov 2026 -> 27 Nov), not a refusal."""
    customer = _first(work)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_note(customer.id)
        await pilot.pause()
        await type_text(pilot, "samples")
        app.screen.query_one("#next_step").value = "寄样品"
        app.screen.query_one("#next_due").value = "周五 10:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteScreen), "周五 10:00 was refused"
    note = next(i for i in work.store.for_customer(Interaction, customer.id) if i.note == "samples")
    followup = work.store.get(FollowUp, derived_id(note.id, "next-step"))
    assert (followup.due, followup.time) == ("2026-11-27", "10:00")


async def test_the_customers_list_is_in_pinyin_order(app, work):
    """张伟 after 阿芳 and 单雄信 (shan) before 曾小贤 (zeng): the order of a Chinese address
    book, once the names' pinyin is read (a worker, after the book opens)."""
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        for name in ("张伟", "曾小贤", "单雄信", "阿芳"):
            work.add(Customer(name=name, area="西湖区"))
        await pilot.press("c")
        await pilot.pause()
        rows = app.screen.query_one("#customers")
        for ch in "西湖区":  # only ours
            app.screen.query_one("Input").insert_text_at_cursor(ch)
        await pilot.pause()
        names = [rows.row_cells(i)[0] for i in range(len(rows.keys))]
        assert names == ["阿芳", "单雄信", "曾小贤", "张伟"], names


async def test_a_purchase_typed_as_1_2_wan_is_12000(app, work):
    customer = _first(work)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_profile(customer.id)
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        app.screen.query_one("#p-item").value = "龙井茶"
        app.screen.query_one("#p-amount").value = "1.2万"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, PurchaseScreen), "1.2万 was refused"
        assert "¥12,000" in str(app.screen.query_one("#card").render())
    assert [p.amount for p in work.store.for_customer(Purchase, customer.id) if p.item == "龙井茶"] == [12000]
