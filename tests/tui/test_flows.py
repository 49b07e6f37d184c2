"""Referrals, complaints, customers and profiles, driven as a rep would, then checked in the store."""

from textual.widgets import DataTable

from fieldcrm.model import Complaint, Customer, Purchase, Referral
from fieldcrm.tui.screens.edit_customer import EditCustomerScreen
from fieldcrm.tui.screens.profile import ProfileScreen
from fieldcrm.tui.widgets.rowlist import RowList
from tests.tui.conftest import SIZE, complaint_typed, list_rows, table_rows, type_text


def _someone(work, chinese: bool) -> Customer:
    return next(c for c in sorted(work.store.all(Customer), key=lambda c: c.name)
                if any("\u4e00" <= ch <= "\u9fff" for ch in c.name) == chinese)


async def test_add_a_referral_by_typing_the_referrer_then_thank_them(app, work):
    referrer = _someone(work, chinese=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.press("a")
        await type_text(pilot, referrer.name)
        await pilot.press("enter")  # picks the best match
        await type_text(pilot, "Tom Baker")
        await pilot.press("tab")
        await type_text(pilot, "+44 7700 900123")
        await pilot.press("ctrl+s")
        await pilot.pause()
        added = [r for r in work.store.all(Referral) if r.lead_name == "Tom Baker"]
        assert len(added) == 1 and added[0].referrer_id == referrer.id
        assert (added[0].status, added[0].lead_phone, added[0].status_dates) == \
            ("new", "+44 7700 900123", {"new": "2026-11-24"})
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(added[0].id))
        await pilot.press("h")  # thanked
        await pilot.press("plus")  # contacted
        await pilot.pause()
    saved = work.store.get(Referral, added[0].id)
    assert saved.thanked_on == "2026-11-24" and saved.status == "contacted"
    assert saved.status_dates["contacted"] == "2026-11-24"


async def test_a_rep_without_a_card_is_asked_for_one_and_it_is_saved(app, work):
    from fieldcrm.model import Rep
    work.store.set_rep(Rep())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "v")  # no card yet: the card form opens
        await pilot.pause()
        app.screen.query_one("#card-name").value = "Wu Lei 吴磊"
        app.screen.query_one("#card-phone").value = "+86 139 0000 1111"
        await pilot.press("ctrl+s")
        await pilot.press("v")
        await pilot.pause()
        assert "Wu Lei 吴磊" in str(app.screen.query_one("Label").render())
    assert (work.store.rep.name, work.store.rep.phone) == ("Wu Lei 吴磊", "+86 139 0000 1111")


async def test_log_a_complaint_then_work_it_through_to_a_satisfied_customer(app, work):
    customer = _someone(work, chinese=False)
    async with app.run_test(size=SIZE) as pilot:
        await complaint_typed(pilot, customer.name, "late delivery", "Pallet came two days late")
        await pilot.press("ctrl+s")
        await pilot.pause()
        logged = [c for c in work.store.all(Complaint) if c.description == "Pallet came two days late"]
        assert len(logged) == 1
        assert (logged[0].customer_id, logged[0].promised, logged[0].status) == \
            (customer.id, "2026-11-27", "open")
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(logged[0].id))
        await pilot.press("enter")
        await pilot.press("down", "space")  # tick "empathise" (listen was ticked when logged)
        await pilot.press("r")
        await pilot.press("s")
        await pilot.press("escape")
        await pilot.pause()
    closed = work.store.get(Complaint, logged[0].id)
    assert closed.status == "confirmed" and closed.confirmed_on == "2026-11-24"
    assert closed.steps_done == ["listen", "empathise", "confirm satisfied"]


async def test_the_complaint_checklist_shows_ticks_as_text_and_tab_moves_down_it(app, work):
    """[x] and [ ] read without colour; tab and shift+tab move as down and up do, as the hint says."""
    customer = _someone(work, chinese=False)
    async with app.run_test(size=SIZE) as pilot:
        await complaint_typed(pilot, customer.name, "late delivery", "Pallet came two days late")
        await pilot.press("ctrl+s")
        await pilot.pause()
        (logged,) = [c for c in work.store.all(Complaint) if c.description == "Pallet came two days late"]
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(logged.id))
        await pilot.press("enter")
        await pilot.pause()
        steps = app.screen.query_one("#steps")

        def drawn() -> list[str]:
            return [str(steps.get_option_at_index(n).prompt) for n in range(steps.option_count)]
        assert drawn()[:2] == ["[x] listen", "[ ] empathise"]
        assert "tab" in " ".join(str(label.render()) for label in app.screen.query(".hint"))
        await pilot.press("tab", "tab", "space", "shift+tab", "space")
        await pilot.pause()
        assert drawn()[:3] == ["[x] listen", "[x] empathise", "[x] apologise"]
    assert work.store.get(Complaint, logged.id).steps_done == ["listen", "empathise", "apologise"]


