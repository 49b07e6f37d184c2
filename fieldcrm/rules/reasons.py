"""Why a customer is on today's list: one builder per family of reasons.

Each reason says what (``kind``), why in words (``text``), how urgent, what to
do, and which *occurrence* it is (``"birthday:2026-11-27"``): marking an item
done or dismissed settles those occurrences for that item's subject (keys are
alike between customers), and a new one (next year's
birthday, a new cadence cycle) brings the customer back.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from fieldcrm.i18n import N_, _, ngettext
from fieldcrm.model import Complaint, Customer, FollowUp, Referral
from fieldcrm.rules.calendar import (
    days_between, days_words, local_date, local_midnight_iso, short_date, when_words,
)
from fieldcrm.rules.channels import contact_action as channel_action
from fieldcrm.rules.facts import CustomerFacts, purchase_interval
from fieldcrm.rules.labels import category_label
from fieldcrm.rules.lunar import lunar_year_of, month_day_key, name_zh, parse
from fieldcrm.rules.settings import Settings

# How urgent each kind is before the customer's value multiplies it.
URGENCY = {
    "appointment": 100, "referral_new": 60, "complaint": 45, "complaint_confirm": 30,
    "follow_up": 25, "thank_referrer": 25, "birthday": 22, "after_sale": 20,
    "at_risk": 18, "anniversary": 16, "reorder": 15, "cadence": 10, "soft_data": 1,
}
HOT_REFERRAL = 100  # a lead added within the last day
# Whole sentences per action, so that each language orders its words its own way.
DUE_TODAY = {
    "visit": N_("visit due today (tier {tier}, every {cadence} days)"),
    "call": N_("call due today (tier {tier}, every {cadence} days)"),
    "message": N_("message due today (tier {tier}, every {cadence} days)"),
}
# The same, on a plan for another day: "today" would be wrong there.
DUE_THAT_DAY = {
    "visit": N_("visit due that day (tier {tier}, every {cadence} days)"),
    "call": N_("call due that day (tier {tier}, every {cadence} days)"),
    "message": N_("message due that day (tier {tier}, every {cadence} days)"),
}
OVERDUE = {
    "visit": N_("visit overdue by {days} (tier {tier}, every {cadence} days)"),
    "call": N_("call overdue by {days} (tier {tier}, every {cadence} days)"),
    "message": N_("message overdue by {days} (tier {tier}, every {cadence} days)"),
}


def money(currency: str, amount: float) -> str:
    return f"{currency}{amount:,.0f}"


class Reason(NamedTuple):  # a tuple: thousands are made per agenda, and cheaply
    kind: str
    text: str
    urgency: float
    occurrence: str
    action: str
    time: str = ""  # HH:MM, appointments only
    # True only today: an appointment or follow-up promised for today, a birthday or
    # anniversary today. Such an item always gets a place on the day's list.
    today: bool = False
    template: str = ""  # the suggested message, when the kind alone does not say (a festival's)

    def to_json(self) -> dict:
        return {"kind": self.kind, "text": self.text}


class Day:
    """One day's yardsticks, computed once and shared by every customer."""

    def __init__(self, day: dt.date, now: str, tz: dt.tzinfo, settings: Settings, ahead: dict[str, int],
                 is_today: bool = True):
        self.day, self.now, self.tz, self.settings, self.ahead = day, now, tz, settings, ahead
        # False on a plan for another day: reasons then name the day ("that day", a date),
        # never "today" or "tomorrow", which the rep reads from the real today.
        self.is_today = is_today
        self.iso = day.isoformat()
        self._ordinal = day.toordinal()
        offset = tz.utcoffset(None) if isinstance(tz, dt.timezone) else None
        self._offset = int(offset.total_seconds()) if offset is not None else None
        self._midnights: dict[int, str] = {}
        self.tomorrow = self.midnight(-1)  # contacts before this are "so far"
        self.after_sale_latest = self.date_back(settings.after_sale_days)
        self.after_sale_oldest = self.date_back(settings.after_sale_days + 14)  # then it is too late
        self.year_start = self.date_back(365)
        self.quarter_start = self.date_back(90)
        self.soft_data_cutoff = self.date_back(settings.soft_data_days)
        self.events: tuple = ()  # festivals and solar terms near (rules/festivals.py), set by the agenda

    def midnight(self, days_back: int) -> str:
        """The stored-time value of local midnight ``days_back`` days before the day."""
        cached = self._midnights.get(days_back)
        if cached is None:
            cached = self._midnights[days_back] = local_midnight_iso(
                self.day - dt.timedelta(days=days_back), self.tz)
        return cached

    def days_since(self, iso: str) -> int:
        """Whole local days from a stored instant ("YYYY-MM-DDTHH:MM:SSZ") to the day."""
        if self._offset is not None:  # a fixed offset: no time-zone rules to consult
            seconds = int(iso[11:13]) * 3600 + int(iso[14:16]) * 60 + self._offset
            return self._ordinal - dt.date.fromisoformat(iso[:10]).toordinal() - seconds // 86400
        return self._ordinal - local_date(iso, self.tz).toordinal()

    def date_back(self, days_back: int) -> str:
        return (self.day - dt.timedelta(days=days_back)).isoformat()


