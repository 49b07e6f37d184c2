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


# ---- second half of the week: days read one way (11月26日), never ISO beside it ----

ISO_DAY = r"\d{4}-\d{2}-\d{2}"


def _no_iso(text: str) -> None:
    import re
    assert not re.search(ISO_DAY, text), text


async def test_today_says_when_soft_data_was_confirmed_as_a_chinese_day(app, work):
    """Today read "客户个人信息上次确认于 2025-09-04" beside 11月26日-style days."""
    from fieldcrm.model import FollowUp

    lin = work.add(Customer(name="林晓", soft_confirmed="2025-09-04", created="2024-01-02T08:00:00Z"))
    work.add(FollowUp(customer_id=lin.id, due="2026-11-24", time="10:00", reason="送样品"))  # first on Today
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#agenda")
        rows = [i for i, item in enumerate(app.screen.plan.items) if item.customer_id == lin.id]
        assert rows, "林晓 is not on Today"
        why = str(table.get_row_at(rows[0])[-1])
        assert "2025年9月4日" in why, why
        _no_iso(why)


async def test_the_profile_shows_every_day_as_a_chinese_day(app, work):
    """The profile showed 2025-09-04 for the birthday, complaints, follow-ups, purchases and notes."""
    from fieldcrm.model import Complaint, FollowUp, Interaction, Purchase, Referral

    lin = work.add(Customer(name="林晓", birthday="1985-03-02", soft_confirmed="2025-09-04"))
    friend = work.add(Customer(name="周敏"))
    work.add(Referral(referrer_id=friend.id, lead_name="林晓", lead_customer_id=lin.id,
                      status_dates={"new": "2026-10-03"}))
    work.add(Complaint(customer_id=lin.id, opened="2026-11-20", promised="2026-11-27", category="延迟交货"))
    work.add(FollowUp(customer_id=lin.id, due="2026-11-30", reason="回访"))
    work.add(Purchase(customer_id=lin.id, date="2025-12-30", item="龙井", amount=880))
    work.add(Interaction(customer_id=lin.id, kind="visit", at="2026-11-02T06:30:00Z", note="喝茶"))
    async with app.run_test(size=SIZE) as pilot:
        app.open_profile(lin.id)
        await pilot.pause()
        text = "\n".join(_profile_lines(app))
        for shown in ("1985年3月2日", "2025年9月4日", "10月3日", "11月20日", "11月27日", "11月30日",
                      "2025年12月30日", "11月2日 "):
            assert shown in text, (shown, text)
        _no_iso(text)


async def test_complaints_and_referrals_show_days_as_chinese_days(app, work):
    """The complaint list's opened/promised columns, its handling summary and the referrals'
    thanked column were ISO."""
    from fieldcrm.model import Complaint, Referral
    from tests.tui.conftest import table_rows

    lin = work.add(Customer(name="林晓"))
    work.add(Complaint(customer_id=lin.id, opened="2026-11-20", promised="2026-11-27",
                       resolved_on="2026-11-23", status="resolved", category="延迟交货"))
    work.add(Referral(referrer_id=lin.id, lead_name="赵雷", thanked_on="2026-11-21",
                      status_dates={"new": "2026-11-19"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k")
        await pilot.pause()
        row = next(r for r in table_rows(app.screen.query_one("#complaints")) if "林晓" in r[0])
        assert row[1:3] == ["11月20日", "11月27日"], row
        table = app.screen.query_one("#complaints")
        table.move_cursor(row=next(i for i, r in enumerate(table_rows(table)) if "林晓" in r[0]))
        await pilot.press("enter")
        await pilot.pause()
        summary = str(app.screen.query_one("#summary").render())
        assert "11月20日" in summary and "11月23日" in summary, summary
        # not "林晓: 延迟交货：": two colons of two widths, the last before no words at all
        assert summary.splitlines()[0] == "林晓 · 延迟交货", summary
        _no_iso(summary)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        row = next(r for r in table_rows(app.screen.query_one("#referrals")) if "赵雷" in r[0])
        assert "11月21日" in row, row
        _no_iso(" ".join(row))


async def test_the_report_names_its_weeks_as_chinese_days(app, work):
    """The Reports week column and title read 2026-11-23."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        text = str(app.screen.query_one("#report").render())
        assert "月" in text, text
        _no_iso(text)


async def test_a_complaint_category_typed_in_chinese_is_stored_as_the_offices_word(app, work):
    """延迟交货 typed as the form suggests was stored as typed: the office's "late delivery"
    complaints and this one were two categories."""
    from fieldcrm.model import Complaint
    from tests.tui.conftest import complaint_typed, table_rows

    lin = work.add(Customer(name="林晓"))
    async with app.run_test(size=SIZE) as pilot:
        await complaint_typed(pilot, "林晓", "延迟交货", "晚了三天")
        await pilot.press("ctrl+s")
        await pilot.pause()
        logged, = [c for c in work.store.all(Complaint) if c.customer_id == lin.id]
        assert logged.category == "late delivery"
        row = next(r for r in table_rows(app.screen.query_one("#complaints")) if r[0] == "林晓")
        assert "延迟交货：晚了三天" in row, row
