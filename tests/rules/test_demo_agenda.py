"""A month of days on the demo book: every reason shows up, nobody twice a day."""

import datetime as dt

import pytest

from fieldcrm.demo import DemoSize, build_demo, demo_rep
from fieldcrm.model import Customer
from fieldcrm.rules.reasons import URGENCY
from fieldcrm.store import Store
from fieldcrm.workbook import Workbook
from tests.conftest import TODAY


@pytest.fixture
def store(tmp_path, clock):
    """The default demo book: 300 customers."""
    Store.create(tmp_path / "demo", build_demo(DemoSize(), seed=7, today=TODAY), rep=demo_rep(),
                 clock=clock, demo=True)
    with Store.open(tmp_path / "demo", clock=clock, read_only=True) as opened:
        yield opened


def test_a_month_on_the_demo_book_shows_every_reason(store):
    work = Workbook(store, tz=dt.timezone.utc)
    seen: set[str] = set()
    for offset in range(31):
        plan = work.agenda(TODAY + dt.timedelta(days=offset))
        subjects = [i.subject for i in plan.items + plan.also_due]
        assert len(subjects) == len(set(subjects))
        assert 0 < len(plan.items) <= max(8, sum(1 for i in plan.items if i.time))
        seen |= {r.kind for i in plan.items + plan.also_due for r in i.reasons}
    assert seen == set(URGENCY)


def test_the_demo_day_is_plausible(store):
    work = Workbook(store, tz=dt.timezone.utc)
    plan = work.agenda(TODAY)
    everyone = store.count(Customer)
    assert len(plan.items) == 8
    assert plan.also_due_count < everyone  # not the whole book every day
    assert all(i.reasons and i.action in ("visit", "call", "message", "greeting") for i in plan.items)
