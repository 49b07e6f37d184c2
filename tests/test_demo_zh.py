"""The demo in the rep's language: a Chinese rep's `fieldcrm demo` makes a Chinese book (a
colleague living a week as a Chinese rep found it mostly English), and English stays the very
book it always was for a seed (the bench and many tests rely on it)."""

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter

import pytest

from fieldcrm import i18n
from fieldcrm.demo import DemoSize, build_demo, demo_rep
from fieldcrm.model import Complaint, Customer, FollowUp, Interaction, Purchase, Referral
from fieldcrm.resources import asset_toml
from fieldcrm.rules import lunar
from fieldcrm.rules.labels import COMPLAINT_CATEGORIES
from fieldcrm.store import Store
from tests.conftest import TODAY

ZH_WORDS = asset_toml("demo_words_zh.toml")
# Canonical dumps of the English demo, taken before the Chinese one existed.
ENGLISH_BOOKS = {
    (7, 300, None): "0ec93cd07aa5f993590afb56e412be2903bfd1022585bfc4916e5a5f5a40a308",
    (11, 60, None): "ac5e178edc357cc645980567f01e175a865e2290f46b9c81842048a27c137373",
    (3, 40, "utc"): "86294f6cf8c80c67427e42801215fc2086063fa51d6b939d769f54b76a3d7392",
}
ENGLISH_REP = "2f06fcd0f58a0902335d67a0e48192b5690209dc29161a21aca62b5faa044315"


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _latin_letters(text: str) -> bool:
    return any(ch.isascii() and ch.isalpha() for ch in text)


def _zh(seed=7, n=300, **extra):
    return build_demo(DemoSize(n), seed=seed, today=TODAY, language="zh", **extra)


def _of(records, kind):
    return [r for r in records if isinstance(r, kind)]


@pytest.mark.parametrize(("seed", "n", "zone"), list(ENGLISH_BOOKS))
def test_the_english_demo_is_the_same_book_as_before_for_a_seed(seed, n, zone):
    extra = {"tz": dt.timezone.utc} if zone == "utc" else {}
    for records in (build_demo(DemoSize(n), seed=seed, today=TODAY, **extra),
                    build_demo(DemoSize(n), seed=seed, today=TODAY, language="en", **extra)):
        assert _digest([[type(r).__name__, r.to_dict()] for r in records]) == ENGLISH_BOOKS[seed, n, zone]
    assert _digest(demo_rep().to_dict()) == ENGLISH_REP


def test_the_chinese_demo_is_seeded_too():
    assert _zh(7, 60) == _zh(7, 60) and _zh(7, 60) != _zh(8, 60)


def test_most_chinese_demo_customers_are_chinese_and_every_soft_fact_is_in_chinese():
    customers = _of(_zh(), Customer)
    latin = [c.name for c in customers if not _han(c.name)]
    assert 0.03 < len(latin) / len(customers) < 0.2, latin  # a few managers at foreign-invested firms
    for c in customers:
        for field in ("company", "title", "address", "area", "family", "occupation", "hobbies", "personality",
                      "buying_habits", "preferred_channel", "service_style", "promo_attitude"):
            value = getattr(c, field)
            assert _han(value), (c.name, field, value)
            if field not in ("company",):  # a foreign firm keeps its Latin name: Bluewater（上海）贸易有限公司
                assert not _latin_letters(value), (c.name, field, value)
        assert c.phones[0].startswith("+86 1") and all(_han(t) for t in c.tags)
        assert all(_han(d["label"]) for d in c.important_dates)
        if _han(c.name):
            assert c.email.endswith("@example.cn") and c.form_of_address.startswith(c.name[0])
    areas = Counter(c.area for c in customers)
    shanghai = sum(n for area, n in areas.items() if not area.startswith(("北京", "广州")))
    assert shanghai / len(customers) > 0.6 and any(a.startswith("北京") for a in areas)


def test_the_chinese_demo_notes_reasons_and_complaints_are_in_chinese():
    records = _zh()
    for i in _of(records, Interaction):
        assert _han(i.note) and _han(i.outcome) and (not i.next_step or _han(i.next_step)), i
        assert " " not in i.note  # Chinese sentences run on without a space
    assert all(_han(f.reason) for f in _of(records, FollowUp))
    for c in _of(records, Complaint):  # its category in the office's words, which the rep reads in Chinese
        assert c.category in COMPLAINT_CATEGORIES and _han(c.description) and c.owner == "陈立"
        assert _han(i18n.catalogs("zh").gettext(COMPLAINT_CATEGORIES[c.category]))
        assert not _latin_letters(c.compensation)
    leads = [r.lead_name for r in _of(records, Referral)]
    assert sum(_han(name) for name in leads) > len(leads) / 2
    assert all(not r.reward or _han(r.reward) for r in _of(records, Referral))
    for p in _of(records, Purchase):
        assert _han(p.item) and not _latin_letters(p.colour + p.usage), p
    assert _han(demo_rep("zh").name) and _han(demo_rep("zh").company)


def _given(customer: Customer) -> str:
    latin = customer.name.split()
    return latin[0] if len(latin) > 1 else customer.name[1:]


