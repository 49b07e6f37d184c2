from fieldcrm.model import NOTICE_KINDS, Customer
from fieldcrm.resources import asset_toml
from fieldcrm.rules.festivals import FESTIVALS
from fieldcrm.rules.messages import fill

LIBRARY = asset_toml("messages.toml")


def test_every_template_has_both_languages_and_a_title():
    expected = {"holiday", "birthday", "season", "thinking_of_you", "referral_thanks",
                "referral_intro", "after_sale", "complaint_follow_up", "event_reply",
                "season_spring", "season_summer", "season_autumn", "season_winter",
                *(f"festival_{key}" for key in FESTIVALS),
                *(f"notice_{kind}" for kind in NOTICE_KINDS), "promo_reminder"}
    assert set(LIBRARY) == expected
    for template in LIBRARY.values():
        assert template["title"] and template["en"] and template["zh"]


def test_english_customers_get_english_with_their_form_of_address():
    ann = Customer(name="Ann Lee", form_of_address="Ms Lee")
    assert fill(LIBRARY["birthday"], ann, "Alex") == \
        "Happy birthday, Ms Lee! Wishing you health and a wonderful year ahead. — Alex"


def test_chinese_customers_get_chinese_and_the_name_when_no_form_of_address():
    assert fill(LIBRARY["thinking_of_you"], Customer(name="王伟"), "陈立").startswith("王伟您好")


def test_user_text_is_never_a_template():
    sly = Customer(name="{rep} [bold]x[/] {0}", form_of_address="")
    text = fill(LIBRARY["birthday"], sly, "Alex")
    assert text.startswith("Happy birthday, {rep} [bold]x[/] {0}!")


def test_holiday_greetings_do_not_sell():
    greetings = ["holiday", *(name for name in LIBRARY if name.startswith(("festival_", "season")))]
    for lang in ("en", "zh"):
        text = " ".join(LIBRARY[name][lang] for name in greetings).lower()
        assert not any(word in text for word in ("discount", "offer", "order", "优惠", "促销"))
