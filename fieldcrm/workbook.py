"""A book opened for work: the store, plus the facts the rules need, kept in step.

The CLI and the TUI do the rep's actions through here, so each change lands
in the store (durably) and in the rules' facts (in place) together.
"""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

from fieldcrm.clock import to_iso
from fieldcrm.i18n import _, listed
from fieldcrm.model import (
    CONTACT_KINDS, AgendaMark, Complaint, Customer, Event, FollowUp, Interaction, Invitation, Purchase, Referral,
)
from fieldcrm.resources import asset_toml
from fieldcrm.rules import agenda as agenda_rules
from fieldcrm.rules.facts import Deal, Facts
from fieldcrm.rules.messages import fill
from fieldcrm.rules.festivals import occasion as festival_occasion
from fieldcrm.rules.gatherings import counts_for_cadence
from fieldcrm.rules.reasons import thanked_fields
from fieldcrm.rules.search import CustomerIndex
from fieldcrm.rules.segments import Tier, compute_tiers, effective_tier, loyalty_stage
from fieldcrm.rules.settings import Settings
from fieldcrm.store import Store


def local_tz() -> dt.tzinfo:
    return dt.datetime.now().astimezone().tzinfo or dt.timezone.utc


def settle_heap() -> None:
    """A loaded book is a million long-lived objects: take them out of the cyclic
    garbage collector's sight, or a full collection stalls a keystroke or a list."""
    gc.collect()
    gc.freeze()


def load_facts(store: Store) -> Facts:
    # Every contact with a customer counts for the cadence, a colleague's too: the
    # customer was seen (at a gathering too). Agenda marks are this rep's own list: a
    # colleague's "done", snooze or dismissal says nothing about what this rep did.
    contacts = ((cid, at) for cid, kind, at, notice in store.columns(Interaction, ("customer_id", "kind", "at",
                                                                                 "notice_id"))
                if counts_for_cadence(kind, notice, CONTACT_KINDS))
    deals = store.columns(Purchase, ("id", "customer_id", "date", "amount", "margin"))
    marks = [AgendaMark.from_dict(doc) for doc in store.raw_all(AgendaMark)
             if not doc.get("deleted") and store.is_mine(AgendaMark.TABLE, doc)]
    facts = Facts.build(store.all(Customer), contacts, deals, store.all(FollowUp),
                        store.all(Complaint), store.all(Referral), marks)
    facts.events = {e.id: e for e in store.all(Event)}
    facts.invitations = {i.id: i for i in store.all(Invitation)}
    from fieldcrm.outreach import told_from
    facts.told = told_from(store)  # promotions told, for their end-of-campaign follow-up
    return facts


