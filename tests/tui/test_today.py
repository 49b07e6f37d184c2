"""Today, driven as a rep would: read the list, write a note, snooze, dismiss, done."""

import pytest
from textual.widgets import DataTable

from fieldcrm.model import AgendaMark, Complaint, Customer, FollowUp, Interaction, Referral
from fieldcrm.tui.screens.note import NoteScreen
from tests.tui.conftest import SIZE, table_rows, type_text
from tests.tui.seen import toasts


async def test_today_lists_the_agenda_with_reasons_and_q_quits(app, work):
    plan = work.agenda()
    async with app.run_test(size=SIZE) as pilot:
        rows = table_rows(app.screen.query_one(DataTable))
        assert [r[1] for r in rows[: len(plan.items)]] == [i.name for i in plan.items]
        assert rows[0][4].startswith(plan.items[0].reasons[0].text[:30])
        assert "fieldcrm · Alex Chen 陈立" in app.title
        assert "0 changes not yet exported" in app.sub_title
        await pilot.press("q")
    assert app.return_code == 0


async def test_a_note_written_from_today_is_saved_and_the_item_is_done(app, work):
    first = work.agenda().items[0]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NoteScreen)
        await type_text(pilot, "Talked about the spring order")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteScreen)
        assert first.subject not in {i.subject for i in work.agenda().items}
        assert "changes not yet exported" in app.sub_title and not app.sub_title.startswith("0")
    notes = [i for i in work.store.for_customer(Interaction, first.customer_id)
             if i.note == "Talked about the spring order"]
    assert len(notes) == 1 and notes[0].at == "2026-11-24T09:30:00Z"
    assert first.subject not in {i.subject for i in work.agenda().items + work.agenda().also_due}
    marks = [m for m in work.store.all(AgendaMark) if m.subject == first.subject]
    assert marks[0].action == "done" and set(marks[0].occurrences) == set(first.occurrences)


async def test_snooze_to_a_typed_day(app, work):
    first = work.agenda().items[0]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await type_text(pilot, "fri")
        await pilot.press("enter")
        await pilot.pause()
        shown = [r[1] for r in table_rows(app.screen.query_one(DataTable))]
        assert first.name not in shown
    mark = [m for m in work.store.all(AgendaMark) if m.subject == first.subject][0]
    assert (mark.action, mark.until) == ("snoozed", "2026-11-27")


async def test_a_bad_snooze_day_is_explained_and_nothing_changes(app, work):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await type_text(pilot, "someday")
        await pilot.press("enter")
        await pilot.pause()
        problem = str(app.screen.query_one("#problem").render())
        assert "'someday' is not a day I understand" in problem
        await pilot.press("escape")
    assert work.store.all(AgendaMark) == []


async def test_dismiss_asks_why_and_done_logs_the_contact(app, work):
    plan = work.agenda()
    first, second = plan.items[0], plan.items[1]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await type_text(pilot, "moved abroad")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("d")  # the cursor stays on the list: done with the next one
        await pilot.pause()
    marks = {m.subject: m for m in work.store.all(AgendaMark)}
    assert marks[first.subject].action == "dismissed" and marks[first.subject].note == "moved abroad"
    assert marks[second.subject].action == "done"
    logged = work.store.for_customer(Interaction, second.customer_id)[-1]
    assert logged.kind == second.action and logged.note.startswith("Done from Today")


async def test_the_suggested_message_can_be_shown(app, work):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        body = str(app.screen.query_one("#body").render())
        assert work.store.rep.name in body
        await pilot.press("escape")


async def test_moving_between_days(app, work):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")
        heading = str(app.screen.query_one("#heading").render())
        assert "Wednesday 25 November 2026" in heading and heading.startswith("Plan")
        await pilot.press("t")
        assert "Tuesday 24 November 2026" in str(app.screen.query_one("#heading").render())


async def test_works_at_80_by_24(app):
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one(DataTable)
        assert table.row_count > 0 and table.size.height >= 10
        await pilot.press("question_mark")
        assert app.screen.query("HelpPanel")


def _shown(app) -> dict[str, str]:
    """Each row's customer and reasons, as drawn."""
    return {row[1].strip(): row[4] for row in table_rows(app.screen.query_one(DataTable))}


def _footer_keys(app) -> dict[str, str]:
    return {key.description: key.key_display for key in app.screen.query("FooterKey")}


async def _to_row(pilot, app, subject) -> None:
    table = app.screen.query_one(DataTable)
    keys = [row.key.value for row in table.ordered_rows]
    for _step in range(keys.index(subject)):
        await pilot.press("down")
    await pilot.pause()


async def test_done_on_one_birthday_keeps_the_other_birthdays_of_the_day(app, work):
    """Three customers have "birthday today" (the same key, birthday:2026-11-24):
    marking one done once hid the other two from the list, for good."""
    birthdays = [i for i in work.agenda().items if any(r.kind == "birthday" for r in i.reasons)]
    assert len(birthdays) >= 3
    first, others = birthdays[0], birthdays[1:]
    async with app.run_test(size=SIZE) as pilot:
        await _to_row(pilot, app, first.subject)
        await pilot.press("d")
        await pilot.pause()
        shown = _shown(app)
        assert first.name not in shown
        for other in others:
            assert "birthday today" in shown[other.name]


