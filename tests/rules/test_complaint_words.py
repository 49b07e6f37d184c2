"""A complaint's category is the rep's word, shown apart from the customer's own words."""

import datetime as dt

import pytest
from rich.text import Text

from fieldcrm import i18n
from fieldcrm.feedback_view import render_feedback
from fieldcrm.model import Complaint
from fieldcrm.rules.feedback import build, gather
from fieldcrm.rules.labels import complaint_words


@pytest.fixture
def chinese():
    i18n.set_language("zh")
    yield
    i18n.set_language("en")


def _feedback_text() -> str:
    complaint = Complaint(customer_id="c1", opened="2026-11-20", category="service",
                          description="Your driver was rude", feedback_tags=["service"])
    out = Text()
    render_feedback(out, build(gather({"c1": "Peter Lin"}, [], [complaint], [], {}), dt.date(2026, 11, 24)))
    return out.plain


def test_the_category_stands_apart_from_the_words_in_english():
    assert complaint_words("service", "Your driver was rude") == "service: Your driver was rude"
    assert complaint_words("", "Your driver was rude") == "Your driver was rude"
    assert "Peter Lin (complaint): service: “Your driver was rude”" in _feedback_text()


def test_the_category_stands_apart_from_the_words_in_chinese(chinese):
    assert complaint_words("服务", "司机态度不好") == "服务：司机态度不好"
    assert "服务：“Your driver was rude”" in _feedback_text()  # a known category, in the rep's words


def test_a_category_typed_as_the_form_suggests_is_stored_as_the_offices_word():
    """延迟交货 (the Chinese form's suggestion) and the office's "late delivery" were two categories."""
    from fieldcrm.rules.labels import complaint_category

    assert complaint_category("延迟交货") == "late delivery"  # whatever the interface language
    assert complaint_category(" Late Delivery ") == "late delivery"
    assert complaint_category("发票") == "invoice"
    assert complaint_category("invoice error") == "invoice"  # the demo's and the office's longer word
    assert complaint_category("包装太差") == "包装太差"  # free text is kept as typed
    assert complaint_category("") == ""


def test_a_known_category_is_shown_in_the_reps_language(chinese):
    assert complaint_words("late delivery", "晚了三天") == "延迟交货：晚了三天"
    assert complaint_words("包装太差", "箱子破了") == "包装太差：箱子破了"
