"""Running a gathering in the book: the event, its invite list, sending, replies, attendance, feedback.

The CLI and the Events screen both act through these functions, so each change
lands in the store and in the agenda's facts together (through the Workbook).
Sending follows the notices' rule: the Outreach is "sent" with its day and
channel, the Invitation has its ``invited_on``, and one message Interaction
(``notice_id`` = the event) is logged, so the cadence counts it. Coming on the
day is an "event" Interaction with the event's id, which the cadence counts too.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from fieldcrm.i18n import _
from fieldcrm.interop.csvfile import formula_safe
from fieldcrm.model import FEEDBACK_TAGS, REPLIES, Customer, Event, Interaction, Invitation, Outreach, Purchase
from fieldcrm.rules import gatherings as rules
from fieldcrm.store.errors import BookError
from fieldcrm.store.files import atomic_write
from fieldcrm.workbook import Workbook

CHANNELS = ("clipboard", "csv")
PHONE = re.compile(r"\+?[0-9][0-9 ()-]*")


def events(work: Workbook) -> list[Event]:
    """Every live event, the next first, then the past ones newest first."""
    today = work.today().isoformat()
    live = [e for e in work.facts.events.values() if not e.deleted]
    coming = sorted((e for e in live if e.day >= today), key=lambda e: (e.day, e.time, e.title))
    past = sorted((e for e in live if e.day < today), key=lambda e: (e.day, e.time), reverse=True)
    return coming + past


def find_event(work: Workbook, text: str) -> Event:
    """An event by id, id prefix or title (case aside); BookError when none or several."""
    text = text.strip()
    live = [e for e in work.facts.events.values() if not e.deleted]
    found = [e for e in live if e.id == text] or [e for e in live if e.title.casefold() == text.casefold()] \
        or [e for e in live if len(text) >= 4 and e.id.startswith(text)]
    if len(found) != 1:
        raise BookError((_("No event is called {text}.") if not found
                         else _("Several events are called {text}; give its id.")).format(text=text))
    return found[0]


def new_event(work: Workbook, title: str, day: str, time: str = "", place: str = "", notes: str = "",
              team: bool = False) -> Event:
    if not title.strip():
        raise BookError(_("Give the event a title."))
    if not day:
        raise BookError(_("Give the event a day."))
    return work.add(Event(title=title.strip(), day=day, time=time, place=place.strip(), notes=notes, team=team))


def products_bought(work: Workbook) -> dict[str, list[str]]:
    """Each customer's products, the latest bought first."""
    bought: dict[str, list[tuple[str, str]]] = {}
    for cid, day, item in work.store.columns(Purchase, ("customer_id", "date", "item")):
        if item:
            bought.setdefault(cid, []).append((day, item))
    return {cid: [item for _day, item in sorted(pairs, reverse=True)] for cid, pairs in bought.items()}


def audience(work: Workbook, filters: dict[str, list[str]]) -> list[Customer]:
    """The customers an invite list's filters reach."""
    products = products_bought(work)
    return rules.choose((cf.customer for cf in work.facts.customers.values()), filters, work.tiers(),
                        work.stages(), {cid: set(items) for cid, items in products.items()})


def invitations(work: Workbook, event_id: str) -> list[Invitation]:
    """The event's invitations, by customer name."""
    found = [i for i in work.facts.invitations.values() if i.event_id == event_id and not i.deleted]
    return sorted(found, key=lambda i: (work.name_of(i.customer_id).casefold(), i.id))


def outreach_of(work: Workbook, event_id: str) -> dict[str, Outreach]:
    """The event's invitation messages, by customer id."""
    return {o.customer_id: o for o in work.store.all(Outreach) if o.event_id == event_id}


def invite(work: Workbook, event: Event, customers: list[Customer],
           owners: dict[str, tuple[str, str]] | None = None) -> list[Invitation]:
    """Put customers on the invite list, each with their personalised invitation waiting to be
    sent; customers already invited are left as they are. ``owners`` (customer id -> (rep id,
    rep name)), for the office: each rep receives their own customers' invitations, signed."""
    already = {i.customer_id for i in invitations(work, event.id)}
    products = products_bought(work)
    records: list = []
    made = []
    for customer in customers:
        if customer.id in already:
            continue
        rep_id, rep_name = (owners or {}).get(customer.id, ("", work.store.rep.name))
        product = (products.get(customer.id) or [""])[0]
        invitation = Invitation(event_id=event.id, customer_id=customer.id, rep_id=rep_id)
        records += [invitation, Outreach(
            customer_id=customer.id, event_id=event.id, title=event.title, rep_id=rep_id,
            message=rules.invitation_text(customer, event, rep_name, product))]
        made.append(invitation)
    if records:
        work.add_many(records)
    return made


