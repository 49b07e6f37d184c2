"""Forms as a rep meets them at 80×24 and 120×40: typing goes into the field, and a refusal is
seen where the rep is looking (under the field, the field focused), and no notification repeats it."""

import pytest
from textual.widgets import Input, TextArea

from fieldcrm.model import Customer, Interaction
from fieldcrm.tui.screens.customers import CustomersScreen
from fieldcrm.tui.screens.edit_customer import EditCustomerScreen
from fieldcrm.tui.screens.note import NoteScreen
from fieldcrm.tui.screens.profile import ProfileScreen
from fieldcrm.tui.screens.settings import SettingsScreen
from fieldcrm.tui.widgets.rowlist import RowList
from tests.tui.conftest import type_text
from tests.tui.seen import in_view, refused_where_seen, toasts

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def _first(work) -> Customer:
    return sorted(work.store.all(Customer), key=lambda c: c.name)[0]


# 3. Refusals are seen ---------------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
async def test_a_refused_customer_field_is_shown_under_it_and_focused(app, work, size):
    before = work.store.count(Customer)
    async with app.run_test(size=size) as pilot:
        await pilot.press("c", "ctrl+n")
        await pilot.pause()
        await type_text(pilot, "Kate")
        app.screen.query_one("#f-cadence_days").value = "every week"  # the last field, far below
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditCustomerScreen)
        refused_where_seen(app, "f-cadence_days", "Days between contacts must be a whole number")
    assert work.store.count(Customer) == before


@pytest.mark.parametrize("size", SIZES)
async def test_a_refused_setting_is_shown_under_it_and_focused(app, work, tmp_path, monkeypatch, size):
    config = tmp_path / "config.toml"
    monkeypatch.setenv("FIELDCRM_CONFIG", str(config))
    async with app.run_test(size=size) as pilot:
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("#s-soft_data-max_age_days").value = "a year"
        await pilot.press("ctrl+s")
        await pilot.pause()
        refused_where_seen(app, "s-soft_data-max_age_days", "soft_data.max_age_days must be")
        assert "Nothing was saved." in str(app.screen.query_one("#s-soft_data-max_age_days-problem").render())
    assert not config.exists()


@pytest.mark.parametrize("size", SIZES)
async def test_a_refused_note_field_is_shown_under_it_and_focused(app, work, size):
    customer = _first(work)
    before = len(work.store.for_customer(Interaction, customer.id))
    async with app.run_test(size=size) as pilot:
        app.open_note(customer.id)
        await pilot.pause()
        await type_text(pilot, "Met at the depot")
        app.screen.query_one("#complaint").value = "late delivery"
        app.screen.query_one("#promised").value = "someday"  # the last row of the form
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        refused_where_seen(app, "promised", "'someday' is not a day I understand")
        # Fixing it and saving again clears the reason and saves.
        app.screen.query_one("#promised").value = "fri"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteScreen)
    assert len(work.store.for_customer(Interaction, customer.id)) == before + 1


async def test_an_empty_note_names_the_note_field(app, work):
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_note(_first(work).id)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        refused_where_seen(app, "note", "Write a note or an outcome first.")


# 4. Forms open in their first field; letters typed there are text ---------------------------------

async def test_the_new_customer_form_opens_in_the_name_and_kate_is_a_name(app, work):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "ctrl+n")
        await pilot.pause()
        await type_text(pilot, "kate")
        await pilot.pause()
        assert isinstance(app.screen, EditCustomerScreen), f"the letters went to {app.screen}"
        assert app.current_mode == "customers"
        assert app.focused is app.screen.query_one("#f-name", Input)
        assert app.focused.value == "kate"


async def test_shift_tab_from_the_name_reaches_the_last_field_not_the_form_itself(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "ctrl+n")
        await pilot.pause()
        assert in_view(app.screen.query("Label").first())  # the form opens at its top, "Name" shown
        await pilot.press("shift+tab", "shift+tab")  # back past the checkbox
        await type_text(pilot, "weekly")
        await pilot.pause()
        assert isinstance(app.screen, EditCustomerScreen), f"the letters went to {app.screen}"
        assert app.focused is app.screen.query_one("#f-cadence_days") and app.focused.value == "weekly"


async def test_settings_open_in_the_first_field_and_letters_stay_there_until_escape(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        first = app.screen.query(Input).first()
        assert app.focused is first and in_view(app.screen.query_one(".form").children[0])  # the heading
        first.value = ""
        await type_text(pilot, "tcrkypoq")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen) and first.value == "tcrkypoq"
        await pilot.press("f2")  # F-keys switch screens from a field
        await pilot.pause()
        assert app.current_mode == "customers"
        await pilot.press("f7", "escape", "t")  # escape leaves the field: letters switch again
        await pilot.pause()
        assert app.current_mode == "today"


