"""What the rules say to the rep, in Simplified Chinese (the interface language set to zh).

Pure functions: the language is switched for the test and back to English after it.
"""

import datetime as dt


from fieldcrm.model import Complaint, Customer
from fieldcrm.report_view import render
from fieldcrm.resources import asset_toml
from fieldcrm.rules.messages import fill, title
from fieldcrm.rules.reports import build_report
from fieldcrm.rules.segments import effective_tier
from fieldcrm.rules.settings import Settings
from fieldcrm.sync.importer import Summary
from fieldcrm.textwidth import cells
from tests.rules.helpers import DAY, contact, customer, facts_of, purchase, reasons_for

LIBRARY = asset_toml("messages.toml")


def test_a_birthday_today_and_a_lunar_one_ahead(chinese):
    wang = customer("王伟", birthday="1980-11-24")
    li = customer("李娜", birthday="L1985-08-15")
    facts = facts_of([wang, li])
    assert ("birthday", "今天过生日（满46岁）") in reasons_for(facts, wang.id)
    assert ("birthday", "9月25日 星期五过生日（农历八月十五，满41岁）") in \
        reasons_for(facts_of([li]), li.id, dt.date(2026, 9, 20), Settings(festivals=()))


def test_a_cadence_reason_says_what_to_do_and_how_late(chinese):
    ann = customer(created="2026-01-01T00:00:00Z")
    facts = facts_of([ann], [contact(ann, "2026-08-17T10:00:00Z", "call")])
    assert reasons_for(facts, ann.id) == [("cadence", "致电已逾期 9 天（C 类客户，每 90 天一次）")]


def test_a_complaint_past_its_promise(chinese):
    ann = customer()
    late = Complaint(id="k1", customer_id=ann.id, category="送货延迟", opened="2026-11-01",
                     promised="2026-11-20", status="open")
    facts = facts_of([ann], [contact(ann, "2026-11-20T10:00:00Z")], complaints=[late])
    assert reasons_for(facts, ann.id) == [("complaint", "投诉已超过承诺日期 4 天：送货延迟")]


def test_a_festival_greeting_and_season_care(chinese):
    ann = customer("Ann Lee", preferred_channel="WeChat")
    facts = facts_of([ann], purchases=[purchase(ann, "2026-06-01")])
    assert ("festival", "9月25日 星期五是中秋节：发送节日问候") in reasons_for(facts, ann.id, dt.date(2026, 9, 20))
    assert ("season_care", "换季关怀：明天立春") in reasons_for(facts, ann.id, dt.date(2027, 2, 3))


def test_the_tier_says_why_with_the_configured_currency(chinese):
    why = effective_tier(Customer(name="王伟"), "A", 12345.0, Settings(currency="$")).why
    assert why == "属于贡献 80% 收入的客户（近 12 个月 $12,345）"


def test_the_report_in_chinese_keeps_its_columns(chinese):
    names = {"a": "王伟", "b": "Bob"}
    report = build_report(DAY, "month", names=names, contacts=[("visit", "2026-11-23T09:00:00Z", False)],
                          deals=[("a", "2026-10-01", 900.0), ("b", "2026-10-02", 100.0)], followups=[],
                          referrals=[], complaints=[Complaint(opened="2026-10-05", promised="2026-10-12",
                                                              status="open")],
                          overrides={}, tz=dt.timezone.utc)
    lines = render(report, currency="$").plain.splitlines()
    assert lines[0] == "报表：本月 11月1日 至 11月24日"
    head = lines.index("每周活动") + 1
    heading, week = lines[head], lines[head + 8]
    assert heading == "  周起始       拜访   电话   消息   问候   活动   跟进   合计"
    assert week.startswith("  11月23日        1      0")
    # Each number ends in the same terminal cell as its heading (a Chinese character takes two).
    by_cell = "".join(ch + "\0" * (cells(ch) - 1) for ch in week)
    for label in ("拜访", "合计"):
        end = cells(heading[:heading.index(label) + len(label)])
        assert by_cell[:end].endswith(("1", "0")) and by_cell[end] == " "
    assert "  2 位客户共 $1,000；前 20% 的客户贡献 90%" in lines
    assert "  按承诺日期解决 0%（1 件中 0 件；1 件已过承诺日期仍未解决）" in lines


def test_the_suggested_message_follows_the_interface_unless_the_customer_has_a_language(chinese):
    assert fill(LIBRARY["birthday"], Customer(name="Lily Wang"), "陈立").startswith("Lily Wang，生日快乐")
    assert fill(LIBRARY["birthday"], Customer(name="Ann Lee", form_of_address="Ms Lee"), "陈立").startswith(
        "Happy birthday, Ms Lee!")
    assert title(LIBRARY["birthday"]) == "生日祝福"


def test_in_english_the_message_is_english_unless_the_customer_is_greeted_in_chinese():
    assert fill(LIBRARY["birthday"], Customer(name="Lily Wang"), "Alex").startswith("Happy birthday, Lily Wang!")
    assert fill(LIBRARY["birthday"], Customer(name="Wang Wei", form_of_address="王总"), "Alex").startswith("王总，生日快乐")
    assert title(LIBRARY["birthday"]) == "Birthday wishes"


def test_the_import_summary_in_chinese(chinese):
    summary = Summary(files=2, new_records=3, updated_fields=4, skipped=1, conflicts=["x"], withdrawn=["c1"])
    assert summary.lines() == [
        "2 个文件：3 条新记录，4 个更新字段，1 个冲突，1 条已有的更改（已跳过）。",
        "  冲突：x",
        "  1 位客户已被公司转给其他销售，不再保存在这台电脑上。",
    ]
