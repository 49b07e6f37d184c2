"""Merging rep files into the PostgreSQL office: one transaction per file, documents derived once.

Every file is verified whole first (``read_all``). The documents every file
touches are read in one query; then the files are planned in order, each by
the laptop's own ``importer.plan`` (validation, clamps, what is already here,
conflicts) against the documents the files before it left, in memory.

Planning is Python's work and writing is the database's, so they run side by
side: a planning process (forked, so it starts with the documents already
read) plans each file and hands it over as rows ready for ``COPY``, while this
process writes the file before it. Two processes, not two threads: a writer
thread waiting for each statement's answer would then wait again for the
interpreter the planner holds.

Each file is one transaction holding what the office must never lose: its new
versions (the source of truth), its out-of-scope list, its receipt and the log
positions it took. A crash or a refused file rolls back that file alone; the
files before it stay, and merging again changes nothing. The files commit
without waiting for the disk; the merge's last, durable commit flushes the log
with all of them, before any morning file or confirmation leaves the office.

The documents and report rows are a cache of the versions, written once per
merge for each touched record: after the last file that touches it, on a
second connection, while the next file is written (``derived_writer``). The merge's
last commit moves ``office.derived`` up to the log position; should it not
happen (a crash), the next open derives again, from the versions, every record
touched past ``derived`` (``rederive``: what is there already is known, so it
is not applied twice).
"""

from __future__ import annotations

import dataclasses
import os
import queue
import threading
import traceback
from dataclasses import dataclass, field
from typing import Iterator

from psycopg.types.json import Jsonb

from fieldcrm.forking import can_fork, fork_context
from fieldcrm.model import CUSTOMER_LINK, Rep
from fieldcrm.office.pg import ingest, schema
from fieldcrm.office.pg.derived_writer import DerivedWriter
from fieldcrm.office.pg.scope_check import ScopeCheck
from fieldcrm.store import merge
from fieldcrm.store.writing import DEFAULTS, sparse, stored_doc
from fieldcrm.sync.fileformat import SyncFileError
from fieldcrm.sync.importer import Summary, plan

# What a file's plan changes in meta and its transaction writes there; the export ids seen and the
# laptops' names stay in sync_file (PgMaster.told), not rewritten, whole, with every file.
PLAN_META = ("replica_reps", "rep_names", "office", "acked_seq", "office_seq")
OUT_OF_SCOPE_COLUMNS = ("tbl", "rec_id", "stamp", "fields", "sender", "owner", "customer_id", "export_id", "seq")


@dataclass
class DerivedPlan:
    """Every touched record's document and report row, as COPY lines."""

    docs: tuple[list[bytes], list[bytes]]  # (new to the office, held already)
    current: dict[str, tuple[list[bytes], list[bytes]]]


@dataclass
class FilePlan:
    """One file, planned: what its transaction writes."""

    first: int  # the log position of its first new change
    count: int  # its new changes
    versions: bytes  # their version rows, as COPY lines
    held: list[tuple]  # out-of-scope rows
    header: dict
    meta: dict
    newest: str  # its newest stamp ("" when nothing is new)
    summary: Summary  # without its changes and documents
    derived: DerivedPlan | None = None  # the records no later file touches, as they end


@dataclass
class _Derived:
    docs: dict = field(default_factory=dict)  # (table, id) -> document after every file
    last: dict = field(default_factory=dict)  # (table, id) -> the last position that touched it
    born: dict = field(default_factory=dict)  # (table, id) -> the first (a record new to the office)


