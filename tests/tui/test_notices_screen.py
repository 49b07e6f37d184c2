"""The Notice screen: build a notice for tier-A customers in one area, see every message, send it
by the clipboard (one key per customer) and by a CSV file; each message logged, the cadence moved,
the left-out customers listed."""

import csv
import io

import pytest

from fieldcrm import outreach
from fieldcrm.model import Customer, Interaction, Notice
from fieldcrm.tui.widgets.rowlist import RowList
from tests.tui.conftest import SIZE, list_rows, type_text
from tests.tui.seen import refused_where_seen


def toasts(app) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def tier_a_area(work):
    """An area with several tier-A customers, one of whom dislikes being sold to."""
    tiers = work.tiers()
    by_area: dict[str, list[str]] = {}
    for cid, cf in work.facts.customers.items():
        if tiers[cid] == "A" and cf.customer.area:
            by_area.setdefault(cf.customer.area, []).append(cid)
    area, ids = max(by_area.items(), key=lambda kv: (len(kv[1]), kv[0]))
    ids.sort(key=lambda cid: work.name_of(cid).casefold())
    averse = ids[-1]
    work.update(Customer, averse, promo_attitude="dislikes being sold to")
    for cid in ids[:-1]:
        work.update(Customer, cid, promo_attitude="keen on promotions")
    return area, ids, averse


def cadence_due(work, ids):
    agenda = work.agenda()
    return {i.customer_id for i in agenda.items + agenda.also_due
            if i.customer_id in ids and any(r.occurrence.startswith(("cadence:", "at_risk:contact:"))
                                            for r in i.reasons)}


async def build_notice(pilot, app, area):
    await pilot.press("b")
    await pilot.pause()
    assert type(app.screen).__name__ == "NoticesScreen"
    await pilot.press("n")
    await pilot.pause()
    await type_text(pilot, "the winter tea sale")
    await pilot.press("tab")
    await type_text(pilot, "2026-12-01")
    await pilot.press("tab")
    await type_text(pilot, "2026-12-10")
    for name, value in (("#f-area", area), ("#f-tier", "A")):
        app.screen.query_one(name).focus()
        await type_text(pilot, value)
    await pilot.pause()


async def test_a_notice_for_tier_a_in_one_area_sent_by_the_clipboard(app, work):
    area, ids, averse = tier_a_area(work)
    told = [cid for cid in ids if cid != averse]
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await build_notice(pilot, app, area)
        preview = list_rows(app.screen.query_one("#recipients", RowList))
        # Every message personalised before saving, and the left-out customer shown with the reason.
        assert [row[0] for row in preview] == [work.name_of(cid) for cid in told] + [work.name_of(averse)]
        assert all("the winter tea sale, from 1 Dec to 10 Dec." in row[1] or "12月1日至12月10日" in row[1]
                   for row in preview[:-1])
        assert preview[-1][1] == "left out: no promotions: the profile says “dislikes being sold to”"
        assert str(app.screen.query_one("#count").render()) == f"{len(told)} will get it · 1 left out"
        due_before = cadence_due(work, told)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "NoticesScreen"
        (notice,) = work.store.all(Notice)
        shown = list_rows(app.screen.query_one("#messages", RowList))
        assert [row[1] for row in shown] == ["to send"] * len(told) + ["left out"]
        for n, cid in enumerate(told):
            await pilot.press("s")
            await pilot.pause()
            message = next(o for o in outreach.messages_of(work, notice.id) if o.customer_id == cid)
            assert app.clipboard == message.message
            following = work.name_of(told[n + 1]) if n + 1 < len(told) else None
            expected = (f"Next: {following} (press s)." if following else "That was the last one.")
            assert any(expected in text for text in toasts(app)), toasts(app)
        logged = [i for i in work.store.all(Interaction) if i.notice_id == notice.id]
        assert sorted(i.customer_id for i in logged) == sorted(told) and {i.kind for i in logged} == {"message"}
        assert not cadence_due(work, told) and due_before  # the messages count as contact
        shown = list_rows(app.screen.query_one("#messages", RowList))
        assert [row[1] for row in shown] == ["sent"] * len(told) + ["left out"]
        await pilot.press("s")  # nothing left: nobody gets it twice
        await pilot.pause()
        assert len([i for i in work.store.all(Interaction) if i.notice_id == notice.id]) == len(told)
        assert any("sent or left out" in text for text in toasts(app))


