"""The small forms that open over a screen (log a complaint, a new referral, my card, a new event,
feedback, a new purchase), as a rep meets them at 80×24 and 120×40: escape asks before it drops what
was typed, every field can be reached, and a refusal is seen under its field, which takes the keys."""

import pytest
from textual.widgets import Input

from fieldcrm import gatherings
from fieldcrm.model import Complaint, Customer, Event, Purchase, Referral
from fieldcrm.tui.screens.complaints import LogComplaint
from fieldcrm.tui.screens.events import Feedback, NewEvent
from fieldcrm.tui.screens.prompts import Confirm
from fieldcrm.tui.screens.purchase import PurchaseScreen
from fieldcrm.tui.screens.referrals import AddReferral, EditCard
from tests.tui.conftest import type_text
from tests.tui.seen import in_view, refused_where_seen, toasts

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def _first(work) -> Customer:
    return sorted(work.store.all(Customer), key=lambda c: c.name)[0]


def _invitation(work):
    event = gatherings.new_event(work, "Tea tasting", "2026-11-28")
    return gatherings.invite(work, event, [_first(work)])[0]


# Each dialog: how a rep opens it, and the records it would add.
DIALOGS = {
    "complaint": (LogComplaint, lambda app, work: app.push_screen(LogComplaint()), Complaint),
    "referral": (AddReferral, lambda app, work: app.push_screen(AddReferral()), Referral),
    "card": (EditCard, lambda app, work: app.push_screen(EditCard()), None),
    "event": (NewEvent, lambda app, work: app.push_screen(NewEvent()), Event),
    "feedback": (Feedback, lambda app, work: app.push_screen(Feedback(_invitation(work).id)), None),
    "purchase": (PurchaseScreen, lambda app, work: app.push_screen(PurchaseScreen(_first(work).id)), Purchase),
}


async def _open(app, work, pilot, which: str):
    dialog, opens, _table = DIALOGS[which]
    await app.ready()
    opens(app, work)
    await pilot.pause()
    assert type(app.screen) is dialog
    return dialog


# 1. Escape asks before it drops what was typed ---------------------------------------------------

@pytest.mark.parametrize("which", DIALOGS)
async def test_escape_asks_before_dropping_what_was_typed_in_a_dialog(app, work, which):
    table = DIALOGS[which][2]
    before = work.store.count(table) if table else None
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open(app, work, pilot, which)
        assert isinstance(app.focused, Input)
        await type_text(pilot, "long story")
        typed = app.focused.value
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Confirm), "escape dropped the typed dialog without asking"
        await pilot.press("n")  # keep typing
        await pilot.pause()
        assert type(app.screen) is dialog and app.focused.value == typed
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert type(app.screen) is not dialog and not isinstance(app.screen, Confirm)
    if table:
        assert work.store.count(table) == before


@pytest.mark.parametrize("which", DIALOGS)
async def test_escape_closes_an_untouched_dialog_at_once(app, work, which):
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open(app, work, pilot, which)
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen) is not dialog and not isinstance(app.screen, Confirm)


# 2. Every field can be reached, and a refusal is seen ---------------------------------------------

@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("which", DIALOGS)
async def test_every_field_of_a_dialog_is_on_screen_when_it_has_the_keys(app, work, which, size):
    async with app.run_test(size=size) as pilot:
        dialog = await _open(app, work, pilot, which)
        body = app.screen.query_one(".dialog")
        assert app.screen.region.contains_region(body.region)
        assert in_view(body.children[0]), "the dialog opened scrolled past its heading"
        seen = set()
        while app.focused not in seen:
            seen.add(app.focused)
            assert in_view(app.focused), f"{app.focused} has the keys but is drawn off screen"
            await pilot.press("tab")
            await pilot.pause()
        assert type(app.screen) is dialog


@pytest.mark.parametrize("size", SIZES)
async def test_a_complaint_without_a_customer_says_so_under_the_picker(app, work, size):
    before = work.store.count(Complaint)
    async with app.run_test(size=size) as pilot:
        await pilot.press("k", "a")
        await pilot.pause()
        await pilot.press("tab")  # past the customer, as a rep in a hurry does
        await type_text(pilot, "quality")
        await pilot.press("tab")
        await type_text(pilot, "long story the customer told me")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LogComplaint)
        refused_where_seen(app, "customer", "Pick the customer: type part of a name, then enter.")
    assert work.store.count(Complaint) == before


@pytest.mark.parametrize("size", SIZES)
async def test_a_refused_complaint_tag_is_shown_under_it_and_a_fix_saves(app, work, size):
    customer = _first(work)
    before = work.store.count(Complaint)
    async with app.run_test(size=size) as pilot:
        await pilot.press("k", "a")
        await pilot.pause()
        await type_text(pilot, customer.name)
        await pilot.press("enter")
        await type_text(pilot, "quality")
        await pilot.press("tab")
        await type_text(pilot, "long story the customer told me")
        app.screen.query_one("#feedback_tags", Input).value = "colour"  # the last field
        await pilot.press("ctrl+s")
        await pilot.pause()
        refused_where_seen(app, "feedback_tags", "colour is not a feedback tag")
        app.focused.value = "product"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, LogComplaint)
    assert work.store.count(Complaint) == before + 1


