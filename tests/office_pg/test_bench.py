"""``fieldcrm bench --office DSN``: the PostgreSQL figures on an existing server, leaving it as it was."""

from __future__ import annotations

import datetime as dt

import psycopg

import fieldcrm.bench.pg as bench_pg
import fieldcrm.bench.sync as bench_sync
from fieldcrm.demo import DemoSize, build_demo
from fieldcrm.store import Store


def test_the_bench_on_an_existing_server_reports_every_figure_and_drops_its_schemas(tmp_path, pg_dsn,
                                                                                    monkeypatch):
    book = tmp_path / "book"
    Store.create(book, build_demo(DemoSize(40, 200, 40), seed=1, today=dt.date(2026, 1, 15)))
    monkeypatch.setattr(bench_pg, "REPS", 4)
    monkeypatch.setattr(bench_sync, "CHANGES_PER_FILE", 25)
    figures = bench_pg.phase_pg(str(book), "300", pg_dsn)
    assert figures["pg_reps"] == 4 and figures["pg_new_records"] == 4 * 20
    for key in ("pg_merge_s", "pg_copy_floor_s", "pg_merge_ratio", "pg_team_report_s", "pg_report_s",
                "pg_merge_python_cpu_s", "pg_merge_server_cpu_s"):
        assert figures[key] >= 0, key
    assert figures["pg_report_customers"] == 300
    with psycopg.connect(pg_dsn) as conn:
        left = conn.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'fieldcrm_bench%'").fetchall()
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
    assert left == [] and tables == 0


def test_an_office_the_bench_cannot_use_is_one_sentence_before_anything_is_measured(capsys, pg_cluster):
    from fieldcrm.cli import main
    assert main(["bench", "--office", "mysql://office@db/x", "--no-startup"]) == 1
    assert main(["bench", "--office", pg_cluster.dsn("no_such_database"), "--no-startup"]) == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert lines[0] == "fieldcrm: --office must be a PostgreSQL address (postgresql://...); nothing was measured."
    assert lines[1].startswith("fieldcrm: Cannot connect to the office database (") and len(lines) == 2
    assert captured.out == ""


def test_the_server_cpu_counts_every_connection_of_the_merge_also_one_that_ended(pg_dsn):
    """The merge writes its documents on a second connection, closed before the figure is read."""
    with psycopg.connect(pg_dsn) as main:
        backend = main.execute("SELECT pg_backend_pid()").fetchone()[0]
        before = bench_pg._cpu_of(backend)
        with psycopg.connect(pg_dsn) as second:
            other = second.execute("SELECT pg_backend_pid()").fetchone()[0]
            second.execute("SELECT count(*) FROM generate_series(1, 4000000)").fetchone()
            burnt = sum(int(v) for v in bench_pg._stat(other)[11:13])
        import os
        import time
        for _ in range(500):  # until the postmaster has reaped it (its time then counts as its child's)
            if not os.path.exists(f"/proc/{other}"):
                break
            time.sleep(0.01)
        assert burnt / os.sysconf("SC_CLK_TCK") > 0.1
        assert bench_pg._cpu_of(backend) - before >= 0.9 * burnt / os.sysconf("SC_CLK_TCK")