async def test_screen_letters_typed_in_the_note_are_text(app, work):
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_note(_first(work).id)
        await pilot.pause()
        await type_text(pilot, "tcrkypoq")
        await pilot.press("tab", *"tcrkypoq")  # into the next field, an Input
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one("#note", TextArea).text == "tcrkypoq"
        assert isinstance(app.focused, Input) and app.focused.value.endswith("tcrkypoq")


# 5. Customers: the search box and the list -----------------------------------------------------

def _footer_keys(app) -> dict[str, str]:
    return {key.description: key.key_display for key in app.screen.query("FooterKey")}


async def test_customers_search_then_enter_opens_the_top_match(app, work):
    customer = next(c for c in work.store.all(Customer) if c.name.isascii())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await type_text(pilot, customer.name)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen) and app.screen.customer_id == customer.id


async def test_customers_footer_says_how_to_leave_the_search_and_come_back(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        keys = _footer_keys(app)
        assert keys.get("Leave search") == "esc" and "Search" not in keys
        await type_text(pilot, "tom")  # the letters are the search
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, RowList)
        keys = _footer_keys(app)
        assert keys.get("Search") == "/" and "Leave search" not in keys
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.value == "tom"
        await pilot.press("down")  # into the list
        await pilot.pause()
        assert isinstance(app.focused, RowList)
        await pilot.press("k")  # outside the search the letters switch screens
        await pilot.pause()
        assert app.current_mode == "complaints" and not isinstance(app.screen, CustomersScreen)


# A letter typed while a form's focus is off its text fields stays in the form ----------------

@pytest.mark.parametrize("size", SIZES)
async def test_letters_typed_on_a_checkbox_neither_leave_the_note_nor_quit(app, work, size):
    from textual.widgets import Checkbox

    from tests.tui.test_keys import footer
    customer = _first(work)
    async with app.run_test(size=size) as pilot:
        app.open_note(customer.id)
        await pilot.pause()
        await type_text(pilot, "Tasted the new pu'er")
        app.screen.query_one("#referral_asked", Checkbox).focus()
        await pilot.pause()
        shown = footer(app)
        assert "Save" in shown and "Quit" not in shown and "b Notices" not in shown, shown
        for key in "qctkrypobjg":  # the app's screen keys and quit
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, NoteScreen) and app.return_code is None
        assert app.screen.query_one("#note", TextArea).text == "Tasted the new pu'er"
        await pilot.press("space")  # the checkbox's own key still works
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteScreen)
        assert "q Quit" in footer(app) or size[0] < 120  # back on a screen, the letters work again
    (note,) = [i for i in work.store.for_customer(Interaction, customer.id) if i.note == "Tasted the new pu'er"]
    assert note.referral_asked


async def test_letters_typed_off_a_field_stay_in_the_customer_and_purchase_forms(app, work):
    from fieldcrm.tui.screens.purchase import PurchaseScreen

    customer = _first(work)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_profile(customer.id)
        await pilot.pause()
        for opens, form in (("e", EditCustomerScreen), ("p", PurchaseScreen)):
            await pilot.press(opens)
            await pilot.pause()
            assert type(app.screen) is form
            app.screen.set_focus(None)  # clicked beside the fields: no field has the keys
            for key in "qcr":
                await pilot.press(key)
                await pilot.pause()
            assert type(app.screen) is form and app.return_code is None
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)


# 5. Keys typed in one burst land where the focus moved -------------------------------------------

def _burst(app, *keys: str) -> None:
    """Keys as a terminal delivers a fast typist's burst: all queued before the app handles the first."""
    from textual import events
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else {"space": " "}.get(key)))


