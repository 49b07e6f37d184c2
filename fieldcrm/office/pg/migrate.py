"""``fieldcrm office migrate``: a TinyDB office book into an empty PostgreSQL office.

Every version of every field (``state.state_changes``), each record's document
as the book holds it, the roster, each laptop's confirmed position and ack,
and the office's identity (replica, clock) move in one transaction. Positions
keep the book's numbering (a version's position is the last log position that
touched its record), so every laptop's confirmed position still means what it
meant. The book is left as it is; the canonical dumps are compared before the
transaction commits.
"""

from __future__ import annotations

from pathlib import Path

from psycopg.types.json import Jsonb

from fieldcrm.i18n import _, ngettext
from fieldcrm.model import TABLES
from fieldcrm.office.master import BookMaster
from fieldcrm.office.pg import schema
from fieldcrm.office.pg.connect import OfficeDbError, connect, safe_dsn
from fieldcrm.office.pg.ingest import version_rows, write_current, write_docs
from fieldcrm.store import Store
from fieldcrm.sync.state import canonical, canonical_of, state_changes

META = ("imported", "reps", "replica_reps", "rep_names", "created")


def migrate(book: Path, dsn: str) -> str:
    """Copy the office book at ``book`` into the database at ``dsn``; returns what was done, in words."""
    from fieldcrm.office.pg.master import PgMaster

    with Store.open(book, read_only=True, create=False) as store:
        if isinstance(store.meta.get("office"), str):  # a laptop names the office it syncs with
            raise OfficeDbError(_("{book} is a rep's book (it syncs with an office), not an office's master book; "
                                  "nothing was changed.").format(book=book))
        conn = connect(dsn)
        try:
            schema.ensure(conn)
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (schema.MERGE_LOCK,))
                if conn.execute("SELECT (SELECT count(*) FROM doc) + (SELECT count(*) FROM rep) "
                                "+ (SELECT position FROM office)").fetchone()[0]:
                    raise OfficeDbError(_("The office database already holds an office; migrate into an empty "
                                          "database. Nothing was changed."))
                records, versions = _copy(conn, store)
                master = PgMaster(conn, store.clock)
                book_master = BookMaster(store)
                master.save(book_master.roster(), **book_master.facts())
                after = canonical_of({t: list(master.docs(t)) for t in TABLES}, master.base_hlc)
                if after != canonical(store):
                    raise OfficeDbError(_("The copy in PostgreSQL differs from the book; nothing was changed."))
        finally:
            conn.close()
    return moved_line(records, versions, len(book_master.roster().reps), safe_dsn(dsn))


def moved_line(records: int, versions: int, reps: int, dsn: str) -> str:
    """What the move did, each count with its own plural."""
    return _("Moved {records} ({versions}), {reps} and their laptops' positions into "
             "PostgreSQL; both hold the same versions. From now on name it in the settings file "
             "([office] master = \"{dsn}\") or give --master '{dsn}'.").format(
        records=ngettext("{count} record", "{count} records", records).format(count=records),
        versions=ngettext("{count} version", "{count} versions", versions).format(count=versions),
        reps=ngettext("{count} rep", "{count} reps", reps).format(count=reps), dsn=dsn)


def _copy(conn, store) -> tuple[int, int]:
    meta = store.meta
    values = {"replica": meta["replica"], "name": store.rep.name or "office", "base_hlc": meta.get("base_hlc", ""),
              "hlc": meta.get("hlc") or meta.get("base_hlc", ""), **{k: meta[k] for k in META if k in meta}}
    conn.execute("DELETE FROM meta WHERE key <> 'schema'")
    for key, value in values.items():
        conn.execute("INSERT INTO meta VALUES (%s, %s)", (key, Jsonb(value)))
    last: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], int] = {}
    for entry in store.changes_since(0):
        if entry["t"] in TABLES:
            key = (entry["t"], entry["id"])
            last[key] = entry["seq"]
            first.setdefault(key, entry["seq"])
    changes, _ = state_changes(store)
    count = 0
    with conn.cursor() as cur:
        with cur.copy("COPY version (tbl, rec_id, field, stamp, value, bases, was, seq) FROM STDIN") as copy:
            for change in changes:
                for row in version_rows(change, last.get((change["t"], change["id"]), 0)):
                    copy.write_row(row)
                    count += 1
        docs = {(t, d["id"]): d for t in TABLES for d in store.raw_table(t)}
        write_docs(cur, docs, {k: last.get(k, 0) for k in docs})
        cur.execute("UPDATE doc SET born = b.born FROM unnest(%s::text[], %s::text[], %s::bigint[]) "
                    "AS b(tbl, rec_id, born) WHERE doc.tbl = b.tbl AND doc.rec_id = b.rec_id",
                    ([k[0] for k in first], [k[1] for k in first], list(first.values())))
        write_current(cur, docs, values["base_hlc"], BookMaster(store).roster().rep_of_replica)
        cur.execute("UPDATE office SET position = %s, derived = %s", (store.seq, store.seq))
    return len(docs), count


