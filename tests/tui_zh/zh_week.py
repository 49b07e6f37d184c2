"""A Chinese rep's week (李娜 in Shanghai): what living in the app in Chinese found.

Not named test_*.py: it runs only in its own process, in Chinese (tests/tui/test_chinese_week.py).
"""

import pytest

from fieldcrm import i18n
from fieldcrm.model import Customer
from tests.tui.conftest import SIZE


@pytest.fixture(autouse=True)
def in_chinese():
    assert i18n.language() == "zh", "run with FIELDCRM_LANGUAGE=zh (see tests/tui/test_chinese_week.py)"


def _profile_lines(app) -> list[str]:
    return str(app.screen.query_one("#card").render()).splitlines()


def _row(lines: list[str], label: str) -> str:
    return next(line for line in lines if line.strip().startswith(label)).split(label, 1)[1].strip()


async def test_the_profile_names_gender_and_preferred_contact_in_chinese(app, work):
    """The profile showed the stored codes: 性别 f, 偏好联系方式 visit."""
    ann = work.add(Customer(name="李娜", gender="f", preferred_channel="visit"))
    async with app.run_test(size=SIZE) as pilot:
        app.open_profile(ann.id)
        await pilot.pause()
        lines = _profile_lines(app)
        assert _row(lines, "性别") == "女"
        assert _row(lines, "偏好联系方式") == "拜访"


async def test_the_edit_form_shows_gender_in_chinese_and_keeps_the_stored_code(app, work):
    ann = work.add(Customer(name="王强", gender="m"))
    wang = work.add(Customer(name="王芳"))
    async with app.run_test(size=SIZE) as pilot:
        app.open_profile(ann.id)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#f-gender").value == "男"
        await pilot.press("ctrl+s")  # nothing changed: saved as it was
        await pilot.pause()
        assert work.customer(ann.id).gender == "m"
        app.open_profile(wang.id)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#f-gender").value = "女"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert work.customer(wang.id).gender == "f"
        assert _row(_profile_lines(app), "性别") == "女"


async def test_the_notices_list_shows_its_headers_whole_and_its_days_in_chinese(app, work):
    """At 80x24 the header read 已发… (a 5-cell column for 已发送) and the days 12-01 – 12-10."""
    from fieldcrm.model import Notice
    from fieldcrm.textwidth import cells
    from tests.tui.conftest import list_rows

    work.add(Notice(kind="promotion", title="冬季茶叶八折优惠", starts="2026-12-01", ends="2026-12-10"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        notices = app.screen.query_one("#notices")
        header = notices._header
        for label, width in notices.columns:
            assert cells(label) <= width, (label, width)
        assert "已发送" in header and "…" not in header, header
        row, = list_rows(notices)
        assert row[2] == "12月1日–12月10日", row
        line = notices._format(row)
        assert "12月1日–12月10日" in line, line
