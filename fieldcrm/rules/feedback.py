"""The feedback report: what customers said, per tag and per product, how often, and recently.

Feedback comes from three places: a visit note, a complaint, and a gathering
(an invitation's feedback), each tagged with FEEDBACK_TAGS. Pure: the caller
hands in the records and the names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Iterable

from fieldcrm.model import FEEDBACK_TAGS, Complaint, Interaction, Invitation
from fieldcrm.rules.labels import complaint_category

RECENT_DAYS = 30
QUOTES = 3  # the latest few, so the office reads customers' own words


@dataclass(frozen=True)
class Said:
    day: str  # YYYY-MM-DD
    customer: str  # the customer's name
    text: str
    source: str  # "note" (a visit's), "call", "message", "greeting", "complaint" or "event"
    tags: tuple[str, ...]
    product: str = ""
    category: str = ""  # a complaint's, kept apart from the customer's words


@dataclass
class Topic:
    """One tag's or one product's feedback."""

    name: str
    count: int = 0
    recent: int = 0  # within RECENT_DAYS
    quotes: list[Said] = field(default_factory=list)  # newest first


@dataclass
class FeedbackReport:
    since: str  # the first day counted as recent
    by_tag: list[Topic] = field(default_factory=list)  # every tag that has feedback, in FEEDBACK_TAGS order
    by_product: list[Topic] = field(default_factory=list)  # most feedback first

    def to_json(self) -> dict:
        return asdict(self)


def gather(names: dict[str, str], notes: Iterable[Interaction], complaints: Iterable[Complaint],
           invitations: Iterable[Invitation], event_days: dict[str, str]) -> list[Said]:
    """Every tagged piece of feedback, as said (a gathering's on the event's day)."""
    said = []
    for note in notes:
        if note.feedback_tags and not note.deleted:
            source = note.kind if note.kind in ("call", "message", "greeting", "event") else "note"  # as it was said
            said.append(Said(note.at[:10], names.get(note.customer_id, ""), note.note, source,
                             tuple(note.feedback_tags)))
    for c in complaints:
        if c.feedback_tags and not c.deleted:
            said.append(Said(c.opened, names.get(c.customer_id, ""), c.description.strip(),
                             "complaint", tuple(c.feedback_tags), category=complaint_category(c.category)))
    for inv in invitations:
        if (inv.feedback or inv.feedback_tags) and not inv.deleted:
            said.append(Said(event_days.get(inv.event_id) or inv.created[:10], names.get(inv.customer_id, ""),
                             inv.feedback, "event", tuple(inv.feedback_tags) or ("other",), inv.product))
    return said


def build(said: Iterable[Said], day: dt.date, recent_days: int = RECENT_DAYS) -> FeedbackReport:
    since = (day - dt.timedelta(days=recent_days - 1)).isoformat()
    tags: dict[str, Topic] = {}
    products: dict[str, Topic] = {}
    for item in sorted(said, key=lambda s: (s.day, s.customer), reverse=True):
        topics = [tags.setdefault(t, Topic(t)) for t in dict.fromkeys(item.tags)]
        if item.product.strip():
            key = item.product.strip()
            topics.append(products.setdefault(key.casefold(), Topic(key)))
        for topic in topics:
            topic.count += 1
            topic.recent += item.day >= since
            if len(topic.quotes) < QUOTES:
                topic.quotes.append(item)
    order = {t: n for n, t in enumerate(FEEDBACK_TAGS)}
    return FeedbackReport(since, sorted(tags.values(), key=lambda t: order.get(t.name, len(order))),
                          sorted(products.values(), key=lambda t: (-t.count, t.name.casefold())))
