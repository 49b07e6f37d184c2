"""Both engines side by side: a TinyDB office book and a PostgreSQL office, fed the same files."""

from __future__ import annotations

from pathlib import Path

import orjson

from fieldcrm.model import TABLES
from fieldcrm.office.merge import office_merge
from fieldcrm.office.pg.master import PgMaster
from fieldcrm.sync.state import canonical_of


def pg_canonical(dsn: str) -> dict:
    with PgMaster.open(dsn) as master:
        return canonical_of({t: list(master.docs(t)) for t in TABLES}, master.base_hlc)


def pg_merge(dsn: str, files: list[Path], out: Path, clock=None) -> dict[str, Path]:
    """The office merge on PostgreSQL; every rep's morning file by rep name."""
    out.mkdir(parents=True, exist_ok=True)
    with PgMaster.open(dsn, clock=clock) as master:
        run = office_merge(master, files, out)
    return {m.rep.name: m.path for m in run.mornings}


def changes_in(path: Path) -> list[dict]:
    """A sync file's changes, in order (headers differ by export id and time)."""
    return [orjson.loads(line) for line in path.read_bytes().splitlines()[1:-1]]


def rebuilt_canonical(master) -> dict:
    """The canonical dump of documents rebuilt from the version rows alone, in position order
    (those held aside, out of their sender's scope and changing who a record belongs to, are
    stored, never applied)."""
    from fieldcrm.store.writing import stored_doc
    docs: dict = {}
    entries: dict = {}
    rows = master.conn.execute("SELECT tbl, rec_id, field, stamp, value, bases, was, seq FROM version "
                               "ORDER BY seq, tbl, rec_id, stamp, field").fetchall()
    from fieldcrm.office.pg.ingest import held_aside
    held = held_aside(master.conn)
    for table, rid, field, stamp, value, bases, was, seq in rows:
        if (table, rid, stamp) in held:
            continue  # kept, never applied
        key = (seq, table, rid, stamp, field == "*")
        entry = entries.setdefault(key, {"t": table, "id": rid, "s": stamp, "f": {}})
        if field == "*":
            entry["f"] = value
        else:
            entry["f"][field] = value
            entry.setdefault("b", {})[field] = list(bases)
        if was:
            entry["was"] = was
    for entry in entries.values():
        key = (entry["t"], entry["id"])
        docs[key] = stored_doc(docs.get(key), entry, master.base_hlc)
    tables = {t: [d for (tt, _), d in docs.items() if tt == t] for t in TABLES}
    return canonical_of(tables, master.base_hlc)
