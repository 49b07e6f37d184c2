"""The visit note: a next step with a time is an appointment; a full disk loses nothing typed."""

import errno
import os

from textual.widgets import DataTable, TextArea

from fieldcrm.ids import derived_id
from fieldcrm.model import Customer, FollowUp, Interaction
from fieldcrm.tui.screens.note import NOTE_DRAFT, NoteScreen
from tests.conftest import FullDisk
from tests.tui.conftest import table_rows, type_text
from tests.tui.seen import in_view, toasts


def _first(work) -> Customer:
    return sorted(work.store.all(Customer), key=lambda c: c.name)[0]


async def _write_note(pilot, note: str, step: str, due: str) -> None:
    await type_text(pilot, note)
    pilot.app.screen.query_one("#next_step").value = step
    pilot.app.screen.query_one("#next_due").value = due
    await pilot.press("ctrl+s")
    await pilot.pause()


# 9. A next step with a time is an appointment ------------------------------------------------

async def test_a_next_step_due_fri_10_00_is_an_appointment_on_friday_at_10(app, work):
    customer = _first(work)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_note(customer.id)
        await pilot.pause()
        await _write_note(pilot, "Wants to see the new range", "show the samples", "fri 10:00")
        assert not isinstance(app.screen, NoteScreen), "the due with a time was refused"
        for _ in range(3):  # Tuesday -> Friday on Today
            await app.screen.run_action("day(1)")
        await pilot.pause()
        rows = table_rows(app.screen.query_one(DataTable))
        mine = [row for row in rows if row[1].startswith(customer.name[:10])]
        assert mine and mine[0][0] == "10:00" and "appointment at 10:00: show the samples" in mine[0][4]
    note = next(i for i in work.store.for_customer(Interaction, customer.id) if i.note == "Wants to see the new range")
    followup = work.store.get(FollowUp, derived_id(note.id, "next-step"))
    assert (followup.due, followup.time, note.next_step_due) == ("2026-11-27", "10:00", "2026-11-27")


async def test_an_appointment_later_today_is_on_today_at_its_time(app, work):
    customer = _first(work)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_note(customer.id)
        await pilot.pause()
        await _write_note(pilot, "Called, will drop by", "drop off the contract", "16:00")
        await pilot.pause()
        rows = table_rows(app.screen.query_one(DataTable))
        assert ["16:00", "appointment at 16:00: drop off the contract"] in [[r[0], r[4]] for r in rows]


async def test_a_due_time_that_does_not_exist_is_refused_under_the_field(app, work):
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_note(_first(work).id)
        await pilot.pause()
        await _write_note(pilot, "x", "call back", "fri 25:00")
        problem = app.screen.query_one("#next_due-problem")
        assert "'25:00' is not a time of day" in str(problem.render()) and in_view(problem)


# 16. A full disk ------------------------------------------------------------------------------

def _fill_the_disk(monkeypatch) -> None:
    """Every file write fails as on a full disk: side files and snapshots, and the change log."""
    import fieldcrm.store.changelog as changelog
    import fieldcrm.store.files as files

    def disk_full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "open", FullDisk, raising=False)
    monkeypatch.setattr(changelog.os, "pwrite", disk_full)


async def test_a_full_disk_keeps_the_note_on_screen_and_says_so_once(app, work, monkeypatch):
    customer = _first(work)
    before = len(work.store.for_customer(Interaction, customer.id))
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_note(customer.id)
        await pilot.pause()
        _fill_the_disk(monkeypatch)
        await type_text(pilot, "Met 李总")  # every keystroke fails to write the draft
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one("#note", TextArea).text == "Met 李总"
        said = [t for t in toasts(app) if "draft" in t]
        assert len(said) == 1 and "the disk is full" in said[0] and "still here" in said[0]
        await pilot.press("ctrl+s")  # the save fails too: still on screen, said in one sentence
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one("#note", TextArea).text == "Met 李总"
        assert any(t.startswith("The note could not be written (the disk is full)") for t in toasts(app))
        monkeypatch.undo()  # space freed: the same note saves
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteScreen)
    notes = work.store.for_customer(Interaction, customer.id)
    assert len(notes) == before + 1 and notes[-1].note == "Met 李总"
    assert work.store.side.load("drafts", NOTE_DRAFT) is None


