"""Sync figures for ``fieldcrm bench``: a day's export, and the office merge at full size."""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path

REP_FILES = 50
CHANGES_PER_FILE = 500


def phase_export(book: str) -> dict:
    """A day's work (50 notes, 20 edits) on the large book, then the export: milliseconds."""
    from fieldcrm.model import Customer, Interaction
    from fieldcrm.store import Store
    from fieldcrm.sync.exporter import export

    with tempfile.TemporaryDirectory() as tmp, Store.open(book) as store:
        # Yesterday's file reached the office: only today's work is unconfirmed.
        store.set_meta(acked_seq=store.seq)
        customers = [d["id"] for _, d in zip(range(50), store.raw_all(Customer))]
        for n, cid in enumerate(customers):
            store.add(Interaction(customer_id=cid, note=f"Visit {n}: talked about the spring order."))
        for n, cid in enumerate(customers[:20]):
            store.update(Customer, cid, hobbies=f"tea, golf {n}")
        started = time.perf_counter()
        done = export(store, Path(tmp) / "day.fieldsync")
        elapsed = time.perf_counter() - started
    return {"export_ms": round(elapsed * 1000, 1), "export_changes": done.count}


def phase_office(book: str) -> dict:
    """50 files of 500 changes each merged into the large book as a master, morning files written.

    The book's customers belong to no rep on the roster (see bench/team.py for an office's
    morning): this is the merge itself at the size of the large book."""
    from fieldcrm.store import Store
    from fieldcrm.office.merge import office_merge

    with tempfile.TemporaryDirectory() as tmp:
        master = Path(tmp) / "master"
        shutil.copytree(book, master)
        files = rep_files(master, Path(tmp))
        with Store.open(master) as store:
            started = time.perf_counter()
            out = Path(tmp) / "morning"
            out.mkdir()
            run = office_merge(store, files, out)
            elapsed = time.perf_counter() - started
            size = sum(m.path.stat().st_size for m in run.mornings)
    return {"master_merge_s": round(elapsed, 2), "master_new_records": run.summary.new_records,
            "master_mornings_mb": round(size / 1e6, 1)}


def rep_files(master: Path, folder: Path, count: int = REP_FILES) -> list[Path]:
    """Each rep: notes on the master's customers and edits of their soft data."""
    from fieldcrm.clock import HybridClock
    from fieldcrm.ids import new_id
    from fieldcrm.model import Customer, Interaction
    from fieldcrm.store import Store
    from fieldcrm.store.migrations import SCHEMA_VERSION
    from fieldcrm.sync.fileformat import FORMAT, VERSION, write_sync_file

    rng = random.Random(5)
    with Store.open(master, read_only=True) as store:
        created = {d["id"]: d.get("_c", store.meta["base_hlc"]) for d in store.raw_all(Customer)}
    ids = list(created)
    paths = []
    for n in range(count):
        replica = new_id(rng=rng)
        clock = HybridClock(replica)
        changes = []
        for k in range(CHANGES_PER_FILE):
            cid = rng.choice(ids)
            if k % 5:
                note = Interaction(id=new_id(rng=rng), customer_id=cid, note=f"rep {n} note {k}",
                                   created="2026-01-15T10:00:00Z", at="2026-01-15T10:00:00Z").to_dict()
                del note["id"]
                changes.append({"t": "interactions", "id": new_id(rng=rng), "s": clock.tick(), "f": note})
            else:
                changes.append({"t": "customers", "id": cid, "s": clock.tick(),
                                "f": {"hobbies": f"hobby {n}-{k}"}, "b": {"hobbies": [created[cid]]}})
        path = folder / f"rep{n}.fieldsync"
        write_sync_file(path, {"format": FORMAT, "version": VERSION, "schema": SCHEMA_VERSION, "kind": "rep",
                               "replica": replica, "rep": f"rep {n}", "export_id": new_id(rng=rng)}, changes)
        paths.append(path)
    return paths
