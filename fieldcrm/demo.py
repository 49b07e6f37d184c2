"""A realistic, deterministic demo book: same seed and day, same book.

Customer value follows a Pareto law (about 20% of customers bring 80% of
revenue), as the practice describes; birthdays spread over the year; two years
of purchases and contacts; some open follow-ups, complaints and referrals.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from fieldcrm.resources import asset_toml
from fieldcrm.ids import new_id
from fieldcrm.model import (
    COMPLAINT_STEPS, Complaint, Customer, FollowUp, Interaction, Purchase, Record, Referral, Rep,
)

HISTORY_DAYS = 730
PARETO_ALPHA = 1.16  # the shape that gives an 80/20 split
STEP_DAYS = 3  # between a demo referral's funnel steps
KIND_WEIGHTS = {"visit": 40, "call": 30, "message": 20, "greeting": 7, "event": 3}
WEEK_DAY_CONTACTS = (3, 20)  # a working day of this week: at least a few contacts, at most a full day's
# The rep works from 08:30 to 19:00 in the demo's time zone, and the demo's "now" is 17:00 there.
WORKDAY = (dt.time(8, 30), dt.time(19))
# The draws that place a contact in its day keep their old ranges, so a seed makes the same book as before.
DAY_DRAW, WEEK_DRAW = 36000, 8 * 3600 + 1800
DEMO_NOW = dt.time(17)
DEMO_TZ = dt.timezone(dt.timedelta(hours=8))  # China, unless the rep's own zone is given
DEMO_REP = Rep(name="Alex Chen 陈立", phone="+86 138 0013 8000", email="alex.chen@example.com",
               company="Harbour Supplies", title="Account manager")
# The demo speaks the rep's language: its words, and the rep the book belongs to.
LANGUAGES = ("en", "zh")
WORDS = {"en": "demo_words.toml", "zh": "demo_words_zh.toml"}
REPS = {"en": DEMO_REP, "zh": Rep(name="陈立", phone=DEMO_REP.phone, email=DEMO_REP.email,
                                  company="海港商贸有限公司", title="客户经理")}


@dataclass
class DemoSize:
    customers: int = 300
    interactions: int | None = None  # default: 20 per customer (two years of a steady rhythm)
    purchases: int | None = None  # default: 2 per customer

    def resolved(self) -> tuple[int, int, int]:
        n = self.customers
        return n, self.interactions if self.interactions is not None else n * 20, \
            self.purchases if self.purchases is not None else n * 2


class _Maker:
    def __init__(self, seed: int, today: dt.date, tz: dt.tzinfo, language: str = "en"):
        self.rng = random.Random(seed)
        self.today = today
        self.tz = tz
        self.language = language
        self.words = asset_toml(WORDS[language])
        self.now = dt.datetime.combine(today, DEMO_NOW, tz).astimezone(dt.timezone.utc)

    def pick(self, key: str) -> str:
        return self.rng.choice(self.words[key])

    def moment(self, days_ago_max: int, days_ago_min: int = 0, recent: bool = False) -> dt.datetime:
        """A random instant in the window; ``recent`` leans towards the near end."""
        share = self.rng.random() ** 2 if recent else self.rng.random()
        seconds = int(days_ago_min * 86400 + share * (days_ago_max - days_ago_min) * 86400)
        return self.now - dt.timedelta(seconds=seconds)

    def at_work(self, day: dt.date, share: float) -> dt.datetime:
        """The instant ``share`` (0 to 1) of the way through the working day, never after
        "now" (a day whose work has not begun yet moves to the day before)."""
        start, end = (dt.datetime.combine(day, t, self.tz) for t in WORKDAY)
        if start > self.now:
            return self.at_work(day - dt.timedelta(days=1), share)
        return (start + share * (min(end, self.now) - start)).astimezone(dt.timezone.utc)

    def id_at(self, moment: dt.datetime) -> str:
        return new_id(ms=int(moment.timestamp() * 1000), rng=self.rng)

    def day(self, offset: int) -> str:
        return (self.today + dt.timedelta(days=offset)).isoformat()


def build_demo(size: DemoSize, seed: int, today: dt.date, tz: dt.tzinfo = DEMO_TZ,
               language: str = "en") -> list[Record]:
    """All records of a demo book, in a stable order; contacts fall in working hours in ``tz``.
    ``language`` ("en" or "zh") chooses the customers and the words the rep wrote; English
    stays the very book it always was for a seed (tests and the bench rely on it)."""
    n_customers, n_interactions, n_purchases = size.resolved()
    make = _Maker(seed, today, tz, language)
    customers, names = [], set()
    for _ in range(n_customers):
        customer = _customer(make)
        for _retry in range(20):  # small books read better without namesakes
            if customer.name not in names or n_customers > 1000:
                break
            customer = _customer(make)
        names.add(customer.name)
        customers.append(customer)
    weights = [make.rng.paretovariate(PARETO_ALPHA) for _ in customers]
    records: list[Record] = list(customers)
    records += _purchases(make, customers, weights, n_purchases)
    # This week's contacts are part of the count (its own random stream), the two years the rest.
    week = _this_week(_Maker(f"{seed} this week", today, tz, language), customers, weights, n_interactions)
    week = week[len(week) - min(len(week), n_interactions):]
    records += _interactions(make, customers, weights, n_interactions - len(week)) + week
    records += _followups(make, customers)
    records += _complaints(make, customers, REPS[language].name)
    records += _referrals(make, customers)
    return records


def demo_rep(language: str = "en") -> Rep:
    return Rep(**{**REPS[language].to_dict(), "replica": ""})


def write_demo(folder, records: list[Record], rep: Rep | None = None) -> None:
    """A new demo book whose records are the rep's own changes, written in one durable
    write, so it exports and syncs like a book typed in by hand (a bulk-made book has
    no change log: its first export would say the office has everything). Closing it
    saves Today's lists, so even the demo's first start is warm."""
    from fieldcrm.store import Store  # the store (TinyDB) only when a book is written
    from fieldcrm.workbook import ChangingBook

    Store.create(folder, [], rep=rep or demo_rep(), demo=True)
    with ChangingBook(folder) as book:
        book.store.add_many(records)


def _customer(make: _Maker) -> Customer:
    rng, w = make.rng, make.words
    created = make.moment(HISTORY_DAYS + 400, HISTORY_DAYS - 200)
    chinese = rng.random() < w["chinese_share"]
    rng.randrange(2)  # where gender was drawn at random (the name says it now): kept, so a seed makes the same book
    if chinese:
        surname, given = make.pick("surnames_zh"), make.pick("given_zh")
        gender = _gender(make, given)
        name = surname + given
        address_form = surname + rng.choice(["总", "经理", "老板", "女士" if gender == "f" else "先生"])
        company = make.pick("company_zh") + make.pick("company_zh_kind")
        phone = f"+86 1{rng.randint(30, 89)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
        if make.language == "zh":  # a mailbox named after the customer, as people here have
            email = f"{_pinyin(name)}{rng.randint(10, 999)}@example.cn"
        else:
            email = f"{rng.choice(['wang', 'li', 'zhang', 'chen'])}{rng.randint(10, 999)}@example.cn"
    else:
        first, last = make.pick("first_en"), make.pick("last_en")
        gender = _gender(make, first)
        name = f"{first} {last}"
        if make.language == "zh":  # a foreign manager in a Chinese rep's book: 米勒先生 style, a Chinese firm's name
            address_form = rng.choice([last + ("女士" if gender == "f" else "先生"), first])
            company = make.pick("company_en") + make.pick("company_en_kind")
            phone = f"+86 1{rng.randint(30, 89)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
        else:
            address_form = rng.choice([("Ms " if gender == "f" else "Mr ") + last, first])
            company = f"{make.pick('company_en')} {make.pick('company_en_kind')}"
            phone = f"+44 7{rng.randint(100, 999)} {rng.randint(100000, 999999)}"
        email = f"{first.lower()}.{last.lower().replace(chr(39), '')}@example.com"
    birth = dt.date(rng.randint(make.today.year - 71, make.today.year - 26), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    important = []
    if rng.random() < 0.3:
        founded = dt.date(rng.randint(1995, 2020), rng.randint(1, 12), rng.randint(1, 28))
        important.append({"label": w["anniversary"], "date": founded.isoformat()})
    in_chinese = chinese or make.language == "zh"
    return Customer(
        id=make.id_at(created), created=created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        name=name, form_of_address=address_form, gender=gender,
        company=company, title=make.pick("job_titles"), phones=[phone], email=email,
        address=f"{make.pick('streets_zh')}{rng.randint(1, 300)}号" if in_chinese
        else f"{rng.randint(1, 300)} {make.pick('streets_en')}", area=make.pick("areas"),
        tags=sorted(set(rng.sample(w["tags"], rng.randint(0, 2)))),
        birthday=_birthday(make, birth, chinese), family=_family(make, birth), occupation=make.pick("occupations"),
        hobbies=w["list_separator"].join(rng.sample(w["hobbies"], 2)), personality=make.pick("personalities"),
        buying_habits=make.pick("buying_habits"), preferred_channel=make.pick("channels"),
        service_style=make.pick("service_styles"), promo_attitude=make.pick("promo_attitudes"),
        soft_confirmed=make.day(-rng.randint(0, 500)), important_dates=important,
        strategic=rng.random() < 0.03,
    )


def _pinyin(name: str) -> str:
    """A Chinese name as a mailbox name: 张伟 -> zhangwei (pypinyin, only when a Chinese book is made)."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name))