def contact_action(customer: Customer, tier: str) -> str:
    return channel_action(customer.preferred_channel, tier)


def contact_due(anchor: str, cadence: int, day: Day) -> bool:
    """Is a contact due, counting ``cadence`` days from ``anchor`` (the last contact)?"""
    return not anchor or anchor < day.midnight(cadence - 1)


def contact_reasons(cf: CustomerFacts, tier: str, cadence: int, last: str, day: Day) -> list[Reason]:
    """Cadence due or overdue, from the last contact of any kind (``last``, "" if none);
    past twice the cadence it is "at risk" instead. Call only when ``contact_due``."""
    customer = cf.customer
    anchor = last or customer.created
    action = channel_action(customer.preferred_channel, tier)
    since = day.days_since(anchor) if anchor else cadence
    overdue = since - cadence
    # Lateness counts relative to the rhythm: 9 days late on a 14-day cadence
    # is more pressing than 30 days late on a 90-day one.
    urgency = URGENCY["cadence"] + min(overdue / cadence, 2.0) * 20
    if last and since > 2 * cadence:  # the same fact, grown serious: say it once
        text = _("at risk: no contact for {since} days (over twice the {cadence}-day cadence)").format(
            since=since, cadence=cadence)
        return [Reason("at_risk", text,
                       urgency + URGENCY["at_risk"], f"at_risk:contact:{last}", "visit")]
    if not last:
        text = _("no contact logged yet (tier {tier}, every {cadence} days)").format(tier=tier, cadence=cadence)
    elif overdue == 0:
        due = DUE_TODAY if day.is_today else DUE_THAT_DAY
        text = _(due.get(action, due["visit"])).format(tier=tier, cadence=cadence)
    else:
        text = _(OVERDUE.get(action, OVERDUE["visit"])).format(days=days_words(overdue), tier=tier, cadence=cadence)
    return [Reason("cadence", text, urgency, f"cadence:{anchor}", action)]


def date_reasons(cf: CustomerFacts, day: Day) -> list[Reason]:
    """Birthday, company and first-deal anniversaries within the greeting window.

    A lunar date (农历) is found by its lunar key in ``day.ahead`` and counts its years
    in lunar years: a 腊月 birthday falls in the next Gregorian January.
    """
    customer, out = cf.customer, []
    first_deal = cf.deals[0].date if cf.deals else ""
    if customer.birthday:
        key = month_day_key(customer.birthday)
        offset = day.ahead.get(key) if key else None
        if offset is not None:
            when = day.day + dt.timedelta(days=offset)
            year, lunar = _years(customer.birthday, when)
            urgency = URGENCY["birthday"] + (10 if offset == 0 else 7 - offset)
            out.append(Reason("birthday", _birthday_text(when_words(day.day, offset, not day.is_today), lunar, year), urgency,
                              f"birthday:{when.isoformat()}", "greeting", today=offset == 0))
    # (label, date, kept by the rep): a date the rep recorded takes a place on the day's
    # list when it is today; the first-order anniversary, found by us, competes on score.
    dates = [(d.get("label") or _("anniversary"), d.get("date", ""), True) for d in customer.important_dates]
    if first_deal and first_deal <= day.iso:
        dates.append((_("first order with us"), first_deal, False))
    for label, date, recorded in dates:
        key = month_day_key(date)
        offset = day.ahead.get(key) if key else None
        if offset is None:
            continue
        when = day.day + dt.timedelta(days=offset)
        years, lunar = _years(date, when)
        if years < 1 and _known_year(date):
            continue  # the date itself, not an anniversary yet
        out.append(Reason("anniversary", _anniversary_text(label, when_words(day.day, offset, not day.is_today), lunar, years),
                          URGENCY["anniversary"] + (8 if offset == 0 else 0),
                          f"anniversary:{label}:{when.isoformat()}", "greeting",
                          today=recorded and offset == 0))
    return out


def _birthday_text(when: str, lunar: str, age: int) -> str:
    if lunar and age > 0:
        return _("birthday ({lunar}) {when} (turns {age})").format(lunar=lunar, when=when, age=age)
    if lunar:
        return _("birthday ({lunar}) {when}").format(lunar=lunar, when=when)
    if age > 0:
        return _("birthday {when} (turns {age})").format(when=when, age=age)
    return _("birthday {when}").format(when=when)


