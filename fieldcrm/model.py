"""The domain model: plain dataclasses, no I/O, no Textual.

Times are ISO-8601 UTC strings (``clock.to_iso``), dates are ``YYYY-MM-DD``
strings: that is how they are stored, they compare correctly as strings and
need no parsing on the hot paths. ``clock.from_iso`` turns them into datetimes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar

INTERACTION_KINDS = ("visit", "call", "message", "greeting", "event")
# Contacts that count for cadence: an event is a gathering, not a contact.
CONTACT_KINDS = ("visit", "call", "message", "greeting")
TIERS = ("A", "B", "C")
FOLLOWUP_STATUSES = ("open", "done", "snoozed", "dismissed")
COMPLAINT_STATUSES = ("open", "resolved", "confirmed")
COMPLAINT_STEPS = (
    "listen", "empathise", "apologise", "restate", "explain",
    "propose a fix", "compensate", "confirm satisfied", "follow up",
)
REFERRAL_STATUSES = ("new", "contacted", "meeting", "won", "lost")
SEVERITIES = ("low", "medium", "high")
MARK_ACTIONS = ("done", "dismissed", "snoozed")
FEEDBACK_TAGS = ("product", "service", "delivery", "price", "other")
NOTICE_KINDS = ("promotion", "weather", "new_product", "price_change", "holiday_hours", "other")
OUTREACH_STATUSES = ("pending", "sent", "skipped")
REPLIES = ("", "yes", "no", "maybe")
CADENCE_RANGE = (1, 730)  # days between contacts the rep may set (Settings and a customer's override)

# The schema is these dataclasses: each field's annotation says its type, and
# ``metadata`` says what a str or a number must look like where it means more
# than text. fieldcrm/validation.py derives every check from them.


def _meta(default, **rules):
    return field(default=default, metadata=rules)


def _day(default: str = ""):
    """A YYYY-MM-DD calendar date (or "")."""
    return _meta(default, form="day")


def _instant(default: str = ""):
    """An ISO-8601 UTC time as ``clock.to_iso`` writes it (or "")."""
    return _meta(default, form="instant")


def _ref(default: str = ""):
    """The id of another record (or "")."""
    return _meta(default, form="ref")


def _rep_ref():
    """A rep's id (the rep who wrote a record, or a customer's owner); "" for records
    from before teams: then it is the rep of the replica that created the record."""
    return _meta("", form="ref")


def _one_of(choices: tuple[str, ...], default: str):
    return _meta(default, choices=choices)


@dataclass(slots=True)
class Record:
    """What every stored record has: a UUIDv7 id and a tombstone flag."""

    TABLE: ClassVar[str] = ""
    id: str = ""
    created: str = _meta("", form="instant", required=True)  # set by the store when empty
    deleted: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        """Build from stored fields; unknown keys (stamps, newer fields) are ignored."""
        names = _field_names(cls)
        return cls(**{k: v for k, v in data.items() if k in names})

    @classmethod
    def field_names(cls) -> frozenset[str]:
        return _field_names(cls)


_FIELD_CACHE: dict[type, frozenset[str]] = {}


def _field_names(cls: type) -> frozenset[str]:
    names = _FIELD_CACHE.get(cls)
    if names is None:
        names = _FIELD_CACHE[cls] = frozenset(f.name for f in dataclasses.fields(cls))
    return names


@dataclass(slots=True)
class ImportantDate:
    """A date worth a greeting: company anniversary, first deal, wedding..."""

    label: str = ""
    # YYYY-MM-DD (the year may be unknown: then 0000), or a lunar date: L1985-08-15, L2023-R02-10
    # for a leap month (fieldcrm/rules/lunar.py)
    date: str = _meta("", form="birthday")


@dataclass(slots=True)
class Customer(Record):
    TABLE: ClassVar[str] = "customers"
    # Hard data.
    name: str = ""
    form_of_address: str = ""  # how the rep greets them: "Mr Li", "王总"
    gender: str = ""
    company: str = ""
    title: str = ""
    phones: list[str] = field(default_factory=list)
    email: str = ""
    address: str = ""
    area: str = ""
    region: str = ""  # state, province
    postcode: str = ""
    country: str = ""
    tags: list[str] = field(default_factory=list)
    # Soft data: the practice weighs it at 80%.
    birthday: str = _meta("", form="birthday")  # YYYY-MM-DD (0000-MM-DD: year unknown), or lunar: L1985-08-15
    family: str = ""
    occupation: str = ""
    hobbies: str = ""
    personality: str = ""
    buying_habits: str = ""
    preferred_channel: str = ""  # visit / call / message / WeChat / e-mail
    service_style: str = ""
    promo_attitude: str = ""
    notes: str = ""
    soft_confirmed: str = _day()  # YYYY-MM-DD the soft data was last checked
    important_dates: list[dict[str, str]] = field(default_factory=list, metadata={"item": ImportantDate})
    # The rep's overrides of what the rules compute.
    tier_override: str = _one_of(("", *TIERS), "")
    cadence_days: int | None = _meta(None, range=CADENCE_RANGE)
    strategic: bool = False  # little profit but worth it: a "black" key account
    # Where the customer came from: the vCard UID or a CSV row's stable key, so a second import matches.
    contact_uid: str = ""
    # The rep who looks after the customer (the office may move it); "" = the rep who created it.
    owner: str = _rep_ref()


@dataclass(slots=True)
class Purchase(Record):
    TABLE: ClassVar[str] = "purchases"
    rep_id: str = _rep_ref()  # the rep who wrote it
    customer_id: str = _ref()
    date: str = _day()
    item: str = ""
    spec: str = ""
    colour: str = ""
    quantity: float = _meta(1, range=(-1e9, 1e9))
    amount: float = _meta(0.0, range=(-1e12, 1e12))
    margin: float | None = _meta(None, range=(-1e12, 1e12))  # profit on the deal, when known
    usage: str = ""  # how the customer uses it


@dataclass(slots=True)
class Interaction(Record):
    TABLE: ClassVar[str] = "interactions"
    rep_id: str = _rep_ref()  # the rep who wrote it
    customer_id: str = _ref()
    kind: str = _one_of(INTERACTION_KINDS, "visit")
    at: str = _meta("", form="instant", required=True)
    duration_min: int | None = _meta(None, range=(0, 24 * 60))
    note: str = ""
    outcome: str = ""
    satisfaction: int | None = _meta(None, range=(1, 5))
    referral_asked: bool = False
    next_step: str = ""
    next_step_due: str = _day()
    notice_id: str = _ref()  # the notice or event this message delivered (one-to-many outreach)
    feedback_tags: list[str] = field(default_factory=list, metadata={"choices": FEEDBACK_TAGS})


@dataclass(slots=True)
class FollowUp(Record):
    """Something the rep owes a customer; an appointment when it has a time."""

    TABLE: ClassVar[str] = "followups"
    rep_id: str = _rep_ref()  # the rep who wrote it
    customer_id: str = _ref()
    due: str = _day()
    time: str = _meta("", form="time")  # HH:MM for an appointment, else ""
    reason: str = ""
    source: str = ""  # what created it, e.g. "interactions:<id>"
    status: str = _one_of(FOLLOWUP_STATUSES, "open")
    snoozed_until: str = _day()
    done_at: str = _instant()
    dismiss_reason: str = ""


@dataclass(slots=True)
class Complaint(Record):
    TABLE: ClassVar[str] = "complaints"
    rep_id: str = _rep_ref()  # the rep who wrote it
    customer_id: str = _ref()
    opened: str = _meta("", form="day", required=True)
    category: str = ""
    severity: str = _one_of(SEVERITIES, "medium")
    description: str = ""
    owner: str = ""
    promised: str = _day()  # YYYY-MM-DD the customer was promised a fix by
    steps_done: list[str] = field(default_factory=list, metadata={"choices": COMPLAINT_STEPS})
    compensation: str = ""
    status: str = _one_of(COMPLAINT_STATUSES, "open")
    resolved_on: str = _day()
    confirmed_on: str = _day()  # the customer said they are satisfied
    feedback_tags: list[str] = field(default_factory=list, metadata={"choices": FEEDBACK_TAGS})


@dataclass(slots=True)
class Referral(Record):
    TABLE: ClassVar[str] = "referrals"
    rep_id: str = _rep_ref()  # the rep who wrote it
    referrer_id: str = _ref()  # the customer who referred
    lead_name: str = ""
    lead_phone: str = ""
    lead_email: str = ""
    lead_customer_id: str = _ref()  # set once the lead is a customer
    status: str = _one_of(REFERRAL_STATUSES, "new")
    status_dates: dict[str, str] = field(default_factory=dict, metadata={"keys": REFERRAL_STATUSES, "form": "day"})
    thanked_on: str = _day()  # thanked for the referral itself
    thanked_won_on: str = _day()  # thanked again when the lead bought
    reward: str = ""


@dataclass(slots=True)
class AgendaMark(Record):
    """What the rep did with an agenda item: done, dismissed, or snoozed.

    ``occurrences`` are the reason keys it settles for its ``subject`` only (e.g.
    "birthday:2026-11-27": another customer's birthday that day has the same key),
    so the same reason does not come back, while a new occurrence (the next
    birthday, a new cadence cycle) does.
    """

    TABLE: ClassVar[str] = "agenda_marks"
    rep_id: str = _rep_ref()  # the rep who wrote it
    subject: str = _ref()  # a customer id, or "referral:<id>" for a lead
    action: str = _one_of(MARK_ACTIONS, "done")
    occurrences: list[str] = field(default_factory=list)
    day: str = _day()  # it was marked
    until: str = _day()  # snoozed until this day
    note: str = ""  # why it was dismissed


@dataclass(slots=True)
class Notice(Record):
    """One message to many customers: an offer before it starts, a weather warning, a new product.

    ``text`` is a template (``{address}``, ``{name}``, ``{product}``, ``{start}``, ``{end}``);
    ``audience`` says who it is for: {"area"|"tier"|"stage"|"tag"|"product"|"channel": [values]},
    a customer matching every key given (any of its values). A promotion runs ``starts``..``ends``.
    """

    TABLE: ClassVar[str] = "notices"
    rep_id: str = _rep_ref()
    kind: str = _one_of(NOTICE_KINDS, "other")
    title: str = ""
    text: str = ""
    starts: str = _day()
    ends: str = _day()
    audience: dict[str, list[str]] = field(default_factory=dict, metadata={"keys": (
        "area", "tier", "stage", "tag", "product", "channel")})
    include_promo_averse: bool = False  # customers who dislike being sold to are left out of promotions
    team: bool = False  # the office's, for the whole team: on every rep's laptop


@dataclass(slots=True)
class Event(Record):
    """A gathering: a VIP evening, a product day in the shop."""

    TABLE: ClassVar[str] = "events"
    rep_id: str = _rep_ref()
    title: str = ""
    day: str = _day()
    time: str = _meta("", form="time")
    place: str = ""
    notes: str = ""
    team: bool = False  # the office's, for the whole team


@dataclass(slots=True)
class Outreach(Record):
    """One customer's personalised message of a notice or an invitation to an event."""

    TABLE: ClassVar[str] = "outreach"
    rep_id: str = _rep_ref()
    customer_id: str = _ref()
    notice_id: str = _ref()
    event_id: str = _ref()
    title: str = ""  # the notice's or event's, so the message reads alone
    message: str = ""
    status: str = _one_of(OUTREACH_STATUSES, "pending")
    left_out: str = ""  # why the customer is left out (then status "skipped")
    sent_on: str = _day()
    channel: str = ""  # how it went: "clipboard" (WeChat, SMS) or "csv" (a bulk-messaging tool)


@dataclass(slots=True)
class Invitation(Record):
    """A customer invited to an event: the reply, whether they came, and what they said."""

    TABLE: ClassVar[str] = "invitations"
    rep_id: str = _rep_ref()
    event_id: str = _ref()
    customer_id: str = _ref()
    invited_on: str = _day()
    reply: str = _one_of(REPLIES, "")
    replied_on: str = _day()
    attended: bool | None = None
    feedback: str = ""
    feedback_tags: list[str] = field(default_factory=list, metadata={"choices": FEEDBACK_TAGS})
    product: str = ""  # the product the feedback is about, if any


RECORD_TYPES: tuple[type[Record], ...] = (
    Customer, Purchase, Interaction, FollowUp, Complaint, Referral, AgendaMark,
    Notice, Event, Outreach, Invitation,
)
# Records of no customer that every rep of the team holds when the office marks them so.
TEAM_TABLES = ("notices", "events")
TABLES: dict[str, type[Record]] = {t.TABLE: t for t in RECORD_TYPES}
# The field that names a record's rep: a customer's owner, everything else its author.
REP_FIELD: dict[str, str] = {t.TABLE: ("owner" if t is Customer else "rep_id") for t in RECORD_TYPES}
# The field that ties a record to its customer, for the store's indexes.
CUSTOMER_LINK: dict[str, str] = {
    "purchases": "customer_id",
    "interactions": "customer_id",
    "followups": "customer_id",
    "complaints": "customer_id",
    "referrals": "referrer_id",
    "agenda_marks": "subject",
    "outreach": "customer_id",
    "invitations": "customer_id",
}


@dataclass(slots=True)
class Rep:
    """The rep who owns this book; ``replica`` is made once, when the book is."""

    replica: str = ""
    name: str = ""
    phone: str = ""
    email: str = ""
    company: str = ""
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Rep":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})