def _letters(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


@pytest.mark.parametrize("move, field", [("shift+tab", "outcome"), ("tab", "satisfaction")])
async def test_text_typed_right_after_tab_goes_into_the_field_tab_moved_to(app, work, move, field):
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_note(_first(work).id)
        await pilot.pause()
        assert app.focused.id == "note"
        _burst(app, "o", "k", move, "x", "y")
        await pilot.pause()
        assert app.screen.query_one("#note", TextArea).text == "ok"
        assert app.focused.id == field
        assert app.screen.query_one(f"#{field}", Input).value.endswith("xy")


async def test_text_typed_right_after_tab_in_the_settings_goes_into_the_next_setting(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        first = app.focused
        _burst(app, "tab", "7")
        await pilot.pause()
        assert app.focused is not first and app.focused.value.endswith("7") and not first.value.endswith("7")


@pytest.mark.parametrize("keys, picker, fields", [
    (("k", "a"), "customer", ("category", "description")),
    (("r", "a"), "referrer", ("lead_name", "lead_phone")),
])
async def test_tab_with_matches_shown_picks_the_highlighted_one_and_the_text_after_it_moves_on(
        app, work, keys, picker, fields):
    """The trial's rep typed a name, tabbed as the matches appeared and typed on: tab went into the
    list of matches, which dropped the letters, and the next field got the text meant for the one after."""
    customer = _first(work)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        await type_text(pilot, customer.name[:5])
        await pilot.pause()
        matches = app.screen.query_one(f"#{picker} OptionList")
        assert matches.display and matches.highlighted is not None
        top = matches.get_option_at_index(matches.highlighted).id
        _burst(app, "tab", *_letters("late delivery"), "tab", *_letters("It broke"))
        await pilot.pause()
        chosen = app.screen.query_one(f"#{picker}")
        assert chosen.customer_id == top and chosen.query_one(Input).value == work.name_of(top)
        assert not matches.display
        first, second = (app.screen.query_one(f"#{field}", Input) for field in fields)
        assert (first.value, second.value) == ("late delivery", "It broke")
        assert app.focused is second


async def test_a_picker_with_no_match_is_left_by_tab_and_the_text_after_it_goes_on(app, work):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("k", "a")
        await pilot.pause()
        await type_text(pilot, "zzqx")
        await pilot.pause()
        _burst(app, "tab", *_letters("late delivery"))
        await pilot.pause()
        assert app.screen.query_one("#customer").customer_id is None
        assert app.focused is app.screen.query_one("#category") and app.focused.value == "late delivery"


async def test_shift_tab_from_an_open_select_moves_to_the_field_before_it(app, work):
    """Shift+tab from the open Kind list only closed it: the focus stayed on Kind and the letters
    typed next were lost (tab already closed it and moved on)."""
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_note(_first(work).id)
        await pilot.pause()
        kind = app.screen.query_one("#kind")
        app.screen.set_focus(kind)
        before = app.screen.focus_previous()  # where shift+tab from the closed Kind goes
        app.screen.set_focus(kind)
        await pilot.press("enter")
        await pilot.pause()
        assert kind.expanded and app.focused is not kind
        _burst(app, "shift+tab", "x", "y")
        await pilot.pause()
        assert not kind.expanded and app.focused is before and before is not kind
        assert before.value.endswith("xy")


async def test_a_name_typed_and_tabbed_in_one_burst_picks_the_match_for_the_whole_name(app, work):
    """Tab picks what the whole name typed before it matches, not what was shown as tab arrived."""
    name = "paul w"
    top = work.search.search(name)[0]
    assert top.id != work.search.search("paul")[0].id  # a stale pick would be another customer
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("k", "a")
        await pilot.pause()
        _burst(app, *_letters(name), "tab", *_letters("late delivery"))
        await pilot.pause()
        assert app.screen.query_one("#customer").customer_id == top.id
        assert app.focused is app.screen.query_one("#category") and app.focused.value == "late delivery"


@pytest.mark.parametrize("keys, picker, field", [(("k", "a"), "customer", "category"),
                                                   (("r", "a"), "referrer", "lead_name")])
async def test_a_name_typed_and_entered_in_one_burst_picks_its_match_and_the_text_after_it_moves_on(
        app, work, keys, picker, field):
    """Enter right behind the name, before its matches were shown, did nothing: the text typed
    after it went on into the name."""
    name = "paul w"
    top = work.search.search(name)[0]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        _burst(app, *_letters(name), "enter", *_letters("Sam Lee"))
        await pilot.pause()
        chosen = app.screen.query_one(f"#{picker}")
        assert chosen.customer_id == top.id and chosen.query_one(Input).value == work.name_of(top.id)
        assert app.focused is app.screen.query_one(f"#{field}") and app.focused.value == "Sam Lee"


async def test_down_then_enter_in_a_burst_picks_the_second_match_and_the_text_after_it_moves_on(app, work):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r", "a")
        await pilot.pause()
        await type_text(pilot, "paul")
        await pilot.pause()
        matches = app.screen.query_one("#referrer OptionList")
        assert matches.option_count > 1
        second = matches.get_option_at_index(1).id
        _burst(app, "down", "enter", *_letters("Sam Lee"))
        await pilot.pause()
        assert app.screen.query_one("#referrer").customer_id == second
        assert app.focused is app.screen.query_one("#lead_name") and app.focused.value == "Sam Lee"


async def test_an_answer_typed_and_entered_in_one_burst_is_read_whole(app, work):
    """enter right behind the letters answers with all of them (a key bound to enter on the
    question itself would answer before the letters reached the field)."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert type(app.screen).__name__ == "Ask"
        _burst(app, "f", "r", "i", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ != "Ask", app.screen.query_one("#problem").render()
