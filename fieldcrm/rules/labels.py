"""Stored words as the rep reads them: contact kinds, loyalty stages, referral steps, tables.

The book and the settings keep the English keys ("visit", "repeat buyer"); only
what is shown goes through these.
"""

from __future__ import annotations

from functools import lru_cache

from fieldcrm import i18n
from fieldcrm.i18n import N_, _, pgettext

# Contact kinds and agenda actions (an agenda item's action is one of these too).
KINDS = {"visit": N_("visit"), "call": N_("call"), "message": N_("message"), "greeting": N_("greeting"),
         "event": N_("event")}
STAGES = {"prospect": N_("prospect"), "first-time buyer": N_("first-time buyer"),
          "repeat buyer": N_("repeat buyer"), "advocate": N_("advocate")}
# A notice's kind (its library message).
NOTICE_KINDS = {"promotion": N_("promotion"), "weather": N_("weather"), "new_product": N_("new product"),
                "price_change": N_("price change"), "holiday_hours": N_("holiday hours"), "other": N_("other")}
# Referral funnel steps (the rep's report and the team's).
STEPS = {"asked": N_("asked"), "received": N_("received"), "contacted": N_("contacted"),
         "meeting": N_("meeting"), "won": N_("won"), "lost": N_("lost")}

# A customer's gender: the demo and contacts files store f / m; the rep may type 女, 男.
GENDERS = {"f": N_("female"), "m": N_("male")}
GENDER_WORDS = {"f": "f", "female": "f", "女": "f", "女性": "f", "m": "m", "male": "m", "男": "m", "男性": "m"}

# The book's tables, as a conflict or a clamped clock names them.
# (English keeps the table's own name, as the sync file and the log do.)
TABLES = {"customers": N_("customers"), "purchases": N_("purchases"), "interactions": N_("interactions"),
          "followups": N_("followups"), "complaints": N_("complaints"), "referrals": N_("referrals"),
          "agenda_marks": N_("agenda_marks")}


# The complaint categories the form suggests, stored in the office's English words so a
# category typed in Chinese (延迟交货) groups with the office's; any other text is kept as typed.
COMPLAINT_CATEGORIES = {"late delivery": N_("late delivery"), "damaged goods": N_("damaged goods"),
                        "wrong item": N_("wrong item"), "invoice": N_("invoice"), "quality": N_("quality"),
                        "service": N_("service")}
CATEGORY_ALIASES = {"invoice error": "invoice", "service attitude": "service"}  # the demo's, the office's


@lru_cache(maxsize=1)
def _category_words() -> dict[str, str]:
    """Every way to write a known category (its word and its label in each language) -> its word."""
    words = {alias: key for alias, key in CATEGORY_ALIASES.items()}
    for language in i18n.LANGUAGES:
        catalog = i18n.catalogs(language)
        words.update({catalog.gettext(label).casefold(): key for key, label in COMPLAINT_CATEGORIES.items()})
    return words


def complaint_category(typed: str) -> str:
    """The category to store: a known one's word however it was written ("延迟交货",
    "Late Delivery" -> "late delivery"), else the text as typed."""
    text = (typed or "").strip()
    return _category_words().get(text.casefold(), text)


def category_label(category: str) -> str:
    """A stored category as the rep reads it: a known one in their language, others as typed."""
    key = complaint_category(category)
    return _(COMPLAINT_CATEGORIES[key]) if key in COMPLAINT_CATEGORIES else key


def complaint_words(category: str, description: str) -> str:
    """A complaint as one line: its category apart from the customer's words ("service: Your
    driver was rude"), so the category never reads as something the customer said."""
    category, description = category_label(category), (description or "").strip()
    if category and description:
        return _("{category}: {description}").format(category=category, description=description)
    return category or description


def notice_kind_label(kind: str) -> str:
    """"new_product" -> new product (新品); a kind we do not know is shown as it is."""
    return _(NOTICE_KINDS[kind]) if kind in NOTICE_KINDS else kind


def kind_label(kind: str) -> str:
    """"visit" -> 拜访; a word we do not know is shown as it is."""
    return _(KINDS[kind]) if kind in KINDS else kind


def tier_label(tier: str) -> str:
    """A, B, C as they are; a referred lead's "lead" in the rep's language (short: a 4-cell column)."""
    return pgettext("tier", "lead") if tier == "lead" else tier


def stage_label(stage: str) -> str:
    return _(STAGES[stage]) if stage in STAGES else stage


def gender_label(gender: str) -> str:
    """"f" -> 女 (female); anything else the rep wrote, as it is."""
    return _(GENDERS[gender]) if gender in GENDERS else gender


def gender_key(text: str) -> str:
    """What the rep typed (女, Female, f) as the book keeps it ("f"); other words as typed."""
    text = text.strip()
    if text.casefold() in GENDER_WORDS:
        return GENDER_WORDS[text.casefold()]
    # The word in the interface language ("female" in English, 女 in Chinese) reads back too.
    return next((key for key, word in GENDERS.items() if text == _(word)), text)


def step_label(step: str) -> str:
    return _(STEPS[step]) if step in STEPS else step


def table_label(table: str) -> str:
    return _(TABLES[table]) if table in TABLES else table
