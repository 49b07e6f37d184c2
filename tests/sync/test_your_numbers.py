"""Your numbers are yours: a colleague's notes and marks on your customer, with real files."""

import datetime as dt

from fieldcrm.model import AgendaMark, Interaction
from fieldcrm.store import Store
from fieldcrm.workbook import Workbook
from tests.sync.colleagues import UTC, colleagues_on_one_customer

TUESDAY = dt.date(2026, 11, 24)


def _this_week(work: Workbook):
    return work.report("week", TUESDAY).activity[-1]


def test_anns_report_counts_her_visit_not_bobs(tmp_path):
    team = colleagues_on_one_customer(tmp_path)
    with Store.open(team.ann.folder, clock=team.ann.clock) as store:
        notes = store.for_customer(Interaction, team.wang)
        assert sorted(n.outcome for n in notes) == ["Ann's visit", "Bob's visit", "Bob's visit"]
        week = _this_week(Workbook(store, tz=UTC))
        assert week.week_of == "2026-11-23" and week.by_kind["visit"] == 1
    with Store.open(team.bob.folder, clock=team.bob.clock) as store:  # Bob's book still counts his own two
        assert _this_week(Workbook(store, tz=UTC)).by_kind["visit"] == 2


def test_bobs_notes_count_as_contact_for_the_customers_cadence(tmp_path):
    team = colleagues_on_one_customer(tmp_path)
    with Store.open(team.ann.folder, clock=team.ann.clock) as store:
        work = Workbook(store, tz=UTC)
        assert work.facts.customers[team.wang].last_contact("2026-11-24T00:00:00Z") == "2026-11-23T15:00:00Z"


def test_bobs_done_mark_does_not_settle_anns_item(tmp_path):
    team = colleagues_on_one_customer(tmp_path)
    assert any(o.startswith("birthday") for o in team.bobs_marks)
    with Store.open(team.ann.folder, clock=team.ann.clock) as store:
        work = Workbook(store, tz=UTC)
        assert [m.action for m in store.all(AgendaMark) if m.subject == team.wang] == ["done"]  # Bob's came
        plan = work.agenda()
        item = next((i for i in plan.items + plan.also_due if i.subject == team.wang), None)
        assert item is not None and any(r.kind == "birthday" for r in item.reasons)
