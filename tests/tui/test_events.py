"""The Events screen: a gathering from the invite list through sending, replies, attendance and feedback."""

import csv

from textual.widgets import DataTable, Static

from fieldcrm import gatherings
from fieldcrm.model import Interaction, Invitation, Outreach
from tests.tui.conftest import SIZE, table_rows, type_text


def toasts(app) -> str:
    return " ".join(str(t.render()) for t in app.screen.query("Toast"))


async def test_a_gathering_from_invitations_to_feedback(app, work, tmp_path):
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await pilot.press("j")
        await pilot.pause()
        assert app.current_mode == "events"
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "VIP evening")
        await pilot.press("tab")
        await pilot.press("ctrl+a", "ctrl+k")  # clear the default day
        await type_text(pilot, "+4d")
        await pilot.press("tab")
        await type_text(pilot, "19:00")
        await pilot.press("tab")
        await type_text(pilot, "the shop")
        await pilot.press("ctrl+s")
        await pilot.pause()
        event = gatherings.events(work)[0]
        assert (event.title, event.day, event.time, event.place) == ("VIP evening", "2026-11-28", "19:00", "the shop")
        assert "VIP evening" in str(app.screen.query_one("#summary", Static).render())

        await pilot.press("i")  # the invite list: tier A customers
        await pilot.pause()
        await type_text(pilot, "tier=A")
        await pilot.press("enter")
        await pilot.pause()
        invited = gatherings.invitations(work, event.id)
        tier_a = [c.id for c in gatherings.audience(work, {"tier": ["A"]})]
        assert sorted(i.customer_id for i in invited) == sorted(tier_a) and len(tier_a) >= 3
        assert f"{len(tier_a)} customers invited" in toasts(app)
        rows = table_rows(app.screen.query_one(DataTable))
        assert len(rows) == len(tier_a) and all(row[1] == "to send" for row in rows)

        first_customer, first_message = gatherings.pending(work, event.id)[0]
        await pilot.press("s")  # one key per customer: copied, logged
        await pilot.pause()
        assert app.clipboard == first_message.message
        assert f"Copied the invitation for {first_customer.name}" in toasts(app)
        assert table_rows(app.screen.query_one(DataTable))[0][1] == "sent"
        logged = [i for i in work.store.for_customer(Interaction, first_customer.id) if i.notice_id == event.id]
        assert [(i.kind, i.note) for i in logged] == [("message", first_message.message)]

        await pilot.press("x")  # the rest as a CSV for a bulk-messaging tool
        await pilot.pause()
        path = tmp_path / "invitations.csv"
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, str(path))
        await pilot.press("enter")
        await pilot.pause()
        lines = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
        assert len(lines) == len(tier_a)  # the header and every invitation but the first
        assert "they are marked sent" in toasts(app)
        assert all(o.status == "sent" for o in work.store.all(Outreach) if o.event_id == event.id)

        await pilot.press("y")  # the first guest says yes, the second maybe
        await pilot.press("down", "m")
        await pilot.pause()
        rows = table_rows(app.screen.query_one(DataTable))
        assert [rows[0][2], rows[1][2]] == ["yes", "maybe"]

        await pilot.press("up", "a")  # on the day: the first came
        await pilot.pause()
        assert table_rows(app.screen.query_one(DataTable))[0][3] == "✓"
        first = gatherings.invitations(work, event.id)[0]
        assert [i.kind for i in work.store.for_customer(Interaction, first.customer_id)
                if i.notice_id == event.id] == ["message", "event"]

        await pilot.press("f")
        await pilot.pause()
        await type_text(pilot, "Loved the tea, delivery was slow")
        await pilot.press("tab")
        await type_text(pilot, "product, colour")
        await pilot.press("ctrl+s")
        await pilot.pause()
        problem = str(app.screen.query_one("#tags-problem").render())
        assert "colour is not a feedback tag" in problem
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "product, delivery")
        await pilot.press("tab")
        await type_text(pilot, "Tea")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Feedback saved." in toasts(app)
        kept = work.store.get(Invitation, first.id)
        assert (kept.feedback, kept.feedback_tags, kept.product) == (
            "Loved the tea, delivery was slow", ["product", "delivery"], "Tea")
        row = table_rows(app.screen.query_one(DataTable))[0]
        assert row[4] == "product, delivery" and row[5] == "Loved the tea, delivery was slow"

        await pilot.press("escape")
        await pilot.pause()
        counts = table_rows(app.screen.query_one(DataTable))[0]
        assert counts[2] == "VIP evening" and counts[6:] == ["1", "1", "0", "1"]


async def test_the_events_screen_is_in_the_command_palette(app):
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Go to Events")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "events"


async def test_an_invite_filter_takes_an_area_with_a_space(app, work):
    from fieldcrm.model import Customer
    area = next(c.area for c in work.store.all(Customer) if " " in c.area.strip())
    wanted = sorted(c.id for c in gatherings.audience(work, {"area": [area], "tier": ["A", "B"]}))
    assert wanted
    async with app.run_test(size=(80, 24)) as pilot:
        await app.ready()
        await pilot.press("j", "a")
        await pilot.pause()
        await type_text(pilot, "Tea tasting")
        await pilot.press("ctrl+s")
        await pilot.pause()
        event = gatherings.events(work)[0]
        await pilot.press("i")
        await pilot.pause()
        await type_text(pilot, f"area={area} tier=A,B")
        await pilot.press("enter")
        await pilot.pause()
        assert sorted(i.customer_id for i in gatherings.invitations(work, event.id)) == wanted
        assert f"{len(wanted)} customer" in toasts(app)
