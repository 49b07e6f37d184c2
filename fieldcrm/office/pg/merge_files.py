"""Merging rep files into the PostgreSQL office: one transaction per file, documents derived once.

Every file is verified whole first (``read_all``). The documents every file
touches are read in one query; then the files are planned in order, each by
the laptop's own ``importer.plan`` (validation, clamps, what is already here,
conflicts) against the documents the files before it left, in memory.

Each file is then one transaction that stores what the office must never lose:
its new versions (the source of truth), its out-of-scope list, its receipt and
the log positions it took. A crash or a refused file rolls back that file
alone; the files before it stay, and merging again changes nothing. While the
database writes one file, Python plans the next: the two cores work at once.
Files but the last commit without waiting for the disk; the last one's
(durable) commit flushes the log with all of them, before any morning file or
confirmation leaves the office.

The documents and report rows are a cache of the versions. They are written
once, for every record the files touched, in a last transaction that moves
``office.derived`` up to the log position. Should that one not happen (a
crash), the next open derives them again from the versions (``rederive``).
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from psycopg.types.json import Jsonb

from fieldcrm.model import CUSTOMER_LINK
from fieldcrm.office.pg import ingest, schema
from fieldcrm.office.pg.scope_check import ScopeCheck
from fieldcrm.store.writing import sparse, stored_doc
from fieldcrm.sync.fileformat import SyncFileError
from fieldcrm.sync.importer import Summary, plan

PLAN_META = ("imported", "reps", "replica_reps", "rep_names", "office", "acked_seq", "office_seq")


@dataclass
class FileWrite:
    """What one file's transaction writes."""

    first: int  # the log position of its first new change
    new: list[dict] = field(default_factory=list)
    held: list[tuple] = field(default_factory=list)
    received: tuple = ()
    meta: dict = field(default_factory=dict)


@dataclass
class Derived:
    """The documents the merge leaves, for the last transaction."""

    docs: dict = field(default_factory=dict)  # (table, id) -> document after every file
    last: dict = field(default_factory=dict)  # (table, id) -> the last position that touched it
    born: dict = field(default_factory=dict)  # (table, id) -> the first (a record new to the office)


def merge_files(master, files: list, tz=None, progress=None, total_steps: int = 0) -> Summary:
    """Merge verified ``files`` into ``master`` (a ``PgMaster``); returns the summary of them all."""
    from fieldcrm.office.pg.master import _PlanView

    conn = master.conn
    master._cache.clear()
    master._links = None
    conn.execute("SELECT pg_advisory_lock(%s)", (schema.MERGE_LOCK,))  # no other merge plans meanwhile
    pending: list[Future] = []
    try:
        rederive(master)  # a merge that stopped before its documents were written
        with ThreadPoolExecutor(max_workers=1) as writer:
            master._load_meta()  # another process may have merged before the lock
            roster = master.roster()
            every = [c for f in files for c in f.changes]
            keys = {(c["t"], c["id"]) for c in every}
            docs = ingest.load_docs(conn, keys)
            subjects = subjects_of(every, docs) - set(docs)
            docs.update(ingest.load_docs(conn, subjects))  # the customers these records belong to, at once
            docs.update({key: None for key in (keys | subjects) - set(docs)})
            absent = {key for key, doc in docs.items() if doc is None}
            view = _PlanView(master, docs)
            lookup = view.lookup_for(conn)
            total, done, failed = Summary(), 0, None
            derived = Derived()
            first = master.position() + 1
            for sync_file in files:
                header = sync_file.header
                if header["kind"] == "rep":
                    roster.register(header["replica"], header.get("rep_id", header["replica"]), header.get("rep", ""))
                try:  # a file refused here leaves nothing behind; the files before it are kept
                    summary, after, refused = _plan_file(master, sync_file, view, docs, lookup, roster, first, tz)
                except SyncFileError as error:
                    failed = error
                    break
                write = FileWrite(first, summary.changes, refused, _receipt(header, summary),
                                  {k: v for k, v in summary.meta.items() if k in PLAN_META})
                for n, change in enumerate(summary.changes):
                    key = (change["t"], change["id"])
                    derived.last[key] = first + n
                    derived.born.setdefault(key, first + n)
                derived.docs.update(after)
                docs.update(after)
                view.forget_customers_cache(after)
                master.meta.update(write.meta)
                first += len(summary.changes)
                total = _add(total, summary)
                done += 1
                if any(job.done() and job.exception() for job in pending):
                    break  # a file failed to write: the error is raised below
                pending.append(writer.submit(_write_file, master, write, done == len(files), pending[-1:]))
                if progress and total_steps:
                    progress(min(done, total_steps - 1), total_steps)
            for job in pending:
                job.result()  # a failed write: its file rolled back, and the error is the caller's
        if pending:
            _write_derived(master, derived, absent, roster.rep_of_replica)
    finally:
        for job in pending:
            job.cancel()
        conn.execute("SELECT pg_advisory_unlock(%s)", (schema.MERGE_LOCK,))
    if failed is not None:
        raise failed
    return total