@pytest.mark.parametrize("seed", [1, 7, 11])
def test_the_chinese_demo_keeps_the_demos_consistency_rules(seed):
    female = set(ZH_WORDS["female_given"])
    assert female <= set(ZH_WORDS["given_zh"]) | set(ZH_WORDS["first_en"])
    ages = {text: (youngest, oldest) for text, youngest, oldest in ZH_WORDS["family"]}
    for c in _of(_zh(seed), Customer):
        assert c.gender == ("f" if _given(c) in female else "m"), c.name
        assert not c.form_of_address.endswith("先生" if c.gender == "f" else "女士"), (c.name, c.form_of_address)
        born = lunar.birth_date(c.birthday) if lunar.is_lunar(c.birthday) else dt.date.fromisoformat(c.birthday)
        youngest, oldest = ages[c.family]
        assert youngest <= (TODAY - born).days // 365 <= oldest, (c.name, c.birthday, c.family)


def test_some_older_chinese_customers_keep_a_lunar_birthday():
    customers = _of(_zh(), Customer)
    kept = [c for c in customers if lunar.is_lunar(c.birthday)]
    assert len(kept) > 10 and all(lunar.problem(c.birthday) is None and _han(c.name) for c in kept)
    assert all((TODAY - lunar.birth_date(c.birthday)).days // 365 >= ZH_WORDS["lunar_birthday_age"] for c in kept)


def test_the_chinese_demo_keeps_working_hours_and_the_80_20_rule():
    records = _zh()
    zone = dt.timezone(dt.timedelta(hours=8))
    times = [dt.datetime.fromisoformat(i.at.replace("Z", "+00:00")).astimezone(zone).time()
             for i in _of(records, Interaction)]
    assert len(times) == 6000 and all(dt.time(8, 30) <= t <= dt.time(19) for t in times)
    revenue = Counter()
    for p in _of(records, Purchase):
        revenue[p.customer_id] += p.amount
    ordered = sorted(revenue.values(), reverse=True)
    assert 0.6 < sum(ordered[: len(ordered) // 5]) / sum(ordered) < 0.97


def test_a_chinese_preferred_channel_chooses_the_action_as_the_english_word_does():
    from fieldcrm.rules.reasons import contact_action

    for word, action in (("电话", "call"), ("拜访", "visit"), ("微信", "message"), ("邮件", "message")):
        assert contact_action(Customer(preferred_channel=word), "C") == action


def test_the_new_chinese_customers_are_found_by_their_pinyin_initials():
    from fieldcrm.rules.pinyin import char_readings
    from fieldcrm.rules.search import CustomerIndex

    customers = _of(_zh(7, 60), Customer)
    index = CustomerIndex(customers)
    for c in [c for c in customers if _han(c.name)][:10]:
        initials = "".join(char_readings(ch)[0][0] for ch in c.name)
        assert c.name in [found.name for found in index.search(initials)], (c.name, initials)


def _demo(*args, env):
    environment = {k: v for k, v in os.environ.items() if k not in ("FIELDCRM_LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    return subprocess.run([sys.executable, "-m", "fieldcrm", "demo", "--customers", "12", *args],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, env={**environment, **env})


def _names(folder):
    with Store.open(folder, read_only=True) as book:
        return [c.name for c in book.all(Customer)], book.rep.name


@pytest.mark.parametrize("env", [{"LANG": "zh_CN.UTF-8"}, {"LANG": "C.UTF-8", "FIELDCRM_LANGUAGE": "zh"}],
                         ids=["LANG", "FIELDCRM_LANGUAGE"])
def test_fieldcrm_demo_makes_a_chinese_book_when_the_language_is_chinese(tmp_path, env):
    result = _demo("--db", str(tmp_path / "book"), env=env)
    assert result.returncode == 0, result.stderr
    names, rep = _names(tmp_path / "book")
    assert sum(_han(n) for n in names) >= 9 and rep == "陈立"


def test_the_language_flag_chooses_the_demos_language_over_the_interface(tmp_path):
    english = _demo("--db", str(tmp_path / "en"), "--language", "en", env={"LANG": "zh_CN.UTF-8"})
    chinese = _demo("--db", str(tmp_path / "zh"), "--language", "zh", env={"LANG": "C.UTF-8"})
    assert english.returncode == 0 and chinese.returncode == 0, english.stderr + chinese.stderr
    assert _names(tmp_path / "en")[1] == "Alex Chen 陈立" and _names(tmp_path / "zh")[1] == "陈立"
    assert "language" in _demo("--help", env={"LANG": "C.UTF-8"}).stdout


def test_an_unknown_demo_language_is_refused_in_one_sentence_and_writes_nothing(tmp_path):
    result = _demo("--db", str(tmp_path / "book"), "--language", "fr", env={"LANG": "C.UTF-8"})
    assert result.returncode != 0 and "Traceback" not in result.stderr and "fr" in result.stderr
    assert not (tmp_path / "book").exists()


def test_a_chinese_team_demo_gives_each_rep_chinese_customers(tmp_path):
    from fieldcrm.demo_team import make_team

    team = make_team(tmp_path / "team", 2, seed=7, today=TODAY, per_rep=10, language="zh")
    for rep in team.reps:
        names, _rep = _names(rep.folder)
        assert len(names) == 10 and sum(_han(n) for n in names) >= 7
