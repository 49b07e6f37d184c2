"""Pinyin on the screens a rep searches from: Customers, the command palette, a customer picker."""

from textual.command import CommandList
from textual.widgets import Input, OptionList

from fieldcrm.model import Customer
from fieldcrm.tui.screens.profile import ProfileScreen
from fieldcrm.tui.widgets.picker import CustomerPicker
from fieldcrm.tui.widgets.rowlist import RowList
from tests.tui.conftest import SIZE, type_text

CREATED = "2026-01-01T00:00:00Z"


def _drawn(rows: RowList) -> list[str]:
    return [str(rows.render_line(y).text).rstrip() for y in range(rows.size.height)]


async def test_typing_initials_on_customers_lists_the_chinese_name(app, work):
    zhang = work.add(Customer(name="张秀英", company="恒达贸易", created=CREATED))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await type_text(pilot, "zxy")
        await pilot.pause()
        rows = app.screen.query_one(RowList)
        drawn = _drawn(rows)
        assert drawn[0].startswith("name")
        assert any(line.startswith("张秀英") and "恒达贸易" in line for line in drawn[1:])
        assert all(line == "" or any("\u4e00" <= ch <= "\u9fff" for ch in line.split()[0])
                   for line in drawn[1:])  # no English name reads as z-x-y
        assert zhang.id in rows.keys
        typed = "zxy"
        for query in ("zhang xiuying", "zhang xy"):
            for _ in typed:
                await pilot.press("backspace")
            await type_text(pilot, query)
            typed = query
            await pilot.pause()
            assert _drawn(rows)[1].startswith("张秀英"), query


async def test_the_customer_named_li_is_listed_before_the_tag_matches(app, work):
    for i in range(30):
        work.add(Customer(name=f"Aaron Tag {i:02}", tags=["client"], created=CREATED))
    work.add(Customer(name="Li", created=CREATED))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await type_text(pilot, "Li")
        await pilot.pause()
        assert _drawn(app.screen.query_one(RowList))[1].startswith("Li ")


async def test_the_command_palette_finds_a_customer_by_pinyin(app, work):
    shan = work.add(Customer(name="单田芳", created=CREATED))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "shantf")
        await pilot.pause(0.3)  # the palette gathers hits after a short debounce
        options = app.screen.query_one(CommandList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown and shown[0].startswith("单田芳")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen) and app.screen.customer_id == shan.id
        assert str(app.screen.query_one("#card").render()).startswith("单田芳")


async def test_a_customer_picker_finds_the_referrer_by_initials(app, work):
    qin = work.add(Customer(name="覃秀兰", company="华信", created=CREATED))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.press("a")
        await type_text(pilot, "qinxl")
        await pilot.pause()
        picker = app.screen.query_one(CustomerPicker)
        options = picker.query_one(OptionList)
        assert str(options.get_option_at_index(0).prompt).startswith("覃秀兰")
        await pilot.press("enter")
        await pilot.pause()
        assert picker.customer_id == qin.id
        assert picker.query_one(Input).value == "覃秀兰"  # the picked name shows in the box
