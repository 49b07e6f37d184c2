"""Turning contacts into customers without ever creating a duplicate silently.

A contact that matches a customer (same id, phone number or e-mail), or an
earlier contact in the same file, is listed as a look-alike and not added.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldcrm.interop.vcard import Contact
from fieldcrm.model import Customer


@dataclass
class ContactPlan:
    new: list[Customer] = field(default_factory=list)
    look_alikes: list[str] = field(default_factory=list)  # "Tom Baker looks like Tom B. (same phone)"

    def lines(self) -> list[str]:
        out = [f"{len(self.new)} new customers; {len(self.look_alikes)} look like customers you have "
               "(not added)."]
        out += [f"  {line}" for line in self.look_alikes]
        return out


def phone_key(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[-8:] if len(digits) >= 6 else ""


def plan_contacts(contacts: list[Contact], existing: list[Customer], today: str) -> ContactPlan:
    plan = ContactPlan()
    by_id = {c.id: c.name for c in existing}
    seen: dict[str, str] = {}
    for c in existing:
        for key in _keys(c.phones, c.email):
            seen.setdefault(key, c.name)
    for contact in contacts:
        if contact.uid and contact.uid in by_id:
            plan.look_alikes.append(f"{contact.name} is {by_id[contact.uid]} (the same record)")
            continue
        keys = _keys(contact.phones, contact.email)
        match = next((k for k in keys if k in seen), None)
        if match:
            what = "e-mail" if "@" in match else "phone"
            plan.look_alikes.append(f"{contact.name} looks like {seen[match]} (same {what})")
            continue
        for key in keys:
            seen[key] = contact.name
        plan.new.append(Customer(
            name=contact.name, form_of_address=contact.form_of_address, company=contact.company,
            title=contact.title, phones=contact.phones, email=contact.email, address=contact.address,
            area=contact.area, birthday=contact.birthday, notes=contact.notes, tags=contact.tags,
            soft_confirmed=today,
        ))
    return plan


def _keys(phones: list[str], email: str) -> set[str]:
    keys = {k for k in (phone_key(p) for p in phones) if k}
    if email.strip():
        keys.add(email.strip().lower())
    return keys