async def test_the_same_notice_sent_by_a_csv_file(app, work, tmp_path):
    area, ids, averse = tier_a_area(work)
    with_phone = [cid for cid in ids if cid != averse and work.customer(cid).phones]
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await build_notice(pilot, app, area)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        answer = app.screen.query_one("#answer")
        answer.value = str(tmp_path / "tea.csv")
        await pilot.press("enter")
        await pilot.pause()
        assert any(f"Wrote {len(with_phone)} messages to {tmp_path / 'tea.csv'}" in text for text in toasts(app))
        rows = list(csv.reader(io.StringIO((tmp_path / "tea.csv").read_text(encoding="utf-8-sig"))))
        assert rows[0] == ["Name", "Phone", "Message"]
        assert sorted(r[0] for r in rows[1:]) == sorted(work.name_of(cid) for cid in with_phone)
        assert all(r[2].startswith(("Dear ", work.customer(c).form_of_address or "~")) or "您好" in r[2]
                   for r, c in zip(rows[1:], with_phone))
        (notice,) = work.store.all(Notice)
        logged = {i.customer_id for i in work.store.all(Interaction) if i.notice_id == notice.id}
        assert logged == set(with_phone)
        shown = list_rows(app.screen.query_one("#messages", RowList))
        assert shown[-1][:2] == [work.name_of(averse), "left out"]


async def test_the_notices_key_is_in_the_footer_and_the_palette(app):
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        footer = " ".join(str(w.render()) for w in app.screen.query("FooterKey"))
        assert "Notices" in footer
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "notices")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "NoticesScreen"


@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")])
async def test_a_refused_notice_is_said_under_its_field_only(app, work, size):
    """As every form: the reason under the field to fix, that field focused, no toast repeating it."""
    async with app.run_test(size=size) as pilot:
        await app.ready()
        await pilot.press("b", "n")
        await pilot.pause()
        await pilot.press("ctrl+s")  # no title
        await pilot.pause()
        refused_where_seen(app, "title", "Give the notice a title (what it is about); nothing was saved.")
        await type_text(pilot, "the winter tea sale")
        app.screen.query_one("#starts").value = "someday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        refused_where_seen(app, "starts", "'someday' is not a day I understand")
        assert not str(app.screen.query_one("#title-problem").render())  # the earlier reason is gone
        app.screen.query_one("#starts").value = "2026-12-01"  # a promotion needs its end day too
        await pilot.press("ctrl+s")
        await pilot.pause()
        refused_where_seen(app, "ends", "needs its start and end days")
        app.screen.query_one("#ends").value = "2026-12-10"
        app.screen.query_one("#f-tag").value = "nobody has this tag"
        await pilot.press("ctrl+s")
        await pilot.pause()
        refused_where_seen(app, "f-tag", "No customer matches this audience; nothing was saved.")
        app.screen.query_one("#f-tag").value = ""
        app.screen.query_one("#f-tier").value = "A, Q"  # a typo: named, not "nobody matches"
        await pilot.press("ctrl+s")
        await pilot.pause()
        refused_where_seen(app, "f-tier", "Q is not a tier: use A, B or C; nothing was saved.")
        assert not toasts(app), toasts(app)
        assert type(app.screen).__name__ == "NoticeForm"
    assert not work.store.all(Notice)