def pending(work: Workbook, event_id: str) -> list[tuple[Customer, Outreach]]:
    """The invitations still to send, by customer name."""
    messages = outreach_of(work, event_id)
    out = []
    for invitation in invitations(work, event_id):
        message = messages.get(invitation.customer_id)
        customer = work.customer(invitation.customer_id)
        if message is not None and customer is not None and message.status == "pending":
            out.append((customer, message))
    return out


def mark_sent(work: Workbook, outreach: Outreach, channel: str) -> None:
    """The invitation went out (copied for WeChat or SMS, or in a CSV): logged as a message."""
    if channel not in CHANNELS:
        raise BookError(_("Send by clipboard or csv."))
    day = work.today().isoformat()
    work.update(Outreach, outreach.id, status="sent", sent_on=day, channel=channel)
    for invitation in invitations(work, outreach.event_id):
        if invitation.customer_id == outreach.customer_id and not invitation.invited_on:
            work.update(Invitation, invitation.id, invited_on=day)
    work.log_contact(Interaction(customer_id=outreach.customer_id, kind="message", notice_id=outreach.event_id,
                                 note=outreach.message))


def export_csv(work: Workbook, event_id: str) -> tuple[bytes, int]:
    """The invitations still to send as CSV (name, phone, text) for a bulk-messaging tool; each one
    is then marked sent. Returns (the file's bytes, how many)."""
    rows = pending(work, event_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Name", "Phone", "Text"])
    for customer, message in rows:
        phone = customer.phones[0] if customer.phones else ""
        # A number stays a number for the messaging tool; anything else is made formula-safe.
        phone = phone if PHONE.fullmatch(phone) else formula_safe(phone)
        writer.writerow([formula_safe(customer.name), phone, formula_safe(message.message)])
    return ("\ufeff" + out.getvalue()).encode("utf-8"), len(rows)


def send_csv(work: Workbook, event_id: str, path: Path) -> int:
    """Write the invitations still to send into a new CSV file, then mark them sent (channel "csv")."""
    data, count = export_csv(work, event_id)
    if not count:
        raise BookError(_("No invitation is waiting to be sent."))
    if path.exists():
        raise BookError(_("{path} already exists; choose another name.").format(path=path))
    if not path.parent.is_dir():
        raise BookError(_("There is no folder {folder}.").format(folder=path.parent))
    atomic_write(path, data)
    return mark_all_sent(work, event_id, "csv")


def mark_all_sent(work: Workbook, event_id: str, channel: str) -> int:
    rows = pending(work, event_id)
    for _customer, message in rows:
        mark_sent(work, message, channel)
    return len(rows)


def find_invitation(work: Workbook, event: Event, who: str) -> Invitation:
    """The invitation of the customer named (or with that id) on the event's list."""
    who = who.strip()
    listed = invitations(work, event.id)
    found = [i for i in listed if i.customer_id == who or i.id == who] \
        or [i for i in listed if work.name_of(i.customer_id).casefold() == who.casefold()]
    if len(found) != 1:
        raise BookError((_("{who} is not on the invite list of {title}.") if not found
                         else _("Several invited customers are called {who}; give the customer's id.")).format(
            who=who, title=event.title))
    return found[0]


def reply(work: Workbook, invitation: Invitation, answer: str) -> Invitation:
    if answer not in REPLIES or not answer:
        raise BookError(_("Reply yes, no or maybe."))
    return work.update(Invitation, invitation.id, reply=answer, replied_on=work.today().isoformat())


def attend(work: Workbook, invitation: Invitation, came: bool = True) -> Invitation:
    """On the day: the customer came (logged as a contact: they were seen) or did not."""
    if came and invitation.attended is not True:
        event = work.facts.events.get(invitation.event_id)
        work.log_contact(Interaction(customer_id=invitation.customer_id, kind="event",
                                     notice_id=invitation.event_id,
                                     note=_("Came to {title}").format(title=event.title if event else "")))
    return work.update(Invitation, invitation.id, attended=came)


def parse_tags(text: str) -> list[str]:
    """"product, price" as tags; a word not a tag is an error naming the tags."""
    tags = [t.strip().lower() for t in text.replace("，", ",").replace(" ", ",").split(",") if t.strip()]
    bad = [t for t in tags if t not in FEEDBACK_TAGS]
    if bad:
        raise ValueError(_("{tag} is not a feedback tag: use {tags}.").format(tag=bad[0], tags=", ".join(FEEDBACK_TAGS)))
    return list(dict.fromkeys(tags))


def feedback(work: Workbook, invitation: Invitation, text: str, tags: list[str], product: str = "") -> Invitation:
    """What the customer said at the gathering, tagged for the feedback report."""
    if not text.strip():
        raise BookError(_("Write what the customer said."))
    return work.update(Invitation, invitation.id, feedback=text.strip(), feedback_tags=tags, product=product.strip())
