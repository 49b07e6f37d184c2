"""Festivals and solar terms: their dates, the greetings they bring, settled once a year.

Source of the tables: the Hong Kong Observatory's "Gregorian-Lunar Calendar Conversion
Table" (公历与农历日期对照表, which lists the festivals' lunar days and the 24 solar
terms in Beijing time), years 2026-2030.
"""

import datetime as dt

import pytest

from fieldcrm.clock import FrozenClock
from fieldcrm.interop.calendar_events import calendar_for
from fieldcrm.model import Customer, Purchase
from fieldcrm.rules.festivals import festival_day, term_days
from fieldcrm.rules.settings import Settings
from fieldcrm.store import Store
from fieldcrm.workbook import Workbook
from tests.rules.helpers import customer, facts_of, purchase, reasons_for

UTC = dt.timezone.utc

FESTIVAL_TABLE = {  # year: 春节, 元宵, 端午, 中秋, 重阳
    2026: ("2026-02-17", "2026-03-03", "2026-06-19", "2026-09-25", "2026-10-18"),
    2027: ("2027-02-06", "2027-02-20", "2027-06-09", "2027-09-15", "2027-10-08"),
    2028: ("2028-01-26", "2028-02-09", "2028-05-28", "2028-10-03", "2028-10-26"),
    2029: ("2029-02-13", "2029-02-27", "2029-06-16", "2029-09-22", "2029-10-16"),
    2030: ("2030-02-03", "2030-02-17", "2030-06-05", "2030-09-12", "2030-10-05"),
}
TERM_TABLE = {  # year: 立春, 清明, 立夏, 立秋, 立冬, 冬至
    2026: ("2026-02-04", "2026-04-05", "2026-05-05", "2026-08-07", "2026-11-07", "2026-12-22"),
    2027: ("2027-02-04", "2027-04-05", "2027-05-06", "2027-08-08", "2027-11-07", "2027-12-22"),
    2028: ("2028-02-04", "2028-04-04", "2028-05-05", "2028-08-07", "2028-11-07", "2028-12-21"),
    2029: ("2029-02-03", "2029-04-04", "2029-05-05", "2029-08-07", "2029-11-07", "2029-12-21"),
    2030: ("2030-02-04", "2030-04-05", "2030-05-05", "2030-08-07", "2030-11-07", "2030-12-22"),
}


@pytest.mark.parametrize("year", sorted(FESTIVAL_TABLE))
def test_festival_days_match_the_published_table(year):
    keys = ("spring_festival", "lantern", "dragon_boat", "mid_autumn", "double_ninth")
    assert tuple(festival_day(key, year).isoformat() for key in keys) == FESTIVAL_TABLE[year]
    assert festival_day("national_day", year) == dt.date(year, 10, 1)
    assert festival_day("new_year", year) == dt.date(year, 1, 1)


@pytest.mark.parametrize("year", sorted(TERM_TABLE))
def test_solar_terms_match_the_published_table(year):
    days = term_days(year)
    assert len(days) == 24
    names = ("立春", "清明", "立夏", "立秋", "立冬", "冬至")
    assert tuple(days[name].isoformat() for name in names) == TERM_TABLE[year]


def _buyer(name="Ann Lee", **fields):
    """A customer who has bought: a festival greeting goes to buyers, not prospects, by default."""
    return customer(name, **fields)


def test_a_festival_greeting_goes_to_the_chosen_tiers_and_stages():
    ann, bob = _buyer("Ann Lee"), customer("Bob Prospect")
    facts = facts_of([ann, bob], purchases=[purchase(ann, "2026-06-01")])
    day = dt.date(2026, 9, 20)
    assert ("festival", "Mid-Autumn Festival on Friday 25 Sep: send a greeting") in reasons_for(facts, ann.id, day)
    assert not [r for r in reasons_for(facts, bob.id, day) if r[0] == "festival"]  # a prospect
    not_a = Settings(agenda_size=100, festival_tiers=("B", "C"))
    assert not [r for r in reasons_for(facts, ann.id, day, not_a) if r[0] == "festival"]  # ann, the one buyer, is A
    none = Settings(agenda_size=100, festivals=())
    assert not [r for r in reasons_for(facts, ann.id, day, none) if r[0] == "festival"]


def test_chinese_new_year_comes_earlier_than_other_festivals():
    ann = _buyer()
    facts = facts_of([ann], purchases=[purchase(ann, "2026-06-01")])
    texts = [text for kind, text in reasons_for(facts, ann.id, dt.date(2027, 1, 28)) if kind == "festival"]
    assert texts == ["Chinese New Year on Saturday 6 Feb: send a greeting"]  # 9 days ahead


