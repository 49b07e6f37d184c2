"""Snapshots of Today, a profile, the visit-note form and Reports in Chinese (demo book,
frozen clock), and the footer's key labels measured in cells at 80 and 120 columns.

Not named test_*.py: it runs only in its own process, in Chinese (tests/tui/test_chinese.py).
Regenerate after an intended change with:
FIELDCRM_LANGUAGE=zh pytest tests/tui_zh/zh_screens.py --snapshot-update
"""

import pytest

from fieldcrm import i18n
from fieldcrm.model import Customer
from fieldcrm.textwidth import cells
from tests.tui.conftest import SIZE
from tests.tui.test_snapshots import _steady


@pytest.fixture(autouse=True)
def in_chinese():
    assert i18n.language() == "zh", "run with FIELDCRM_LANGUAGE=zh (see tests/tui/test_chinese.py)"


def _first_customer(work) -> Customer:
    return sorted(work.store.all(Customer), key=lambda c: c.name)[0]


def test_today(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=_steady)


def test_today_at_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_steady)


def test_profile(snap_compare, app, work):
    async def open_profile(pilot):
        app.open_profile(_first_customer(work).id)
        await pilot.pause()
        await _steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_profile)


def test_note_form(snap_compare, app, work):
    async def open_note(pilot):
        app.open_note(_first_customer(work).id)
        await pilot.pause()
        await _steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_note)


def test_reports(snap_compare, app):
    async def open_reports(pilot):
        await pilot.press("p")
        await _steady(pilot)

    assert snap_compare(app, terminal_size=(120, 60), run_before=open_reports)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_screens_speak_chinese_and_their_columns_line_up(app, size):
    """The words are Chinese, and each column header starts where its cells do: the
    widths are counted in cells, so a wide character takes two."""
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        footer = " ".join(key.description for key in app.screen.query("FooterKey"))
        assert "档案" in footer and "完成" in footer, footer
        assert "今日" in str(app.screen.query_one("#heading").render())
        await pilot.press("c")
        await pilot.pause()
        rows = app.screen.query_one("#customers")
        header = rows._header
        assert header.startswith("姓名")
        # Every column starts at the same cell in the header and in a row with Chinese names.
        starts = _starts(header, rows.columns)
        chinese = next(i for i, key in enumerate(rows.keys) if any(cells(ch) == 2 for ch in rows.row_cells(i)[0]))
        assert _starts(rows._format(rows.row_cells(chinese)), rows.columns) == starts


def _starts(line: str, columns) -> list[int]:
    """Where each column starts, in cells, on a formatted line."""
    out, at = [], 0
    for _label, width in columns:
        out.append(at)
        at += width + 1
    assert cells(line) == at - 1, line  # the line is exactly as wide as its columns
    return out


async def test_the_suggested_message_is_titled_in_chinese(app):
    """The template's own Chinese title, not its English one."""
    from fieldcrm.resources import asset_toml

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        item = app.screen._item()
        await pilot.press("m")
        await pilot.pause()
        title = str(app.screen.query("Label").first().render())
        template = asset_toml("messages.toml")[item.template]
        assert template["title_zh"] in title and template["title"] not in title, title


