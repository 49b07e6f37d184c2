"""Nothing typed is lost: a note survives the app being killed mid-typing."""

import signal
import subprocess
import sys

import pytest

from textual.widgets import TextArea

from fieldcrm.model import Customer, Interaction
from fieldcrm.tui.screens.note import NOTE_DRAFT, NoteScreen
from fieldcrm.tui.screens.prompts import Confirm
from tests.tui.conftest import SIZE, type_text

TYPED = "Met 李总 at the warehouse, wants samples"

CHILD = """
import asyncio, datetime as dt, os, signal, sys
from fieldcrm.clock import FrozenClock
from fieldcrm.store import Store
from fieldcrm.tui.app import FieldCRM
from fieldcrm.workbook import Workbook

async def main(folder, customer_id, text):
    store = Store.open(folder, clock=FrozenClock("2026-11-24T09:30:00+00:00"))
    app = FieldCRM(work=Workbook(store, tz=dt.timezone.utc))
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_note(customer_id)
        await pilot.pause()
        for ch in text:
            await pilot.press(ch if ch != " " else "space")
        print("typed", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # no clean-up of any kind

asyncio.run(main(*sys.argv[1:]))
"""


async def test_a_note_survives_a_kill_mid_typing_and_is_offered_back(book_folder):
    import datetime as dt
    from fieldcrm.clock import FrozenClock
    from fieldcrm.store import Store
    from fieldcrm.tui.app import FieldCRM
    from fieldcrm.workbook import Workbook

    with Store.open(book_folder, read_only=True) as peek:
        customer = sorted(peek.all(Customer), key=lambda c: c.name)[0]
    child = subprocess.run([sys.executable, "-c", CHILD, str(book_folder), customer.id, TYPED],
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == -signal.SIGKILL and "typed" in child.stdout, child.stderr[-2000:]

    store = Store.open(book_folder, clock=FrozenClock("2026-11-24T09:40:00+00:00"))
    app = FieldCRM(work=Workbook(store, tz=dt.timezone.utc))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, Confirm)
            assert customer.name in str(app.screen.query_one("Label").render())
            await pilot.press("y")
            await pilot.pause()
            assert isinstance(app.screen, NoteScreen)
            assert app.screen.query_one("#note", TextArea).text == TYPED
            await pilot.press("ctrl+s")
            await pilot.pause()
        notes = [i.note for i in store.for_customer(Interaction, customer.id)]
        assert TYPED in notes
        assert store.side.load("drafts", NOTE_DRAFT) is None
    finally:
        store.close()


async def test_escape_asks_before_dropping_a_note(app, work):
    customer = sorted(work.store.all(Customer), key=lambda c: c.name)[0]
    async with app.run_test(size=SIZE) as pilot:
        app.open_note(customer.id)
        await pilot.pause()
        await type_text(pilot, "half a thought")
        assert work.store.side.load("drafts", NOTE_DRAFT)["fields"]["note"] == "half a thought"
        await pilot.press("escape")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")  # keep writing
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert not isinstance(app.screen, NoteScreen)
    assert work.store.side.load("drafts", NOTE_DRAFT) is None
    assert all(i.note != "half a thought" for i in work.store.for_customer(Interaction, customer.id))


async def test_a_note_with_a_next_step_a_referral_and_a_complaint(app, work):
    from fieldcrm.ids import derived_id
    from fieldcrm.model import Complaint, FollowUp, Referral

    customer = sorted(work.store.all(Customer), key=lambda c: c.name)[0]
    async with app.run_test(size=SIZE) as pilot:
        app.open_note(customer.id)
        await pilot.pause()
        form = app.screen
        await type_text(pilot, "Good visit")
        form.query_one("#when").value = "yesterday 15:00"
        form.query_one("#satisfaction").value = "4"
        form.query_one("#next_step").value = "send the quote"
        form.query_one("#next_due").value = "fri"
        form.query_one("#lead_name").value = "Tom Baker"
        form.query_one("#complaint").value = "invoice shows the old price"
        await pilot.press("ctrl+s")
        await pilot.pause()
    note = [i for i in work.store.for_customer(Interaction, customer.id) if i.note == "Good visit"][0]
    assert (note.at, note.satisfaction, note.referral_asked, note.next_step_due) == \
        ("2026-11-23T15:00:00Z", 4, True, "2026-11-27")
    followup = work.store.get(FollowUp, derived_id(note.id, "next-step"))
    assert (followup.due, followup.reason, followup.source) == ("2026-11-27", "send the quote",
                                                                f"interactions:{note.id}")
    assert [r.lead_name for r in work.store.for_customer(Referral, customer.id)][-1] == "Tom Baker"
    complaint = work.store.for_customer(Complaint, customer.id)[-1]
    assert (complaint.description, complaint.promised) == ("invoice shows the old price", "2026-11-27")