def test_season_care_at_the_chosen_terms_for_customers_who_prefer_messages():
    wechat, visit = customer("Wang Fang", preferred_channel="WeChat"), customer("Li Lei", preferred_channel="visit")
    facts = facts_of([wechat, visit])
    day = dt.date(2026, 11, 5)
    assert ("season_care", "season care: 立冬 (Start of Winter) on Saturday 7 Nov") in reasons_for(facts, wechat.id, day)
    assert not [r for r in reasons_for(facts, visit.id, day) if r[0] == "season_care"]
    qingming = Settings(agenda_size=100, season_terms=("清明",))
    assert ("season_care", "season care: 清明 (Pure Brightness) tomorrow") in \
        reasons_for(facts, wechat.id, dt.date(2026, 4, 4), qingming)


@pytest.mark.parametrize("birthday, expected", [
    ("L0000-08-15", "birthday (农历八月十五) on Friday 25 Sep"),
    ("L1985-08-15", "birthday (农历八月十五) on Friday 25 Sep (turns 41)"),
    ("L0000-R08-15", "birthday (农历闰八月十五) on Friday 25 Sep"),  # no 闰八月 in 2026: the ordinary 八月
])
def test_a_lunar_birthday_is_on_the_agenda_on_its_gregorian_day_this_year(birthday, expected):
    ann = customer(birthday=birthday)
    facts = facts_of([ann])
    assert ("birthday", expected) in reasons_for(facts, ann.id, dt.date(2026, 9, 20), Settings(festivals=()))


def test_a_lunar_anniversary_counts_lunar_years():
    ann = customer(important_dates=[{"label": "wedding", "date": "L2010-08-15"}])
    assert ("anniversary", "wedding (农历八月十五) on Friday 25 Sep (16 years)") in \
        reasons_for(facts_of([ann]), ann.id, dt.date(2026, 9, 20), Settings(festivals=()))


@pytest.fixture
def book(tmp_path):
    clock = FrozenClock("2026-09-20T09:30:00+00:00")
    store = Store.open(tmp_path / "book", clock=clock)
    work = Workbook(store, tz=UTC)
    ann = work.add(Customer(name="王芳", form_of_address="王总", soft_confirmed="2026-06-01",
                            created="2020-01-01T00:00:00Z", birthday="L0000-08-15"))
    work.add_purchase(Purchase(customer_id=ann.id, date="2026-06-01", amount=500.0))
    yield work, ann, clock
    store.close()


def _festival_item(work, subject, day=None, key="mid_autumn"):
    plan = work.agenda(day)
    item = next((i for i in plan.items + plan.also_due if i.subject == subject), None)
    return item if item and any(r.occurrence.startswith(f"festival:{key}:") for r in item.reasons) else None


def test_a_festival_greeting_is_settled_once_and_comes_back_next_year(book):
    work, ann, clock = book
    item = _festival_item(work, ann.id)
    assert "festival:mid_autumn:2026-09-25" in item.occurrences
    work.mark_done(item)
    assert _festival_item(work, ann.id) is None
    assert _festival_item(work, ann.id, dt.date(2026, 9, 24)) is None
    later = _festival_item(work, ann.id, dt.date(2027, 9, 10))
    assert later is not None and "festival:mid_autumn:2027-09-15" in later.occurrences


def test_the_festival_greeting_is_filled_in_the_customers_language(book):
    work, ann, _ = book
    item = _festival_item(work, ann.id)
    assert item.template in ("festival_mid_autumn", "birthday")  # the birthday is the same day
    work.update(Customer, ann.id, birthday="")
    item = _festival_item(work, ann.id)
    assert item.template == "festival_mid_autumn"
    assert work.message(item).startswith("王总您好！中秋佳节，月圆人团圆。")
    work.update(Customer, ann.id, name="Ann Lee", form_of_address="Ms Lee")
    item = _festival_item(work, ann.id)
    assert work.message(item).startswith("Dear Ms Lee, happy Mid-Autumn Festival!")


def test_season_care_names_the_term_in_both_languages(book):
    work, ann, clock = book
    work.settings = Settings(season_terms=("秋分",), festivals=())
    work.update(Customer, ann.id, preferred_channel="wechat", birthday="")
    item = next(i for i in work.agenda().also_due + work.agenda().items if i.subject == ann.id)
    assert item.template == "season"
    assert work.message(item).startswith("王总您好！秋分到了，")
    work.update(Customer, ann.id, name="Ann Lee", form_of_address="Ms Lee")
    item = next(i for i in work.agenda().also_due + work.agenda().items if i.subject == ann.id)
    assert work.message(item).startswith("Dear Ms Lee, Autumn Equinox is here")


def test_the_calendar_file_has_a_lunar_birthday_on_each_years_gregorian_day(book):
    work, ann, _ = book
    text, _count = calendar_for(work)
    assert "DTSTART;VALUE=DATE:20260925" in text and "DTSTART;VALUE=DATE:20270915" in text
    assert "DTSTART;VALUE=DATE:20281003" in text
    event = text[text.index("DTSTART;VALUE=DATE:20260925"):]
    assert "RRULE" not in event[:event.index("END:VEVENT")]  # a yearly rule would be wrong next year