def _anniversary_text(label: str, when: str, lunar: str, years: int) -> str:
    if years > 0:
        count = ngettext("{count} year", "{count} years", years).format(count=years)
        if lunar:
            return _("{label} ({lunar}) {when} ({years})").format(label=label, lunar=lunar, when=when, years=count)
        return _("{label} {when} ({years})").format(label=label, when=when, years=count)
    if lunar:
        return _("{label} ({lunar}) {when}").format(label=label, lunar=lunar, when=when)
    return _("{label} {when}").format(label=label, when=when)


def _known_year(stored: str) -> bool:
    year = stored[1:5] if stored.startswith("L") else stored[:4]
    return year.isdigit() and int(year) > 0


def _years(stored: str, when: dt.date) -> tuple[int, str]:
    """(years since the date at ``when``, 0 if its year is unknown; "农历八月十五" for a lunar one)."""
    lunar = parse(stored) if stored.startswith("L") else None
    if lunar is None:
        return (when.year - int(stored[:4]) if _known_year(stored) else 0), ""
    name = name_zh(lunar._replace(year=0))
    return (lunar_year_of(when) - lunar.year if lunar.year else 0), name


def purchase_reasons(cf: CustomerFacts, revenue_12m: float, last_contact: str, day: Day,
                     at_risk: bool = False) -> list[Reason]:
    """After-sale call, expected re-order, and at risk for buying less (unless the
    customer is already ``at_risk`` for another reason: once is enough)."""
    deals = cf.deals_until(day.iso)
    if not deals or (len(deals) == 1 and deals[0].date < day.after_sale_oldest):
        return []  # one old purchase: no cycle, no trend, too late for an after-sale call
    settings, out = day.settings, []
    recent = deals if deals[-1].date >= day.after_sale_oldest else ()  # usually nothing recent
    for deal in reversed(recent):
        if deal.date < day.after_sale_oldest:
            break
        if deal.date <= day.after_sale_latest and deal.amount >= settings.after_sale_amount:
            after = local_midnight_iso(dt.date.fromisoformat(deal.date) + dt.timedelta(days=1), day.tz)
            if last_contact < after:
                out.append(Reason(
                    "after_sale",
                    _("satisfaction call: bought {amount} on {date}").format(
                        amount=money(settings.currency, deal.amount), date=short_date(deal.date)),
                    URGENCY["after_sale"], f"after_sale:{deal.id}", "call"))
                break
    interval = cf.interval() if deals is cf.deals else purchase_interval(deals)
    last = deals[-1].date
    since = day._ordinal - dt.date.fromisoformat(last).toordinal()
    if interval:
        if 0.9 * interval <= since <= 2 * interval:
            out.append(Reason(
                "reorder",
                _("expected re-order: buys about every {interval} days, last on {date} ({since} days ago)").format(
                    interval=f"{interval:.0f}", date=short_date(last), since=since),
                URGENCY["reorder"] + min(since - 0.9 * interval, 30), f"reorder:{last}", "visit"))
        elif since > 2 * interval and not at_risk:
            at_risk = True
            out.append(Reason(
                "at_risk", _("at risk: no purchase for {since} days (usually every {interval})").format(
                    since=since, interval=f"{interval:.0f}"),
                URGENCY["at_risk"], f"at_risk:purchase:{last}", "visit"))
    # A quarterly average means something only for a customer who buys more than once a year.
    if not at_risk and cf.count_between(day.year_start, day.iso) >= 2:
        quarter_avg = revenue_12m / 4
        recent = cf.amount_between(day.quarter_start, day.iso)
        if recent < quarter_avg / 2:
            c = settings.currency
            out.append(Reason(
                "at_risk",
                _("at risk: spent {recent} in 90 days, under half the usual {usual} a quarter").format(
                    recent=money(c, recent), usual=money(c, quarter_avg)),
                URGENCY["at_risk"], f"at_risk:spend:{last}", "visit"))
    return out


def soft_data_reason(customer: Customer, day: Day) -> list[Reason]:
    """Call only when ``soft_data_due`` says so (the check is inlined on the hot path)."""
    confirmed = customer.soft_confirmed or customer.created[:10]
    text = (_("soft data never confirmed") if not customer.soft_confirmed
            else _("soft data last confirmed on {date} (over a year ago)").format(
                date=short_date(confirmed, day.day)))
    return [Reason("soft_data", text, URGENCY["soft_data"], f"soft_data:{confirmed}", "call")]


