"""Choosing a notice's customers, personalising each message, leaving out who dislikes selling."""

import datetime as dt

from fieldcrm.model import Customer, Notice
from fieldcrm.resources import asset_toml
import pytest

from fieldcrm.rules.notices import (
    Person, Told, audience_problem, clean_audience, personalise, promo_averse, promo_reason, recipients,
    template_key,
)

LIBRARY = asset_toml("messages.toml")


def person(name, tier="A", stage="repeat buyer", products=(), **fields):
    return Person(Customer(id=f"c-{name}", name=name, **fields), tier, stage, list(products))


def notice(**fields):
    fields.setdefault("kind", "promotion")
    fields.setdefault("title", "the winter tea sale")
    fields.setdefault("starts", "2026-12-01")
    fields.setdefault("ends", "2026-12-10")
    return Notice(id="n1", **fields)


def chosen(n, people):
    return recipients(n, LIBRARY[template_key(n.kind)], people, "Alex")


def test_the_audience_is_every_key_given_and_any_of_its_values():
    people = [
        person("Ann", "A", area="Riverside", tags=["vip"], preferred_channel="WeChat", products=["Tea set"]),
        person("Bo", "A", area="Harbour", tags=["vip"], preferred_channel="微信"),
        person("Cy", "B", area="Riverside", tags=["VIP"], preferred_channel="call", products=["Green tea"]),
        person("Di", "A", area="riverside ", stage="prospect"),
    ]
    assert [r.name for r in chosen(notice(audience={"tier": ["A"], "area": ["Riverside"]}), people)] == ["Ann", "Di"]
    assert [r.name for r in chosen(notice(audience={"tag": ["vip"], "channel": ["wechat"]}), people)] == ["Ann", "Bo"]
    assert [r.name for r in chosen(notice(audience={"product": ["tea"]}), people)] == ["Ann", "Cy"]
    assert [r.name for r in chosen(notice(audience={"stage": ["prospect", "advocate"]}), people)] == ["Di"]
    assert len(chosen(notice(audience={}), people)) == 4  # no filter: everyone


def test_each_message_is_personal_and_in_the_customers_language():
    ann = person("Ann Lee", form_of_address="Ms Lee", products=["Tea set", "Cups"])
    wang = person("王伟", form_of_address="王总")
    english, chinese = chosen(notice(), [ann, wang])
    assert english.message.startswith("Dear Ms Lee, a note ahead of time: the winter tea sale, from 1 Dec "
                                      "to 10 Dec. As you chose Tea set with us")
    assert english.message.endswith("— Alex")
    assert chinese.message.startswith("王总您好！") and "12月1日至12月10日" in chinese.message
    assert "选过" not in chinese.message  # bought nothing: no product sentence


@pytest.mark.parametrize("starts, ends, english, chinese", [
    ("", "", "the winter tea sale. I wanted", "冬季茶叶优惠。想让您"),
    ("2026-12-01", "", "the winter tea sale, from 1 Dec. I wanted", "冬季茶叶优惠，12月1日起。"),
    ("", "2026-12-10", "the winter tea sale, until 10 Dec. I wanted", "冬季茶叶优惠，截至12月10日。"),
    ("2026-12-01", "2026-12-10", "the winter tea sale, from 1 Dec to 10 Dec. I wanted",
     "冬季茶叶优惠，时间是12月1日至12月10日。"),
])
def test_the_dates_are_worded_for_the_days_the_notice_has(starts, ends, english, chinese):
    """The preview shows a promotion before its days are typed: never "from  to ."."""
    ann, wang = person("Ann Lee", form_of_address="Ms Lee"), person("王伟", form_of_address="王总")
    (en,) = chosen(notice(starts=starts, ends=ends), [ann])
    (zh,) = chosen(notice(starts=starts, ends=ends, title="冬季茶叶优惠"), [wang])
    assert english in en.message and chinese in zh.message
    for kind in ("promotion", "weather", "new_product", "price_change", "holiday_hours"):
        for who in (ann, wang):
            (one,) = chosen(notice(kind=kind, starts=starts, ends=ends), [who])
            for broken in ("from  ", " to .", " .", ": .", "，，", "，。", "至。", "时间是至", "：。"):
                assert broken not in one.message, (kind, one.message)


