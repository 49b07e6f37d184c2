"""Sentences shown under form fields, in Chinese when the interface is: the day and time
helps and refusals (fieldcrm/when.py) and the refusals of impossible lunar dates."""

import datetime as dt

import pytest

from fieldcrm import i18n
from fieldcrm.rules import lunar
from fieldcrm.when import DAY_HELP, parse_day, parse_due, parse_moment

TODAY = dt.date(2026, 11, 26)
NOW = dt.datetime(2026, 11, 26, 15, 0)


def _refusal(call) -> str:
    with pytest.raises(ValueError) as refused:
        call()
    return str(refused.value)


def test_day_and_time_refusals_read_in_chinese(chinese):
    assert i18n._(DAY_HELP).startswith("日期，如 周五（fri）")
    assert _refusal(lambda: parse_day("someday", TODAY)) == \
        "无法识别日期 'someday'：请输入日期，如 周五（fri）、下周一、明天（tomorrow）、3天后（+3d）、2周后（+2w）或 2026-12-01。"
    assert _refusal(lambda: parse_due("fri 25:00", TODAY)) == "'25:00' 不是有效的时刻：请用 24 小时制，如 15:00。"
    assert _refusal(lambda: parse_due("someday", TODAY)).startswith("无法识别日期 'someday'：请输入日期，如 周五")
    assert _refusal(lambda: parse_moment("someday 10:00", NOW)).startswith("无法识别时间 'someday 10:00'：请输入时间，如 现在")


def test_impossible_lunar_dates_are_refused_in_chinese(chinese):
    assert _refusal(lambda: lunar.read("1985-08-15", "生日")) == \
        "'1985-08-15' 不是农历日期（生日）：请写成 L1985-08-15（闰月写成 L2023-R02-10）。"
    assert _refusal(lambda: lunar.read("L2023-R03-10")) == \
        "'L2023-R03-10' 不是真实存在的农历日期：农历 2023 年的闰月是闰 2 月，不是闰 3 月。"
    assert _refusal(lambda: lunar.read("L2024-R02-10", "生日")) == \
        "'L2024-R02-10' 不是真实存在的农历日期（生日）：农历 2024 年没有闰月。"
    assert lunar.problem("L2023-13-01") == "农历没有 13 月"
    assert lunar.problem("L1800-01-01") == "只支持 1900 至 2100 年的农历，不支持 1800 年"


def test_the_same_sentences_stay_english_by_default():
    assert _refusal(lambda: parse_day("someday", TODAY)) == \
        "'someday' is not a day I understand: type a day such as fri, tomorrow, +3d, +2w or 2026-12-01."
    assert _refusal(lambda: lunar.read("L2024-R02-10", "Birthday")) == \
        "'L2024-R02-10' is not a real lunar date (Birthday): the lunar year 2024 has no leap month."