def _birthday(make: _Maker, birth: dt.date, chinese: bool) -> str:
    """The birthday as the customer keeps it: some older Chinese customers by the lunar
    calendar (L1965-08-15, the same day of birth). The English book draws nothing here."""
    share = make.words.get("lunar_birthday_share", 0)
    if not (share and chinese and (make.today - birth).days // 365 >= make.words["lunar_birthday_age"]):
        return birth.isoformat()
    if make.rng.random() >= share:
        return birth.isoformat()
    from fieldcrm.rules.lunar import LunarDate, lunar_of

    year, month, day, leap, _days = lunar_of(birth)
    return LunarDate(year, month, day, leap).stored()


def _gender(make: _Maker, given: str) -> str:
    return "f" if given in make.words["female_given"] else "m"


def _family(make: _Maker, birth: dt.date) -> str:
    """A family situation plausible at the customer's age (no daughter at university at 26)."""
    age, options = (make.today - birth).days // 365, make.words["family"]
    drawn = make.rng.randrange(len(options))  # the draw a plain pick made: the same book for a seed
    return next(text for step in range(len(options))
                for text, youngest, oldest in [options[(drawn + step) % len(options)]] if youngest <= age <= oldest)


def _purchases(make: _Maker, customers, weights, count: int) -> list[Purchase]:
    rng, items = make.rng, make.words["items"]
    # Most customers have bought at least once (a tenth are still prospects);
    # the rest of the purchases go by value weight, capped so no one customer
    # takes everything.
    recent_big = min(len(customers), count // 4, 3 + count // 200)
    count -= recent_big
    first = [i for i in range(len(customers)) if rng.random() < 0.9][:count]
    capped = [min(w, 40.0) for w in weights]
    buyers = first + rng.choices(range(len(customers)), weights=capped, k=count - len(first))
    out = []
    for index in buyers:
        item, spec, price = rng.choice(items)
        quantity = max(1, round(rng.uniform(1.0, 3.0) * min(weights[index], 40.0) ** 0.5))
        when = make.moment(HISTORY_DAYS)
        amount = round(price * quantity, 2)
        out.append(Purchase(
            id=make.id_at(when), created=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            customer_id=customers[index].id, date=when.date().isoformat(), item=item, spec=spec,
            colour=make.pick("colours"), quantity=quantity, amount=amount,
            margin=round(amount * rng.uniform(0.05, 0.35), 2) if rng.random() < 0.7 else None,
            usage=make.pick("usages"),
        ))
    # A few large deals in the last three weeks, so after-sale calls come due.
    for index in rng.sample(range(len(customers)), recent_big):
        item, spec, price = rng.choice(items)
        when = make.moment(20, 3)
        quantity = max(1, round(2500 / price) + rng.randint(0, 3))
        out.append(Purchase(
            id=make.id_at(when), created=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            customer_id=customers[index].id, date=when.date().isoformat(), item=item, spec=spec,
            quantity=quantity, amount=round(price * quantity, 2), usage=make.pick("usages"),
        ))
    out.sort(key=lambda p: p.date)
    return out


def _interactions(make: _Maker, customers, weights, count: int) -> list[Interaction]:
    """A rep who mostly keeps a rhythm: bigger customers are contacted more often,
    each customer's contacts are spread over the history, and a few have slipped."""
    rng, n = make.rng, len(customers)
    # Contact shares follow the rhythm each value rank earns: the top fifth every
    # 14 days, the next 15% every 30, the rest every 90 (days between, inverted).
    rank = sorted(range(n), key=lambda i: -weights[i])
    shares = [0.0] * n
    for position, index in enumerate(rank):
        shares[index] = 1 / 14 if position < n * 0.2 else 1 / 30 if position < n * 0.35 else 1 / 90
    total = sum(shares)
    counts = [int(count * s / total) for s in shares]
    for index in rng.sample(range(n), count - sum(counts)) if count - sum(counts) <= n else []:
        counts[index] += 1
    while sum(counts) < count:  # more contacts than customers left over: spread the rest
        counts[rng.randrange(n)] += 1
    kinds = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=count)
    out = []
    for index, many in enumerate(counts):
        spacing = HISTORY_DAYS / max(many, 1)
        ago = rng.uniform(0.2, 1.3) * min(spacing, 200)
        if rng.random() < 0.05:
            ago += rng.uniform(60, 200)  # a customer the rep has let slip
        for _ in range(many):
            seconds = rng.randint(0, DAY_DRAW)
            then = make.now - dt.timedelta(days=min(ago, HISTORY_DAYS - 1), seconds=seconds)
            when = make.at_work(then.date(), seconds / DAY_DRAW)
            out.append(_contact(make, customers[index], kinds[len(out)], when))
            ago += spacing * rng.uniform(0.5, 1.5)
    out.sort(key=lambda i: i.at)
    return out


def _this_week(make: _Maker, customers, weights, count: int) -> list[Interaction]:
    """The current week up to today, as a working rep has it: a few contacts on each working
    day so far (today's before the demo's 17:00), a light Saturday, a quiet Sunday. The
    two-year rhythm alone left this week almost empty, and it is what Reports opens on."""
    rng, out = make.rng, []
    low, high = WEEK_DAY_CONTACTS
    per_day = min(high, max(low, round(count / HISTORY_DAYS * 7 / 5)), len(customers))
    kinds = {kind: KIND_WEIGHTS[kind] for kind in ("visit", "call", "message")}
    for back in range(make.today.weekday(), -1, -1):  # Monday .. today
        day = make.today - dt.timedelta(days=back)
        many = per_day if day.weekday() < 5 else min(rng.randint(0, 2), per_day) if day.weekday() == 5 else 0
        seen: set[int] = set()
        while len(seen) < many:  # the bigger customers more often, each once a day
            seen.add(rng.choices(range(len(customers)), weights=weights)[0])
        for index in sorted(seen):
            when = make.at_work(day, rng.randint(0, WEEK_DRAW) / WEEK_DRAW)
            out.append(_contact(make, customers[index], rng.choices(list(kinds), list(kinds.values()))[0], when))
    out.sort(key=lambda i: i.at)
    return out


def _contact(make: _Maker, customer: Customer, kind: str, when: dt.datetime) -> Interaction:
    rng = make.rng
    has_next = rng.random() < 0.3
    return Interaction(
        id=make.id_at(when), created=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        customer_id=customer.id, kind=kind, at=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        duration_min=rng.choice([5, 10, 15, 30, 45, 60]) if kind in ("visit", "call") else None,
        note=make.pick("note_openers") + make.words["sentence_separator"] + make.pick("note_bodies"),
        outcome=make.pick("outcomes"), satisfaction=rng.choice([3, 4, 4, 5, 5, None]),
        referral_asked=rng.random() < 0.3,
        next_step=make.pick("next_steps") if has_next else "",
    )


def _followups(make: _Maker, customers) -> list[FollowUp]:
    rng, out = make.rng, []
    for customer in rng.sample(customers, max(1, len(customers) // 10)):
        appointment = rng.random() < 0.25
        made = make.moment(20, 1)
        out.append(FollowUp(
            id=make.id_at(made), created=made.strftime("%Y-%m-%dT%H:%M:%SZ"),
            customer_id=customer.id, due=make.day(rng.randint(-5, 14)),
            time=f"{rng.randint(9, 17):02d}:{rng.choice(['00', '30'])}" if appointment else "",
            # The rep's words only, as a note's next step makes it: Today and the profile
            # say "appointment" themselves, from the time (a prefix here read twice).
            reason=make.pick("next_steps"),
            source="demo",
        ))
    return out


def _complaints(make: _Maker, customers, owner: str) -> list[Complaint]:
    rng, out = make.rng, []
    for customer in rng.sample(customers, max(1, len(customers) // 30)):
        opened = rng.randint(2, 60)
        status = rng.choice(["open", "open", "resolved", "confirmed"])
        steps = list(COMPLAINT_STEPS[: rng.randint(1, 5) if status == "open" else 8])
        index = rng.randrange(len(make.words["complaint_categories"]))
        made = make.moment(opened, opened)
        out.append(Complaint(
            id=make.id_at(made), created=made.strftime("%Y-%m-%dT%H:%M:%SZ"),
            customer_id=customer.id, opened=make.day(-opened),
            category=make.words["complaint_categories"][index],
            description=make.words["complaint_texts"][index],
            severity=rng.choice(["low", "medium", "high"]), owner=owner,
            promised=make.day(-opened + rng.randint(3, 14)), steps_done=steps, status=status,
            compensation=rng.choice(make.words["compensations"]),
            resolved_on=make.day(-max(0, opened - 5)) if status != "open" else "",
            confirmed_on=make.day(-max(0, opened - 7)) if status == "confirmed" else "",
        ))
    return out


def _referrals(make: _Maker, customers) -> list[Referral]:
    rng, out = make.rng, []
    for referrer in rng.sample(customers, max(1, len(customers) // 20)):
        added = rng.randint(0, 90)
        status = rng.choice(["new", "contacted", "meeting", "won", "lost"])
        steps = ["new", "contacted", "meeting", "won"] if status != "lost" else ["new", "contacted", "lost"]
        taken = steps[: steps.index(status) + 1]
        # Steps come STEP_DAYS apart, so a referral that has walked them came in at
        # least that long ago: the last step is today at the latest, never ahead.
        added = max(added, (len(taken) - 1) * STEP_DAYS)
        dates = {s: make.day(-added + i * STEP_DAYS) for i, s in enumerate(taken)}
        lead = f"{make.pick('first_en')} {make.pick('last_en')}" if rng.random() < 1 - make.words["chinese_share"] \
            else make.pick("surnames_zh") + make.pick("given_zh")
        made = make.moment(added, added)
        out.append(Referral(
            id=make.id_at(made), created=made.strftime("%Y-%m-%dT%H:%M:%SZ"),
            referrer_id=referrer.id, lead_name=lead,
            lead_phone=f"+86 139 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
            status=status, status_dates=dates,
            thanked_on=make.day(-max(0, added - 1)) if rng.random() < 0.6 else "",  # the next day, or today
            thanked_won_on=dates.get("won", "") if status == "won" and rng.random() < 0.5 else "",
            reward=make.pick("rewards") if status == "won" else "",
        ))
    return out
