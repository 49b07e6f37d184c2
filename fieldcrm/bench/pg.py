"""``fieldcrm bench --pg``: the office on PostgreSQL, in a throwaway cluster started for the run.

``pg_merge_s``: 50 reps' files of 500 changes merged into the large master
(verify, merge, derive, every rep's morning file written); ``pg_copy_floor_s``:
a plain ``COPY`` of the same version rows into an empty table, the floor, in
the same run; ``pg_merge_ratio``: the one over the other. ``pg_report_s``: the
slowest manager report on a synthetic company of 500 reps and ``customers``
customers generated in the database, read through row-level security as a
manager of ten reps.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

REPS = 500


def phase_pg(book: str, customers: str) -> dict:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return {"pg_skipped": 'psycopg is not installed: pip install "fieldcrm[office]"'}
    from fieldcrm.office.pg.cluster import Cluster, why_not
    reason = why_not()
    if reason:
        return {"pg_skipped": reason}
    with Cluster(fast=False) as cluster:
        result = _merge(book, cluster)
        result.update(_reports(cluster, int(customers)))
    return result


def _merge(book: str, cluster) -> dict:
    from fieldcrm.bench.sync import rep_files
    from fieldcrm.office.merge import office_merge
    from fieldcrm.office.pg.ingest import version_rows
    from fieldcrm.office.pg.master import PgMaster
    from fieldcrm.office.pg.migrate import migrate
    from fieldcrm.sync.fileformat import read_sync_file

    dsn = cluster.create_database("office")
    with tempfile.TemporaryDirectory() as tmp:
        master = Path(tmp) / "master"
        shutil.copytree(book, master)
        migrate(master, dsn)
        files = rep_files(master, Path(tmp))
        out = Path(tmp) / "morning"
        out.mkdir()
        with PgMaster.open(dsn) as office:
            started = time.perf_counter()
            run = office_merge(office, files, out)
            merge_s = time.perf_counter() - started
            rows = [row for f in files for n, c in enumerate(read_sync_file(f).changes)
                    for row in version_rows(c, n)]
            office.conn.execute("CREATE TABLE copy_floor (LIKE version INCLUDING ALL)")
            started = time.perf_counter()
            with office.conn.transaction(), office.conn.cursor() as cur:
                with cur.copy("COPY copy_floor (tbl, rec_id, field, stamp, value, bases, was, seq) "
                              "FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            copy_s = time.perf_counter() - started
    return {"pg_merge_s": round(merge_s, 2), "pg_copy_floor_s": round(copy_s, 2),
            "pg_merge_ratio": round(merge_s / copy_s, 1), "pg_new_records": run.summary.new_records}


def _reports(cluster, customers: int) -> dict:
    import datetime as dt

    import psycopg

    from fieldcrm.office.pg import schema
    from fieldcrm.office.pg.master import PgMaster
    from fieldcrm.office.pg.reports import grant_reader, report_rows

    dsn = cluster.create_database("company")
    with PgMaster.open(dsn) as office:
        conn = office.conn
        conn.execute("INSERT INTO rep (rep_id, name) SELECT 'rep' || n, 'Rep ' || n FROM generate_series(1, %s) n",
                     (REPS,))
        conn.execute("INSERT INTO cur_customer SELECT 'c' || n, 'Customer ' || n, 'area ' || (n %% 50), "
                     "'rep' || (1 + n %% %s), '', '', false FROM generate_series(1, %s) n", (REPS, customers))
        conn.execute("INSERT INTO cur_interaction SELECT 'i' || n, 'c' || (1 + n %% %s), 'rep' || (1 + n %% %s), "
                     "'', '', 'visit', to_char(date '2026-01-15' - (n %% 90), 'YYYY-MM-DD') || 'T10:00:00Z', "
                     "false FROM generate_series(1, %s) n", (customers, REPS, customers))
        conn.execute("ANALYZE")
        grant_reader(office, "rep1", "bench_manager", [f"rep{n}" for n in range(2, 11)])
    today = dt.date(2026, 1, 15)
    slowest = 0.0
    with psycopg.connect(cluster.dsn("company", user="bench_manager")) as conn:
        for name in schema.REPORTS:
            started = time.perf_counter()
            report_rows(conn, name, today)
            slowest = max(slowest, time.perf_counter() - started)
    with psycopg.connect(dsn) as conn:  # the office's own view: every rep, no row filter
        for name in schema.REPORTS:
            started = time.perf_counter()
            report_rows(conn, name, today)
            slowest = max(slowest, time.perf_counter() - started)
    return {"pg_report_customers": customers, "pg_report_s": round(slowest, 2)}