async def test_a_failed_idle_checkpoint_is_a_notice_once(app, work, monkeypatch):
    import fieldcrm.tui.app as app_module

    monkeypatch.setattr(app_module, "CHECKPOINT_AFTER", 0)
    async with app.run_test(size=(80, 24)) as pilot:
        _fill_the_disk(monkeypatch)
        app._maybe_checkpoint()
        app._maybe_checkpoint()
        await pilot.pause()
        said = [t for t in toasts(app) if "disk is full" in t]
        assert len(said) == 1 and "every change is safe in the change log" in said[0]


async def test_a_save_cut_short_by_a_full_disk_writes_the_rest_once_on_retry(app, work, monkeypatch):
    import fieldcrm.store.changelog as changelog

    customer = _first(work)
    real_pwrite, writes = os.pwrite, []

    def full_after_the_note(*args):
        writes.append(args)
        if len(writes) > 1:  # the note went in; the disk filled before its follow-up
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_pwrite(*args)

    async with app.run_test(size=(80, 24)) as pilot:
        app.open_note(customer.id)
        await pilot.pause()
        monkeypatch.setattr(changelog.os, "pwrite", full_after_the_note)
        await _write_note(pilot, "Half saved", "call back", "fri")
        assert isinstance(app.screen, NoteScreen)
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteScreen)
    notes = [i for i in work.store.for_customer(Interaction, customer.id) if i.note == "Half saved"]
    assert len(notes) == 1
    assert [f.source for f in work.store.for_customer(FollowUp, customer.id) if f.reason == "call back"] == \
        [f"interactions:{notes[0].id}"]


# Issue 15: feedback tags on the note -----------------------------------------------------------

async def test_a_note_tagged_as_feedback_reaches_the_feedback_report(app, work):
    customer = _first(work)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_note(customer.id)
        await pilot.pause()
        app.screen.query_one("#feedback_tags").value = "delivery, colour"
        await _write_note(pilot, "The van came two days late", "", "+7d")
        problem = app.screen.query_one("#feedback_tags-problem")
        assert "colour is not a feedback tag" in str(problem.render()) and in_view(problem)
        app.screen.query_one("#feedback_tags").value = "delivery"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteScreen)
    note = next(i for i in work.store.for_customer(Interaction, customer.id) if i.note == "The van came two days late")
    assert note.feedback_tags == ["delivery"]
    delivery = next(t for t in work.feedback_report().by_tag if t.name == "delivery")
    assert delivery.count >= 1 and delivery.quotes[0].text == "The van came two days late"


async def test_a_note_from_a_call_on_today_is_a_call_and_reads_so_in_the_feedback_report(app, work):
    """Today said "call": the note starts as a call, and the report names it as one (not a visit note)."""
    from rich.text import Text
    from textual.widgets import Select

    from fieldcrm.feedback_view import render_feedback
    plan = work.agenda()
    listed = {i.customer_id for i in plan.items + plan.also_due}
    customer = next(c for c in sorted(work.store.all(Customer), key=lambda c: c.name) if c.id not in listed)
    work.add(FollowUp(customer_id=customer.id, due="2026-11-24", reason="ask about the price"))  # Today says "call"
    item = next(i for i in work.agenda().items if i.customer_id == customer.id)
    assert item.action == "call"
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_note(item.customer_id, item=item)
        await pilot.pause()
        assert app.screen.query_one("#kind", Select).value == "call"
        app.screen.query_one("#feedback_tags").value = "price"
        await _write_note(pilot, "Says the price went up twice", "", "+7d")
        assert not isinstance(app.screen, NoteScreen)
    (note,) = [i for i in work.store.for_customer(Interaction, item.customer_id) if i.note.startswith("Says the price")]
    assert note.kind == "call"
    shown = Text()
    render_feedback(shown, work.feedback_report())
    line = next(line for line in shown.plain.splitlines() if "Says the price went up twice" in line)
    assert "(call)" in line and "visit note" not in line


def test_the_profile_says_a_follow_up_with_a_time_is_an_appointment(work):
    """The demo once wrote "appointment: " into the follow-up's words (and Today read it
    twice); the profile says it from the time, for the rep's own appointments too."""
    from fieldcrm.tui.screens.profile import render_profile
    customer = _first(work)
    work.store.add(FollowUp(customer_id=customer.id, due="2026-11-27", time="10:00", reason="show the samples"))
    work.store.add(FollowUp(customer_id=customer.id, due="2026-11-28", reason="send quote"))
    shown = str(render_profile(work, customer.id))
    assert "27 Nov 10:00" in shown and "appointment: show the samples" in shown
    assert "appointment: send quote" not in shown and "send quote" in shown
