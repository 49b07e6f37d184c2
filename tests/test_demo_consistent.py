"""The demo book agrees with itself: a new rep saw 曹娟 addressed as 曹先生 (gender m), "Dear Ms"
to Ahmed Clark, 高静 at 26 with a daughter at university, and visits logged at 00:15."""

import datetime as dt

import pytest

from fieldcrm.demo import DemoSize, build_demo
from fieldcrm.model import Customer, Interaction
from fieldcrm.resources import asset_toml
from tests.conftest import TODAY

WORDS = asset_toml("demo_words.toml")


def _customers(seed=7, today=TODAY):
    return [r for r in build_demo(DemoSize(300), seed=seed, today=today) if isinstance(r, Customer)]


def _given(customer: Customer) -> str:
    latin = customer.name.split()
    return latin[0] if len(latin) > 1 else customer.name[1:]


def test_the_word_list_says_which_given_names_are_womens():
    female = set(WORDS["female_given"])
    assert female <= set(WORDS["given_zh"]) | set(WORDS["first_en"])
    assert {"静", "娟", "Aisha", "Sofia"} <= female and not {"伟", "志强", "Ahmed", "Kenji"} & female


@pytest.mark.parametrize("seed", [1, 7, 11])
def test_gender_follows_the_given_name_and_the_form_of_address_follows_gender(seed):
    female = set(WORDS["female_given"])
    for customer in _customers(seed):
        assert customer.gender == ("f" if _given(customer) in female else "m"), customer.name
        address = customer.form_of_address
        assert not address.endswith("先生" if customer.gender == "f" else "女士"), (customer.name, address)
        assert not address.startswith("Mr " if customer.gender == "f" else "Ms "), (customer.name, address)


@pytest.mark.parametrize("today", [TODAY, dt.date(2024, 2, 29)])
@pytest.mark.parametrize("seed", [1, 7, 11])
def test_family_facts_are_plausible_for_the_age(seed, today):
    ages = {text: (youngest, oldest) for text, youngest, oldest in WORDS["family"]}
    for customer in _customers(seed, today):
        age = (today - dt.date.fromisoformat(customer.birthday)).days // 365
        youngest, oldest = ages[customer.family]
        assert youngest <= age <= oldest, (customer.name, age, customer.family)
    assert ages["married, one daughter at university"][0] >= 40 and ages["grandchildren visit on Sundays"][0] >= 50


@pytest.mark.parametrize("tz", [None, dt.timezone.utc, dt.timezone(dt.timedelta(hours=-5))],
                         ids=["demo-zone", "utc", "utc-5"])
@pytest.mark.parametrize("seed", [1, 7])
def test_every_contact_is_in_working_hours_in_the_reps_zone(seed, tz):
    extra = {} if tz is None else {"tz": tz}
    zone = tz or dt.timezone(dt.timedelta(hours=8))
    records = build_demo(DemoSize(300), seed=seed, today=TODAY, **extra)
    times = [dt.datetime.fromisoformat(r.at.replace("Z", "+00:00")).astimezone(zone)
             for r in records if isinstance(r, Interaction)]
    outside = [t.isoformat() for t in times if not dt.time(8, 30) <= t.time() <= dt.time(19)]
    assert outside == [] and len(times) == 6000
    assert max(times) <= dt.datetime.combine(TODAY, dt.time(17), zone)  # never after the demo's "now"
    assert {t.date() for t in times} >= {TODAY - dt.timedelta(days=n) for n in range(2)}  # today and yesterday worked


def test_fieldcrm_demo_puts_the_contacts_in_working_hours_where_the_rep_is(tmp_path, monkeypatch):
    from fieldcrm.cli import main
    from fieldcrm.store import Store

    new_york = dt.timezone(dt.timedelta(hours=-5))
    monkeypatch.setattr("fieldcrm.workbook.local_tz", lambda: new_york)
    assert main(["demo", "--db", str(tmp_path / "demo"), "--customers", "20"]) == 0
    with Store.open(tmp_path / "demo", read_only=True) as store:
        times = [dt.datetime.fromisoformat(i.at.replace("Z", "+00:00")).astimezone(new_york).time()
                 for i in store.all(Interaction)]
    assert times and all(dt.time(8, 30) <= t <= dt.time(19) for t in times)
