"""A real office for the team report: three reps with their own laptops, files both ways.

Ann, 王小明 and Bob start from the office's first morning files; on Tuesday each
logs contacts and writes what reps write; the office hands Bob's book to Ann;
on Wednesday Ann closes the follow-up Bob wrote. The report is taken on Friday
27 Nov 2026 (UTC).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fieldcrm.model import Complaint, Customer, FollowUp, Interaction, Purchase, Referral
from fieldcrm.office.assign import handover
from fieldcrm.office.master import BookMaster
from tests.sync.helpers import Site, add_rep, export_day, import_into, merge_all

REPORT_DAY = dt.date(2026, 11, 27)
HOSTILE = "[bold]x[/]\x1b[31m"


def build_office(tmp: Path) -> dict:
    """The office's folder and the ids the tests look for."""
    office = Site(tmp / "office")
    reps = {name: add_rep(office, name) for name in ("Ann", "王小明", "Bob")}
    ids: dict[str, str] = {}
    with office.open() as store:
        def customer(key: str, rep: str, **fields) -> None:
            ids[key] = store.add(Customer(owner=reps[rep], **fields)).id

        customer("acme", "Ann", name="Acme Li")
        customer("chen", "Ann", name="Chen Tea")
        customer("dup1", "Ann", name="Dup One", phones=["+86 138 1234 5678"])
        customer("mail_a", "Ann", name="Mail A", email="same@x.cn")
        customer("wang", "王小明", name="王总")
        customer("hostile", "王小明", name=HOSTILE)
        customer("dup2", "王小明", name="Dup Two", phones=["0086 138-1234-5678"])
        customer("mail_b", "王小明", name="Mail B", email=" Same@X.cn")
        customer("bobco", "Bob", name="Bob Co")
        for key, amount in (("acme", 10_000.0), ("wang", 50_000.0), ("hostile", 40_000.0)):
            store.add(Purchase(customer_id=ids[key], date="2026-10-01", amount=amount))
    laptops = {name: Site(tmp / name) for name in reps}
    mornings = merge_all(office, [], tmp / "day0")
    for name, site in laptops.items():
        import_into(site, [mornings[name]])

    # Tuesday: every rep at work.
    for site in (office, *laptops.values()):
        site.clock.advance(days=1)

    def contact(book, key: str, kind: str, hour: int) -> None:
        book.add(Interaction(customer_id=ids[key], kind=kind, at=f"2026-11-24T{hour:02d}:00:00Z"))

    with laptops["Ann"].open() as book:
        contact(book, "acme", "visit", 9)
        contact(book, "chen", "call", 10)
        contact(book, "chen", "message", 11)
        book.add(Referral(referrer_id=ids["acme"], lead_name="Zhao", status="contacted",
                          status_dates={"new": "2026-11-24", "contacted": "2026-11-24"}))
        book.add(Complaint(customer_id=ids["chen"], opened="2026-11-20", status="resolved",
                           resolved_on="2026-11-24"))
    with laptops["王小明"].open() as book:
        contact(book, "dup2", "call", 9)
        book.add(Referral(referrer_id=ids["wang"], lead_name="Qian", status="lost",
                          status_dates={"new": "2026-11-23", "lost": "2026-11-24"}))
        book.add(Complaint(customer_id=ids["dup2"], opened="2026-11-20", promised="2026-11-25"))
        book.add(Complaint(customer_id=ids["wang"], opened="2026-11-23", promised="2026-12-05"))
    with laptops["Bob"].open() as book:
        contact(book, "bobco", "visit", 15)
        ids["followup"] = book.add(FollowUp(customer_id=ids["bobco"], due="2026-11-26", reason="samples")).id
    day1 = tmp / "day1"
    day1.mkdir()
    files = [export_day(site, day1 / f"{i}.fieldsync") for i, site in enumerate(laptops.values())]
    mornings = merge_all(office, files, tmp / "day1-out")
    with office.open() as store:
        handover(BookMaster(store), reps["Bob"], reps["Ann"])
    mornings = merge_all(office, [], tmp / "day1-handover")
    for name in ("Ann", "王小明"):
        import_into(laptops[name], [mornings[name]])

    # Wednesday: Ann closes the follow-up Bob wrote, now hers to do.
    for site in (office, *laptops.values()):
        site.clock.advance(days=1)
    with laptops["Ann"].open() as book:
        book.update(FollowUp, ids["followup"], status="done", done_at="2026-11-25T10:00:00Z")
    merge_all(office, [export_day(laptops["Ann"], tmp / "ann-2.fieldsync")], tmp / "day2-out")
    return {"folder": office.folder, "site": office, "reps": reps, "ids": ids}
