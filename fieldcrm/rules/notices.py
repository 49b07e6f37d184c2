"""Notices: one message to many customers, each one personalised, nobody pushed.

Who a notice is for (``Notice.audience``: area, tier, stage, tag, product bought,
preferred channel; a customer matches every key given, any of its values), what
each customer reads (the notice's own text, else the library's template for its
kind in the customer's language, with their form of address, name and the
product they bought), and who is left out and why: a customer who dislikes being
sold to is left out of promotions unless the rep says otherwise.

Also the promotion's end-of-campaign follow-up: a customer told about a promotion
who has not bought during it gets one short reason near its end.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass, field
from typing import Iterable

from fieldcrm import i18n
from fieldcrm.i18n import N_, _
from fieldcrm.model import TIERS, Customer, Notice
from fieldcrm.rules.channels import channel_key
from fieldcrm.rules.labels import STAGES
from fieldcrm.rules.messages import language_for
from fieldcrm.rules.reasons import Reason
from fieldcrm.terminal_text import visible

AUDIENCE_KEYS = ("area", "tier", "stage", "tag", "product", "channel")
TEMPLATE_FIELDS = ("address", "name", "rep", "product", "title", "start", "end", "dates")
# When a notice applies, as a clause after its title: both days, a start only, an end only.
# Kept per customer language (not the rep's interface): the customer reads it.
DATE_CLAUSES = {"en": (", from {start} to {end}", ", from {start}", ", until {end}"),
                "zh": ("，时间是{start}至{end}", "，{start}起", "，截至{end}")}
TIER_REFUSED = N_("{value} is not a tier: use A, B or C; nothing was saved.")
STAGE_REFUSED = N_("{value} is not a stage: use prospect, first-time buyer, repeat buyer or advocate; "
                   "nothing was saved.")
# Words in a customer's "attitude to promotions" that mean: do not sell to me.
AVERSE_WORDS = (
    "dislike", "hate", "no promo", "no promotion", "no sales", "no marketing", "not interested in offer",
    "don't sell", "do not sell", "averse", "annoyed by", "不喜欢推销", "不喜欢促销", "反感", "讨厌",
    "拒绝推销", "不要推销", "勿推销", "别推销", "不接受推销", "厌烦",
)
PROMO_FOLLOW_UP_DAYS = 3  # the last days of a promotion, when a reminder still helps
PROMO_URGENCY = 12  # between a due cadence (10) and an expected re-order (15)
LEFT_OUT_AVERSE = N_("no promotions: the profile says “{attitude}”")
LEFT_OUT_SENT = N_("already sent this notice on {day}")


def promo_averse(attitude: str) -> bool:
    """Does the customer's attitude to promotions say they dislike being sold to?"""
    text = " ".join(attitude.casefold().split())
    return bool(text) and any(word in text for word in AVERSE_WORDS)


@dataclass(slots=True)
class Person:
    """What choosing and personalising needs to know of one customer."""

    customer: Customer
    tier: str
    stage: str
    products: list[str] = field(default_factory=list)  # what they bought, newest first


@dataclass(slots=True)
class Recipient:
    customer_id: str
    name: str
    phone: str
    message: str
    left_out: str = ""  # why they are left out; "" when they get the message

    @property
    def included(self) -> bool:
        return not self.left_out


def clean_audience(audience: dict[str, list[str]]) -> dict[str, list[str]]:
    """Only the known keys, values trimmed, empty ones dropped; a stage typed in the
    rep's language ("回头客") kept as its key, as customers' stages are."""
    out = {}
    for key in AUDIENCE_KEYS:
        values = [" ".join(v.split()) for v in audience.get(key, []) if v.strip()]
        if key == "stage":
            values = [stage_key(v) or v for v in values]
        if values:
            out[key] = values
    return out


def stage_key(word: str) -> str:
    """A stage as typed, its key or its label in the rep's language, as its key; "" when none."""
    text = " ".join(word.casefold().split())
    return next((key for key, label in STAGES.items() if text in (key, _(label).casefold())), "")


def audience_problem(audience: dict[str, list[str]]) -> tuple[str, str] | None:
    """The first value no customer can ever have (a tier or a stage that does not exist) as
    (its key, the sentence naming it and what is accepted); None when every value can match.
    Areas, tags, products and channels are the rep's own words: any of them can."""
    return next(iter(audience_problems(audience)), None)


def audience_problems(audience: dict[str, list[str]]) -> list[tuple[str, str]]:
    """As ``audience_problem``, one for each key that has a value no customer can have."""
    cleaned = clean_audience(audience)
    problems = []
    tier = next((value for value in cleaned.get("tier", []) if value.upper() not in TIERS), None)
    if tier is not None:
        problems.append(("tier", _(TIER_REFUSED).format(value=visible(tier, newlines=False))))
    stage = next((value for value in cleaned.get("stage", []) if value not in STAGES), None)
    if stage is not None:
        problems.append(("stage", _(STAGE_REFUSED).format(value=visible(stage, newlines=False))))
    return problems