async def test_the_keys_to_switch_screens_are_named_as_the_screens(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        labels = [str(label.render()) for label in app.screen.query("Label")]
        assert "今日" in labels and "客户" in labels and "设置" in labels, labels
        assert "today" not in labels and "customers" not in labels, labels


# What a new Chinese rep's first day found still in English ----------------------------------

async def test_a_referred_lead_on_today_reads_in_chinese(app, work):
    """The tier column said "lead" (4 cells: 转介), the detail line "王强 (lead)"."""
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_note(_first_customer(work).id)
        await pilot.pause()
        app.screen.query_one("#note").insert("介绍了朋友")
        app.screen.query_one("#lead_name").value = "王强"
        app.screen.query_one("#lead_phone").value = "13911112222"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        table = app.screen.query_one("DataTable")
        rows = [[str(c).rstrip() for c in table.get_row_at(i)] for i in range(table.row_count)]
        lead = next(row for row in rows if row[1] == "王强")
        assert lead[2] == "转介", lead
        table.move_cursor(row=rows.index(lead))
        await pilot.pause()
        detail = str(app.screen.query_one("#detail").render())
        assert "王强 (转介)" in detail and "lead" not in detail, detail


async def test_the_qr_card_says_in_chinese_what_it_leaves_out(app, work):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r", "v")
        await pilot.pause()
        words = " ".join(str(label.render()) for label in app.screen.query("Label"))
        assert "名片省略了您的电子邮箱、职务和公司" in words and "your" not in words, words


async def test_a_look_alike_contact_says_why_in_chinese(app, work, tmp_path):
    first = work.store.all(Customer)[0]
    path = tmp_path / "手机.vcf"
    path.write_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:家里电话\r\nTEL:{first.phones[0]}\r\nEND:VCARD\r\n")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        app.screen.query_one("#path").value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        table = app.screen.query_one("#lookalikes")
        assert [str(c).rstrip() for c in table.get_row_at(0)][2] == "电话相同"


# Every form that types a day or a moment for the rep: how it opens, and its fields with
# the default each should show on a Chinese screen (the English word, e.g. "today", was there).
DAY_DEFAULTS = {
    "purchase": (lambda app, work: app.push_screen(_purchase(work)), {"#p-date": "今天"}),
    "note": (lambda app, work: app.open_note(_first_customer(work).id),
             {"#when": "现在", "#next_due": "7天后", "#promised": "3天后"}),
    "complaint": (lambda app, work: app.push_screen(_complaint()), {"#promised": "3天后"}),
    "event": (lambda app, work: app.push_screen(_event()), {"#day": "7天后"}),
}


def _purchase(work):
    from fieldcrm.tui.screens.purchase import PurchaseScreen
    return PurchaseScreen(_first_customer(work).id)


def _complaint():
    from fieldcrm.tui.screens.complaints import LogComplaint
    return LogComplaint()


def _event():
    from fieldcrm.tui.screens.events import NewEvent
    return NewEvent()


@pytest.mark.parametrize("form", DAY_DEFAULTS)
async def test_a_form_types_its_default_day_in_chinese_and_reads_it_back(app, work, form):
    from fieldcrm.when import parse_due, parse_moment

    opens, defaults = DAY_DEFAULTS[form]
    async with app.run_test(size=(80, 24)) as pilot:
        await app.ready()
        opens(app, work)
        await pilot.pause()
        for field, word in defaults.items():
            value = app.screen.query_one(field).value
            assert value == word, (form, field, value)
            now = work.store.clock.now().datetime
            parse_moment(value, now) if field == "#when" else parse_due(value, work.today())


async def test_a_purchase_saved_with_its_default_day_is_bought_today(app, work):
    customer = _first_customer(work)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.ready()
        app.push_screen(_purchase(work))
        await pilot.pause()
        assert app.screen.query_one("#p-date").value == "今天"
        app.screen.query_one("#p-item").value = "普洱茶饼"
        app.screen.query_one("#p-amount").value = "1200"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "PurchaseScreen" not in type(app.screen).__name__, "the default day was refused"
    from fieldcrm.model import Purchase
    bought = [p for p in work.store.for_customer(Purchase, customer.id) if p.item == "普洱茶饼"]
    assert [p.date for p in bought] == [work.today().isoformat()]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_every_main_screens_footer_shows_its_keys_whole_in_chinese(app, size):
    """^p 跳转 and b 通知 were cut at 80 columns: a key is shown whole or not at all."""
    from tests.tui.footer_fits import check_every_main_screen

    async with app.run_test(size=size) as pilot:
        await check_every_main_screen(app, pilot)


async def test_todays_reasons_are_joined_with_the_chinese_semicolon(app, work):
    """Today read "今天过生日（满55岁）; 客户个人信息…": an ASCII "; " between Chinese reasons."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#agenda")
        why = [str(table.get_row_at(i)[-1]).rstrip() for i in range(table.row_count)]
        several = [text for item, text in zip(app.screen.plan.items, why) if len(item.reasons) > 1]
        assert several, why
        assert all("；" in text for text in several) and not any("; " in text for text in why), why
