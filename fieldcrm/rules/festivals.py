"""Festivals and the 24 solar terms: greeting and season-care reasons.

The festival dates and solar terms come from tyme4py (via ``lunar``); each is a
Gregorian day in China's time zone, as calendars there print them. A greeting is
an occurrence like a birthday ("festival:mid_autumn:2026-09-25"): settled once,
back next year.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import NamedTuple

from fieldcrm import i18n
from fieldcrm.i18n import _
from fieldcrm.model import Customer
from fieldcrm.rules.calendar import when_words
from fieldcrm.rules.channels import prefers_written
from fieldcrm.rules.lunar import LunarDate, gregorian

# key -> (English name, Chinese name, (lunar month, day) or None, (Gregorian month, day) or None)
FESTIVALS: dict[str, tuple[str, str, tuple[int, int] | None, tuple[int, int] | None]] = {
    "new_year": ("New Year's Day", "元旦", None, (1, 1)),
    "spring_festival": ("Chinese New Year", "春节", (1, 1), None),
    "lantern": ("Lantern Festival", "元宵节", (1, 15), None),
    "dragon_boat": ("Dragon Boat Festival", "端午节", (5, 5), None),
    "mid_autumn": ("Mid-Autumn Festival", "中秋节", (8, 15), None),
    "double_ninth": ("Double Ninth Festival", "重阳节", (9, 9), None),
    "national_day": ("National Day", "国庆节", None, (10, 1)),
}
# The 24 solar terms in tyme4py's order: index 0 is the winter solstice of the year before.
SOLAR_TERMS = ("冬至", "小寒", "大寒", "立春", "雨水", "惊蛰", "春分", "清明", "谷雨", "立夏", "小满", "芒种",
               "夏至", "小暑", "大暑", "立秋", "处暑", "白露", "秋分", "寒露", "霜降", "立冬", "小雪", "大雪")
TERM_NAMES_EN = {
    "立春": "Start of Spring", "雨水": "Rain Water", "惊蛰": "Awakening of Insects", "春分": "Spring Equinox",
    "清明": "Pure Brightness", "谷雨": "Grain Rain", "立夏": "Start of Summer", "小满": "Grain Buds",
    "芒种": "Grain in Ear", "夏至": "Summer Solstice", "小暑": "Minor Heat", "大暑": "Major Heat",
    "立秋": "Start of Autumn", "处暑": "End of Heat", "白露": "White Dew", "秋分": "Autumn Equinox",
    "寒露": "Cold Dew", "霜降": "Frost's Descent", "立冬": "Start of Winter", "小雪": "Minor Snow",
    "大雪": "Major Snow", "冬至": "Winter Solstice", "小寒": "Minor Cold", "大寒": "Major Cold",
}
SEASON_STARTS = ("立春", "立夏", "立秋", "立冬")
STAGES = ("prospect", "first-time buyer", "repeat buyer", "advocate")
# Greetings are messages sent to many: below a birthday, never pinned to the day's list.
URGENCY = {"festival": 12, "season_care": 8}


class Upcoming(NamedTuple):
    kind: str  # "festival" or "season_care"
    key: str  # "mid_autumn", or the term's Chinese name
    name: str  # how the reason names it
    day: dt.date
    offset: int  # days from the agenda's day


def festival_day(key: str, year: int) -> dt.date:
    """The Gregorian day of a festival in a Gregorian year (lunar ones in the lunar year
    that starts in it: Chinese New Year 2026 is 2026-02-17)."""
    _en, _zh, lunar, solar = FESTIVALS[key]
    if solar:
        return dt.date(year, *solar)
    return gregorian(LunarDate(year, *lunar), year)


@lru_cache(maxsize=16)
def term_days(year: int) -> dict[str, dt.date]:
    """Each solar term's Gregorian day in ``year`` (the winter solstice of that December)."""
    from tyme4py.solar import SolarTerm

    out = {}
    for index in range(1, 25):  # 1..24: 小寒 of this January to 冬至 of this December
        solar = SolarTerm.from_index(year, index).get_julian_day().get_solar_day()
        out[SOLAR_TERMS[index % 24]] = dt.date(solar.get_year(), solar.get_month(), solar.get_day())
    return out


@lru_cache(maxsize=64)
def upcoming(day: dt.date, festivals: tuple[str, ...], festival_days: int, spring_days: int,
             terms: tuple[str, ...], term_days_ahead: int) -> tuple[Upcoming, ...]:
    """Festivals and solar terms within their windows from ``day`` (today is 0)."""
    found = []
    for key in festivals:
        ahead = spring_days if key == "spring_festival" else festival_days
        for year in (day.year, day.year + 1):
            when = festival_day(key, year)
            offset = (when - day).days
            if 0 <= offset <= ahead:
                found.append(Upcoming("festival", key, FESTIVALS[key][0], when, offset))
    for year in (day.year, day.year + 1):
        for term, when in term_days(year).items():
            offset = (when - day).days
            if term in terms and 0 <= offset <= term_days_ahead:
                found.append(Upcoming("season_care", term, f"{term} ({TERM_NAMES_EN[term]})", when, offset))
    return tuple(found)


def prefers_messages(customer: Customer) -> bool:
    return prefers_written(customer.preferred_channel)


def greeting_reasons(customer: Customer, tier: str, stage: str, events: tuple[Upcoming, ...], settings,
                     day: dt.date, dated: bool = False) -> list:
    """A festival greeting for the tiers and stages the rep chose; season care for
    customers who prefer messages. ``dated``: a plan for another day (see ``when_words``)."""
    from fieldcrm.rules.reasons import Reason

    out = []
    for event in events:
        if event.kind == "festival":
            if tier not in settings.festival_tiers or stage not in settings.festival_stages:
                continue
            text = _("{festival} {when}: send a greeting").format(
                festival=event_name(event), when=when_words(day, event.offset, dated))
            template = f"festival_{event.key}"
        else:
            if not prefers_messages(customer):
                continue
            text = _("season care: {term} {when}").format(term=event_name(event), when=when_words(day, event.offset, dated))
            template = SEASON_TEMPLATE.get(event.key, "season")
        out.append(Reason(event.kind, text, URGENCY[event.kind] + (4 if event.offset == 0 else 0),
                          f"{event.kind}:{event.key}:{event.day.isoformat()}", "message",
                          template=template))
    return out


def event_name(event: Upcoming) -> str:
    """How a reason names the festival or term: in Chinese alone for a Chinese interface."""
    if i18n.language() != "zh":
        return event.name
    return FESTIVALS[event.key][1] if event.kind == "festival" else event.key


def occasion(occurrence: str) -> dict[str, str] | None:
    """The festival or solar term a greeting's occurrence names, in each language
    ("season_care:清明:2026-04-05" -> {"zh": "清明", "en": "Pure Brightness"})."""
    kind, _, rest = occurrence.partition(":")
    key = rest.partition(":")[0]
    if kind == "festival" and key in FESTIVALS:
        return {"en": FESTIVALS[key][0], "zh": FESTIVALS[key][1]}
    if kind == "season_care" and key in TERM_NAMES_EN:
        return {"en": TERM_NAMES_EN[key], "zh": key}
    return None


SEASON_TEMPLATE = {"立春": "season_spring", "立夏": "season_summer", "立秋": "season_autumn", "立冬": "season_winter"}
