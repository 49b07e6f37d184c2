"""Gatherings: who to invite, each customer's invitation in their own words, who still owes a reply.

Pure functions over the model. The invite list is built like a notice's audience
(area, tier, stage, tag, product bought, preferred channel; a customer matches
every key given, any of its values). The notices slice was not on main when this
was written, so the audience test lives here; an event is not a promotion, so
nobody is left out for disliking being sold to.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from typing import Iterable, Iterator

from fieldcrm.i18n import N_, _, ngettext
from fieldcrm.model import Customer, Event, Invitation
from fieldcrm.rules.channels import channel_key
from fieldcrm.rules.messages import language_for
from fieldcrm.rules.notices import audience_problem, stage_key
from fieldcrm.rules.reasons import Reason

AUDIENCE_KEYS = ("area", "tier", "stage", "tag", "product", "channel")
REPLY_DAYS = 7  # an invited customer who has not answered comes up on Today this many days before
URGENCY = 20  # like an after-sale call: the date is fixed, the seats are counted
_FIELDS = ("address", "name", "product", "title", "day", "time", "place", "rep")
DEFAULT_TEXT = {
    "en": "Dear {address}, you are warmly invited to {title} on {day}{time}, {place}. It would be a pleasure "
          "to see you there: may I count you in? — {rep}",
    "zh": "{address}您好！诚邀您参加{day}{time}在{place}举行的{title}，期待您的光临，方便时请告诉我能否出席。——{rep}",
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
REPLY_WORDS = {"yes": N_("yes"), "no": N_("no"), "maybe": N_("maybe"), "": N_("no reply")}


def counts_for_cadence(kind: str, notice_id: str, contact_kinds: tuple[str, ...]) -> bool:
    """A contact kind counts, and so does coming to a gathering (an "event" logged for an
    invitation, with its event's id): the customer was seen. An "event" note without one
    (logged by hand before gatherings existed) still does not, as before."""
    return kind in contact_kinds or (kind == "event" and bool(notice_id))


def parse_audience(pairs: Iterable[str]) -> dict[str, list[str]]:
    """``["area=North", "tier=A,B"]`` as an audience; ValueError names a bad key, or a tier
    or stage that does not exist (a stage in the rep's language is read as its key)."""
    audience: dict[str, list[str]] = {}
    for pair in pairs:
        key, sep, values = pair.partition("=")
        key = key.strip().lower()
        if not sep or key not in AUDIENCE_KEYS:
            raise ValueError(_("Write each filter as key=value, the key one of {keys}.").format(
                keys=", ".join(AUDIENCE_KEYS)))
        named = [v.strip() for v in values.split(",") if v.strip()]
        if not named:  # "tier=" is a slip, not "everyone" (a blank line is everyone)
            raise ValueError(_("{key}= has no value: write one after the =, or leave {key}= out to reach every "
                               "customer.").format(key=key))
        audience.setdefault(key, []).extend(named)
    problem = audience_problem(audience)
    if problem:
        raise ValueError(problem[1])
    if "stage" in audience:
        audience["stage"] = [stage_key(v) for v in audience["stage"]]
    return audience


def audience_from_text(text: str) -> dict[str, list[str]]:
    """Filters typed on one line, ``area=Old Town tier=A``: a value runs up to the next ``key=``
    (an area or a tag often holds a space); quotes around a value are dropped."""
    starts = [m.start() for m in re.finditer(r"(?:^|(?<=\s))[^\s=]+\s*=", text)]
    if text.strip() and (not starts or text[:starts[0]].strip()):
        return parse_audience([text.strip()])  # the sentence that says how to write a filter
    pairs = [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)])]
    quotes = "\"'“”‘’"
    return parse_audience(key + "=" + value.strip().strip(quotes) for key, _, value in (p.partition("=") for p in pairs))