def _off_the_list(work, skip: int = 0) -> Customer:
    """A customer with nothing due today: what a test gives them is then all their row
    says, whichever customers the demo happens to put on the list."""
    plan = work.agenda()
    listed = {i.customer_id for i in plan.items + plan.also_due}
    return [c for c in sorted(work.store.all(Customer), key=lambda c: c.name) if c.id not in listed][skip]


def _item_of(work, subject: str):
    plan = work.agenda()
    return next(i for i in plan.items + plan.also_due if i.subject == subject)


async def test_a_dismissed_overdue_complaint_is_back_on_the_next_days_list(app, work):
    customer = _off_the_list(work)
    work.add(Complaint(customer_id=customer.id, opened="2026-10-01", category="quality", promised="2026-10-10"))
    item = _item_of(work, customer.id)
    assert item.reasons[0].kind == "complaint"
    async with app.run_test(size=SIZE) as pilot:
        await _to_row(pilot, app, item.subject)
        await pilot.press("x")
        await type_text(pilot, "test")
        await pilot.press("enter")
        await pilot.pause()
        assert item.name not in _shown(app)
        await pilot.press("right")  # tomorrow: the complaint is still open, past its promise
        await pilot.pause()
        assert "complaint past its promised date" in _shown(app)[item.name]


async def test_n_on_a_lead_says_why_and_the_footer_offers_no_note_there(app, work):
    referral = work.add(Referral(referrer_id=_off_the_list(work).id, lead_name="Lin Wei 林伟",
                                 status_dates={"new": "2026-09-02"}, created="2026-09-02T10:00:00Z"))
    lead = _item_of(work, f"referral:{referral.id}")
    plan = work.agenda()
    rows = plan.items + plan.also_due
    assert lead.tier == "lead" and rows[0].customer_id and rows[rows.index(lead) - 1].customer_id
    async with app.run_test(size=SIZE) as pilot:
        assert "Note" in _footer_keys(app)  # on a customer's row
        await _to_row(pilot, app, lead.subject)
        assert "Note" not in _footer_keys(app)  # a lead has no notes: not offered
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, NoteScreen)
        assert any("A referred lead is not a customer yet" in text for text in toasts(app))
        await pilot.press("up")
        await pilot.pause()
        assert "Note" in _footer_keys(app)
    assert work.store.all(AgendaMark) == []


async def _settle(pilot, key: str) -> None:
    """Done, snooze, dismiss, or a note saved: each takes the item off the list."""
    await pilot.press(key)
    await pilot.pause()
    typed = {"s": "fri", "x": "moved abroad", "n": "Talked about the spring order"}.get(key)
    if typed:
        await type_text(pilot, typed)
        await pilot.press("ctrl+s" if key == "n" else "enter")
    await pilot.pause()


@pytest.mark.parametrize("key", ["d", "s", "x", "n"])
async def test_settling_an_item_keeps_the_cursor_in_place(app, work, key):
    """A rep working down the list: the next item moves up under the cursor (the
    cursor once jumped back to the first row)."""
    rows = [i for i in work.agenda().items + work.agenda().also_due]
    assert rows[2].customer_id  # a note needs a customer, not a lead
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down")
        await pilot.pause()
        await _settle(pilot, key)
        table = app.screen.query_one(DataTable)
        assert table.cursor_row == 2
        detail = str(app.screen.query_one("#detail").render())
        assert detail.startswith(f"{rows[3].name} (")


@pytest.mark.parametrize("key", ["d", "x"])
async def test_settling_the_last_item_leaves_the_cursor_on_the_new_last_row(app, work, key):
    plan = work.agenda()
    items = plan.items + plan.also_due
    assert len(items) < 100  # no "… and N more" row: the last row is an item
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end")
        await pilot.pause()
        await _settle(pilot, key)
        table = app.screen.query_one(DataTable)
        assert table.row_count == len(items) - 1 and table.cursor_row == len(items) - 2
        detail = str(app.screen.query_one("#detail").render())
        assert detail.startswith(f"{items[-2].name} (")


async def test_the_plan_for_tomorrow_never_says_today(app, work):
    """→ showed "birthday today (turns 27)" and "follow-up due today" on Wednesday's plan."""
    due_today, due_wednesday = _off_the_list(work), _off_the_list(work, 1)
    work.add(FollowUp(customer_id=due_today.id, due="2026-11-24", reason="send the price list"))
    work.add(FollowUp(customer_id=due_wednesday.id, due="2026-11-25", reason="bring the samples"))
    async with app.run_test(size=SIZE) as pilot:
        assert any("today" in why for why in _shown(app).values())
        assert "follow-up due today: send the price list" in _shown(app)[due_today.name]
        await pilot.press("right")
        await pilot.pause()
        shown = _shown(app)
        assert shown and not [why for why in shown.values() if "today" in why or "tomorrow" in why]
        assert any("that day" in why or " on Wed" in why for why in shown.values())
        assert "follow-up due that day: bring the samples" in shown[due_wednesday.name]
        await pilot.press("t")
        await pilot.pause()
        assert any("today" in why for why in _shown(app).values())