class Workbook:
    def __init__(self, store: Store, settings: Settings | None = None, tz: dt.tzinfo | None = None):
        self.store = store
        self.settings = settings or Settings()
        self.tz = tz or local_tz()
        self.facts = load_facts(store)
        self._stages_version = -1
        self._stages: dict[str, str] = {}
        self._report_key: tuple | None = None
        self._report = None
        self.search = CustomerIndex(cf.customer for cf in self.facts.customers.values())
        settle_heap()

    # ------------------------------------------------------------ reading

    def now_iso(self) -> str:
        return to_iso(self.store.clock.now())

    def today(self) -> dt.date:
        return self.store.clock.now().datetime.astimezone(self.tz).date()

    def agenda(self, day: dt.date | None = None) -> agenda_rules.Agenda:
        day = day or self.today()
        now = self.now_iso() if day == self.today() else None
        return agenda_rules.agenda(self.facts, day, self.settings, now=now, tz=self.tz, today=self.today())

    def name_of(self, customer_id: str) -> str:
        cf = self.facts.customers.get(customer_id)
        return cf.customer.name if cf else ""

    def customer(self, customer_id: str) -> Customer | None:
        cf = self.facts.customers.get(customer_id)
        return cf.customer if cf else None

    def tiers(self, day: dt.date | None = None) -> dict[str, str]:
        """Every customer's tier today (overrides applied)."""
        return agenda_rules.tiers_for(self.facts, day or self.today())[0]  # Facts keeps them

    def stage(self, customer_id: str) -> str:
        return self.stages()[customer_id]

    def stages(self) -> dict[str, str]:
        """Every customer's loyalty stage, cached until the facts change."""
        if self._stages_version != self.facts.version:
            advocates = {r.referrer_id for r in self.facts.referrals.values() if r.status == "won"}
            self._stages = {cid: loyalty_stage(len(set(cf.deal_dates)), cid in advocates)
                            for cid, cf in self.facts.customers.items()}
            self._stages_version = self.facts.version
        return self._stages

    def tier(self, customer_id: str, day: dt.date | None = None) -> Tier:
        """The customer's tier and why (an override wins, and says so)."""
        revenue = agenda_rules.revenue_12m(self.facts, day or self.today())
        computed = compute_tiers(revenue)[customer_id]
        customer = self.facts.customers[customer_id].customer
        return effective_tier(customer, computed, revenue[customer_id], self.settings)

    def message(self, item: agenda_rules.AgendaItem) -> str:
        """The suggested message for an agenda item, filled in."""
        template = asset_toml("messages.toml")[item.template]
        customer = self.facts.customers[item.customer_id].customer if item.customer_id in self.facts.customers else None
        lead = referrer = ""
        occasion = None
        for reason in item.reasons:
            if reason.template == item.template:
                occasion = occasion or festival_occasion(reason.occurrence)
            if reason.kind in ("thank_referrer", "referral_new"):
                referral = self.facts.referrals.get(reason.occurrence.split(":")[1])
                if referral:
                    lead = referral.lead_name
                    ref = self.facts.customers.get(referral.referrer_id)
                    referrer = ref.customer.name if ref else ""
        return fill(template, customer, self.store.rep.name, name=item.name, lead=lead, referrer=referrer,
                    occasion=occasion)

    def report(self, period: str = "month", day: dt.date | None = None):
        """The period's report, built again only once the book has changed: building it reads
        every note (0.3 s at 3,000 customers), and the Reports screen asks at every visit."""
        day = day or self.today()
        key = (period, day, self.store.seq, self.store.rep_id, id(self.facts), self.facts.version)
        if self._report_key != key:
            self._report, self._report_key = self._build_report(period, day), key
        return self._report

    def _build_report(self, period: str, day: dt.date):
        from fieldcrm.rules.reports import build_report
        customers = {cid: cf.customer for cid, cf in self.facts.customers.items()}
        deals = [(cid, d.date, d.amount) for cid, cf in self.facts.customers.items() for d in cf.deals]
        # The rep's work is what the rep did, whoever's customer it was: their own notes
        # (asking for referrals included), the follow-ups they marked done (a colleague's
        # follow-up they took over counts, one they left behind does not) and the referrals
        # they took down. Customers, revenue and complaints are about the customers this
        # book holds, which on a team laptop are the rep's own.
        store = self.store
        contacts = list(store.columns(Interaction, ("kind", "at", "referral_asked"), mine=True))
        followups = [FollowUp.from_dict(doc) for doc in store.raw_all(FollowUp)
                     if not doc.get("deleted") and store.rep_of_value(FollowUp.TABLE, doc, "status") == store.rep_id]
        referrals = [r for r in self.facts.referrals.values() if self._is_mine(Referral, r.id)]
        outreach = [(kind, at) for kind, at, notice in store.columns(Interaction, ("kind", "at", "notice_id"), mine=True)
                    if notice]
        return build_report(
            day, period, names={cid: c.name for cid, c in customers.items()}, contacts=contacts, deals=deals,
            followups=followups, referrals=referrals,
            complaints=list(self.facts.complaints.values()),
            overrides={cid: c.tier_override for cid, c in customers.items() if c.tier_override}, tz=self.tz,
            outreach=outreach, feedback=self.feedback_report(day))

    def feedback_report(self, day: dt.date | None = None):
        """What customers said, per tag and per product (notes, complaints, gatherings)."""
        from fieldcrm.rules import feedback
        names = {cid: cf.customer.name for cid, cf in self.facts.customers.items()}
        notes = [Interaction.from_dict(doc) for doc in self.store.raw_all(Interaction) if doc.get("feedback_tags")]
        said = feedback.gather(names, notes, self.facts.complaints.values(), self.facts.invitations.values(),
                               {e.id: e.day for e in self.facts.events.values()})
        return feedback.build(said, day or self.today())

    def _is_mine(self, kind, record_id: str) -> bool:
        doc = self.store.raw(kind, record_id)
        return doc is not None and self.store.is_mine(kind.TABLE, doc)

    def written_by(self, kind, record_id: str) -> str:
        """Who wrote a record, for showing beside it: "" when it is this rep's own,
        else the colleague's name (or a short id when the book never learnt it)."""
        doc = self.store.raw(kind, record_id)
        if doc is None or self.store.is_mine(kind.TABLE, doc):
            return ""
        return self.store.rep_label(self.store.rep_of(kind.TABLE, doc))

    # ------------------------------------------------------------ changing

    def log_contact(self, interaction: Interaction) -> Interaction:
        if not interaction.at:
            interaction.at = self.now_iso()
        self.store.add(interaction)
        if counts_for_cadence(interaction.kind, interaction.notice_id, CONTACT_KINDS):
            self.facts.add_contact(interaction.customer_id, interaction.at)
        return interaction

    def add_purchase(self, purchase: Purchase) -> Purchase:
        self.store.add(purchase)
        self.facts.add_deal(purchase.customer_id,
                            Deal(purchase.id, purchase.date, purchase.amount, purchase.margin))
        return purchase

    def add(self, record):
        """Save a new customer, follow-up, complaint or referral."""
        self.store.add(record)
        self._refresh(record)
        return record

    def add_many(self, records: list) -> list:
        """Save new records all or none (an import): every one checked, then one durable write."""
        self.store.add_many(records)
        for record in records:
            self._refresh(record)
        return records

    def update(self, kind, record_id: str, **fields):
        record = self.store.update(kind, record_id, **fields)
        self._refresh(record)
        return record

    def refresh_record(self, table: str, record_id: str) -> None:
        """A record changed underneath (a conflict settled): bring the facts up to date."""
        from fieldcrm.model import TABLES
        record = self.store.get(TABLES[table], record_id, include_deleted=True)
        if record is not None:
            self._refresh(record)

    def reload_facts(self) -> None:
        """After an import changed many records: rebuild what the rules know."""
        self.facts = load_facts(self.store)
        self.search = CustomerIndex((cf.customer for cf in self.facts.customers.values()),
                                    read_pinyin=self.search.warmed)
        self._stages_version = -1

    def _refresh(self, record) -> None:
        if isinstance(record, Customer):
            self.facts.put_customer(record)
            self.search.put(record)
        elif isinstance(record, FollowUp):
            self.facts.put_followup(record)
        elif isinstance(record, Complaint):
            self.facts.put_complaint(record)
        elif isinstance(record, Referral):
            self.facts.put_referral(record)
        elif isinstance(record, AgendaMark):
            self.facts.add_mark(record)
        elif isinstance(record, Event):
            self.facts.put_event(record)
        elif isinstance(record, Invitation):
            self.facts.put_invitation(record)

    # ------------------------------------------------------------ agenda actions

    def mark_done(self, item: agenda_rules.AgendaItem, note: str = "", log_contact: bool = True) -> None:
        """The rep did it: log the contact (unless a note was just written for it) and
        settle every reason on the item."""
        day = self.today().isoformat()
        if log_contact and item.customer_id and item.customer_id in self.facts.customers:
            words = listed(r.text for r in item.reasons)
            self.log_contact(Interaction(customer_id=item.customer_id, kind=item.action,
                                         note=note or _("Done from Today: {reasons}").format(reasons=words)))
        for reason in item.reasons:
            self._settle(item, reason.kind, reason.occurrence, day)
        self.add(AgendaMark(subject=item.subject, action="done", occurrences=item.occurrences, day=day))

    def _settle(self, item: agenda_rules.AgendaItem, kind: str, occurrence: str, day: str) -> None:
        """What doing a reason changes beyond the logged contact."""
        parts = occurrence.split(":")
        if kind in ("follow_up", "appointment"):
            self.update(FollowUp, parts[1], status="done", done_at=self.now_iso())
        elif kind == "referral_new":
            referral = self.facts.referrals[parts[1]]
            self.update(Referral, referral.id, status="contacted",
                        status_dates={**referral.status_dates, "contacted": day})
        elif kind == "thank_referrer":
            self.thank_referrer(parts[1])
        elif kind == "soft_data":
            self.update(Customer, item.customer_id, soft_confirmed=day)
        elif kind == "complaint_confirm":
            self.update(Complaint, parts[1], status="confirmed", confirmed_on=day)

    # ------------------------------------------------------------ referrals

    def thank_referrer(self, referral_id: str) -> Referral:
        """The rep thanked the referrer: settles the pending thank-you reasons on Today."""
        referral = self.facts.referrals[referral_id]
        fields = thanked_fields(referral, self.today().isoformat())
        return self.update(Referral, referral_id, **fields) if fields else referral

    def win_referral(self, referral_id: str) -> tuple[Customer, bool]:
        """The lead bought: the referral is won and the lead is a customer, the one
        already in the book with the same phone, e-mail or name, or a new one.
        Returns (the customer, whether they were already in the book)."""
        referral = self.facts.referrals[referral_id]
        customer = self.customer(referral.lead_customer_id) or self._customer_like(referral)
        existed = customer is not None
        if customer is None:
            customer = self.add(Customer(
                name=referral.lead_name, phones=[referral.lead_phone] if referral.lead_phone else [],
                email=referral.lead_email))
        day = self.today().isoformat()
        self.update(Referral, referral_id, status="won", lead_customer_id=customer.id,
                    status_dates={**referral.status_dates, "won": referral.status_dates.get("won", day)})
        return customer, existed

    def referred_by(self, customer_id: str) -> list[Referral]:
        """The referrals that brought this customer (the "referred by" of a won lead)."""
        return [r for r in self.facts.referrals.values() if r.lead_customer_id == customer_id]

    def _customer_like(self, referral: Referral) -> Customer | None:
        """A customer with the lead's phone, else e-mail, else exact name (spacing and case aside)."""
        from fieldcrm.interop.contacts import phone_key
        phone, email = phone_key(referral.lead_phone), referral.lead_email.strip().lower()
        name = " ".join(referral.lead_name.split()).casefold()
        customers = [cf.customer for cf in self.facts.customers.values()]
        for matches in (
            lambda c: phone and phone in {phone_key(p) for p in c.phones},
            lambda c: email and email == c.email.strip().lower(),
            lambda c: name and name == " ".join(c.name.split()).casefold(),
        ):
            found = next((c for c in customers if matches(c)), None)
            if found is not None:
                return found
        return None

    def snooze(self, item: agenda_rules.AgendaItem, until: dt.date) -> None:
        if until <= self.today():
            raise ValueError(_("Snooze to a day after today."))
        self.add(AgendaMark(subject=item.subject, action="snoozed", day=self.today().isoformat(),
                            until=until.isoformat(), occurrences=item.occurrences))

    def dismiss(self, item: agenda_rules.AgendaItem, why: str) -> None:
        self.add(AgendaMark(subject=item.subject, action="dismissed", day=self.today().isoformat(),
                            occurrences=item.occurrences, note=why))

    # ------------------------------------------------------------ saved views and closing

    VIEW_DAYS = 3  # today and the next two: tomorrow morning starts from a saved list

    def save_views(self) -> None:
        """Save the next days' lists beside the book, so the app can show Today at once
        next time, while the book itself loads. Valid while the book's files are unchanged."""
        days = {}
        for offset in range(self.VIEW_DAYS):
            day = self.today() + dt.timedelta(days=offset)
            plan = self.agenda(day)
            days[day.isoformat()] = {
                "items": [i.to_json() for i in plan.items],
                "also_due_count": plan.also_due_count,
            }
        self.store.side.save("views", "agenda", {
            "fingerprint": self.store.fingerprint(), "rep": self.store.rep.name,
            "unexported": self.store.unexported, "days": days,
        })

    def close(self) -> None:
        """Checkpoint, save the views (matching the checkpointed files), release the book."""
        if not self.store.read_only:
            self.store.checkpoint()
            self.save_views()
        self.store.close()