def merge_files(master, files: list, tz=None, progress=None, total_steps: int = 0) -> Summary:
    """Merge verified ``files`` into ``master`` (a ``PgMaster``); returns the summary of them all."""
    conn = master.conn
    master.forget()
    conn.execute("SELECT pg_advisory_lock(%s)", (schema.MERGE_LOCK,))  # no other merge meanwhile
    total, refused, written = Summary(), [], 0
    try:
        rederive(master)  # a merge that stopped before its documents were written
        master._load_meta()  # another process may have merged before the lock
        ingest.prepare_stages(conn)
        with DerivedWriter(master) as derived:
            for planned in _planned(master, files, tz):
                if isinstance(planned, FilePlan):
                    written += 1
                    _write_file(master, planned)
                    derived.write(planned.derived)  # once the file is in: never ahead of the versions
                    total = _add(total, planned.summary)
                    if progress and total_steps:
                        progress(min(written, total_steps - 1), total_steps)
                elif isinstance(planned, DerivedPlan):
                    derived.write(planned)
                else:  # a file refused by its plan: set aside, the others merge
                    refused.append(planned)
        if written:
            _finish(master)  # durable: it flushes the log with every file's commit before it
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (schema.MERGE_LOCK,))
    master._load_meta()
    total.refused = refused
    return total


# ---------------------------------------------------------------- planning


def _planned(master, files: list, tz) -> Iterator[FilePlan | DerivedPlan | str]:
    """Each file's plan in order, then the documents; a file refused as its sentence."""
    conn = master.conn
    every = [c for f in files for c in f.changes]
    keys = {(c["t"], c["id"]) for c in every}
    docs = ingest.load_docs(conn, keys)
    subjects = subjects_of(every, docs) - set(docs)
    docs.update(ingest.load_docs(conn, subjects))  # the customers these records belong to, at once
    docs.update({key: None for key in (keys | subjects) - set(docs)})
    roster = master.roster()
    first = master.position() + 1
    told = (*master.told(), _Heard(master.facts()["confirmed"], first - 1, ingest.held_aside(conn)))
    if master.dsn is None or not can_fork():
        yield from _plan_all(master, files, tz, docs, roster, first, lambda: conn, told)
        return
    context = fork_context()
    receiving, sending = context.Pipe(duplex=False)
    planner = context.Process(target=_planner, args=(receiving, sending, master, files, tz, docs, roster, first,
                                                     told), daemon=True)
    planner.start()
    sending.close()
    box: queue.Queue = queue.Queue(maxsize=32)
    # A thread takes each plan as it comes: a pipe holds 64 KB and a plan some hundreds, so the
    # planner would otherwise wait, every file, for the writer to finish the file before.
    pump = threading.Thread(target=_pump, args=(receiving, box), name="fieldcrm-plans", daemon=True)
    pump.start()
    finished = False
    try:
        while True:
            message = box.get()
            if message is EOFError:
                raise RuntimeError("the merge's planning process stopped; nothing after the last file "
                                   "written was changed")
            if message is None:
                finished = True
                return
            if isinstance(message, tuple):  # the planner failed
                raise RuntimeError(f"planning the merge failed:\n{message[1]}")
            yield message
    finally:
        if not finished:
            planner.kill()  # it writes nothing: its plans are of no use now
        while pump.is_alive():  # let the thread reach the end of the pipe
            try:
                box.get(timeout=0.1)
            except queue.Empty:
                pass
        planner.join(timeout=5)
        if planner.is_alive():
            planner.kill()
        receiving.close()


def _pump(receiving, box: queue.Queue) -> None:
    """The planner's messages into ``box``, to its last (``None``, a failure, or ``EOFError``)."""
    while True:
        try:
            message = receiving.recv()
        except (EOFError, OSError):
            box.put(EOFError)
            return
        box.put(message)
        if message is None or isinstance(message, tuple):
            return


def _planner(receiving, sending, master, files, tz, docs, roster, first, told) -> None:
    """The planning process: never touches the parent's connection (it has its own, for lookups)."""
    from fieldcrm.office.pg.connect import connect

    receiving.close()  # the parent's end: should the parent die, sending fails at once, not waits

    own = []

    def connection():
        if not own:
            own.append(connect(master.dsn))
        return own[0]

    try:
        for message in _plan_all(master, files, tz, docs, roster, first, connection, told):
            sending.send(message)
        sending.send(None)
    except BaseException:
        try:
            sending.send(("failed", traceback.format_exc()))
        except OSError:
            pass  # the merging process is gone
    finally:
        for conn in own:
            conn.close()
        os._exit(0)  # no finalizers: the parent's connection, shared by the fork, stays the parent's


