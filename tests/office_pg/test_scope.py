"""Who sees what in the office database, changes out of scope, and moving a book into PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from fieldcrm.ids import new_id
from fieldcrm.model import Customer
from fieldcrm.office.assign import assign
from fieldcrm.office.master import BookMaster
from fieldcrm.office.pg.connect import OfficeDbError
from fieldcrm.office.pg.master import PgMaster
from fieldcrm.office.pg.merge_files import rederive
from fieldcrm.office.pg.migrate import migrate
from fieldcrm.office.pg.reports import grant_reader, out_of_scope_rows
from fieldcrm.sync.fileformat import read_sync_file, write_sync_file
from tests.office_pg.helpers import changes_in, pg_canonical, pg_merge, rebuilt_canonical
from tests.sync.helpers import Site, add_rep, export_day, import_into, merge_all
from tests.sync.test_sync_files import _rep_files


def _team(tmp_path, dsn, names=("Ann", "Bob")):
    """Reps on a PostgreSQL office, each laptop holding customers of its own."""
    with PgMaster.open(dsn) as master:
        roster = master.roster()
        ids = {name: roster.add(name).rep_id for name in names}
        master.save(roster)
    laptops = {name: Site(tmp_path / name) for name in names}
    first = pg_merge(dsn, [], tmp_path / "day0")
    for name, site in laptops.items():
        import_into(site, [first[name]])
        with site.open() as book:
            for n in range(2):
                book.add(Customer(name=f"{name} customer {n}"))
    files = [export_day(site, tmp_path / f"{name}.fieldsync") for name, site in laptops.items()]
    mornings = pg_merge(dsn, files, tmp_path / "day1")
    for name, site in laptops.items():
        import_into(site, [mornings[name]])
    return ids, laptops


def _names_seen(cluster, dbname: str, role: str) -> set[str]:
    with psycopg.connect(cluster.dsn(dbname, user=role)) as conn:
        return {name for (name,) in conn.execute("SELECT name FROM cur_customer")}


def test_a_reps_role_reads_only_their_customers_and_a_manager_their_team(tmp_path, pg_dsn, pg_cluster):
    ids, _ = _team(tmp_path, pg_dsn, ("Ann", "Bob", "Mia"))
    with PgMaster.open(pg_dsn) as master:
        grant_reader(master, ids["Ann"], "ann")
        grant_reader(master, ids["Bob"], "bob")
        grant_reader(master, ids["Mia"], "mia", manager_of=[ids["Ann"]])
    dbname = pg_dsn.split("?")[0].rsplit("/", 1)[1]
    assert _names_seen(pg_cluster, dbname, "ann") == {"Ann customer 0", "Ann customer 1"}
    assert _names_seen(pg_cluster, dbname, "bob") == {"Bob customer 0", "Bob customer 1"}
    assert _names_seen(pg_cluster, dbname, "mia") == {"Ann customer 0", "Ann customer 1",
                                                       "Mia customer 0", "Mia customer 1"}
    with psycopg.connect(pg_cluster.dsn(dbname, user="ann")) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT doc FROM doc")  # the documents themselves are the office's alone
    with psycopg.connect(pg_dsn, autocommit=True) as conn:  # a visit today by each rep, for report_visits
        for n, name in enumerate(("Ann", "Bob", "Mia")):
            conn.execute("INSERT INTO cur_interaction VALUES (%s, '', %s, %s, '', 'visit', "
                         "to_char(now(), 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), false)", (f"v{n}", ids[name], ids[name]))
    for role, seen in (("ann", [("Ann", 2)]), ("mia", [("Ann", 2), ("Mia", 2)])):  # the report views too
        with psycopg.connect(pg_cluster.dsn(dbname, user=role)) as conn:
            assert sorted(conn.execute("SELECT rep, customers FROM report_customers").fetchall()) == seen
            assert sorted(conn.execute("SELECT rep, visits FROM report_visits").fetchall()) == [
                (rep, 1) for rep, _count in seen]


def test_an_edit_made_before_the_laptop_heard_of_a_move_reaches_the_new_owner(tmp_path, pg_dsn):
    """Bob's laptop still held the customer the office had moved (he had not read the morning file
    saying so): his edit is his work like any other, merged and sent on to Ann, not held aside."""
    ids, laptops = _team(tmp_path, pg_dsn)
    with laptops["Bob"].open() as book:
        moved = next(c for c in book.all(Customer) if c.name == "Bob customer 0")
    with PgMaster.open(pg_dsn) as master:
        assert assign(master, [moved.id], ids["Ann"]) == 1
    with laptops["Bob"].open() as book:  # offline, Bob edits the customer he still holds
        book.update(Customer, moved.id, notes="Bob's late note")
    mornings = pg_merge(pg_dsn, [export_day(laptops["Bob"], tmp_path / "bob-2.fieldsync")], tmp_path / "day2")
    with PgMaster.open(pg_dsn) as master:
        assert master.doc("customers", moved.id)["notes"] == "Bob's late note"
        assert out_of_scope_rows(master.conn) == []
    import_into(laptops["Ann"], [mornings["Ann"]])
    with laptops["Ann"].open() as book:
        assert book.get(Customer, moved.id).notes == "Bob's late note"


def _forged(site: Site, out: Path, edits: list[tuple[str, str, dict]], **header) -> Path:
    """The laptop's next file with ``edits`` (table, id, fields) added by hand, and what its header
    says changed (``header``), its checksum made again."""
    with site.open() as book:  # something real to send, so the file has the laptop's own header
        book.add(Customer(name="A real new customer"))
    real = read_sync_file(export_day(site, out))
    ms, counter, replica = real.changes[-1]["s"].split(".", 2)
    forged = [{"t": table, "id": rid, "s": f"{ms}.{int(counter) + n + 1:04d}.{replica}", "f": fields,
               "b": {k: [] for k in fields}} for n, (table, rid, fields) in enumerate(edits)]
    write_sync_file(out, {**real.header, "export_id": new_id(), **header}, real.changes + forged)
    return out


def test_a_change_from_a_laptop_told_of_the_move_is_listed_not_sent_and_moves_no_customer(tmp_path, pg_dsn):
    """A hand-edited file: Bob edits the customer moved to Ann after his laptop read the move, and
    sets himself as owner of one of Ann's own. Both are kept and listed, neither reaches a laptop.
    The note is merged at the office as the TinyDB office merges it; the owner is held aside, never
    applied: applied, it moved Ann's customer, whole, onto Bob's laptop. The same file again
    changes nothing."""
    ids, laptops = _team(tmp_path, pg_dsn)
    with laptops["Bob"].open() as book:
        moved = next(c for c in book.all(Customer) if c.name == "Bob customer 0")
    with laptops["Ann"].open() as book:
        anns = next(c for c in book.all(Customer) if c.name == "Ann customer 0")
    with PgMaster.open(pg_dsn) as master:
        assert assign(master, [moved.id], ids["Ann"]) == 1
    told = pg_merge(pg_dsn, [], tmp_path / "day2")
    import_into(laptops["Bob"], [told["Bob"]])  # the move reaches Bob's laptop: the customer leaves it
    forged = _forged(laptops["Bob"], tmp_path / "bob-3.fieldsync",
                     [("customers", moved.id, {"notes": "hacked"}), ("customers", anns.id, {"owner": ids["Bob"]})])
    mornings = pg_merge(pg_dsn, [forged], tmp_path / "day3")
    with PgMaster.open(pg_dsn) as master:
        assert master.doc("customers", moved.id)["notes"] == "hacked"  # kept, as on the TinyDB office
        assert master.doc("customers", anns.id).get("owner", "") in ("", ids["Ann"])
        rows = out_of_scope_rows(master.conn)
        position = master.position()
    assert sorted((r[0], r[3], r[4], r[5]) for r in rows) == [("Bob", "Ann customer 0", "Ann", ["owner"]),
                                                               ("Bob", "Bob customer 0", "Ann", ["notes"])]
    stamps = {c["s"] for c in read_sync_file(forged).changes[-2:]}
    for name in ("Ann", "Bob"):
        assert not [c for c in changes_in(mornings[name]) if c["s"] in stamps]
        assert read_sync_file(mornings[name]).header["withdrawn"] == []
    again = pg_merge(pg_dsn, [forged], tmp_path / "day3-again")
    with PgMaster.open(pg_dsn) as master:
        assert master.position() == position and len(out_of_scope_rows(master.conn)) == 2
    assert not [c for c in changes_in(again["Ann"]) + changes_in(again["Bob"]) if c["s"] in stamps]
    with PgMaster.open(pg_dsn) as master:  # the documents, derived again from the versions, are the same
        assert rebuilt_canonical(master) == pg_canonical(pg_dsn)
        master.conn.execute("UPDATE office SET derived = 0")  # as if a merge stopped before its documents
        assert rederive(master) > 0
        assert master.doc("customers", anns.id).get("owner", "") in ("", ids["Ann"])
    import_into(laptops["Ann"], [mornings["Ann"], again["Ann"]])
    with laptops["Ann"].open() as book:
        assert book.get(Customer, anns.id) is not None and book.get(Customer, moved.id).notes != "hacked"


def test_a_reps_file_relabelled_as_an_offices_morning_file_is_judged_as_the_reps(tmp_path, pg_dsn):
    """A header is only what its writer says: Bob's day relabelled "merged" (another office's word)
    must not skip the scope check. Setting himself as owner of Ann's customer is listed and held
    aside; the customer stays on Ann's laptop and never reaches Bob's."""
    ids, laptops = _team(tmp_path, pg_dsn)
    with laptops["Ann"].open() as book:
        anns = next(c for c in book.all(Customer) if c.name == "Ann customer 0")
    forged = _forged(laptops["Bob"], tmp_path / "bob-2.fieldsync", [("customers", anns.id, {"owner": ids["Bob"]})],
                     kind="merged")
    mornings = pg_merge(pg_dsn, [forged], tmp_path / "day2")
    with PgMaster.open(pg_dsn) as master:
        assert master.doc("customers", anns.id).get("owner", "") in ("", ids["Ann"])
        assert [(r[0], r[3], r[5]) for r in out_of_scope_rows(master.conn)] == [("Bob", "Ann customer 0", ["owner"])]
    assert anns.id not in {c["id"] for c in changes_in(mornings["Bob"])}
    assert read_sync_file(mornings["Ann"]).header["withdrawn"] == []


def test_office_report_lists_out_of_scope_changes_in_plain_sentences(tmp_path, pg_dsn, capsys):
    from fieldcrm.cli import main
    _team(tmp_path, pg_dsn)
    assert main(["office", "report", "--out-of-scope", "--master", pg_dsn]) == 0
    assert "No out-of-scope changes" in capsys.readouterr().out
    assert main(["office", "report", "--master", pg_dsn]) == 0  # the team report, as on an office book
    out = capsys.readouterr().out
    assert "Ann" in out and "Bob" in out and "overage" in out


def test_migrating_an_office_book_gives_equal_dumps_and_the_office_goes_on_the_same(tmp_path, pg_dsn):
    files = _rep_files(tmp_path, 3, [(0, "edit", 0, 1), (1, "edit", 0, 2), (2, "note", 1, 3), (1, "delete", 2, 0)])
    book = Site(tmp_path / "office-book")
    merge_all(book, files[:3], tmp_path / "before")
    add_rep(book, "Late Rep")
    with book.open() as store:
        assign(BookMaster(store), [d["id"] for d in store.raw_table("customers")][:1],
               BookMaster(store).roster().find("Late Rep").rep_id)
    message = migrate(book.folder, pg_dsn)
    assert message.startswith("Moved ") and "same versions" in message
    assert pg_canonical(pg_dsn) == book.canonical()
    with PgMaster.open(pg_dsn) as master:  # the versions alone rebuild the same documents
        from tests.office_pg.helpers import rebuilt_canonical
        assert rebuilt_canonical(master) == book.canonical()
    after_book = merge_all(book, files[3:], tmp_path / "book-after")
    after_pg = pg_merge(pg_dsn, files[3:], tmp_path / "pg-after", clock=book.clock)
    assert pg_canonical(pg_dsn) == book.canonical()
    for name in after_book:
        assert changes_in(after_book[name]) == changes_in(after_pg[name])
    with pytest.raises(OfficeDbError, match="already holds an office"):
        migrate(book.folder, pg_dsn)
