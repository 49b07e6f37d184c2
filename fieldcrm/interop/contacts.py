"""Turning contacts into customers: never a duplicate, never a silent skip.

Each contact read is exactly one of: new (added), matched (already in the
book or earlier in the file: the same UID, or the same phone/e-mail and name,
or, with no phone or e-mail, the same name and company), a look-alike (the
same phone or e-mail under another name: held back until the rep chooses to
add it, merge it into the customer, or skip it), or refused with a reason.
A match or a merge only fills what the customer lacks; it never overwrites.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldcrm.i18n import N_, _, listed, ngettext
from fieldcrm.ids import new_id
from fieldcrm.interop.contact import Contact, ReadResult, Refused
from fieldcrm.model import Customer
from fieldcrm.terminal_text import visible
from fieldcrm.validation import field_checks, fields_problem, record_problem

CHOICES = ("skip", "add", "merge")
_SCALARS = ("company", "title", "email", "birthday", "form_of_address", "contact_uid")
_ADDRESS = ("address", "area", "region", "postcode", "country")


@dataclass
class LookAlike:
    contact: Contact
    customer: Customer  # the one it looks like (in the book, or new from earlier in the file)
    why: str  # "same phone"
    choice: str = "skip"  # one of CHOICES

    def line(self) -> str:
        return _("{name} looks like {customer} ({why})").format(name=self.contact.name, customer=self.customer.name,
                                                                 why=_(self.why))


@dataclass
class ContactPlan:
    total: int = 0  # cards or rows in the file
    new: list[Customer] = field(default_factory=list)
    matched: list[tuple[Contact, Customer]] = field(default_factory=list)
    look_alikes: list[LookAlike] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # per contact: what was left out and why
    warnings: list[str] = field(default_factory=list)  # about the file

    def lines(self, limit: int = 50, look_alikes: bool = True) -> list[str]:
        """The summary, then per contact what happens; ``look_alikes=False`` when a table lists them."""
        held = len(self.look_alikes)
        out = [_("{contacts}: {new}, {matched}, {look_alikes}, {refused}.").format(  # each count its own plural
            contacts=ngettext("{count} contact", "{count} contacts", self.total).format(count=self.total),
            new=ngettext("{count} new customer", "{count} new customers", len(self.new)).format(count=len(self.new)),
            matched=_("{count} already in the book").format(count=len(self.matched)),
            look_alikes=ngettext("{count} looks like a customer you have (held back)",
                                 "{count} look like customers you have (held back)", held).format(count=held),
            refused=_("{count} refused").format(count=len(self.refused)))]
        shown = self.look_alikes if look_alikes else []
        out += ["  " + _("look-alike: {line}: {choice}").format(line=la.line(), choice=_(_CHOICE_WORDS[la.choice]))
                for la in shown[:limit]]
        out += ["  " + visible(_("refused: {where}: {reason}").format(where=r.where, reason=r.reason), newlines=False)
                for r in self.refused[:limit]]
        out += ["  " + _("note: {line}").format(line=line) for line in self.notes[:limit]]
        hidden = max(0, len(shown) - limit) + max(0, len(self.refused) - limit) \
            + max(0, len(self.notes) - limit)
        if hidden:
            out.append("  " + ngettext("... and {count} more line.", "... and {count} more lines.", hidden).format(
                count=hidden))
        return out + self.warnings


_CHOICE_WORDS = {"skip": N_("not added"), "add": N_("will be added anyway"), "merge": N_("will be merged into it")}


def phone_key(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[-8:] if len(digits) >= 6 else ""


def plan_contacts(read: ReadResult | list[Contact], existing: list[Customer], today: str,
                  look_alikes: str = "skip") -> ContactPlan:
    """What importing ``read`` into a book holding ``existing`` would do; ``look_alikes`` is the
    choice every look-alike starts with."""
    if isinstance(read, list):
        read = ReadResult(contacts=read)
    plan = ContactPlan(total=read.total, refused=list(read.refused), warnings=list(read.warnings))
    index = _Index(c for c in existing if not c.deleted)
    for contact in read.contacts:
        customer = to_customer(contact, today)
        found, why = index.find(contact)
        # What saving would refuse is set aside now and named: the import then adds the rest.
        fills = found and (not why or look_alikes == "merge")  # a rep's later choice is checked as it is saved
        problem = record_problem(customer) or (fill_problem(found, contact, today) if fills else None)
        if problem:  # fill_problem: e.g. two notes too long together
            plan.refused.append(Refused(f"{contact.where} ({_short(contact.name)})", problem))
            continue
        plan.notes += [f"{contact.name}: {p}" for p in contact.problems]
        if found and not why:
            plan.matched.append((contact, found))
        elif found:
            plan.look_alikes.append(LookAlike(contact, found, why, look_alikes))
        else:
            plan.new.append(customer)
            index.add(customer)
    return plan


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def to_customer(contact: Contact, today: str) -> Customer:
    notes = contact.notes
    if len(contact.emails) > 1:
        notes = "\n".join(p for p in (notes, "Other e-mail: " + ", ".join(contact.emails[1:])) if p)
    return Customer(
        id=new_id(), name=contact.name, form_of_address=contact.form_of_address, company=contact.company,
        title=contact.title, phones=list(contact.phones), email=contact.email, address=contact.address,
        area=contact.area, region=contact.region, postcode=contact.postcode, country=contact.country,
        birthday=contact.birthday, notes=notes, tags=list(contact.tags), contact_uid=contact.uid,
        soft_confirmed=today,
    )


def fill(customer: Customer, contact: Contact, today: str) -> dict:
    """The fields ``customer`` lacks that ``contact`` has: nothing is overwritten."""
    new = to_customer(contact, today)
    out = {f: getattr(new, f) for f in _SCALARS if getattr(new, f) and not getattr(customer, f)}
    if out.get("contact_uid") == customer.id:  # the book's own export read back: its id is no new detail
        del out["contact_uid"]
    if not any(getattr(customer, f) for f in _ADDRESS):
        out.update({f: getattr(new, f) for f in _ADDRESS if getattr(new, f)})
    known = {phone_key(p) or p for p in customer.phones}
    phones = [p for p in new.phones if (phone_key(p) or p) not in known]
    if phones:
        out["phones"] = customer.phones + phones
    tags = [t for t in new.tags if t not in customer.tags]
    if tags:
        out["tags"] = customer.tags + tags
    if new.notes and new.notes not in customer.notes:
        out["notes"] = f"{customer.notes}\n{new.notes}" if customer.notes else new.notes
    return out


def fill_problem(customer: Customer, contact: Contact, today: str) -> str | None:
    """What saving would refuse in filling ``customer`` in from ``contact``, or None."""
    return fields_problem(field_checks(Customer), fill(customer, contact, today))


def apply_plan(plan: ContactPlan, work, today: str, progress=None) -> dict[str, int]:
    """Add, fill in and merge as planned, through ``work`` (a Workbook); returns what was done."""
    counts = settle_matches(plan, work, today)
    # The refused contacts were set aside by plan_contacts; the valid new customers are
    # checked again, then saved in one durable write: a full disk adds none of them, never some.
    work.add_many(plan.new)
    counts["added"] = len(plan.new)
    if progress:
        progress(1, 1)
    return counts


def settle_matches(plan: ContactPlan, work, today: str) -> dict[str, int]:
    """Fill in matched customers and carry out each look-alike's choice; a look-alike
    to add joins ``plan.new``, which the caller then saves."""
    pending = {c.id for c in plan.new}  # customers of this plan not yet in the book
    counts = {"added": 0, "filled": 0, "merged": 0, "skipped": 0, "refused": len(plan.refused)}

    def changed(customer: Customer, fields: dict) -> bool:
        if fields_problem(field_checks(Customer), fields):  # checked before it is written: set aside
            counts["refused"] += 1
            return False
        if customer.id in pending:  # matched to a customer earlier in this file: not saved yet
            for name, value in fields.items():
                setattr(customer, name, value)
        elif fields:
            work.update(Customer, customer.id, **fields)
        return True

    for contact, customer in plan.matched:
        fields = fill(customer, contact, today)
        counts["filled"] += bool(fields) and changed(customer, fields)
    for la in plan.look_alikes:
        if la.choice == "add":
            plan.new.append(to_customer(la.contact, today))
            pending.add(plan.new[-1].id)
        elif la.choice == "merge":
            counts["merged"] += changed(la.customer, fill(la.customer, la.contact, today))
        else:
            counts["skipped"] += 1
    return counts


def result_line(counts: dict[str, int]) -> str:
    """What an import did, in one sentence that names only what happened."""
    parts = [ngettext("Added {count} customer", "Added {count} customers", counts["added"]).format(count=counts["added"])]
    if counts["filled"]:
        parts.append(ngettext("{count} matched customer got details they lacked",
                                      "{count} matched customers got details they lacked",
                                      counts["filled"]).format(count=counts["filled"]))
    if counts["merged"]:
        parts.append(ngettext("{count} look-alike merged", "{count} look-alikes merged", counts["merged"]).format(
            count=counts["merged"]))
    if counts["skipped"]:
        parts.append(ngettext("{count} look-alike skipped", "{count} look-alikes skipped", counts["skipped"]).format(
            count=counts["skipped"]))
    if counts.get("refused"):
        parts.append(ngettext("{count} refused contact set aside (not added)",
                                      "{count} refused contacts set aside (not added)",
                                      counts["refused"]).format(count=counts["refused"]))
    return _("{parts}.").format(parts=listed(parts))


def _norm(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


class _Index:
    """Customers by UID, phone/e-mail key and name + company, for matching."""

    def __init__(self, customers):
        self.by_uid: dict[str, Customer] = {}
        self.by_key: dict[str, list[Customer]] = {}
        self.by_name: dict[tuple[str, str], Customer] = {}
        for c in customers:
            self.add(c)

    def add(self, c: Customer) -> None:
        for uid in (c.id, c.contact_uid):
            if uid:
                self.by_uid.setdefault(uid, c)
        for key in _keys(c.phones, [c.email]):
            self.by_key.setdefault(key, []).append(c)
        self.by_name.setdefault((_norm(c.name), _norm(c.company)), c)

    def find(self, contact: Contact) -> tuple[Customer | None, str]:
        """(customer, "") for a match, (customer, why) for a look-alike, (None, "") for someone new."""
        if contact.uid and contact.uid in self.by_uid:
            return self.by_uid[contact.uid], ""
        name = _norm(contact.name)
        look_alike = None
        for key in _keys(contact.phones, contact.emails):
            for c in self.by_key.get(key, []):
                if _norm(c.name) == name:
                    return c, ""
                look_alike = look_alike or (c, N_("same e-mail") if "@" in key else N_("same phone"))
        if look_alike:
            return look_alike
        same = self.by_name.get((name, _norm(contact.company)))
        if same and not (contact.uid and same.contact_uid and same.contact_uid != contact.uid):
            if not _keys(contact.phones, contact.emails) or not _keys(same.phones, [same.email]):
                return same, ""
            return same, N_("same name and company, other phone and e-mail")
        return None, ""


def _keys(phones: list[str], emails: list[str]) -> set[str]:
    keys = {k for k in (phone_key(p) for p in phones) if k}
    keys |= {e.strip().lower() for e in emails if e.strip()}
    return keys