def _plan_all(master, files, tz, docs: dict, roster, first: int, connection, told) -> Iterator:
    *told, heard = told  # (imported, names) as PgMaster.told, then _Heard
    absent = {key for key, doc in docs.items() if doc is None}
    last_file = {(c["t"], c["id"]): n for n, f in enumerate(files) for c in f.changes}
    view = _PlanView(master, docs, connection, told)
    lookup = view.lookup
    derived = _Derived()
    for n, sync_file in enumerate(files):
        header = sync_file.header
        if header["kind"] == "rep":
            roster.register(header["replica"], header.get("rep_id", header["replica"]), header.get("rep", ""))
        try:
            summary, after, held = _plan_file(master, sync_file, view, docs, lookup, roster, first, tz, heard)
        except SyncFileError as error:  # nothing of it is kept: the next file plans as if it never came
            yield str(error)
            continue
        for k, change in enumerate(summary.changes):
            key = (change["t"], change["id"])
            derived.last[key] = first + k
            derived.born.setdefault(key, first + k)
        derived.docs.update(after)
        docs.update(after)
        view.forget_customers_cache(after)
        view.meta.update(summary.meta)  # the next file is planned against it
        meta = {k: v for k, v in summary.meta.items() if k in PLAN_META}
        # Records no later file touches are written with this file: the work spreads over the merge.
        ending = {key: derived.docs.pop(key) for key in after if last_file[key] == n}
        yield FilePlan(first, len(summary.changes),
                       b"".join(ingest.version_lines(c, first + k) for k, c in enumerate(summary.changes)),
                       held, header, meta, max((c["s"] for c in summary.changes), default=""),
                       dataclasses.replace(summary, changes=[], working={}, merged={}, meta={}),  # its meta travels above
                       _derived_plan(master, ending, derived, absent, roster))
        first += len(summary.changes)
    if derived.docs:  # records whose last file was refused: as the files before it left them
        yield _derived_plan(master, derived.docs, derived, absent, roster)


def _derived_plan(master, docs: dict, derived: _Derived, absent: set, roster) -> DerivedPlan | None:
    if not docs:
        return None
    fresh = {key for key in docs if key in absent}
    return DerivedPlan(ingest.doc_lines(docs, derived.last, derived.born, fresh),
                       ingest.current_lines(docs, master.base_hlc, roster.rep_of_replica, fresh))


def _plan_file(master, sync_file, view, docs: dict, lookup, roster, first: int, tz, heard: "_Heard"):
    """One file against the documents as the files before it left them: its summary, the documents
    after it (each change applied once, by the plan), its out-of-scope rows. Changes nothing shared
    but ``heard.held``, which a refused file leaves as it was."""
    header = sync_file.header
    view.new_customers = any(c["t"] == "customers" and docs[(c["t"], c["id"])] is None
                             for c in sync_file.changes)
    check = None
    if header["kind"] == "rep" or header["replica"] != master.replica:  # a header is only its writer's word:
        # every file but this office's own is judged by its laptop's scope, whatever kind it says it is
        check = ScopeCheck(lookup, view.as_of, roster, master.base_hlc, header, first, heard.told(header),
                           set(heard.held))
    summary = plan(view, [sync_file], tz, watch=check)
    after = {}
    for key, doc in summary.working.items():
        # As the book stores it (``stored_doc``): a record new to the office, never edited, sparse.
        after[key] = sparse(key[0], doc) if docs.get(key) is None and "_h" not in doc else doc
    if check:
        heard.held |= check.held
    return summary, after, check.rows if check else []


