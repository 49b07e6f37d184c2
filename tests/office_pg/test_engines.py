"""Both engines, the same files: identical books in any order, identical morning files."""

from __future__ import annotations

import shutil

import orjson

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldcrm.model import Customer, Interaction
from fieldcrm.office.pg.master import PgMaster
from fieldcrm.office.pg.migrate import migrate
from tests.office_pg.conftest import reset
from tests.office_pg.helpers import changes_in, pg_canonical, pg_merge
from tests.sync.helpers import Site, add_rep, export_day, import_into, merge_all
from tests.sync.test_sync_files import OPS, _rep_files


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(OPS, st.integers(2, 4), st.data())
def test_any_order_of_the_same_files_gives_the_same_book_on_both_engines(tmp_path_factory, pg_dsn, ops,
                                                                         replicas, data):
    reset(pg_dsn)
    tmp = tmp_path_factory.mktemp("engines")
    files = _rep_files(tmp, replicas, ops)
    order = data.draw(st.permutations(files))
    book = Site(tmp / "book-office")
    merge_all(book, files, tmp / "out-book")
    pg_merge(pg_dsn, list(order), tmp / "out-pg")
    assert pg_canonical(pg_dsn) == book.canonical()
    with PgMaster.open(pg_dsn) as master:
        position = master.position()
        versions = master.conn.execute("SELECT count(*) FROM version").fetchone()[0]
    pg_merge(pg_dsn, [order[0]], tmp / "again")  # the same file again: nothing new
    with PgMaster.open(pg_dsn) as master:
        assert master.position() == position
        assert master.conn.execute("SELECT count(*) FROM version").fetchone()[0] == versions
    assert pg_canonical(pg_dsn) == book.canonical()


class World:
    """An office (one engine) and its reps' laptops; the other world's laptops are byte copies."""

    def __init__(self, root, laptops, office=None, dsn=None):
        self.root, self.laptops, self.office, self.dsn = root, laptops, office, dsn

    def merge(self, files, day: str) -> dict:
        out = self.root / f"morning-{day}"
        if self.dsn:
            return pg_merge(self.dsn, files, out, clock=self.clock)
        return merge_all(self.office, files, out)


def test_three_reps_three_days_give_identical_morning_files_from_both_engines(tmp_path, pg_dsn):
    book_office = Site(tmp_path / "office")
    reps = {name: add_rep(book_office, name) for name in ("Ann", "Bob", "Cy")}
    migrate(book_office.folder, pg_dsn)  # the same office: replica, clock, roster
    tiny = World(tmp_path / "tiny", {n: Site(tmp_path / "tiny" / n) for n in reps}, office=book_office)
    pg = World(tmp_path / "pg", {n: Site(tmp_path / "pg" / n) for n in reps}, dsn=pg_dsn)
    pg.clock = book_office.clock
    for name in reps:
        tiny.laptops[name].open().close()
        shutil.copytree(tiny.laptops[name].folder, pg.laptops[name].folder)  # the same laptop, twice

    def everyone(action):
        for world in (tiny, pg):
            for name, site in world.laptops.items():
                with site.open() as book:
                    action(name, book)

    def day(n: int) -> None:
        mornings = {}
        for world in (tiny, pg):
            files = [export_day(site, world.root / f"{name}-{n}.fieldsync") for name, site in world.laptops.items()]
            mornings[id(world)] = world.merge([f for f in files if f], str(n))
        a, b = mornings[id(tiny)], mornings[id(pg)]
        assert sorted(a) == sorted(b) == ["Ann", "Bob", "Cy"]
        for name in a:
            assert changes_in(a[name]) == changes_in(b[name]), f"{name}'s morning file differs on day {n}"
            head = [orjson.loads(p.read_bytes().split(b"\n", 1)[0]) for p in (a[name], b[name])]
            assert head[0]["withdrawn"] == head[1]["withdrawn"]
        for world in (tiny, pg):
            for name, site in world.laptops.items():
                import_into(site, [mornings[id(world)][name]])
        for site in [book_office, *tiny.laptops.values(), *pg.laptops.values()]:
            site.clock.advance(days=1)
        return b

    day(0)  # every laptop gets its rep from its first morning file
    ids = {name: f"0190a000-0000-7000-8000-00000000000{n}" for n, name in enumerate(reps)}
    everyone(lambda name, book: book.add(Customer(id=ids[name], name=f"{name}'s customer", area="north")))
    day(1)

    def day2(name, book):
        if name == "Ann":
            book.update(Customer, ids["Ann"], email="a@x.cn")
        if name == "Bob":  # a note on Ann's customer: Bob wrote it, so it is in his scope too
            book.add(Interaction(id="0190a000-0000-7000-8000-0000000000b1", customer_id=ids["Ann"], note="hi"))
        if name == "Cy":
            book.update(Customer, ids["Cy"], hobbies="tea")
    everyone(day2)
    day(2)

    # The office moves Cy's customer to Ann on both engines; Ann and Bob race an edit.
    book_office.clock.advance(hours=1)
    from fieldcrm.office.assign import assign
    from fieldcrm.office.master import BookMaster
    with book_office.open() as store:
        assign(BookMaster(store), [ids["Cy"]], reps["Ann"])
    with PgMaster.open(pg_dsn, clock=book_office.clock) as master:
        assign(master, [ids["Cy"]], reps["Ann"])

    def day3(name, book):
        if name == "Ann":
            book.update(Customer, ids["Ann"], phones=["+86 138 0000 0003"])
        if name == "Bob":
            book.update(Customer, ids["Bob"], phones=["+86 138 0000 0004"])
    everyone(day3)
    cy = day(3)["Cy"]  # Ann gets Cy's customer whole; Cy's laptop is told it was withdrawn
    assert orjson.loads(cy.read_bytes().split(b"\n", 1)[0])["withdrawn"] == [ids["Cy"]]
    day(4)
    assert pg_canonical(pg_dsn) == book_office.canonical()