async def test_a_bad_field_in_the_note_is_explained_and_nothing_is_saved(app, work):
    customer = sorted(work.store.all(Customer), key=lambda c: c.name)[0]
    before = len(work.store.for_customer(Interaction, customer.id))
    async with app.run_test(size=SIZE) as pilot:
        app.open_note(customer.id)
        await pilot.pause()
        await type_text(pilot, "x")
        app.screen.query_one("#satisfaction").value = "9"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "from 1 to 5" in str(app.screen.query_one("#satisfaction-problem").render())
        assert isinstance(app.screen, NoteScreen)
    assert len(work.store.for_customer(Interaction, customer.id)) == before


def _open(folder, at: str):
    import datetime as dt
    from fieldcrm.clock import FrozenClock
    from fieldcrm.store import Store
    from fieldcrm.tui.app import FieldCRM
    from fieldcrm.workbook import Workbook

    store = Store.open(folder, clock=FrozenClock(at))
    work = Workbook(store, tz=dt.timezone.utc)
    return store, work, FieldCRM(work=work)


async def test_a_restored_draft_keeps_its_moments_and_settles_its_today_item(book_folder):
    from fieldcrm.model import AgendaMark, FollowUp
    from tests.tui.seen import in_view

    store, work, app = _open(book_folder, "2026-11-24T09:30:00+00:00")
    try:
        item = work.agenda().items[0]
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("n")  # a note for the first item on Today
            await pilot.pause()
            await type_text(pilot, "Talked about the spring order")
            app.screen.query_one("#next_step").value = "send the price list"  # due: the default +7d
            await pilot.pause()
    finally:
        store.close()  # the laptop died: the note was never saved

    store, work, app = _open(book_folder, "2026-11-25T08:00:00+00:00")  # the next morning
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, Confirm)
            question = app.screen.query_one("Label")
            assert str(question.render()).endswith("Restore it?") and in_view(question)
            await pilot.press("y")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, NoteScreen)
            # What the rep meant yesterday, not "now" and "+7d" as of this morning.
            assert form.query_one("#when").value == "2026-11-24 09:30"
            assert form.query_one("#next_due").value == "2026-12-01"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not isinstance(app.screen, NoteScreen)
        note = next(i for i in store.for_customer(Interaction, item.customer_id)
                    if i.note == "Talked about the spring order")
        assert note.at == "2026-11-24T09:30:00Z"
        assert [f.due for f in store.for_customer(FollowUp, item.customer_id)
                if f.source == f"interactions:{note.id}"] == ["2026-12-01"]
        marks = [m for m in store.all(AgendaMark) if m.subject == item.subject]
        assert [(m.action, sorted(m.occurrences)) for m in marks] == [("done", sorted(item.occurrences))]
    finally:
        store.close()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_restore_question_fits_its_dialog(app, work, size):
    from tests.tui.seen import in_view

    name = "Ouyang Zhangxiaoming 欧阳张晓明 of Greater Shenzhen Precision Tools"
    question = f"You were writing a note for {name} when fieldcrm closed. Restore it?"
    async with app.run_test(size=size) as pilot:
        app.push_screen(Confirm(question))
        await pilot.pause()
        label = app.screen.query_one("Label")
        assert in_view(label), f"the question is cut off at {size}: {label.region}"
