"""An amount is read as a rep types it, and anything ambiguous is refused with one sentence."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldcrm.rules.amounts import parse_amount

REFUSED = "Amount must be a number (got {text!r})."


@pytest.mark.parametrize("text, value", [
    ("1200", 1200), ("¥1,200", 1200), ("1,200", 1200), ("RMB 1200", 1200), ("rmb1200", 1200), ("CNY 1,200", 1200),
    ("1 200", 1200), ("1\u2009200", 1200), ("1\u00a0200", 1200), ("１２００", 1200), ("￥1200.50", 1200.5),
    ("１，２００．５", 1200.5), ("1200元", 1200), ("1,200 元", 1200), ("$ 12.5", 12.5), ("€3", 3), ("£1,000,000", 1e6),
    (" 0 ", 0), (".5", 0.5), ("1 234 567", 1234567),
    # as a Chinese rep says it: 万 and 千 scale the digits; 块 and 人民币 are 元
    ("1.2万", 12000), ("1.2万元", 12000), ("¥3万", 30000), ("１．５万", 15000), ("3千", 3000), ("1200块", 1200),
    ("人民币1200", 1200), ("0.35万", 3500),
])
def test_an_amount_is_read_as_typed(text, value):
    assert parse_amount(text, "Amount") == value


@pytest.mark.parametrize("text", [
    "", "¥", "1.200,50", "12,00", "1,2345", "1,200 300", "1200 300", "1,200.5.5", "12a", "abc", "1e5", "0x10",
    "¥¥1", "1200 yuan", "١٢٠٠", "1²00", "9" * 400, "nan", "inf", "1\n200", "1\t200", "+5",
    "一千二", "万", "1万2", "1.2万万", "9" * 400 + "万",
])
def test_an_ambiguous_amount_is_refused_with_the_sentence(text):
    with pytest.raises(ValueError) as refused:
        parse_amount(text, "Amount")
    assert str(refused.value) == REFUSED.format(text=text)


def test_a_negative_amount_is_refused_and_a_quantity_takes_no_currency():
    with pytest.raises(ValueError, match="^Amount cannot be negative.$"):
        parse_amount("-¥5", "Amount")
    assert parse_amount("1,000", "Quantity", money=False) == 1000
    with pytest.raises(ValueError, match="Quantity must be a number"):
        parse_amount("¥3", "Quantity", money=False)


@given(st.decimals(min_value=0, max_value=10**11, places=2, allow_nan=False),
       st.sampled_from(["{}", "¥{}", "￥{}", "RMB {}", "{}元", "CNY{}"]),
       st.sampled_from([",", " ", "\u2009", ""]), st.booleans())
def test_what_any_grouped_figure_says_is_what_is_read(number, currency, separator, wide):
    whole, _, cents = f"{number:.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", separator) + "." + cents
    text = currency.format(grouped)
    if wide:  # a Chinese input method types full-width digits
        text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789,."})
    assert parse_amount(text, "Amount") == float(number)


@given(st.text(max_size=12))
def test_any_text_is_a_number_or_the_one_sentence(text):
    try:
        value = parse_amount(text, "Amount")
    except ValueError as refused:
        assert str(refused) in (REFUSED.format(text=text), "Amount cannot be negative.")
    else:
        assert value >= 0 and value == value  # a real, finite figure
