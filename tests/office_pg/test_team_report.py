"""The manager's team report reads the same from both engines: the office book of
tests/office/office_book.py (three reps, a handover, hostile names), moved into PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

from fieldcrm.model import Interaction
from fieldcrm.office.master import BookMaster
from fieldcrm.office.pg.master import PgMaster
from fieldcrm.office.pg.migrate import migrate
from fieldcrm.office.report import team_report
from fieldcrm.store import Store
from tests.office.office_book import REPORT_DAY, build_office


def test_the_team_report_is_the_same_on_postgresql(tmp_path, pg_dsn):
    office = build_office(tmp_path)
    with Store.open(office["folder"]) as store:  # a deleted call counts for nobody, on both engines
        store.delete(Interaction, next(i.id for i in store.all(Interaction) if i.kind == "call"))
    migrate(office["folder"], pg_dsn)
    for period in ("week", "month"):
        with Store.open(office["folder"], read_only=True) as store:
            book = team_report(BookMaster(store), REPORT_DAY, period, tz=dt.timezone.utc)
        with PgMaster.open(pg_dsn) as master:
            pg = team_report(master, REPORT_DAY, period, tz=dt.timezone.utc)
        assert dataclasses.asdict(pg) == dataclasses.asdict(book)
        assert any(line.period["visit"] or line.period["call"] for line in book.reps)  # contacts counted
