"""``fieldcrm bench``: figures on a large book, each against a baseline from the same run.

Each measured phase runs in its own process, so peak memory is the store's
alone and one phase's caches don't flatter the next. Machines are noisy:
quote medians and ratios, not single runs.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fieldcrm.i18n import _

# Targets from the issues; printed beside each figure.
TARGETS = {
    "open_s": ("<=", 1.0),
    "save_note_p95_ms": ("<=", 10.0),
    "save_speedup": (">=", 50.0),
    "peak_rss_mb": ("<=", 400.0),
    "agenda_ms": ("<=", 50.0),
    "search_ms": ("<=", 50.0),
    "reports_again_ratio": ("<=", 0.2),  # a second visit to Reports, the book unchanged, vs building it
    "notice_build_ms": ("<=", 200.0),
    "notice_keystroke_ms": ("<=", 200.0),
    "startup_ratio": ("<=", 2.0),
    "startup_after_import_ratio": ("<=", 2.0),
    "export_ms": ("<=", 200.0),
    "master_merge_s": ("<=", 5.0),
    "office_merge_s": ("<=", 5.0),
    "pg_merge_s": ("<=", 20.0),
    "pg_merge_ratio": ("<=", 4.0),
    "pg_report_s": ("<=", 2.0),
    "pg_team_report_s": ("<=", 2.0),  # measured on the 10k-customer master, not yet on 1M
    "morning_file_pct": ("<", 1.0),
    "office_merge_500_s": ("<=", 15.0),
}
# The team office (issue 12): reps, customers of each, changes of each in a day.
TEAM = (50, 500, 500)
TEAM_LARGE = (500, 50, 500)
BENCH_DAY = dt.date(2026, 1, 15)


def run_bench(args) -> int:
    from fieldcrm.demo import DemoSize, build_demo
    from fieldcrm.store import Store

    if getattr(args, "office", None):
        _check_office(args.office)  # before a minute of other phases: one sentence if it cannot be used
    large = getattr(args, "team_large", None)
    if large and len(large) != 3:
        print("fieldcrm: --team-large takes nothing or three numbers (reps, customers of each, "
              "changes of each); nothing was measured.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="fieldcrm-bench-") as tmp:
        book = Path(tmp) / "book"
        started = time.perf_counter()
        records = build_demo(DemoSize(args.customers, args.interactions, args.purchases),
                             seed=1, today=BENCH_DAY)
        Store.create(book, records)
        del records
        result: dict[str, float | int] = {
            "customers": args.customers, "interactions": args.interactions,
            "purchases": args.purchases,
            "build_s": round(time.perf_counter() - started, 2),
            "book_mb": round((book / "book.json").stat().st_size / 1e6, 1),
        }
        result.update(_in_subprocess("store", book, str(args.saves)))
        result.update(_in_subprocess("agenda", book))
        result.update(_in_subprocess("search", book))
        result.update(_in_subprocess("notices", book))
        result.update(_in_subprocess("office", book))  # before "export", which changes the book
        if getattr(args, "office", None):  # an existing server: a schema of its own, dropped afterwards
            # by the environment, not the command line: a DSN may hold a password
            result.update(_in_subprocess("pg", book, args.pg_customers, env={"FIELDCRM_BENCH_DSN": args.office}))
        elif getattr(args, "pg", False):  # needs a PostgreSQL server; says why not otherwise
            result.update(_in_subprocess("pg", book, args.pg_customers))
        result.update(_in_subprocess("export", book))
        if not args.no_startup:
            result.update(_in_subprocess("startup", book))
        naive_copy = Path(tmp) / "naive.json"
        shutil.copyfile(book / "book.json", naive_copy)
        result.update(_in_subprocess("naive", naive_copy))
    team = getattr(args, "team", None) or TEAM
    result.update(_in_subprocess("team", *team))
    if large is not None:
        result.update(_in_subprocess("team", *(large or TEAM_LARGE), "_500"))
    result["save_speedup"] = round(result["naive_tinydb_insert_ms"] / result["save_note_p95_ms"], 1)
    _report(result, as_json=args.json)
    return 0


def _check_office(dsn: str) -> None:
    """``--office``: a PostgreSQL address this machine can reach (raises ``OfficeDbError``)."""
    from fieldcrm.office.pg.connect import OfficeDbError, connect, is_dsn
    if not is_dsn(dsn):
        raise OfficeDbError(_("--office must be a PostgreSQL address (postgresql://...); nothing was measured."))
    connect(dsn).close()


def _in_subprocess(phase: str, *params, env: dict | None = None) -> dict:
    import os
    completed = subprocess.run(
        [sys.executable, "-m", "fieldcrm.bench", phase, *map(str, params)],
        capture_output=True, text=True, check=False, env={**os.environ, **(env or {})},
    )
    if completed.returncode != 0:
        raise RuntimeError(f"bench phase {phase} failed:\n{completed.stderr}")
    return json.loads(completed.stdout)


def _phase_store(book: str, saves: str) -> dict:
    """Open the large book, then save notes one by one, each durable on return."""
    from fieldcrm.clock import to_iso
    from fieldcrm.model import Customer, Interaction
    from fieldcrm.store import Store

    started = time.perf_counter()
    store = Store.open(book)
    open_s = time.perf_counter() - started
    customer = next(iter(store.raw_all(Customer)))["id"]
    timings = []
    for n in range(int(saves)):
        note = Interaction(customer_id=customer, kind="visit", at=to_iso(store.clock.now()),
                           note=f"Bench note {n}: talked about the spring order and the new colours.")
        started = time.perf_counter()
        store.add(note)
        timings.append((time.perf_counter() - started) * 1000)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    store.close()
    return {
        "open_s": round(open_s, 3),
        "save_note_p50_ms": round(statistics.median(timings), 3),
        "save_note_p95_ms": round(_percentile(timings, 95), 3),
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }


def _phase_agenda(book: str) -> dict:
    """Today's agenda on the large book, as the Today screen computes it.

    ``agenda_ms``: median of 20 recomputations, each after a contact is logged for
    another customer (what follows every action on Today): reasons are reused for
    customers whose facts did not change, everything else is done again.
    ``agenda_cold_ms``: median of 5 computations from nothing (the first of a day).
    """
    import random

    from fieldcrm.clock import to_iso
    from fieldcrm.model import Customer
    from fieldcrm.store import Store
    from fieldcrm.workbook import Workbook

    with Store.open(book, read_only=True) as store:
        started = time.perf_counter()
        work = Workbook(store)
        facts_s = time.perf_counter() - started
        cold = []
        for _ in range(5):
            work.facts.reason_cache.clear()
            started = time.perf_counter()
            work.agenda(BENCH_DAY)
            cold.append((time.perf_counter() - started) * 1000)
        ids = [d["id"] for d in store.raw_all(Customer)]
        rng, now = random.Random(3), to_iso(store.clock.now())
        timings = []
        for _ in range(20):
            work.facts.add_contact(rng.choice(ids), now)  # the rep logged a call
            started = time.perf_counter()
            agenda = work.agenda(BENCH_DAY)
            timings.append((time.perf_counter() - started) * 1000)
    return {"facts_s": round(facts_s, 3), "agenda_ms": round(statistics.median(timings), 1),
            "agenda_cold_ms": round(statistics.median(cold), 1),
            "agenda_due": len(agenda.items) + agenda.also_due_count}


def _phase_naive(path: str) -> dict:
    """The baseline: the same note inserted with plain TinyDB and its default JSON storage."""
    from tinydb import TinyDB

    db = TinyDB(path)
    table = db.table("interactions")
    timings = []
    for n in range(3):
        note = {"customer_id": "x", "kind": "visit", "note": f"Bench note {n}"}
        started = time.perf_counter()
        table.insert(note)
        timings.append((time.perf_counter() - started) * 1000)
    db.close()
    return {"naive_tinydb_insert_ms": round(statistics.median(timings), 1)}


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def _report(result: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        target = TARGETS.get(key)
        verdict = ""
        if target and value is not None:
            op, limit = target
            ok = {"<=": value <= limit, ">=": value >= limit, "<": value < limit}[op]
            verdict = f"  (target {op} {limit}: {'ok' if ok else 'MISSED'})"
        print(f"{key:>26}  {value}{verdict}")


def _phase_search(book: str) -> dict:
    from fieldcrm.bench.tui import phase_search
    return phase_search(book)


def _phase_notices(book: str) -> dict:
    from fieldcrm.bench.notices import phase_notices
    return phase_notices(book)


def _phase_startup(book: str) -> dict:
    from fieldcrm.bench.tui import phase_startup
    return phase_startup(book)


def _phase_export(book: str) -> dict:
    from fieldcrm.bench.sync import phase_export
    return phase_export(book)


def _phase_office(book: str) -> dict:
    from fieldcrm.bench.sync import phase_office
    return phase_office(book)


def _phase_pg(book: str, customers: str) -> dict:
    import os

    from fieldcrm.bench.pg import phase_pg
    return phase_pg(book, customers, os.environ.get("FIELDCRM_BENCH_DSN", ""))


def _phase_team(*params) -> dict:
    from fieldcrm.bench.team import phase_team
    return phase_team(*params)


PHASES = {"pg": _phase_pg, "store": _phase_store, "agenda": _phase_agenda, "search": _phase_search,
          "notices": _phase_notices,
          "startup": _phase_startup, "export": _phase_export, "office": _phase_office,
          "naive": _phase_naive, "team": _phase_team}

