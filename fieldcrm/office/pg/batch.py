"""Merging rep files into the PostgreSQL office: planned in Python, written as sets, side by side.

Every file is verified whole first (``read_all``). The documents every file
touches are read in one query; then the files are planned in order, each by
the laptop's own ``importer.plan`` (validation, clamps, what is already here,
conflicts) against the documents the files before it left, in memory. Files
are cut into batches of about ``BATCH_CHANGES`` changes; each batch is one
transaction that writes its new versions, documents and report rows as sets
(a record touched by a hundred files is written once). While the database
writes one batch, Python plans the next: the two cores work at once.

A crash rolls back the batch being written (the batches before it stay, and
merging the files again changes nothing). A file refused by its plan keeps
the files before it and nothing of itself or after it. One session lock,
held from the first read to the last commit, keeps other merges out, so log
positions still commit in order.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Iterator

from psycopg.types.json import Jsonb

from fieldcrm.model import CUSTOMER_LINK
from fieldcrm.office.pg import schema
from fieldcrm.office.pg import ingest
from fieldcrm.office.pg.scope_check import out_of_scope
from fieldcrm.store.writing import stored_doc
from fieldcrm.sync.fileformat import SyncFileError
from fieldcrm.sync.importer import Summary, plan

# Changes per transaction: a crash loses at most this much work; smaller batches overlap more.
BATCH_CHANGES = 60_000
PLAN_META = ("imported", "reps", "replica_reps", "rep_names", "office", "acked_seq", "office_seq")


@dataclass
class Batch:
    """What one transaction writes."""

    first: int  # the log position of its first new change
    new: list[dict] = field(default_factory=list)
    docs: dict = field(default_factory=dict)  # (table, id) -> document after the batch
    born: dict = field(default_factory=dict)  # (table, id) -> {"last": seq, "born": seq}
    held: list[tuple] = field(default_factory=list)
    received: list[tuple] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    fresh: set = field(default_factory=set)


def merge_files(master, files: list, tz=None, progress=None, total_steps: int = 0) -> Summary:
    """Merge verified ``files`` into ``master`` (a ``PgMaster``); returns the summary of them all."""
    from fieldcrm.office.pg.master import _PlanView

    conn = master.conn
    master._cache.clear()
    master._links = None
    conn.execute("SELECT pg_advisory_lock(%s)", (schema.MERGE_LOCK,))
    pending: list[Future] = []
    try:
        with ThreadPoolExecutor(max_workers=1) as writer:
            master._load_meta()  # another process may have merged before the lock
            roster = master.roster()
            every = [c for f in files for c in f.changes]
            keys = {(c["t"], c["id"]) for c in every}
            docs = ingest.load_docs(conn, keys)
            subjects = subjects_of(every, docs) - set(docs)
            docs.update(ingest.load_docs(conn, subjects))  # the customers these records belong to, at once
            docs.update({key: None for key in (keys | subjects) - set(docs)})
            absent = {key for key, doc in docs.items() if doc is None}  # nobody else adds them: the lock
            view = _PlanView(master, docs)
            lookup = view.lookup_for(conn)
            total, done, failed = Summary(), 0, None
            batch = Batch(first=master.position() + 1)
            for sync_file in files:
                header = sync_file.header
                if header["kind"] == "rep":
                    roster.register(header["replica"], header.get("rep_id", header["replica"]), header.get("rep", ""))
                try:  # a file refused here leaves nothing behind; the files before it are kept
                    summary, seqs, after, refused = _plan_file(master, sync_file, view, docs, lookup, roster,
                                                               batch.first + len(batch.new), tz)
                except SyncFileError as error:
                    failed = error
                    break
                _take(batch, summary, seqs, after, refused, header)
                docs.update(after)
                view.forget_customers_cache(after)
                master.meta.update(batch.meta)
                total = _add(total, summary)
                done += 1
                if len(batch.new) >= BATCH_CHANGES:
                    if any(job.done() and job.exception() for job in pending):
                        break  # a batch failed to write: the error is raised below
                    pending.append(writer.submit(_write, master, batch, absent, roster.rep_of_replica, pending[-1:]))
                    batch = Batch(first=batch.first + len(batch.new))
                if progress and total_steps:
                    progress(min(done, total_steps - 1), total_steps)
            if batch.received:
                pending.append(writer.submit(_write, master, batch, absent, roster.rep_of_replica, pending[-1:]))
            for job in pending:
                job.result()  # a failed write: its batch rolled back, and the error is the caller's
    finally:
        for job in pending:
            job.cancel()
        conn.execute("SELECT pg_advisory_unlock(%s)", (schema.MERGE_LOCK,))
    if failed is not None:
        raise failed
    return total


def _plan_file(master, sync_file, view, docs: dict, lookup, roster, first: int, tz):
    """One file against the documents as the files before it left them: its summary, the positions
    its new changes take, the documents after it, its out-of-scope rows. Changes nothing shared."""
    header = sync_file.header
    view.new_customers = any(c["t"] == "customers" and docs[(c["t"], c["id"])] is None
                             for c in sync_file.changes)
    summary = plan(view, [sync_file], tz)
    seqs = list(range(first, first + len(summary.changes)))
    after: dict = {}
    refused = []
    if header["kind"] == "rep":
        refused = out_of_scope(lookup, summary.changes, seqs, roster, master.base_hlc, header, after)
    else:
        for change in summary.changes:
            key = (change["t"], change["id"])
            after[key] = stored_doc(after.get(key, docs.get(key)), change, master.base_hlc)
    return summary, seqs, after, refused


def _take(batch: Batch, summary: Summary, seqs: list[int], after: dict, refused: list, header: dict) -> None:
    for change, seq in zip(summary.changes, seqs):
        batch.born.setdefault((change["t"], change["id"]), {})["last"] = seq
    for key in after:  # a record new to the batch is born where one file alone would have put it
        batch.born[key].setdefault("born", batch.born[key]["last"])
    batch.docs.update(after)
    batch.new += summary.changes
    batch.held += refused
    batch.meta.update({k: v for k, v in summary.meta.items() if k in PLAN_META})
    batch.received.append((header.get("export_id", ""), header["replica"], header["kind"], Jsonb(header),
                           len(summary.changes)))


def _write(master, batch: Batch, absent: set, rep_of_replica, before: list[Future]) -> None:
    """One batch, one transaction (run by the writer thread, one batch after another); never after
    the batch ``before`` it failed, since its positions and records follow on from that one."""
    if before and before[0].exception() is not None:
        raise RuntimeError("an earlier batch of this merge was not written")
    conn = master.conn
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (schema.MERGE_LOCK,))
        if batch.new:
            ingest.reserve(conn, len(batch.new))
            fresh = {key for key in batch.born if key in absent}
            ingest.write_changes(conn, batch.new, {}, master.base_hlc, rep_of_replica,
                                 seqs=list(range(batch.first, batch.first + len(batch.new))), after=batch.docs,
                                 born={key: b["born"] for key, b in batch.born.items()}, fresh=fresh)
            absent -= fresh  # written now: a later batch updates them
            for change in batch.new:
                master._hlc.observe(change["s"])
        with conn.cursor() as cur:
            if batch.held:  # may be many: a rep's whole day on customers moved away while offline
                cur.execute("CREATE TEMP TABLE IF NOT EXISTS stage_oos (LIKE out_of_scope) ON COMMIT DROP")
                with cur.copy("COPY stage_oos FROM STDIN") as copy:
                    for row in batch.held:
                        copy.write_row(row)
                cur.execute("INSERT INTO out_of_scope SELECT * FROM stage_oos ON CONFLICT DO NOTHING")
            cur.executemany("INSERT INTO sync_file (export_id, replica, kind, header, new_changes) "
                            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING", batch.received)
        master._write_meta(batch.meta, remember=False, hlc=master._hlc.tick())


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
