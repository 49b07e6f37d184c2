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
