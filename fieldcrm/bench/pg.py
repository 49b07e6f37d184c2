"""``fieldcrm bench --pg`` / ``--office DSN``: the office on PostgreSQL.

``--pg`` starts a throwaway cluster for the run; ``--office`` uses an existing
server, in a schema of its own (``fieldcrm_bench_…``) dropped afterwards.

``pg_merge_s``: 500 reps' files of 500 changes merged into the large master
(verify, merge, derive, every rep's morning file written); ``pg_copy_floor_s``:
a plain ``COPY`` of the same version rows into an empty table (with the same
indexes), the floor, in the same run; ``pg_merge_ratio``: the one over the
other. ``pg_report_s``: the slowest SQL manager report on a synthetic company
of 500 reps and ``customers`` customers generated in the database, read as a
manager of ten reps (row-level security) and as the office.
``pg_merge_python_cpu_s`` and ``pg_merge_server_cpu_s``: the CPU seconds of the
merge in Python (this process and the ones it starts) and in the server (every
process of a local server; not measured on a remote one): on a
busy machine the wall time also counts the wait for other people's work.
``pg_team_report_s``: ``fieldcrm office report`` (the team report, read
through the ``Master`` interface) on the merged 10k-customer master.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import tempfile
import time
from pathlib import Path

REPS = 500


def phase_pg(book: str, customers: str, dsn: str = "") -> dict:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return {"pg_skipped": 'psycopg is not installed: pip install "fieldcrm[office]"'}
    if dsn:
        with _schema(dsn, "office") as office, _schema(dsn, "company") as company:
            result = _merge(book, office)
            result.update(_reports(company, int(customers), None))
        return result
    from fieldcrm.office.pg.cluster import Cluster, why_not
    reason = why_not()
    if reason:
        return {"pg_skipped": reason}
    with Cluster(fast=False) as cluster:
        result = _merge(book, cluster.create_database("office"))
        result.update(_reports(cluster.create_database("company"), int(customers), cluster))
    return result


@contextlib.contextmanager
def _schema(dsn: str, what: str):
    """A fresh schema on an existing server, as a DSN whose search path is that schema."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    name = f"fieldcrm_bench_{what}_{secrets.token_hex(4)}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    try:
        yield make_conninfo(dsn, options=f"-c search_path={name}")
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")


def _merge(book: str, dsn: str) -> dict:
    from fieldcrm.office.merge import office_merge
    from fieldcrm.office.pg.ingest import VERSION_COPY, version_lines
    from fieldcrm.office.pg.master import PgMaster
    from fieldcrm.office.report import team_report
    from fieldcrm.sync.fileformat import read_sync_file

    with tempfile.TemporaryDirectory() as tmp:
        # Made in a process of its own: the merge is then timed in a process as lean as
        # ``fieldcrm office merge`` (not one holding the memory of building the book and files).
        files = _in_child(_prepare, book, dsn, tmp)
        out = Path(tmp) / "morning"
        out.mkdir()
        with PgMaster.open(dsn) as office:
            office.conn.execute("ANALYZE")
            settled = _settle(office.conn)
            backend = office.conn.execute("SELECT pg_backend_pid()").fetchone()[0]
            cpu = (_python_cpu(), _cpu_of(backend))
            started = time.perf_counter()
            run = office_merge(office, files, out)
            merge_s = time.perf_counter() - started
            python_cpu = _python_cpu() - cpu[0]
            server_cpu = _cpu_of(backend) - cpu[1] if cpu[1] >= 0 else -1.0
            # The floor: the same rows, encoded the same way, into an empty table with the same indexes.
            lines = [version_lines(c, n) for f in files for n, c in enumerate(read_sync_file(f).changes)]
            office.conn.execute("CREATE TABLE copy_floor (LIKE version INCLUDING ALL)")
            _settle(office.conn)
            started = time.perf_counter()
            with office.conn.transaction(), office.conn.cursor() as cur:
                with cur.copy(VERSION_COPY.format("copy_floor")) as copy:
                    for start in range(0, len(lines), 2000):
                        copy.write(b"".join(lines[start:start + 2000]))
            copy_s = time.perf_counter() - started
            office.conn.execute("DROP TABLE copy_floor")
            started = time.perf_counter()
            team_report(office, office.today())
            team_s = time.perf_counter() - started
    return {"pg_reps": REPS, "pg_merge_s": round(merge_s, 2), "pg_copy_floor_s": round(copy_s, 2),
            "pg_merge_ratio": round(merge_s / copy_s, 1), "pg_new_records": run.summary.new_records,
            "pg_team_report_s": round(team_s, 2), "pg_settled": settled, "pg_merge_python_cpu_s": round(python_cpu, 1),
            **({"pg_merge_server_cpu_s": round(server_cpu, 1)} if server_cpu >= 0 else {})}


