"""Two reps and one customer, with real files: 王芳 was Bob's, and the office gave her to Ann.

Bob met her twice on Monday and marked her agenda item done; the office moved her
to Ann, whose morning file brought her with Bob's notes and mark. Ann then visits
her once on Tuesday. Ann's book is the one the tests look at.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from fieldcrm.model import Customer, Interaction
from fieldcrm.office.assign import assign
from fieldcrm.office.master import BookMaster
from fieldcrm.workbook import Workbook
from tests.sync.helpers import Site, add_rep, export_day, import_into, merge_all

UTC = dt.timezone.utc


@dataclass
class Colleagues:
    office: Site
    ann: Site
    bob: Site
    ann_id: str
    bob_id: str
    wang: str  # the customer's id
    bobs_marks: list  # occurrences Bob's "done" settled


def colleagues_on_one_customer(tmp_path: Path) -> Colleagues:
    office, ann, bob = Site(tmp_path / "office"), Site(tmp_path / "ann"), Site(tmp_path / "bob")
    ann_id, bob_id = add_rep(office, "Ann"), add_rep(office, "Bob")
    first = merge_all(office, [], tmp_path / "day0")
    import_into(ann, [first["Ann"]])
    import_into(bob, [first["Bob"]])
    with bob.open() as store:  # Monday 23 November: two visits, then Today's item done
        work = Workbook(store, tz=UTC)
        wang = work.add(Customer(name="王芳", birthday="1980-11-26", soft_confirmed="2026-06-01"))
        for hour in (9, 15):
            work.log_contact(Interaction(customer_id=wang.id, kind="visit", outcome="Bob's visit",
                                         at=f"2026-11-23T{hour:02}:00:00Z"))
        item = next(i for i in work.agenda().items if i.subject == wang.id)
        work.mark_done(item, log_contact=False)
        marks = item.occurrences
    office.clock.advance(hours=12)
    merge_all(office, [export_day(bob, tmp_path / "bob-1.fieldsync")], tmp_path / "day1")
    with office.open() as store:
        assign(BookMaster(store), [wang.id], ann_id)
    office.clock.advance(hours=1)
    moved = merge_all(office, [], tmp_path / "day1b")
    ann.clock.advance(hours=25)  # Tuesday 24 November, 09:00
    import_into(ann, [moved["Ann"]])
    with ann.open() as store:
        Workbook(store, tz=UTC).log_contact(Interaction(customer_id=wang.id, kind="visit", outcome="Ann's visit"))
    return Colleagues(office, ann, bob, ann_id, bob_id, wang.id, marks)


@dataclass
class Ghosts:
    ann: Site
    edits_only: Path  # Bob's second file: edits of a customer and a referral, not their creation
    morning: Path  # the office's next file for Ann: the records themselves, edits included
    customer: str
    referral: str


def edits_before_their_records(tmp_path: Path) -> Ghosts:
    """Ann's book receives Bob's edits of 陈静 and her referral before the records themselves.

    Bob (another laptop of the same team) made them and the office confirmed them, so
    his next file holds only his edits; Ann imports that file by hand first."""
    from fieldcrm.model import Referral
    from tests.sync.helpers import merge_files
    office, ann, bob = Site(tmp_path / "office"), Site(tmp_path / "ann"), Site(tmp_path / "bob")
    start = merge_files(office, [], tmp_path / "start.fieldsync")
    import_into(ann, [start])
    import_into(bob, [start])
    with bob.open() as store:
        chen = store.add(Customer(name="陈静", phones=["13800000001"]))
        lead = store.add(Referral(referrer_id=chen.id, lead_name="周杰", status_dates={"new": "2026-11-23"}))
    office.clock.advance(hours=10)
    first = merge_files(office, [export_day(bob, tmp_path / "bob-1.fieldsync")], tmp_path / "m1.fieldsync")
    bob.clock.advance(hours=12)
    import_into(bob, [first])  # the office confirms Bob's first file
    with bob.open() as store:
        store.update(Customer, chen.id, phones=["13900000002"])
        store.update(Referral, lead.id, lead_phone="13700000003")
    edits_only = export_day(bob, tmp_path / "bob-2.fieldsync")
    office.clock.advance(hours=14)
    morning = merge_files(office, [edits_only], tmp_path / "m2.fieldsync")
    ann.clock.advance(hours=26)
    return Ghosts(ann, edits_only, morning, chen.id, lead.id)
