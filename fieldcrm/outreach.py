"""Notices in the book: build one, send each customer's message, export them for a bulk tool.

The rules (who, what each reads, who is left out) are in rules/notices.py; this
module does the rep's actions on a ``Workbook``. Sending a message (by the
clipboard or a CSV file) marks its outreach "sent" and logs one message contact
with the notice's id, so the cadence counts it and the same notice never reaches
a customer twice.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from fieldcrm.i18n import _, ngettext
from fieldcrm.ids import derived_id
from fieldcrm.model import NOTICE_KINDS, Customer, Interaction, Notice, Outreach, Purchase
from fieldcrm.resources import asset_toml
from fieldcrm.rules import notices as rules
from fieldcrm.rules.notices import Person, Recipient, Told
from fieldcrm.store.errors import BookError

CSV_COLUMNS = ["Name", "Phone", "Message"]
PHONE = re.compile(r"\+?[0-9][0-9 ().\-]*")


class NoticeError(BookError):
    """A notice that cannot be built, sent or exported as asked: one sentence. ``field`` names
    the part of the notice to change ("title", "starts", "ends", "audience", or one audience key
    such as "tier"), when one is to blame."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


def template(kind: str) -> dict:
    return asset_toml("messages.toml")[rules.template_key(kind if kind in NOTICE_KINDS else "other")]


def outreach_id(notice_id: str, customer_id: str) -> str:
    """One message per customer per notice, whichever laptop or office made it."""
    return derived_id(notice_id, f"outreach/{customer_id}")


# ------------------------------------------------------------------ reading


class People:
    """Every customer as the rules need them, rebuilt only when the book's facts move."""

    def __init__(self) -> None:
        self._version = -1
        self._people: list[Person] = []

    def of(self, work) -> list[Person]:
        if self._version != work.facts.version:
            self._people = people(work)
            self._version = work.facts.version
        return self._people


def people(work) -> list[Person]:
    tiers, stages = work.tiers(), work.stages()
    bought: dict[str, list[tuple[str, str]]] = {}
    for customer_id, day, item in work.store.columns(Purchase, ("customer_id", "date", "item")):
        if item:
            bought.setdefault(customer_id, []).append((day, item))
    out = []
    for cid, cf in work.facts.customers.items():
        items = sorted(bought.get(cid, ()), reverse=True)
        products = list(dict.fromkeys(item for _day, item in items))  # newest first, once each
        out.append(Person(cf.customer, tiers.get(cid, "C"), stages.get(cid, ""), products))
    return out


def preview(work, notice: Notice, people_cache: People | None = None) -> list[Recipient]:
    """Every customer the notice chooses, with their message or why they are left out."""
    found = (people_cache or People()).of(work)
    return rules.recipients(notice, template(notice.kind), found, work.store.rep.name,
                            sent=sent_days(work, notice.id) if notice.id else None)


def sent_days(work, notice_id: str) -> dict[str, str]:
    """customer id -> the day this notice was sent to them."""
    return {o.customer_id: o.sent_on for o in messages_of(work, notice_id) if o.status == "sent"}


def messages_of(work, notice_id: str) -> list[Outreach]:
    docs = (Outreach.from_dict(d) for d in work.store.raw_all(Outreach)
            if d.get("notice_id") == notice_id and not d.get("deleted"))
    return sorted(docs, key=lambda o: (o.status != "pending", o.status, work.name_of(o.customer_id).casefold()))


def notices(work) -> list[Notice]:
    """The rep's notices and the office's, newest first."""
    return sorted(work.store.all(Notice), key=lambda n: n.created, reverse=True)


@dataclass
class Counts:
    pending: int = 0
    sent: int = 0
    skipped: int = 0


def counts(work) -> dict[str, Counts]:
    """notice id -> how many of its messages wait, went, were left out."""
    out: dict[str, Counts] = {}
    for notice_id, status in work.store.columns(Outreach, ("notice_id", "status")):
        if notice_id:
            tally = out.setdefault(notice_id, Counts())
            setattr(tally, status, getattr(tally, status) + 1)
    return out


def told_from(store) -> dict[str, Told]:
    """Promotions sent to customers, for the end-of-campaign follow-up reason."""
    promotions = {n.id: n for n in store.all(Notice) if n.kind == "promotion" and n.ends}
    if not promotions:
        return {}
    out = {}
    for doc in store.raw_all(Outreach):
        notice = promotions.get(doc.get("notice_id", ""))
        if notice is not None and doc.get("status") == "sent" and not doc.get("deleted"):
            out[doc["id"]] = _told(notice, doc["customer_id"], doc.get("sent_on", ""))
    return out


def _told(notice: Notice, customer_id: str, sent_on: str) -> Told:
    return Told(customer_id, notice.id, notice.title, notice.starts, notice.ends, sent_on)


def messages_to_send(count: int) -> str:
    """"1 message to send", "3 messages to send": the notice lines of the app, the rep's and the office's commands."""
    return ngettext("{count} message to send", "{count} messages to send", count).format(count=count)


# ------------------------------------------------------------------ changing


def check(notice: Notice) -> None:
    """The first of ``problems``, raised."""
    for problem in problems(notice):
        raise problem


