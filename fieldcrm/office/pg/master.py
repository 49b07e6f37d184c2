"""``PgMaster``: the office's master in PostgreSQL, behind the same ``Master`` interface.

Each rep file is read and verified whole (``fileformat.read_sync_file``), then
planned by the laptop's own ``importer.plan`` (validation, clamping, what is
already here) against the records it touches, and merged in one transaction
holding the merge lock. A crash or an error rolls back that file alone; the
files merged before it stay, and merging again changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import orjson
from psycopg.types.json import Jsonb

from fieldcrm.i18n import _

from fieldcrm.clock import Clock, HybridClock, to_iso
from fieldcrm.ids import new_id
from fieldcrm.model import CUSTOMER_LINK, Customer
from fieldcrm.office.master import set_aside_own
from fieldcrm.office.pg import schema
from fieldcrm.office.pg.ingest import follow_roster, load_docs, write_changes
from fieldcrm.office.roster import RepEntry, Roster
from fieldcrm.store import merge
from fieldcrm.store.reps import is_waiting
from fieldcrm.store.writing import edit_bases
from fieldcrm.sync.importer import Summary, read_each
from fieldcrm.sync.state import changes_of
from fieldcrm.validation import check_fields



class PgMaster:
    """Open with ``PgMaster.open(dsn)``; use as a context manager or call ``close``."""

    def __init__(self, conn, clock: Clock | None = None):
        self.conn = conn
        self.clock = clock or Clock()
        self.dsn: str | None = None
        self._load_meta()
        self._cache: dict[tuple[str, str], dict | None] = {}
        self._links: dict[str, list[tuple[str, str]]] | None = None
        self._tables: dict[str, list[str]] | None = None  # every record's id per table, once all are read

    def forget(self) -> None:
        """Drop what was read: the database changed."""
        self._cache.clear()
        self._links = self._tables = None

    @classmethod
    def open(cls, dsn: str, clock: Clock | None = None, name: str = "office", create: bool = True,
             waiting=None) -> "PgMaster":
        """``create``: start an office in a database that holds none (else that is refused); ``waiting``:
        told who holds the office (``schema.lock_holder``) when another command does, before waiting."""
        from fieldcrm.office.pg.connect import connect
        conn = connect(dsn)
        try:
            if not create and not schema.holds_office(conn):
                from fieldcrm.office.pg.connect import OfficeDbError, safe_dsn
                raise OfficeDbError(_("{dsn} holds no fieldcrm office: move one in with `fieldcrm office migrate`, "
                                      "or start one with `fieldcrm office rep add NAME`; nothing was changed.").format(
                    dsn=safe_dsn(dsn)))
            schema.ensure(conn, waiting)
            _first_meta(conn, clock or Clock(), name)
            master = cls(conn, clock)
            master.dsn = dsn  # the merge's planning process opens its own connection with it
            with conn.transaction():
                master._lock()  # derives what a stopped merge left underived
            return master
        except BaseException:
            conn.close()
            raise

    def _load_meta(self) -> None:
        self.meta = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
        self.replica, self.name = self.meta["replica"], self.meta.get("name") or "office"
        self.base_hlc = self.meta.get("base_hlc", "")
        self._hlc = HybridClock(self.replica, wall_ms=lambda: int(self.clock.now().timestamp() * 1000))
        self._hlc.observe(self.meta["hlc"])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "PgMaster":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---------------------------------------------------------------- the roster and facts

    def position(self) -> int:
        return self.conn.execute("SELECT position FROM office").fetchone()[0]

    def roster(self) -> Roster:
        roster = Roster()
        for rep_id, name, active in self.conn.execute("SELECT rep_id, name, active FROM rep ORDER BY rep_id"):
            roster.reps[rep_id] = RepEntry(rep_id, name, [], active)
        for replica, rep_id in self.conn.execute(
                "SELECT replica, rep_id FROM replica WHERE rep_id IS NOT NULL ORDER BY ord, replica"):
            roster.reps[rep_id].replicas.append(replica)
        return roster

    def facts(self) -> dict:
        rows = self.conn.execute("SELECT replica, confirmed, acked FROM replica").fetchall()
        return {"confirmed": {r: c for r, c, _ in rows if c is not None},
                "acks": {r: a for r, _, a in rows if a is not None}}

    def laptop_names(self) -> dict[str, str]:
        return {**self.meta.get("reps", {}), **self.told()[1]}

    def told(self) -> tuple[dict[str, str], dict[str, str]]:
        """What the files received say, kept in ``sync_file`` rather than rewritten in meta with
        each file: the last export ids seen ({id: day}) and each laptop's rep name ({replica: name})."""
        from fieldcrm.sync.importer import IMPORTED_KEPT
        imported = {export_id: day.isoformat() for export_id, day in reversed(self.conn.execute(
            "SELECT export_id, received::date FROM sync_file ORDER BY received DESC, export_id LIMIT %s",
            (IMPORTED_KEPT,)).fetchall())}
        names: dict[str, str] = {}
        for (told,) in self.conn.execute("SELECT header -> 'reps' FROM sync_file WHERE kind = 'merged' "
                                         "AND jsonb_typeof(header -> 'reps') = 'object' ORDER BY received"):
            names.update({k: v for k, v in told.items() if isinstance(v, str) and v})
        names.update(dict(self.conn.execute(
            "SELECT DISTINCT ON (replica) replica, header ->> 'rep' FROM sync_file WHERE kind = 'rep' "
            "AND coalesce(header ->> 'rep', '') <> '' ORDER BY replica, received DESC").fetchall()))
        return imported, names

    def save(self, roster: Roster, **facts) -> None:
        with self.conn.transaction(), self.conn.cursor() as cur:
            self._lock()
            self._save_roster(cur, roster)
            # Many rows at once (executemany sends them without waiting for each answer).
            cur.executemany("INSERT INTO replica (replica, confirmed) VALUES (%s, %s) ON CONFLICT (replica) "
                            "DO UPDATE SET confirmed = excluded.confirmed", list(facts.get("confirmed", {}).items()))
            cur.executemany("INSERT INTO replica (replica, acked) VALUES (%s, %s) ON CONFLICT (replica) "
                            "DO UPDATE SET acked = excluded.acked", list(facts.get("acks", {}).items()))
            follow_roster(self.conn)

    def _save_roster(self, cur, roster: Roster) -> None:
        cur.executemany("INSERT INTO rep (rep_id, name, active) VALUES (%s, %s, %s) ON CONFLICT (rep_id) "
                        "DO UPDATE SET name = excluded.name, active = excluded.active",
                        [(e.rep_id, e.name, e.active) for e in roster.reps.values()])
        cur.executemany("INSERT INTO replica (replica, rep_id, ord) VALUES (%s, %s, %s) ON CONFLICT (replica) "
                        "DO UPDATE SET rep_id = excluded.rep_id, ord = excluded.ord",
                        [(replica, e.rep_id, n) for e in roster.reps.values() for n, replica in enumerate(e.replicas)])

    def _lock(self) -> None:
        """The merge lock, for this transaction; the documents derived first where a merge stopped."""
        from fieldcrm.office.pg.merge_files import rederive
        self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (schema.MERGE_LOCK,))
        rederive(self)

    # ---------------------------------------------------------------- merging files

    def merge(self, paths: list[Path], progress=None, tz=None) -> Summary:
        from fieldcrm.office.pg.merge_files import merge_files
        # Every file verified whole before any is used; a bad one is set aside, the others merge.
        files, refused = read_each(paths, progress, parallel=True)
        files, own = set_aside_own(files, self.replica)
        summary = merge_files(self, files, tz, progress, len(paths) + 1) if files else Summary()
        summary.refused = refused + own + summary.refused
        if progress:
            progress(len(paths) + 1, len(paths) + 1)
        return summary

    def _write_meta(self, values: dict, remember: bool = True, **more) -> None:
        """Store meta values (``remember``: and keep them in ``self.meta``, which a merge plans against)."""
        for key, value in {**values, **more}.items():
            self.conn.execute("INSERT INTO meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                              (key, Jsonb(value)))
            if remember:
                self.meta[key] = value

    # ---------------------------------------------------------------- reading for the morning files

    def touched_since(self, position: int) -> Iterator[tuple[int, str, str, dict]]:
        rows = self.conn.execute("SELECT seq, tbl, rec_id, field, value FROM version WHERE seq > %s "
                                 "ORDER BY seq, field", (position,)).fetchall()
        self._prefetch("SELECT tbl, rec_id, doc FROM doc WHERE (tbl, rec_id) IN "
                       "(SELECT tbl, rec_id FROM version WHERE seq > %s)", (position,))
        current = None
        for seq, table, rid, field, value in rows:
            if current is not None and current[0] != seq:
                yield current
                current = None
            if current is None:
                current = (seq, table, rid, {})
            if field == "*":
                current[3].update(value)
            else:
                current[3][field] = value
        if current is not None:
            yield current

    def _prefetch(self, query: str, params) -> None:
        wanted = set()
        for table, rid, doc in self.conn.execute(query, params):
            self._cache[(table, rid)] = doc
            link = CUSTOMER_LINK.get(table)
            subject = doc.get(link, "") if link else ""
            if subject.startswith("referral:"):
                wanted.add(("referrals", subject.removeprefix("referral:")))
            elif subject:
                wanted.add(("customers", subject))
        for key, doc in load_docs(self.conn, wanted - set(self._cache)).items():
            self._cache[key] = doc

    def doc(self, table: str, record_id: str) -> dict | None:
        key = (table, record_id)
        if key not in self._cache:
            row = self.conn.execute("SELECT doc FROM doc WHERE tbl = %s AND rec_id = %s", key).fetchone()
            self._cache[key] = row[0] if row else None
        return self._cache[key]

    def docs(self, table: str) -> Iterator[dict]:
        if self._tables is not None:  # every document is read already (routing whole scopes)
            for rid in self._tables.get(table, ()):
                yield self._cache[(table, rid)]
            return
        rows = self.conn.execute("SELECT rec_id, doc::text FROM doc WHERE tbl = %s ORDER BY born, rec_id",
                                 (table,)).fetchall()  # at once: a row at a time costs more than the rows
        for rid, doc in zip([r[0] for r in rows], _decoded(rows, 1)):
            self._cache[(table, rid)] = doc
            yield doc

    def linked(self, customer_id: str) -> Iterator[tuple[str, dict]]:
        """Every record tied to a customer (deleted ones too), and the marks on its referrals."""
        if self._links is None:  # every document, in one query for the whole routing, not one per customer
            self._links, self._tables = {}, {}
            rows = self.conn.execute("SELECT tbl, rec_id, link, doc::text FROM doc ORDER BY born, rec_id").fetchall()
            for (table, rid, link, _text), doc in zip(rows, _decoded(rows, 3)):
                if link:
                    self._links.setdefault(link, []).append((table, rid))
                self._tables.setdefault(table, []).append(rid)
                self._cache[(table, rid)] = doc
        subjects = [customer_id] + ["referral:" + rid for table, rid in self._links.get(customer_id, ())
                                    if table == "referrals"]
        for subject in subjects:
            for table, rid in self._links.get(subject, ()):
                if table == "agenda_marks" or subject == customer_id:
                    yield table, self.doc(table, rid)

    def contacts(self, kinds) -> list[tuple[str, str, str, str]]:
        """(rep, customer id, kind, when) of every live interaction of ``kinds``: from ``cur_interaction``,
        whose rep is ``scope.rep_of`` (following the roster), not from every note's document."""
        return self.conn.execute("SELECT rep_id, customer_id, kind, at FROM cur_interaction "
                                 "WHERE NOT deleted AND kind = ANY(%s)", (list(kinds),)).fetchall()

    def held_back(self) -> set[tuple[str, str, str]]:
        """(table, id, stamp) of the changes kept out of the morning files: out of their sender's scope."""
        return {tuple(r) for r in self.conn.execute("SELECT tbl, rec_id, stamp FROM out_of_scope")}

    # ---------------------------------------------------------------- office writes

    def set_owner(self, customer_ids: list[str], rep_id: str) -> int:
        """Move customers to a rep: one owner version each, written by the office."""
        check_fields(Customer, {"owner": rep_id})
        self.forget()
        with self.conn.transaction():
            self._lock()
            self._load_meta()
            customer_ids = list(dict.fromkeys(customer_ids))  # one version per customer
            docs = load_docs(self.conn, [("customers", cid) for cid in customer_ids])
            changes = []
            for cid in customer_ids:
                doc = docs.get(("customers", cid))
                if doc is None or is_waiting(doc) or doc.get("owner") == rep_id:
                    continue
                fields = {"owner": rep_id}
                stamp = merge.fresh_stamp(doc, self._hlc.tick)
                change = {"t": "customers", "id": cid, "s": stamp, "f": fields,
                          "b": edit_bases(doc, "customers", fields, self.base_hlc)}
                changes.append(change)
            write_changes(self.conn, changes, docs, self.base_hlc, self.roster().rep_of_replica)
            self._write_meta({}, hlc=self._hlc.tick())
        self.forget()
        return len(changes)

    def add_records(self, records: list[tuple[str, str, dict]]) -> int:
        """New records (table, id, fields) written by the office: a creation each, stamped by its clock."""
        if not records:
            return 0
        self.forget()
        with self.conn.transaction():
            self._lock()
            self._load_meta()
            held = load_docs(self.conn, [(table, rid) for table, rid, _ in records])
            if held:
                raise ValueError(f"the office holds {len(held)} of these records already")
            changes = [{"t": table, "id": rid, "s": self._hlc.tick(), "f": fields} for table, rid, fields in records]
            write_changes(self.conn, changes, {}, self.base_hlc, self.roster().rep_of_replica)
            self._write_meta({}, hlc=self._hlc.tick())
        self.forget()
        return len(changes)

    def as_changes(self, records: dict[str, list[dict]]) -> list[dict]:
        return changes_of(records, self.base_hlc)[0]

    def now(self) -> str:
        return to_iso(self.clock.now())

    def today(self):
        return self.clock.now().date()


def _decoded(rows: list[tuple], column: int) -> list[dict]:
    """The documents of ``column``, read as text and decoded in one pass: a JSON loader called
    per row (psycopg's) costs half again as much, and routing whole scopes reads every document."""
    loads = orjson.loads
    return [loads(row[column]) for row in rows]


def _first_meta(conn, clock: Clock, name: str) -> None:
    """A new office: its replica id and clock, once."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (schema.MERGE_LOCK,))
        if conn.execute("SELECT 1 FROM meta WHERE key = 'replica'").fetchone():
            return
        replica = new_id()
        stamp = HybridClock(replica, wall_ms=lambda: int(clock.now().timestamp() * 1000)).tick()
        for key, value in {"replica": replica, "name": name, "base_hlc": stamp, "hlc": stamp,
                           "created": to_iso(clock.now())}.items():
            conn.execute("INSERT INTO meta VALUES (%s, %s) ON CONFLICT (key) DO NOTHING", (key, Jsonb(value)))