def matches(customer: Customer, audience: dict[str, list[str]], tier: str, stage: str,
            products: set[str]) -> bool:
    """Does the customer match every key given (any of its values, case aside)?"""
    for key, values in audience.items():
        wanted = {v.casefold() for v in values}
        if not wanted:
            continue
        if key == "area":
            have = {customer.area.casefold()}
        elif key == "tier":
            have = {tier.casefold()}
        elif key == "stage":
            have = {stage.casefold()}
        elif key == "tag":
            have = {t.casefold() for t in customer.tags}
        elif key == "product":
            have = {p.casefold() for p in products}
        else:  # channel: "WeChat" finds "微信"
            have = {channel_key(customer.preferred_channel)}
            wanted = {channel_key(v) for v in values}
        if not wanted & have:
            return False
    return True


def choose(customers: Iterable[Customer], audience: dict[str, list[str]], tiers: dict[str, str],
           stages: dict[str, str], products: dict[str, set[str]]) -> list[Customer]:
    """The customers an audience reaches, by name."""
    found = [c for c in customers
             if matches(c, audience, tiers.get(c.id, ""), stages.get(c.id, ""), products.get(c.id, set()))]
    return sorted(found, key=lambda c: (c.name.casefold(), c.id))


def _day_words(day: str, lang: str) -> str:
    if not day:
        return ""
    date = dt.date.fromisoformat(day)
    return f"{date.month}月{date.day}日" if lang == "zh" else f"{date.day} {MONTHS[date.month - 1]}"


def invitation_text(customer: Customer, event: Event, rep_name: str, product: str = "",
                    template: dict[str, str] | None = None) -> str:
    """The invitation in the customer's language, their form of address and details filled in.
    User text is data: only our known fields are substituted, braces in a name stay as typed."""
    lang = language_for(customer)
    text = (template or DEFAULT_TEXT).get(lang) or (template or DEFAULT_TEXT)["en"]
    time = (f" {event.time}" if lang == "zh" else f" at {event.time}") if event.time else ""
    values = {"address": customer.form_of_address or customer.name, "name": customer.name,
              "product": product, "title": event.title, "day": _day_words(event.day, lang), "time": time,
              "place": event.place, "rep": rep_name}
    out = []
    for literal, field_name, _spec, _conv in string.Formatter().parse(text):
        out.append(literal)
        if field_name is not None:
            out.append(values.get(field_name, "") if field_name in _FIELDS else "")
    return "".join(out)


def awaiting_reply(event: Event, invitation: Invitation, today: dt.date) -> bool:
    """Invited (the invitation went out), no reply yet, and the event is within REPLY_DAYS."""
    if invitation.deleted or invitation.reply or not invitation.invited_on or not event.day or event.deleted:
        return False
    days = (dt.date.fromisoformat(event.day) - today).days
    return 0 <= days <= REPLY_DAYS


def reply_reasons(events: dict[str, Event], invitations: Iterable[Invitation], today: dt.date,
                  dated: bool = False) -> Iterator[tuple[str, Reason]]:
    """(customer id, reason) for each invitation awaiting a reply; settled once, per invitation.
    ``dated``: ``today`` is a plan's day, not the real today: the event day is "that day"."""
    for invitation in invitations:
        event = events.get(invitation.event_id)
        if event is None or not awaiting_reply(event, invitation, today):
            continue
        days = (dt.date.fromisoformat(event.day) - today).days
        today_words = (_("invited to {title} that day: no reply yet") if dated
                       else _("invited to {title} today: no reply yet"))
        text = (today_words if days == 0 else ngettext(
            "invited to {title} in {count} day: no reply yet", "invited to {title} in {count} days: no reply yet",
            days)).format(title=event.title, count=days)
        yield invitation.customer_id, Reason("invitation", text, URGENCY + REPLY_DAYS - days,
                                             f"invitation:{invitation.id}", "call", template="event_reply")


def reply_words(reply: str) -> str:
    return _(REPLY_WORDS.get(reply, reply))


def tally(invitations: Iterable[Invitation]) -> dict[str, int]:
    """How an event stands: invited, sent, yes, no, maybe, no reply, came."""
    counts = {"invited": 0, "sent": 0, "yes": 0, "no": 0, "maybe": 0, "waiting": 0, "came": 0}
    for inv in invitations:
        if inv.deleted:
            continue
        counts["invited"] += 1
        counts["sent"] += bool(inv.invited_on)
        counts[inv.reply or "waiting"] += 1
        counts["came"] += inv.attended is True
    return counts