def problems(notice: Notice) -> list[NoticeError]:
    """Everything that keeps the notice from being saved, at most one per part, in the form's order."""
    found = []
    if not notice.title.strip():
        found.append(NoticeError(_("Give the notice a title (what it is about); nothing was saved."), "title"))
    if notice.kind in ("promotion", "holiday_hours") and not (notice.starts and notice.ends):
        found += [NoticeError(_("A promotion or holiday hours needs its start and end days; nothing was saved."),
                              part) for part in ("starts", "ends") if not getattr(notice, part)]
    elif notice.starts and notice.ends and notice.ends < notice.starts:
        found.append(NoticeError(_("The notice ends before it starts; nothing was saved."), "ends"))
    elif notice.kind in ("weather", "new_product", "price_change") and not notice.starts:
        found.append(NoticeError(_("Say from which day it applies (the start day); nothing was saved."), "starts"))
    # refused by name: "nobody matches" would hide the typo
    found += [NoticeError(sentence, key) for key, sentence in rules.audience_problems(notice.audience)]
    return found


def create(work, notice: Notice, people_cache: People | None = None) -> tuple[Notice, list[Recipient]]:
    """Save the notice and one outreach per customer it chooses (pending, or skipped
    with the reason), all or none. A notice that reaches nobody is not saved."""
    check(notice)
    notice.audience = rules.clean_audience(notice.audience)
    found = rules.recipients(notice, template(notice.kind), (people_cache or People()).of(work),
                             work.store.rep.name)
    if not found:
        raise NoticeError(_("No customer matches this audience; nothing was saved."), "audience")
    records = [notice, *outreach_for(notice, found, work.store.rep_id)]
    work.add_many(records)
    return notice, found


def outreach_for(notice: Notice, found: list[Recipient], rep_for) -> list[Outreach]:
    """The notice's outreach records (its id is made here if it has none yet);
    ``rep_for`` is the rep's id, or a function of the customer id (the office's)."""
    if not notice.id:
        from fieldcrm.ids import new_id
        notice.id = new_id()
    rep = rep_for if callable(rep_for) else (lambda _cid: rep_for)
    return [Outreach(id=outreach_id(notice.id, r.customer_id), rep_id=rep(r.customer_id),
                     customer_id=r.customer_id, notice_id=notice.id, title=notice.title, message=r.message,
                     status="skipped" if r.left_out else "pending", left_out=r.left_out)
            for r in found]


def send(work, outreach: Outreach, channel: str) -> bool:
    """The message went out (copied for WeChat or SMS, or in a CSV file): mark it sent
    and log the contact. False when it had already gone or was left out."""
    current = work.store.get(Outreach, outreach.id)
    if current is None or current.status != "pending":
        return False
    day = work.today().isoformat()
    work.update(Outreach, outreach.id, status="sent", sent_on=day, channel=channel)
    work.log_contact(Interaction(customer_id=current.customer_id, kind="message", notice_id=current.notice_id,
                                 note=current.message))
    notice = work.store.get(Notice, current.notice_id) if current.notice_id else None
    if notice is not None and notice.kind == "promotion" and notice.ends:
        work.facts.put_told(current.id, _told(notice, current.customer_id, day))
    return True


def pending(work, notice_id: str) -> list[Outreach]:
    return [o for o in messages_of(work, notice_id) if o.status == "pending"]


def csv_rows(work, notice_id: str) -> tuple[bytes, list[Outreach], int]:
    """The CSV for a bulk-messaging tool (name, phone, message; formula-safe, UTF-8 with a
    BOM), the messages in it, and how many pending ones have no phone (left pending)."""
    from fieldcrm.interop.csvfile import formula_safe

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    chosen, no_phone = [], 0
    for outreach in pending(work, notice_id):
        customer = work.customer(outreach.customer_id)
        phone = customer.phones[0] if customer and customer.phones else ""
        if not phone:
            no_phone += 1
            continue
        writer.writerow([formula_safe(work.name_of(outreach.customer_id)), _phone_cell(phone, formula_safe),
                         formula_safe(outreach.message)])
        chosen.append(outreach)
    return ("\ufeff" + out.getvalue()).encode("utf-8"), chosen, no_phone


def _phone_cell(phone: str, formula_safe) -> str:
    """A phone as the bulk tool must read it: "+86 138 ..." kept as it is (digits and
    + - ( ) . can call no function, and an apostrophe would break the number); any
    other text is guarded like every cell."""
    return phone if PHONE.fullmatch(phone) else formula_safe(phone)


def export_csv(work, notice_id: str, path: Path, force: bool = False) -> tuple[int, int]:
    """Write the notice's pending messages to a CSV file, then mark them sent (channel
    "csv"). Returns (messages written, pending ones left for lack of a phone)."""
    from fieldcrm.store.files import atomic_write
    from fieldcrm.store.outside_files import check_output

    path = check_output(Path(path), force=force)
    data, chosen, no_phone = csv_rows(work, notice_id)
    if not chosen:
        raise NoticeError(_("No message of this notice waits to be sent with a phone number; "
                            "no file was written.") if no_phone else
                          _("No message of this notice waits to be sent; no file was written."))
    atomic_write(path, data)
    for outreach in chosen:
        send(work, outreach, "csv")
    return len(chosen), no_phone


def customer_of(work, outreach: Outreach) -> Customer | None:
    return work.customer(outreach.customer_id)
