"""An amount as a rep types it: "¥1,200", "RMB 1200", "1 200", "１２００", "￥1200.50", "1.2万".

The one reader of typed amounts, margins and quantities (the purchase dialog,
the Settings screen). It accepts a currency sign or word before or after the
number, thousands separators (commas or spaces, one kind, in groups of three)
and a "." decimal point, and reads full-width characters as their ASCII twins.
A Chinese rep's 万 (ten thousand) and 千 after the digits scale them: "1.2万" is 12,000.
Anything still ambiguous ("1.200,50", "12,00", two numbers, letters) is refused
with one sentence, so a typo never becomes a wrong figure in the book.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from fieldcrm.i18n import _

# Full-width ASCII (U+FF01-U+FF5E, "１２００", "￥" is U+FFE5 below) and the spaces a keyboard or a
# copied figure brings (no-break, thin, narrow no-break, ideographic) read as plain ASCII.
_PLAIN = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_PLAIN.update({0xFFE5: "¥", 0xFFE1: "£", 0x00A0: " ", 0x2009: " ", 0x202F: " ", 0x3000: " ", 0x2007: " "})
_CURRENCY = r"(?:¥|\$|€|£|元|块|人民币|RMB|CNY)"
_SCALE = {"万": 10000, "千": 1000}
# One kind of thousands separator, always in groups of three; "." is only ever the decimal point.
_NUMBER = r"(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+)(?:\.[0-9]+)?|\.[0-9]+"
_AMOUNT = re.compile(rf"(?P<minus>-?) ?{_CURRENCY}? ?(?P<number>{_NUMBER}) ?(?P<scale>[万千])? ?{_CURRENCY}?",
                     re.ASCII | re.IGNORECASE)
_NUMBER_ONLY = re.compile(rf"(?P<minus>-?)(?P<number>{_NUMBER}) ?(?P<scale>[万千])?", re.ASCII)


def parse_amount(text: str, label: str, *, money: bool = True) -> float:
    """``text`` as a number of 0 or more; ValueError with one sentence naming ``label`` otherwise.

    ``money=False`` (a quantity) takes no currency sign.
    """
    plain = re.sub(" +", " ", text.translate(_PLAIN).strip())  # runs of spaces count as one
    found = (_AMOUNT if money else _NUMBER_ONLY).fullmatch(plain)
    value = math.nan
    if found:
        digits = found["number"].replace(",", "").replace(" ", "")
        # Decimal, so that 1.2万 is 12000 exactly, not 12000.000000000002
        value = float(Decimal(digits) * _SCALE.get(found["scale"], 1)) if found["scale"] else float(digits)
    if not math.isfinite(value):  # also "9" * 400, which float() reads as infinity
        raise ValueError(_("{label} must be a number (got {text!r}).").format(label=label, text=text))
    if found["minus"] and value:
        raise ValueError(_("{label} cannot be negative.").format(label=label))
    return value