@dataclass
class _Heard:
    """What each laptop has heard from the office, and the changes held aside already."""

    confirmed: dict  # replica -> the office position its laptop had read, as its last file said
    position: int  # the office's position when the merge began
    held: set  # (table, id, stamp) of out_of_scope

    def told(self, header: dict) -> int:
        """How far the sender's laptop has read the office's log: as the office noted it, or as
        this file says, if further (never past what the office has written)."""
        said = header.get("office_seq", 0)
        said = said if isinstance(said, int) and not isinstance(said, bool) else 0
        return max(self.confirmed.get(header["replica"], 0), min(said, self.position))


class _PlanView:
    """What ``importer.plan`` reads of a book, over the documents the files touch."""

    def __init__(self, master, docs: dict, connection, told: tuple[dict, dict]):
        self._docs, self._connection = docs, connection
        imported, names = told
        self.meta = {**master.meta, "imported": {**master.meta.get("imported", {}), **imported},
                     "reps": {**master.meta.get("reps", {}), **names}}
        self.clock = master.clock
        self.replica = master.replica
        self.rep = Rep(replica=master.replica, name=master.name)
        self.rep_id = master.replica
        self.new_customers = False
        self._all_customers: dict | None = None

    def doc(self, table: str, record_id: str) -> dict | None:
        return self._docs.get((table, record_id))

    def raw_all(self, kind) -> Iterator[dict]:
        """Only ``_likely_duplicates`` asks (for customers): every customer, fetched once per merge,
        and only when the file brings a new customer (nothing else can be a likely duplicate)."""
        if not self.new_customers:
            return iter(())
        if self._all_customers is None:
            rows = self._connection().execute("SELECT rec_id, doc FROM doc WHERE tbl = 'customers' "
                                              "AND doc ->> '_c' IS DISTINCT FROM ''").fetchall()
            self._all_customers = dict(rows)
            self._all_customers.update({rid: doc for (table, rid), doc in self._docs.items()
                                        if table == "customers" and doc and doc.get("_c") != ""})
        return iter(list(self._all_customers.values()))

    def forget_customers_cache(self, after: dict) -> None:
        if self._all_customers is not None:
            self._all_customers.update({rid: doc for (table, rid), doc in after.items()
                                        if table == "customers" and doc.get("_c") != ""})

    def count(self, kind) -> int:
        return 0

    def changes_since(self, seq: int):
        return iter(())

    def as_of(self, table: str, record_id: str, position: int) -> dict | None:
        """A record as the office held it at ``position`` (for the scope check: rarely asked)."""
        return ingest.record_as_of(self._connection(), table, record_id, position, self.meta["base_hlc"])

    def lookup(self, table: str, record_id: str) -> dict | None:
        """(table, id) -> document, from the files' documents, then the database (committed: a record
        no file touches)."""
        key = (table, record_id)
        if key not in self._docs:
            self._docs[key] = ingest.load_docs(self._connection(), [key]).get(key)
        return self._docs[key]


# ---------------------------------------------------------------- writing


def _write_file(master, planned: FilePlan) -> None:
    """One file, one transaction. The merge holds the session's merge lock throughout."""
    from psycopg.errors import UniqueViolation
    try:
        _file_transaction(master, planned, known=False)
    except UniqueViolation:  # a version the office holds already (the plan leaves those out): a union
        _file_transaction(master, planned, known=True)