async def test_search_in_chinese_and_in_english(app, work):
    everyone = work.store.all(Customer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await type_text(pilot, "王")
        await pilot.pause()
        shown = [r[0] for r in list_rows(app.screen.query_one(RowList))]
        expected = sorted(c.name for c in everyone if "王" in c.name + c.company + c.area)
        assert shown and sorted(shown) == expected
        for _ in range(1):
            await pilot.press("backspace")
        english = next(c for c in everyone if c.name.isascii())
        last_name = english.name.split()[-1].lower()
        await type_text(pilot, last_name)
        await pilot.pause()
        shown = [r[0] for r in list_rows(app.screen.query_one(RowList))]
        assert english.name in shown
        assert all(last_name in (c.name + c.company + c.email + c.area).lower()
                   for c in everyone if c.name in shown)


async def test_filter_customers_by_tier(app, work):
    tiers = work.tiers()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.press("ctrl+t")  # tier A
        await pilot.pause()
        shown = {r[0] for r in list_rows(app.screen.query_one(RowList))}
    assert shown == {c.name for c in work.store.all(Customer) if tiers[c.id] == "A"}


async def test_edit_soft_data_from_the_profile(app, work):
    customer = _someone(work, chinese=True)
    async with app.run_test(size=SIZE) as pilot:
        app.open_profile(customer.id)
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("e")
        assert isinstance(app.screen, EditCustomerScreen)
        hobbies = app.screen.query_one("#f-hobbies")
        hobbies.value = ""
        hobbies.focus()
        await type_text(pilot, "钓鱼 fishing")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert "钓鱼 fishing" in str(app.screen.query_one("#card").render())
    saved = work.store.get(Customer, customer.id)
    assert saved.hobbies == "钓鱼 fishing" and saved.soft_confirmed == "2026-11-24"
    assert saved.name == customer.name and saved.phones == customer.phones


async def test_a_bad_date_in_the_form_is_explained_and_nothing_is_saved(app, work):
    customer = _someone(work, chinese=False)
    async with app.run_test(size=SIZE) as pilot:
        app.open_profile(customer.id)
        await pilot.press("e")
        app.screen.query_one("#f-birthday").value = "1980-02-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "'1980-02-30' is not a date (Birthday)" in str(app.screen.query_one("#f-birthday-problem").render())
    assert work.store.get(Customer, customer.id) == customer


async def test_add_a_purchase_from_the_profile(app, work):
    customer = _someone(work, chinese=False)
    async with app.run_test(size=SIZE) as pilot:
        app.open_profile(customer.id)
        await pilot.press("p")
        for field, value in (("#p-item", "Paint"), ("#p-amount", "2,400")):
            app.screen.query_one(field).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
    bought = [p for p in work.store.for_customer(Purchase, customer.id) if p.item == "Paint" and p.amount == 2400]
    assert len(bought) == 1 and bought[0].date == "2026-11-24"


async def test_user_text_is_never_markup(app, work):
    sly = work.add(Customer(name="[bold]Li[/] 李", company="[red]Co", created="2026-01-01T00:00:00Z"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await type_text(pilot, "li")
        await pilot.pause()
        assert ["[bold]Li[/] 李", "[red]Co"] in [r[:2] for r in list_rows(app.screen.query_one(RowList))]
        app.open_profile(sly.id)
        await pilot.pause()
        assert str(app.screen.query_one("#card").render()).startswith("[bold]Li[/] 李")


async def test_the_command_palette_jumps_to_a_customer(app, work):
    customer = _someone(work, chinese=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, customer.name)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen) and app.screen.customer_id == customer.id


async def test_the_customer_list_draws_text_as_written_and_lines_up_wide_characters(app, work):
    from fieldcrm.textwidth import cells

    work.add(Customer(name="[bold]Li[/]", company="x", created="2026-01-01T00:00:00Z"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        rows = app.screen.query_one(RowList)
        # Every row is drawn to the header's width, so columns line up in any script.
        widths = {cells(rows._format(rows.row_cells(i))) for i in range(len(rows.keys))}
        assert widths == {cells(rows._header)}
        assert any(any("\u4e00" <= ch <= "\u9fff" for ch in r[0]) for r in list_rows(rows))
        await type_text(pilot, "[bold]")
        await pilot.pause()
        drawn = [str(rows.render_line(y).text) for y in range(rows.size.height)]
        assert drawn[0].startswith("name") and drawn[1].startswith("[bold]Li[/] ")
        for _ in "[bold]":
            await pilot.press("backspace")
        await pilot.press("down")  # from the search box into the list
        await pilot.press("down", "down")
        assert rows.cursor == 2
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen) and app.screen.customer_id == rows.keys[2]


async def test_import_contacts_in_the_app_previews_then_adds(app, work):
    from pathlib import Path
    fixtures = Path(__file__).parent.parent / "interop" / "fixtures"
    before = work.store.count(Customer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        app.screen.query_one("#path").value = str(fixtures / "contacts-v3.vcf")
        await pilot.press("enter")
        await pilot.pause()
        assert "2 new customers" in str(app.screen.query_one("#preview").render())
        assert work.store.count(Customer) == before  # a preview changes nothing
        await pilot.press("enter")
        await pilot.pause()
    names = {c.name for c in work.store.all(Customer)}
    assert {"Tom Baker", "王芳"} <= names and work.store.count(Customer) == before + 2
    assert "王芳" in {c.name for c in work.search.search("王芳")}


def test_progress_shows_only_on_a_terminal():
    import io
    from fieldcrm.progress import Progress
    quiet = io.StringIO()
    Progress("x", 3, stream=quiet).update(1)
    assert quiet.getvalue() == ""

    class Tty(io.StringIO):
        def isatty(self):
            return True
    shown = Tty()
    bar = Progress("Importing", 4, stream=shown)
    bar.update(2)
    assert "Importing [" in shown.getvalue() and "2/4" in shown.getvalue()
    # A command that fails half-way: the error must start a clean line, not follow "2/4".
    from fieldcrm import progress
    progress.clear()
    last = shown.getvalue().rsplit("2/4", 1)[1]
    assert last.startswith("\r") and last.endswith("\r") and not last.strip()
    progress.clear()  # nothing left to clear
    assert shown.getvalue().rsplit("2/4", 1)[1] == last


async def test_escape_leaves_the_search_so_letters_switch_screens_again(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await type_text(pilot, "tom")
        assert app.current_mode == "customers"  # the letters went into the search
        await pilot.press("escape", "t")
        await pilot.pause()
        assert app.current_mode == "today"


async def test_a_complaint_tagged_as_feedback_reaches_the_feedback_report(app, work):
    customer = _someone(work, chinese=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k")
        await pilot.press("a")
        await type_text(pilot, customer.name)
        await pilot.press("enter")
        await type_text(pilot, "late delivery")
        await pilot.press("tab")
        await type_text(pilot, "Pallet came two days late")
        app.screen.query_one("#feedback_tags").value = "delivery, colour"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "colour is not a feedback tag" in str(app.screen.query_one("#feedback_tags-problem").render())
        app.screen.query_one("#feedback_tags").value = "delivery"
        await pilot.press("ctrl+s")
        await pilot.pause()
    logged = [c for c in work.store.all(Complaint) if c.description == "Pallet came two days late"]
    assert [c.feedback_tags for c in logged] == [["delivery"]]
    delivery = next(t for t in work.feedback_report().by_tag if t.name == "delivery")
    assert (delivery.quotes[0].category, delivery.quotes[0].text) == ("late delivery", "Pallet came two days late")


async def test_a_complaints_category_is_shown_apart_from_the_customers_words(app, work):
    """service and "Your driver was rude" read as service: “Your driver was rude”, never as if
    the customer had said "service Your driver was rude"."""
    customer = _someone(work, chinese=False)
    async with app.run_test(size=SIZE) as pilot:
        await complaint_typed(pilot, customer.name, "service", "Your driver was rude")
        app.screen.query_one("#feedback_tags").value = "service"
        await pilot.press("ctrl+s")
        await pilot.pause()
        listed = [row for row in table_rows(app.screen.query_one(DataTable)) if row[0] == customer.name]
        assert "service: Your driver was rude" in listed[0], listed
        await pilot.press("p")
        await pilot.pause()
        report = app.screen.query_one("#report").content.plain
        assert "(complaint): service: “Your driver was rude”" in report
        assert "“service Your driver" not in report