def _plan_file(master, sync_file, view, docs: dict, lookup, roster, first: int, tz):
    """One file against the documents as the files before it left them: its summary, the documents
    after it (each change applied once, by the plan), its out-of-scope rows. Changes nothing shared."""
    header = sync_file.header
    view.new_customers = any(c["t"] == "customers" and docs[(c["t"], c["id"])] is None
                             for c in sync_file.changes)
    check = ScopeCheck(lookup, roster, master.base_hlc, header, first) if header["kind"] == "rep" else None
    summary = plan(view, [sync_file], tz, watch=check)
    after = {}
    for key, doc in summary.working.items():
        # As the book stores it (``stored_doc``): a record new to the office, never edited, sparse.
        after[key] = sparse(key[0], doc) if docs.get(key) is None and "_h" not in doc else doc
    return summary, after, check.rows if check else []


def _receipt(header: dict, summary: Summary) -> tuple:
    return (header.get("export_id", ""), header["replica"], header["kind"], Jsonb(header), len(summary.changes))


OUT_OF_SCOPE_COLUMNS = ("tbl", "rec_id", "stamp", "fields", "sender", "owner", "customer_id", "export_id", "seq")


def _write_file(master, write: FileWrite, durable: bool, before: list[Future]) -> None:
    """One file, one transaction (run by the writer thread, one file after another); never after
    the file ``before`` it failed, since its positions follow on from that one's."""
    from psycopg.errors import UniqueViolation
    if before and before[0].exception() is not None:
        raise RuntimeError("an earlier file of this merge was not written")
    try:
        _file_transaction(master, write, durable, known=False)
    except UniqueViolation:  # a version the office holds already (rare): the set union, row by row
        _file_transaction(master, write, durable, known=True)


def _file_transaction(master, write: FileWrite, durable: bool, known: bool) -> None:
    """Few round trips: each one waits for the database, and then for the planning thread."""
    conn = master.conn
    with conn.transaction(), conn.cursor() as cur:
        # The merge holds the session's merge lock throughout: no lock to take per file.
        if write.new:
            lines = [ingest.version_lines(c, write.first + n) for n, c in enumerate(write.new)]
            if known:
                ingest.write_versions(conn, cur, lines)
            else:
                ingest.copy_lines(cur, ingest.VERSION_COPY.format("version"), lines)
            for change in write.new:
                master._hlc.observe(change["s"])
        # The positions it took, its out-of-scope rows, its receipt and the meta it changed: one statement.
        held = [dict(zip(OUT_OF_SCOPE_COLUMNS, row)) for row in write.held]
        meta = {**write.meta, "hlc": master._hlc.tick()}
        cur.execute("WITH taken AS (UPDATE office SET position = position + %s RETURNING position), "
                    "held AS (INSERT INTO out_of_scope SELECT * FROM jsonb_populate_recordset(NULL::out_of_scope, %s) "
                    "ON CONFLICT DO NOTHING), "
                    "received AS (INSERT INTO sync_file (export_id, replica, kind, header, new_changes) "
                    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING), "
                    "told AS (INSERT INTO meta SELECT key, value FROM jsonb_each(%s) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value) "
                    "SELECT set_config('synchronous_commit', %s, true) FROM taken",
                    (len(write.new), Jsonb(held), *write.received, Jsonb(meta), "on" if durable else "off"))


def _write_derived(master, derived: Derived, absent: set, rep_of_replica) -> None:
    """Every touched record's document and report row, once, and ``office.derived`` up to the position."""
    conn = master.conn
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (schema.MERGE_LOCK,))
        fresh = {key for key in derived.docs if key in absent}
        born = {key: derived.born[key] for key in derived.docs}
        ingest.write_docs(cur, derived.docs, derived.last, born, fresh)
        ingest.write_current(cur, derived.docs, master.base_hlc, rep_of_replica, fresh)
        ingest.mark_derived(conn)


def rederive(master) -> int:
    """Derive the documents of the versions past ``office.derived`` (a merge that stopped after its
    files and before their documents); returns how many records. The caller holds the merge lock."""
    conn = master.conn
    derived, position = conn.execute("SELECT derived, position FROM office").fetchone()
    if derived >= position:
        return 0
    master._load_meta()
    changes, seqs = [], []
    for seq, change in ingest.changes_past(conn, derived):
        changes.append(change)
        seqs.append(seq)
    keys = {(c["t"], c["id"]) for c in changes}
    before = ingest.load_docs(conn, keys)
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (schema.MERGE_LOCK,))
        after: dict = {}
        result = Derived()
        for change, seq in zip(changes, seqs):
            key = (change["t"], change["id"])
            after[key] = stored_doc(after.get(key, before.get(key)), change, master.base_hlc)
            result.last[key] = seq
            result.born.setdefault(key, seq)
        fresh = keys - set(before)
        ingest.write_docs(cur, after, result.last, result.born, fresh)
        ingest.write_current(cur, after, master.base_hlc, master.roster().rep_of_replica, fresh)
        ingest.mark_derived(conn)
    master._cache.clear()
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