async def test_a_save_names_every_part_to_fix_at_once_and_reads_days_as_the_preview_does(app, work):
    """1 Dec is a day for the preview and for the save alike; three bad parts: all three said at once."""
    async with app.run_test(size=(80, 24)) as pilot:
        await app.ready()
        await pilot.press("b", "n")
        await pilot.pause()
        await type_text(pilot, "the winter tea sale")
        form = app.screen
        for field, value in (("#starts", "1 Dex"), ("#ends", "10 Dex"), ("#f-tier", "A"), ("#f-stage", "loyal")):
            form.query_one(field).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        refused_where_seen(app, "starts", "'1 Dex' is not a day I understand")
        for field, words in (("ends", "'10 Dex' is not a day I understand"), ("f-stage", "loyal")):
            assert words in str(form.query_one(f"#{field}-problem").render()), field
        form.query_one("#starts").value, form.query_one("#ends").value = "1 Dec", "Dec 10"
        form.query_one("#f-stage").value = "repeat buyer"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "NoticesScreen"
    (notice,) = work.store.all(Notice)
    assert (notice.starts, notice.ends) == ("2026-12-01", "2026-12-10")


async def test_escape_asks_before_dropping_a_typed_notice_and_an_untouched_one_goes_at_once(app, work):
    from fieldcrm.tui.screens.prompts import Confirm
    async with app.run_test(size=(80, 24)) as pilot:
        await app.ready()
        await pilot.press("b", "n", "escape")  # untouched: gone at once
        await pilot.pause()
        assert type(app.screen).__name__ == "NoticesScreen"
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "the winter tea sale")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Confirm), "escape dropped the typed notice without asking"
        assert any("Drop this notice?" in str(label.render()) for label in app.screen.query("Label"))
        await pilot.press("n")  # keep it
        await pilot.pause()
        assert type(app.screen).__name__ == "NoticeForm"
        assert app.screen.query_one("#title").value == "the winter tea sale"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert type(app.screen).__name__ == "NoticesScreen"
    assert not work.store.all(Notice)


async def test_the_preview_words_the_dates_as_far_as_they_are_typed(app, work):
    """A promotion's preview before its days are typed, with a start, with an end, with both."""
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await pilot.press("b", "n")
        await pilot.pause()
        await type_text(pilot, "the winter tea sale")
        await pilot.pause()
        form = app.screen
        for starts, ends, words in (("", "", "the winter tea sale."),
                                    ("2026-12-01", "", "the winter tea sale, from 1 Dec."),
                                    ("", "2026-12-10", "the winter tea sale, until 10 Dec."),
                                    ("2026-12-01", "2026-12-10", "the winter tea sale, from 1 Dec to 10 Dec.")):
            form.query_one("#starts").value, form.query_one("#ends").value = starts, ends
            await pilot.pause()  # the Changed messages arrive...
            await pilot.pause()  # ...and the preview is rebuilt after the next refresh
            english = [row[1] for row in list_rows(form.query_one("#recipients", RowList)) if row[1].startswith("Dear")]
            assert english and all(words in message for message in english), (words, english[:1])
            assert words in str(form.query_one("#full").render())
            assert all("from  to" not in message and " ." not in message for message in english)


async def test_the_preview_before_a_title_is_typed_shows_the_placeholder_title(app, work):
    """With the title still empty the preview read "a note ahead of time: ." (zh: "提前跟您说一声：。")."""
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await pilot.press("b", "n")
        await pilot.pause()
        await pilot.pause()
        form = app.screen
        example = form.query_one("#title").placeholder
        messages = [row[1] for row in list_rows(form.query_one("#recipients", RowList))]
        assert messages and all(": ." not in m and "：。" not in m for m in messages), messages[:2]
        assert any(f"ahead of time: {example}." in m for m in messages), messages[:2]
        assert example in str(form.query_one("#full").render())
        assert form.query_one("#title").value == ""  # only shown: nothing is typed for the rep
