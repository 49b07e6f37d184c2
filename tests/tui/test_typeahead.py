"""A rep who types fast: keys sent together with the one that opens a form all land in it."""

from textual import events
from textual.widgets import TextArea

from fieldcrm.model import Interaction
from fieldcrm.tui.screens.note import NoteScreen
from tests.tui.conftest import SIZE
from tests.tui.seen import toasts


def burst(app, keys: list[str]) -> None:
    """Keys as a terminal delivers a fast typist's (or a paste of keys'): all queued at once,
    none waiting for the screen the one before opens."""
    for key in keys:
        char = key if len(key) == 1 else None
        app._driver.send_message(events.Key("space" if key == " " else key, char))


async def test_a_note_typed_right_after_n_is_all_in_the_note(app, work):
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await pilot.pause()
        burst(app, ["n", *"quick: sent the price list", "ctrl+s"])
        await app.workers.wait_for_complete()
        for _ in range(3):
            await pilot.pause()
        assert not isinstance(app.screen, NoteScreen), app.screen.query_one("#note", TextArea).text
        assert any("Saved" in toast or "saved" in toast for toast in toasts(app)), toasts(app)
    notes = [i.note for i in work.store.all(Interaction)]
    assert "quick: sent the price list" in notes


async def test_three_notes_typed_one_after_another_without_waiting_are_three_notes(app, work):
    """ctrl+s, then straight on to the next customer's note: the next keys were read into the
    note being saved (ten fast notes became one note, for one customer)."""
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await pilot.pause()
        keys = []
        for number in (1, 2, 3):
            keys += ["down", "n", *f"fast note {number}", "ctrl+s"]
        burst(app, keys)
        for _ in range(10):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert not isinstance(app.screen, NoteScreen)
    fast = sorted((i.note, i.customer_id) for i in work.store.all(Interaction) if i.note.startswith("fast note"))
    assert [note for note, _ in fast] == ["fast note 1", "fast note 2", "fast note 3"], fast
    assert len({customer for _, customer in fast}) == 3


async def test_keys_after_a_form_closed_by_the_key_before_ctrl_s_still_reach_the_app(app, work):
    """Escape closes an untouched note, ctrl+s comes right behind it: the save it asked for has no
    form left to save, and the keys after it must not wait for that save for ever (the app would
    look frozen)."""
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await pilot.pause()
        before = work.store.count(Interaction)
        burst(app, ["n", "escape", "ctrl+s"])
        for _ in range(5):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert not isinstance(app.screen, NoteScreen)
        burst(app, ["n"])
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, NoteScreen)  # the app still answers
    assert work.store.count(Interaction) == before


async def test_escape_then_a_screen_key_typed_fast_in_the_search_switches_screen(app, work):
    """Customers' search, escape (leave the box) and t right behind it: the t was typed into the
    search, because the focus moves only after the keys already read were handed out."""
    from textual.widgets import Input
    from fieldcrm.tui.screens.today import TodayScreen

    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await pilot.pause()
        burst(app, ["c", *"li", "escape", "t"])
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, TodayScreen), app.screen
        burst(app, ["c"])
        for _ in range(3):
            await pilot.pause()
        assert app.screen.query_one("#search", Input).value in ("", "li")
        assert isinstance(app.focused, Input)


async def test_a_name_enter_and_a_note_typed_fast_from_customers_make_the_note(app, work):
    """Customers' search: a name, enter (its profile), n and a note, all at once. The enter
    opens the profile through a message the search box sends, after the keys behind it were
    handed out: the n went into the search and the note's q quit the app."""
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await pilot.pause()
        burst(app, ["c", *"li", "enter", "n", *"quick: liked the samples", "ctrl+s"])
        for _ in range(10):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert app.is_running
        assert type(app.screen).__name__ == "ProfileScreen", app.screen
    assert "quick: liked the samples" in [i.note for i in work.store.all(Interaction)]
