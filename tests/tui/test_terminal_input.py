"""The terminal's input read as the rep meant it: a paste is saved as pasted, in its order,
without its control characters; escape then a letter pressed together are two keys.

The terminal's bytes go through the parser Textual's driver reads the terminal
with (as tmux's ``paste-buffer -p`` sends them), and the events it makes are
posted to the app as the driver posts them.
"""

from textual.drivers import linux_driver
from textual.widgets import Input, TextArea

from fieldcrm.model import Customer, Interaction
from fieldcrm.tui.screens.prompts import Confirm
from fieldcrm.tui.screens.note import NoteScreen
from tests.tui.conftest import SIZE, type_text


def _bracketed(text: str) -> str:
    return "\x1b[200~" + text + "\x1b[201~"


async def _from_terminal(pilot, data: str) -> None:
    parser = linux_driver.XTermParser()  # the one the app's driver uses
    for event in [*parser.feed(data), *parser.feed("")]:
        pilot.app.post_message(event)
    await pilot.pause()


async def test_a_pasted_name_with_escape_sequences_keeps_its_order_and_loses_the_sequences(app, work):
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await pilot.press("c", "ctrl+n")
        await pilot.pause()
        await _from_terminal(pilot, _bracketed("Evil \x1b[31mred\x1b[0m Corp \x1b]0;pwned\x07 X"))
        assert app.screen.query_one("#f-name", Input).value == "Evil red Corp  X"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert [c.name for c in work.store.all(Customer) if "Evil" in c.name] == ["Evil red Corp  X"]


async def test_a_paste_after_typing_in_a_visit_note_comes_after_it(app, work):
    customer = sorted(work.store.all(Customer), key=lambda c: c.name)[0]
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        app.open_note(customer.id)
        await pilot.pause()
        await type_text(pilot, "Plain paste works.")
        await _from_terminal(pilot, _bracketed(" Then \x1b[31mred\x1b[0m text.\rNext\tline\x07."))
        note = app.screen.query_one("#note", TextArea)
        assert note.text == "Plain paste works. Then red text.\nNext\tline."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteScreen)
    notes = [i.note for i in work.store.for_customer(Interaction, customer.id)]
    assert "Plain paste works. Then red text.\nNext\tline." in notes


async def test_keys_around_a_paste_stay_keys(app):
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await pilot.press("c", "ctrl+n")
        await pilot.pause()
        await _from_terminal(pilot, "a" + _bracketed("[b]") + "c\x1b[D")  # \x1b[D: the left arrow
        name = app.screen.query_one("#f-name", Input)
        assert (name.value, name.cursor_position) == ("a[b]c", 4)


async def test_escape_sent_together_with_a_letter_is_an_escape(app, work):
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await pilot.press("c", "ctrl+n")
        await pilot.pause()
        await type_text(pilot, "Kate")
        await pilot.pause()
        before = work.store.count(Customer)
        await _from_terminal(pilot, "\x1by")  # tmux send-keys Escape y: Textual reads alt+y
        for _ in range(3):
            await pilot.pause()
        # The escape asks before dropping what was typed, and the y right behind it answers the
        # question (it went into the name while the question was still opening).
        assert not isinstance(app.screen, Confirm), "the y did not answer the question"
        assert not app.screen.query("#f-name"), "the escape was lost: the form is still open"
        assert work.store.count(Customer) == before


async def test_alt_backspace_still_deletes_a_word(app):
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await pilot.press("c", "ctrl+n")
        await pilot.pause()
        await type_text(pilot, "Kate Lin")
        await _from_terminal(pilot, "\x1b\x7f")  # alt+backspace as a terminal sends it
        assert app.screen.query_one("#f-name", Input).value == "Kate "
