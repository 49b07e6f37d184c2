"""One transaction per file: a file refused is set aside, nothing of it kept, and the others merge; the
documents, derived once after the files, are what deriving file by file gives, and a merge that
stopped before them has them derived by the next open."""

from __future__ import annotations

import pytest

import fieldcrm.office.pg.merge_files as pg_merge_files
from fieldcrm.office.pg.ingest import write_changes
from fieldcrm.office.pg.master import PgMaster
from fieldcrm.sync.fileformat import SyncFileError, read_sync_file
from tests.office_pg.helpers import pg_canonical, pg_merge
from tests.sync.test_sync_files import _rep_files

OPS = [(0, "edit", 0, 1), (1, "note", 1, 2), (1, "edit", 2, 3), (0, "note", 0, 4), (2, "edit", 0, 5),
       (2, "note", 2, 6), (0, "delete", 1, 7), (1, "edit", 1, 8), (2, "edit", 1, 9)]


def _rows(dsn: str) -> dict:
    """Every stored row, in a stable order: versions, documents (with their positions), report rows."""
    queries = {"version": "SELECT * FROM version ORDER BY tbl, rec_id, field, stamp",
               "doc": "SELECT tbl, rec_id, doc, link, born, seq FROM doc ORDER BY tbl, rec_id",
               "cur_customer": "SELECT * FROM cur_customer ORDER BY id",
               "cur_interaction": "SELECT * FROM cur_interaction ORDER BY id",
               "out_of_scope": "SELECT * FROM out_of_scope ORDER BY tbl, rec_id, stamp",
               "position": "SELECT position FROM office"}
    with PgMaster.open(dsn) as master:
        return {name: master.conn.execute(q).fetchall() for name, q in queries.items()}


def test_documents_derived_once_equal_those_derived_file_by_file(tmp_path, pg_cluster):
    files = _rep_files(tmp_path, 3, OPS)
    assert len(files) >= 4
    one_each, together = pg_cluster.create_database("b_each"), pg_cluster.create_database("b_all")
    for n, path in enumerate(files):
        pg_merge(one_each, [path], tmp_path / f"each{n}")
    pg_merge(together, files, tmp_path / "all")
    each, all_at_once = _rows(one_each), _rows(together)
    assert all_at_once["version"] == each["version"]
    assert all_at_once["position"] == each["position"]
    assert pg_canonical(together) == pg_canonical(one_each)


def test_a_file_refused_by_its_plan_is_set_aside_and_the_files_after_it_merge(tmp_path, pg_cluster, monkeypatch):
    files = _rep_files(tmp_path, 3, OPS)
    refused = files[2]
    kept = pg_cluster.create_database("b_kept")
    with PgMaster.open(kept) as master:
        master.merge([f for f in files if f != refused])
    dsn = pg_cluster.create_database("b_refused")
    real_plan = pg_merge_files.plan

    def plan(view, sync_files, tz, watch=None):
        if sync_files[0].path == refused:
            raise SyncFileError(f"{refused} is refused; nothing was changed.")
        return real_plan(view, sync_files, tz, watch)

    monkeypatch.setattr(pg_merge_files, "plan", plan)
    with PgMaster.open(dsn) as master:
        summary = master.merge(files)
    assert summary.refused == [f"{refused} is refused; nothing was changed."]
    assert summary.files == len(files) - 1
    assert _rows(dsn) == _rows(kept)


def test_a_version_the_office_holds_already_is_kept_once_not_refused(pg_dsn):
    """The straight COPY meets a row that is there: the union falls back to ON CONFLICT DO NOTHING."""
    change = {"t": "customers", "id": "0" * 32, "s": "1700000000000.0000.abcdef", "f": {"name": "Ann"}}
    with PgMaster.open(pg_dsn) as master:
        for _ in range(2):
            with master.conn.transaction():
                write_changes(master.conn, [change], {}, master.base_hlc, lambda replica: "")
        assert master.conn.execute("SELECT count(*) FROM version").fetchone()[0] == 1


def test_text_with_tabs_and_backslashes_reaches_the_report_tables_as_written(pg_dsn):
    """Rows go in as COPY text lines: a customer's name is data, escaped, never a column break."""
    name = "Wang\\Li\tshop\nB"
    rid = "1" * 8 + "-1111-1111-1111-" + "1" * 12
    creation = {"t": "customers", "id": rid, "s": "1700000000000.0000.abcdef", "f": {"name": name, "area": "a\\b"}}
    edit = {"t": "customers", "id": rid, "s": "1700000000001.0000.abcdef", "f": {"area": "c\td"},
            "b": {"area": ["1700000000000.0000.abcdef"]}}
    with PgMaster.open(pg_dsn) as master:
        with master.conn.transaction():
            after = write_changes(master.conn, [creation], {}, master.base_hlc, lambda r: "",
                                  fresh={("customers", rid)})
        assert master.conn.execute("SELECT name, area FROM cur_customer").fetchall() == [(name, "a\\b")]
        with master.conn.transaction():
            write_changes(master.conn, [edit], after, master.base_hlc, lambda r: "")
        assert master.conn.execute("SELECT name, area FROM cur_customer").fetchall() == [(name, "c\td")]
        assert master.conn.execute("SELECT doc ->> 'name' FROM doc").fetchone()[0] == name


def test_a_file_merged_again_is_named_as_already_merged_and_changes_nothing(tmp_path, pg_dsn):
    files = _rep_files(tmp_path, 3, OPS)
    pg_merge(pg_dsn, files, tmp_path / "first")
    before = _rows(pg_dsn)
    with PgMaster.open(pg_dsn) as master:
        summary = master.merge(files[:1])
        names = master.laptop_names()
    assert summary.already and files[0].name in summary.already[0]
    assert summary.new_records == 0 and summary.updated_fields == 0
    assert _rows(pg_dsn) == before
    told = {}
    for path in files:
        header = read_sync_file(path).header
        told[header["replica"]] = header.get("rep") or told.get(header["replica"])
    assert {r: n for r, n in names.items() if r in told} == told  # each laptop's rep, from its files


def test_planning_in_this_process_stores_exactly_what_the_planning_process_stores(tmp_path, pg_cluster):
    """Where no process can be forked (or the master was opened without a DSN), the files are planned
    here, between the writes: the same rows."""
    files = _rep_files(tmp_path, 3, OPS)
    forked, here = pg_cluster.create_database("p_forked"), pg_cluster.create_database("p_here")
    with PgMaster.open(forked) as master:
        master.merge(files)
    with PgMaster.open(here) as master:
        master.dsn = None
        master.merge(files)
    assert _rows(here) == _rows(forked)