def _file_transaction(master, planned: FilePlan, known: bool) -> None:
    conn = master.conn
    if planned.newest:
        master._hlc.observe(planned.newest)
    held = [dict(zip(OUT_OF_SCOPE_COLUMNS, row)) for row in planned.held]
    meta = {**planned.meta, "hlc": master._hlc.tick()}
    header = planned.header
    with conn.transaction(), conn.cursor() as cur:
        if planned.count and not known:
            ingest.copy_versions(cur, planned.versions)
        elif planned.count:
            ingest.write_versions(conn, cur, planned.versions.splitlines(keepends=True))
        # The positions it took, its out-of-scope rows, its receipt and the meta it changed: one statement.
        cur.execute("WITH taken AS (UPDATE office SET position = position + %s RETURNING position), "
                    "held AS (INSERT INTO out_of_scope SELECT * FROM jsonb_populate_recordset(NULL::out_of_scope, %s) "
                    "ON CONFLICT DO NOTHING), "
                    "received AS (INSERT INTO sync_file (export_id, replica, kind, header, new_changes) "
                    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING), "
                    "told AS (INSERT INTO meta SELECT key, value FROM jsonb_each(%s) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value) "
                    "SELECT set_config('synchronous_commit', 'off', true) FROM taken",  # _finish flushes
                    (planned.count, Jsonb(held), header.get("export_id", ""), header["replica"], header["kind"],
                     Jsonb(header), planned.count, Jsonb(meta)))


def _finish(master) -> None:
    """Every document written: ``office.derived`` up to the position, in a durable commit, which
    flushes the log with every file's commit before it."""
    with master.conn.transaction():
        ingest.mark_derived(master.conn)


def rederive(master) -> int:
    """Derive the documents of the versions past ``office.derived`` (a merge that stopped after its
    files and before their documents); returns how many records. The caller holds the merge lock."""
    conn = master.conn
    derived, position = conn.execute("SELECT derived, position FROM office").fetchone()
    if derived >= position:
        return 0
    master._load_meta()
    changes, seqs = [], []
    held = ingest.held_aside(conn)  # stored, never applied (scope_check)
    for seq, change in ingest.changes_past(conn, derived):
        if (change["t"], change["id"], change["s"]) in held:
            continue
        changes.append(change)
        seqs.append(seq)
    keys = {(c["t"], c["id"]) for c in changes}
    before = ingest.load_docs(conn, keys)
    result = _Derived()
    for change, seq in zip(changes, seqs):
        key = (change["t"], change["id"])
        doc = result.docs.get(key, before.get(key))
        # A stopped merge may have written a record's document already (its last file was written).
        if doc is not None and merge.is_known(doc, change, DEFAULTS[change["t"]], master.base_hlc):
            result.docs[key] = doc
        else:
            result.docs[key] = stored_doc(doc, change, master.base_hlc)
        result.last[key] = seq
        result.born.setdefault(key, seq)
    fresh = keys - set(before)
    with conn.transaction(), conn.cursor() as cur:
        ingest.write_docs(cur, result.docs, result.last, result.born, fresh)
        ingest.write_current(cur, result.docs, master.base_hlc, master.roster().rep_of_replica, fresh)
        ingest.mark_derived(conn)
    master.forget()
    return len(keys)


def subjects_of(changes: list[dict], docs: dict) -> set[tuple[str, str]]:
    """The customers (and referrals, for marks) the changed records belong to."""
    out = set()
    for change in changes:
        link = CUSTOMER_LINK.get(change["t"])
        doc = docs.get((change["t"], change["id"])) or {}
        subject = change["f"].get(link) or doc.get(link, "") if link else ""
        if isinstance(subject, str) and subject.startswith("referral:"):
            out.add(("referrals", subject.removeprefix("referral:")))
        elif isinstance(subject, str) and subject:
            out.add(("customers", subject))
    return out


def _add(a: Summary, b: Summary) -> Summary:
    """Two files' summaries as one."""
    return Summary(files=a.files + b.files, new_records=a.new_records + b.new_records,
                   updated_fields=a.updated_fields + b.updated_fields, skipped=a.skipped + b.skipped,
                   conflicts=a.conflicts + b.conflicts, duplicates=a.duplicates + b.duplicates,
                   clamped=a.clamped + b.clamped, already=a.already + b.already, headers=a.headers + b.headers)