def _prepare(book: str, dsn: str, tmp: str) -> list[Path]:
    from fieldcrm.bench.sync import rep_files
    from fieldcrm.office.pg.migrate import migrate
    master = Path(tmp) / "master"
    shutil.copytree(book, master)
    migrate(master, dsn)
    return rep_files(master, Path(tmp), REPS)


def _in_child(work, *args):
    """``work(*args)`` in a child process (forked where it can be), its answer sent back."""
    import concurrent.futures

    from fieldcrm.forking import can_fork, fork_context
    if not can_fork():
        return work(*args)
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=fork_context()) as pool:
        return pool.submit(work, *args).result()


def _settle(conn) -> bool:
    """Each timing starts from a settled database: the pages written before it (the migration,
    the merge) flushed by a checkpoint now, not by one running during the timing. Needs a superuser
    or ``pg_checkpoint``; without, the timing starts as it is (``pg_settled`` false)."""
    from psycopg.errors import InsufficientPrivilege
    try:
        conn.execute("CHECKPOINT")
    except InsufficientPrivilege:
        return False
    return True


def _python_cpu() -> float:
    """CPU seconds of this process and of the processes it has waited for (the merge's planner,
    the file readers and the morning-file writers run in processes of their own)."""
    import resource
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _cpu_of(backend: int) -> float:
    """CPU seconds so far of a local server: every process of it, those that ended included (the
    merge's second connection, the WAL writer); -1 where it cannot be read (a remote server).
    On a shared machine the wall time waits for others; CPU time says what the merge itself costs."""
    import os
    try:
        postmaster = int(_stat(backend)[1])
        own = _stat(postmaster)
        total = sum(int(v) for v in own[11:15])  # its own time and its ended children's
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    fields = _stat(int(entry.name))
                except OSError:
                    continue  # ended meanwhile: counted with the postmaster's children
                if int(fields[1]) == postmaster:
                    total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return -1.0


def _stat(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (state, ppid, ...)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _reports(dsn: str, customers: int, cluster) -> dict:
    import datetime as dt

    import psycopg

    from fieldcrm.office.pg import schema
    from fieldcrm.office.pg.master import PgMaster
    from fieldcrm.office.pg.reports import grant_reader, report_rows

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
        if cluster is not None:  # an existing server's roles are its IT's: the bench creates none there
            grant_reader(office, "rep1", "bench_manager", [f"rep{n}" for n in range(2, 11)])
    today = dt.date(2026, 1, 15)
    timings = {}
    readers = [("office", dsn)] + ([("manager", cluster.dsn("company", user="bench_manager"))] if cluster else [])
    for who, reader in readers:
        with psycopg.connect(reader) as conn:
            for name in schema.REPORTS:
                started = time.perf_counter()
                report_rows(conn, name, today)
                timings[f"{who}:{name}"] = time.perf_counter() - started
    slowest = max(timings, key=timings.get)
    return {"pg_report_customers": customers, "pg_report_s": round(timings[slowest], 2),
            "pg_report_slowest": slowest}