def followup_reason(f: FollowUp, day: Day) -> Reason | None:
    if f.status not in ("open", "snoozed"):
        return None
    due = max(f.due, f.snoozed_until) if f.snoozed_until else f.due
    if not due or due > day.iso:
        return None
    what = f.reason or _("follow up")
    if f.time and due == day.iso:
        return Reason("appointment", _("appointment at {time}: {what}").format(time=f.time, what=what),
                      URGENCY["appointment"],
                      f"appointment:{f.id}", "visit", time=f.time, today=True)
    late = days_between(due, day.day)
    if f.time:
        text = _("missed appointment on {date}: {what}").format(date=short_date(due), what=what)
    elif late == 0:
        text = (_("follow-up due today: {what}") if day.is_today
                else _("follow-up due that day: {what}")).format(what=what)
    else:
        text = _("follow-up overdue by {days}: {what}").format(days=days_words(late), what=what)
    return Reason("follow_up", text, URGENCY["follow_up"] + min(late, 30), f"follow_up:{f.id}", "call",
                  today=late == 0)


def complaint_reason(c: Complaint, day: Day) -> Reason | None:
    """An open complaint due or past its promise, or one resolved and not yet confirmed.

    Complaints are followed until the customer is happy (the practice), so
    the key names the day: done, a note or a dismiss settles today's reminder only, and
    it is back the next morning until the complaint is resolved and confirmed (a snooze
    moves it). Marks saved under the old, dayless key no longer match: such a complaint
    comes back, as it should have."""
    what = category_label(c.category) or c.description[:40] or _("complaint")
    key = f"complaint:{c.id}:{c.status}:{c.promised}:{day.iso}"
    if c.status == "resolved" and not c.confirmed_on:
        text = (_("complaint resolved on {date} ({what}): confirm they are satisfied").format(
                    date=short_date(c.resolved_on), what=what) if c.resolved_on
                else _("complaint resolved ({what}): confirm they are satisfied").format(what=what))
        return Reason("complaint_confirm", text,
                      URGENCY["complaint_confirm"], key, "call")
    if c.status != "open":
        return None
    action = "visit" if c.severity == "high" else "call"
    if not c.promised:
        return Reason("complaint", _("open complaint ({what}) has no promised date: agree one").format(what=what),
                      URGENCY["complaint"], key, action)
    if c.promised > day.iso:
        return None
    late = days_between(c.promised, day.day)
    text = ((_("complaint promised for today: {what}") if day.is_today
             else _("complaint promised for that day: {what}")).format(what=what) if late == 0
            else _("complaint past its promised date by {days}: {what}").format(days=days_words(late), what=what))
    return Reason("complaint", text, URGENCY["complaint"] + 2 * min(late, 30), key, action)


def referral_reasons(r: Referral, referrer_name: str, day: Day) -> tuple[Reason | None, Reason | None]:
    """(a reason to call the lead, a reason to thank the referrer)."""
    lead = None
    if r.status == "new":
        added = r.created or f"{r.status_dates.get('new', day.iso)}T00:00:00Z"
        hours = (dt.datetime.fromisoformat(day.now) - dt.datetime.fromisoformat(added)).total_seconds() / 3600
        if hours <= day.settings.referral_hot_hours:
            text = _("new referral from {referrer}: call within 24 hours").format(referrer=referrer_name)
            urgency = HOT_REFERRAL
        else:
            text = _("new referral from {referrer}, not yet contacted (added {date})").format(
                referrer=referrer_name, date=short_date(added[:10]))
            urgency = URGENCY["referral_new"]
        lead = Reason("referral_new", text, urgency, f"referral:{r.id}:new", "call")
    thank = None
    if r.status == "won" and not r.thanked_won_on:
        # Thanked once the lead bought: that one thank settles both (see ``thanked_fields``).
        text = (_("thank again: {lead} bought") if r.thanked_on
                else _("thank for referring {lead}, who bought")).format(lead=r.lead_name)
        thank = Reason("thank_referrer", text, URGENCY["thank_referrer"] + 5, f"thank:{r.id}:won", "message")
    elif not r.thanked_on and r.status != "won":  # thank promptly, whether or not the lead buys
        text = (_("thank for referring {lead} (the lead did not buy)") if r.status == "lost"
                else _("thank for referring {lead}")).format(lead=r.lead_name)
        thank = Reason("thank_referrer", text,
                       URGENCY["thank_referrer"], f"thank:{r.id}:new", "message")
    return lead, thank


def thanked_fields(r: Referral, day: str) -> dict[str, str]:
    """What thanking the referrer on ``day`` records (only the fields it changes).

    Before the lead buys, it is the thank for the referral. After, it is the thank
    for the purchase too: a referrer thanked only once the lead bought is not asked
    to be thanked a second time for the referral itself, nor the other way round.
    """
    fields = {} if r.thanked_on else {"thanked_on": day}
    if r.status == "won" and not r.thanked_won_on:
        fields["thanked_won_on"] = day
    return fields