class ChangingBook:
    """A book opened by a command that changes it (sync import or export, office merge,
    contacts import, demo): ``with ChangingBook(path) as book: ...``.

    Closing after a change saves Today's lists beside the book, as quitting the app
    does, so the app's next start (the morning after a ``sync import``) is warm: only
    the very first start of a book is cold. Change the book through ``book.work``, or
    through ``book.store`` alone; the lists are computed from whichever was used.
    """

    def __init__(self, path: str | Path, settings: Settings | None = None, read_only: bool = False,
                 create: bool = True):
        self.path = path
        self.create = create  # False: a missing book is an error, not a new book
        self.settings = settings
        self.read_only = read_only  # a dry run: nothing at all is written, not even the lists
        self.store: Store | None = None
        self._work: Workbook | None = None

    def __enter__(self) -> "ChangingBook":
        self.store = Store.open(self.path, read_only=self.read_only, create=self.create)
        self._seq_at_open = self.store.seq
        return self

    @property
    def work(self) -> Workbook:
        """The book with its facts, built on first use and kept in step by its own methods."""
        if self._work is None:
            self._work = Workbook(self.store, self._settings())
        return self._work

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is not None or not self._changed():
            self.store.close()
            return
        self.work.close()  # checkpoint, then the lists that match the checkpointed files

    def _changed(self) -> bool:
        """Anything written or waiting to be checkpointed, or no fresh saved lists (a new book)."""
        if self.store.read_only:
            return False
        if self.store.seq != self._seq_at_open or self.store.unsaved_to_snapshot:
            return True
        saved = self.store.side.load("views", "agenda") or {}
        return saved.get("fingerprint") != self.store.fingerprint()

    def _settings(self) -> Settings:
        if self.settings is None:
            from fieldcrm.config import load_settings
            self.settings = load_settings()[0]  # its warnings are the app's and agenda's to show
        return self.settings