def test_a_tier_or_stage_that_does_not_exist_is_named_with_what_is_accepted(chinese):
    assert audience_problem({"tier": ["A", " Q "]}) == ("tier", "Q 不是客户等级：请用 A、B 或 C；未保存任何内容。")
    assert audience_problem({"stage": ["vip"]})[0] == "stage"
    assert "回头客" in audience_problem({"stage": ["vip"]})[1]
    # A stage in the rep's language, or its English key, any case: read as the key customers have.
    assert audience_problem({"tier": ["a", "B"], "stage": ["回头客", "Advocate"], "area": ["Q"]}) is None
    assert clean_audience({"stage": ["回头客", "Advocate"]}) == {"stage": ["repeat buyer", "advocate"]}


def test_the_product_named_by_the_audience_is_the_one_in_the_message():
    ann = person("Ann", products=["Tea set", "Green tea"])
    (only,) = chosen(notice(audience={"product": ["green"]}), [ann])
    assert "As you chose Green tea" in only.message


def test_promo_averse_customers_are_left_out_of_promotions_with_the_reason():
    keen = person("Ann", promo_attitude="keen on promotions")
    averse = person("Bo", promo_attitude="dislikes being sold to")
    chinese = person("陈平", promo_attitude="很反感推销电话")
    found = chosen(notice(), [keen, averse, chinese])
    assert [(r.name, r.included) for r in found] == [("Ann", True), ("Bo", False), ("陈平", False)]
    assert found[1].left_out == "no promotions: the profile says “dislikes being sold to”" and not found[1].message
    # A weather warning is no selling: they get it; and the rep may include them on purpose.
    assert all(r.included for r in chosen(notice(kind="weather", ends=""), [keen, averse, chinese]))
    assert all(r.included for r in chosen(notice(include_promo_averse=True), [keen, averse]))


def test_the_promo_averse_words():
    for words in ("dislikes being sold to", "No promotions please", "不喜欢推销", "反感", "hates sales calls"):
        assert promo_averse(words), words
    for words in ("", "keen on promotions", "wants early notice of price changes", "indifferent to promotions"):
        assert not promo_averse(words), words


def test_the_reps_own_text_is_a_template_and_user_text_stays_data():
    sly = person("{rep} [b]x[/]", form_of_address="")
    n = notice(text="Hi {address}, {title} from {start}. {unknown} {0} — {rep}")
    (only,) = chosen(n, [sly])
    assert only.message == "Hi {rep} [b]x[/], the winter tea sale from 1 Dec. {unknown} {0} — Alex"
    broken = notice(text="50% off {this")
    assert personalise(broken, {}, sly, "Alex") == "50% off {this"


def test_every_notice_kind_has_a_template_in_both_languages_and_none_is_pushy():
    for kind in ("promotion", "weather", "new_product", "price_change", "holiday_hours", "other"):
        template = LIBRARY[template_key(kind)]
        assert template["en"] and template["zh"] and template["title"] and template["title_zh"]
        text = " ".join(template.values()).lower()
        assert not any(word in text for word in ("buy now", "hurry", "don't miss", "last chance", "抓紧", "赶快"))


def test_a_promotion_follow_up_comes_in_its_last_days_one_step_a_day():
    told = Told("c1", "n1", "the winter tea sale", "2026-12-01", "2026-12-10", "2026-11-28")
    assert promo_reason(told, False, dt.date(2026, 12, 6)) is None  # too early
    steps = [promo_reason(told, False, dt.date(2026, 12, d)) for d in (8, 9, 10)]
    assert [(r.kind, r.action, r.occurrence) for r in steps] == [
        ("promo_follow_up", "message", "promo:n1"), ("promo_follow_up", "message", "promo:n1"),
        ("promo_follow_up", "call", "promo:n1")]
    assert steps[0].text.endswith("a short reminder") and steps[1].text.endswith("a short product note")
    assert steps[2].text.endswith("a short call")
    assert promo_reason(told, True, dt.date(2026, 12, 9)) is None  # bought during it
    assert promo_reason(told, False, dt.date(2026, 12, 11)) is None  # over


def test_the_follow_up_reads_in_chinese(chinese):
    told = Told("c1", "n1", "冬季茶叶优惠", "2026-12-01", "2026-12-10", "2026-11-28")
    text = promo_reason(told, False, dt.date(2026, 12, 8)).text
    assert "冬季茶叶优惠" in text and "12月10日" in text