class Matcher:
    """An audience made ready for matching thousands of customers."""

    def __init__(self, audience: dict[str, list[str]]):
        audience = clean_audience(audience)
        self.areas = {v.casefold() for v in audience.get("area", [])}
        self.tiers = {v.upper() for v in audience.get("tier", [])}
        self.stages = {v.casefold() for v in audience.get("stage", [])}
        self.tags = {v.casefold() for v in audience.get("tag", [])}
        self.products = [v.casefold() for v in audience.get("product", [])]
        self.channels = {channel_key(v) for v in audience.get("channel", [])}

    def product(self, person: Person) -> str | None:
        """The product of theirs the audience names ("" when the audience names none),
        or None when they bought none of the products named."""
        if not self.products:
            return ""
        return next((item for item in person.products if any(p in item.casefold() for p in self.products)), None)

    def matches(self, person: Person) -> bool:
        customer = person.customer
        if self.tiers and person.tier not in self.tiers:
            return False
        if self.areas and customer.area.strip().casefold() not in self.areas:
            return False
        if self.stages and person.stage.casefold() not in self.stages:
            return False
        if self.tags and not self.tags & {t.strip().casefold() for t in customer.tags}:
            return False
        if self.channels and channel_key(customer.preferred_channel) not in self.channels:
            return False
        return self.product(person) is not None


def template_key(kind: str) -> str:
    return f"notice_{kind}"


def date_words(iso_day: str, language: str) -> str:
    """A notice's date as the customer reads it: "27 Nov", "11月27日"."""
    if not iso_day:
        return ""
    day = dt.date.fromisoformat(iso_day)
    return f"{day.month}月{day.day}日" if language == "zh" else f"{day.day} {day:%b}"


def date_clause(starts: str, ends: str, language: str) -> str:
    """When the notice applies, worded for the days it has: ", from 1 Dec to 10 Dec",
    ", from 1 Dec", ", until 10 Dec", or nothing (a preview before the days are typed,
    a note with no day), so no message reads "from  to ."."""
    both, start_only, end_only = DATE_CLAUSES.get(language, DATE_CLAUSES["en"])
    clause = both if starts and ends else start_only if starts else end_only if ends else ""
    return clause.format(start=date_words(starts, language), end=date_words(ends, language))


def personalise(notice: Notice, template: dict, person: Person, rep_name: str, product: str = "") -> str:
    """The notice as this customer reads it: the rep's own text when the notice has
    one, else the library's, in the customer's language (with the product sentence
    when they bought something). User text is data: only our fields are filled."""
    customer = person.customer
    language = language_for(customer)
    product = product or (person.products[0] if person.products else "")
    if notice.text.strip():
        text = notice.text
    else:
        text = (product and template.get(f"{language}_product")) or template.get(language) or template["en"]
    values = {
        "address": customer.form_of_address or customer.name, "name": customer.name, "rep": rep_name,
        "product": product, "title": notice.title,
        "start": date_words(notice.starts, language), "end": date_words(notice.ends or notice.starts, language),
        "dates": date_clause(notice.starts, notice.ends, language),
    }
    out = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:  # an unmatched brace in the rep's own text: send it as written
        return text
    for literal, name, _spec, _conv in parsed:
        out.append(literal)
        if name is not None:
            out.append(values.get(name, "") if name in TEMPLATE_FIELDS else "{" + name + "}")
    return "".join(out)


def recipients(notice: Notice, template: dict, people: Iterable[Person], rep_name: str,
               sent: dict[str, str] | None = None) -> list[Recipient]:
    """Everyone the notice's audience chooses, in name order: each with their message,
    or with the reason they are left out (``sent``: customer id -> the day this
    notice already reached them)."""
    matcher = Matcher(notice.audience)
    sent = sent or {}
    promotion = notice.kind == "promotion" and not notice.include_promo_averse
    out = []
    for person in people:
        if not matcher.matches(person):
            continue
        customer = person.customer
        phone = customer.phones[0] if customer.phones else ""
        if promotion and promo_averse(customer.promo_attitude):
            reason = _(LEFT_OUT_AVERSE).format(attitude=" ".join(customer.promo_attitude.split()))
            out.append(Recipient(customer.id, customer.name, phone, "", reason))
            continue
        message = personalise(notice, template, person, rep_name, matcher.product(person) or "")
        reason = _(LEFT_OUT_SENT).format(day=sent[customer.id]) if customer.id in sent else ""
        out.append(Recipient(customer.id, customer.name, phone, message, reason))
    out.sort(key=lambda r: (r.left_out != "", r.name.casefold(), r.customer_id))
    return out


# ------------------------------------------------------------------ the promotion's follow-up


@dataclass(frozen=True, slots=True)
class Told:
    """A customer told about a promotion (an outreach message sent)."""

    customer_id: str
    notice_id: str
    title: str
    starts: str
    ends: str
    sent_on: str


def promo_reason(told: Told, bought_during: bool, today: dt.date, dated: bool = False) -> Reason | None:
    """A customer told about a promotion who has not bought during it, in its last days.
    The practice's chase, one step a day as the end nears: a short reminder, then a
    short product note, then a call. One occurrence per promotion: done once, settled."""
    if bought_during or not told.ends:
        return None
    left = (dt.date.fromisoformat(told.ends) - today).days
    if not 0 <= left < PROMO_FOLLOW_UP_DAYS:
        return None
    values = {"title": told.title, "end": date_words(told.ends, i18n.language()), "sent": told.sent_on}
    if left >= 2:
        text, action = _("{title} ends on {end}; told on {sent}, not bought yet: a short reminder"), "message"
    elif left == 1:
        text, action = _("{title} ends on {end}; told on {sent}, not bought yet: a short product note"), "message"
    else:
        text, action = (_("{title} ends on {end}; told on {sent}, not bought yet: a short call") if dated
                        else _("{title} ends today; told on {sent}, not bought yet: a short call")), "call"
    return Reason("promo_follow_up", text.format(**values), PROMO_URGENCY + 2 * (PROMO_FOLLOW_UP_DAYS - left),
                  f"promo:{told.notice_id}", action, today=left == 0, template="promo_reminder")