@pytest.mark.parametrize("size", SIZES)
async def test_a_refused_event_time_is_shown_under_it(app, work, size):
    async with app.run_test(size=size) as pilot:
        await pilot.press("j", "a")
        await pilot.pause()
        await type_text(pilot, "VIP evening")
        await pilot.press("tab", "tab")
        await type_text(pilot, "25:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewEvent)
        refused_where_seen(app, "time", "Write the time as HH:MM, like 19:00.")
    assert work.store.count(Event) == 0


async def test_an_event_without_a_title_names_the_title(app, work):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "a")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        refused_where_seen(app, "title", "Give the event a title.")


async def _new_purchase(app, pilot, customer_id: str) -> None:
    """The purchase dialog on the customer's profile, its item typed."""
    await app.ready()
    app.open_profile(customer_id)
    await pilot.pause()
    await pilot.press("p")
    await pilot.pause()
    app.screen.query_one("#p-item", Input).value = "Pu'er cakes"


@pytest.mark.parametrize("size", SIZES)
async def test_a_refused_purchase_amount_is_shown_under_it(app, work, size):
    customer = _first(work)
    before = work.store.count(Purchase)
    async with app.run_test(size=size) as pilot:
        await _new_purchase(app, pilot, customer.id)
        app.screen.query_one("#p-amount", Input).value = "1.200,50"  # a decimal comma or a grouping dot?
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PurchaseScreen)
        refused_where_seen(app, "p-amount", "Amount must be a number (got '1.200,50').")
    assert work.store.count(Purchase) == before


@pytest.mark.parametrize("typed, amount", [("¥1,200", 1200), ("RMB 1200", 1200), ("1 200", 1200),
                                           ("１２００", 1200), ("￥1200.50", 1200.5), ("1,200元", 1200)])
async def test_a_purchase_amount_is_read_as_a_rep_types_it(app, work, typed, amount):
    customer = _first(work)
    async with app.run_test(size=(80, 24)) as pilot:
        await _new_purchase(app, pilot, customer.id)
        app.screen.query_one("#p-amount", Input).value = typed
        app.screen.query_one("#p-margin", Input).value = "¥300"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, PurchaseScreen)  # saved and closed
        assert "Pu'er cakes" in str(app.screen.query_one("#card").render())
        assert f"¥{amount:,.0f}" in str(app.screen.query_one("#card").render())
    bought = [p for p in work.store.for_customer(Purchase, customer.id) if p.item == "Pu'er cakes"]
    assert [(p.amount, p.margin) for p in bought] == [(amount, 300)]


async def test_a_referral_without_a_lead_name_names_it(app, work):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r", "a")
        await pilot.pause()
        await type_text(pilot, _first(work).name)
        await pilot.press("enter")
        await pilot.press("ctrl+s")
        await pilot.pause()
        refused_where_seen(app, "lead_name", "Type the lead's name.")


async def test_refused_feedback_tags_are_shown_under_them(app, work):
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, work, pilot, "feedback")
        await type_text(pilot, "Loved the tea")
        app.screen.query_one("#tags", Input).value = "colour"
        await pilot.press("ctrl+s")
        await pilot.pause()
        refused_where_seen(app, "tags", "colour is not a feedback tag")


async def test_tab_from_an_empty_customer_picker_goes_to_the_next_field(app, work):
    """An empty list of matches takes no room and no keys: letters typed after tab were lost in it."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("k", "a")
        await pilot.pause()
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#category")
        await pilot.press("shift+tab")
        await type_text(pilot, "Wang")
        await pilot.pause()
        matches = app.screen.query_one("#customer OptionList")
        assert matches.display and in_view(matches)
        await pilot.press("enter")
        await pilot.pause()
        assert not matches.display and app.focused is app.screen.query_one("#category")


async def test_no_toast_covers_the_feedback_dialog_at_80x24_after_three_refusals(app, work):
    """The trial's feedback dialog was half hidden behind three stacked toasts: one left from
    before it opened, and one per refused ctrl+s."""
    async with app.run_test(size=(80, 24)) as pilot:
        await app.ready()
        app.notify("Invitation sent.", timeout=30)
        await pilot.pause()
        await _open(app, work, pilot, "feedback")
        for _attempt in range(3):
            await pilot.press("ctrl+s")
            await pilot.pause()
        assert type(app.screen) is Feedback
        assert toasts(app) == []
        assert "Write what the customer said." in str(app.screen.query_one("#said-problem").render())
        assert all(in_view(field) for field in app.screen.query(Input))
