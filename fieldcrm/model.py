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


@dataclass(slots=True)
class Record:
    """What every stored record has: a UUIDv7 id and a tombstone flag."""

    TABLE: ClassVar[str] = ""
    id: str = ""
    created: str = ""  # ISO-8601 UTC
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

    label: str
    date: str  # YYYY-MM-DD (the year may be unknown: then 0000)


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
    birthday: str = ""  # YYYY-MM-DD, or 0000-MM-DD when the year is unknown
    family: str = ""
    occupation: str = ""
    hobbies: str = ""
    personality: str = ""
    buying_habits: str = ""
    preferred_channel: str = ""  # visit / call / message / e-mail
    service_style: str = ""
    promo_attitude: str = ""
    notes: str = ""
    soft_confirmed: str = ""  # YYYY-MM-DD the soft data was last checked
    important_dates: list[dict[str, str]] = field(default_factory=list)  # ImportantDate dicts
    # The rep's overrides of what the rules compute.
    tier_override: str = ""  # "", "A", "B" or "C"
    cadence_days: int | None = None
    strategic: bool = False  # little profit but worth it: a "black" key account
    # Where the customer came from: the vCard UID or a CSV row's stable key, so a second import matches.
    contact_uid: str = ""


@dataclass(slots=True)
class Purchase(Record):
    TABLE: ClassVar[str] = "purchases"
    customer_id: str = ""
    date: str = ""  # YYYY-MM-DD
    item: str = ""
    spec: str = ""
    colour: str = ""
    quantity: float = 1
    amount: float = 0.0
    margin: float | None = None  # profit on the deal, when known
    usage: str = ""  # how the customer uses it


@dataclass(slots=True)
class Interaction(Record):
    TABLE: ClassVar[str] = "interactions"
    customer_id: str = ""
    kind: str = "visit"  # one of INTERACTION_KINDS
    at: str = ""  # ISO-8601 UTC
    duration_min: int | None = None
    note: str = ""
    outcome: str = ""
    satisfaction: int | None = None  # 1..5
    referral_asked: bool = False
    next_step: str = ""
    next_step_due: str = ""  # YYYY-MM-DD


@dataclass(slots=True)
class FollowUp(Record):
    """Something the rep owes a customer; an appointment when it has a time."""

    TABLE: ClassVar[str] = "followups"
    customer_id: str = ""
    due: str = ""  # YYYY-MM-DD
    time: str = ""  # HH:MM for an appointment, else ""
    reason: str = ""
    source: str = ""  # what created it, e.g. "interactions:<id>"
    status: str = "open"  # one of FOLLOWUP_STATUSES
    snoozed_until: str = ""
    done_at: str = ""
    dismiss_reason: str = ""


@dataclass(slots=True)
class Complaint(Record):
    TABLE: ClassVar[str] = "complaints"
    customer_id: str = ""
    opened: str = ""  # YYYY-MM-DD
    category: str = ""
    severity: str = "medium"  # low / medium / high
    description: str = ""
    owner: str = ""
    promised: str = ""  # YYYY-MM-DD the customer was promised a fix by
    steps_done: list[str] = field(default_factory=list)  # from COMPLAINT_STEPS
    compensation: str = ""
    status: str = "open"  # one of COMPLAINT_STATUSES
    resolved_on: str = ""
    confirmed_on: str = ""  # the customer said they are satisfied


@dataclass(slots=True)
class Referral(Record):
    TABLE: ClassVar[str] = "referrals"
    referrer_id: str = ""  # the customer who referred
    lead_name: str = ""
    lead_phone: str = ""
    lead_email: str = ""
    lead_customer_id: str = ""  # set once the lead is a customer
    status: str = "new"  # one of REFERRAL_STATUSES
    status_dates: dict[str, str] = field(default_factory=dict)  # status -> YYYY-MM-DD
    thanked_on: str = ""  # thanked for the referral itself
    thanked_won_on: str = ""  # thanked again when the lead bought
    reward: str = ""


@dataclass(slots=True)
class AgendaMark(Record):
    """What the rep did with an agenda item: done, dismissed, or snoozed.

    ``occurrences`` are the reason keys it settles (e.g. "birthday:2026-11-27"),
    so the same reason does not come back, while a new occurrence (the next
    birthday, a new cadence cycle) does.
    """

    TABLE: ClassVar[str] = "agenda_marks"
    subject: str = ""  # a customer id, or "referral:<id>" for a lead
    action: str = "done"  # done / dismissed / snoozed
    occurrences: list[str] = field(default_factory=list)
    day: str = ""  # YYYY-MM-DD it was marked
    until: str = ""  # snoozed until this day
    note: str = ""  # why it was dismissed


RECORD_TYPES: tuple[type[Record], ...] = (
    Customer, Purchase, Interaction, FollowUp, Complaint, Referral, AgendaMark,
)
TABLES: dict[str, type[Record]] = {t.TABLE: t for t in RECORD_TYPES}
# The field that ties a record to its customer, for the store's indexes.
CUSTOMER_LINK: dict[str, str] = {
    "purchases": "customer_id",
    "interactions": "customer_id",
    "followups": "customer_id",
    "complaints": "customer_id",
    "referrals": "referrer_id",
    "agenda_marks": "subject",
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
