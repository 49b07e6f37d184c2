"""Importing sync files: verify every file, plan the merge, then apply it in one write.

The plan is the summary (new records, updated fields, conflicts, duplicates
skipped, clamped clocks, likely duplicate customers); ``--dry-run`` prints it
and stops there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fieldcrm.clock import FUTURE_LIMIT_MS, clamp_stamp
from fieldcrm.i18n import _, ngettext
from fieldcrm.model import TABLES
from fieldcrm.rules.labels import table_label
from fieldcrm.store import merge
from fieldcrm.store.reps import is_waiting
from fieldcrm.store.writing import DEFAULTS
from fieldcrm.sync.acks import office, take_acks
from fieldcrm.sync.team import team_word
from fieldcrm.sync.authors import Conflict, conflict, kept_stamp, rep_names
from fieldcrm.sync.fileformat import SyncFile, SyncFileError, read_sync_file

IMPORTED_KEPT = 500  # export ids remembered, to say "already imported"


@dataclass
class Summary:
    files: int = 0
    new_records: int = 0
    updated_fields: int = 0
    skipped: int = 0  # changes the book already had
    conflicts: list[Conflict] = field(default_factory=list)  # str() of each: its words
    duplicates: list[str] = field(default_factory=list)
    clamped: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)  # files imported before
    refused: list[str] = field(default_factory=list)  # files set aside, each in a sentence (the office)
    changes: list[dict] = field(default_factory=list, repr=False)
    meta: dict = field(default_factory=dict, repr=False)
    withdrawn: list[str] = field(default_factory=list)  # customers moved to another rep
    waiting: int = 0  # records in the book after the import that only edits have reached
    headers: list[dict] = field(default_factory=list, repr=False)  # of the files, in order
    merged: dict = field(default_factory=dict, repr=False)  # (table, id) -> the document the changes make
    working: dict = field(default_factory=dict, repr=False)  # the same, new records included

    def lines(self, conflicts_shown: int | None = None) -> list[str]:
        """The summary in words; ``conflicts_shown``: at most that many conflicts, then how many more
        (an office merging hundreds of reps' days meets thousands)."""
        out = [_("{files}: {new}, {updated}, {conflicts}, {skipped} (skipped).").format(  # each count its plural
            files=ngettext("{count} file", "{count} files", self.files).format(count=self.files),
            new=ngettext("{count} new record", "{count} new records", self.new_records).format(
                count=self.new_records),
            updated=ngettext("{count} updated field", "{count} updated fields", self.updated_fields).format(
                count=self.updated_fields),
            conflicts=ngettext("{count} conflict", "{count} conflicts", len(self.conflicts)).format(
                count=len(self.conflicts)),
            skipped=ngettext("{count} change already here", "{count} changes already here", self.skipped).format(
                count=self.skipped))]
        out += ["  " + _("already imported: {what}").format(what=a) for a in self.already]
        shown = self.conflicts[:conflicts_shown] if conflicts_shown is not None else self.conflicts
        out += ["  " + _("conflict: {what}").format(what=c) for c in shown]
        if len(shown) < len(self.conflicts):
            more = len(self.conflicts) - len(shown)
            out.append("  " + ngettext(
                "... and {count} more conflict: each stays on its record, where its rep sees both values and "
                "picks one.",
                "... and {count} more conflicts: each stays on its record, where its rep sees both values and "
                "picks one.", more).format(count=more))
        out += ["  " + _("likely duplicate: {what}").format(what=d) for d in self.duplicates]
        out += ["  " + _("clock clamped: {what}").format(what=c) for c in self.clamped]
        if self.withdrawn:
            out.append("  " + ngettext(
                "{count} customer moved to another rep by the office; they are no longer on this laptop.",
                "{count} customers moved to another rep by the office; they are no longer on this laptop.",
                len(self.withdrawn)).format(count=len(self.withdrawn)))
        if self.waiting:
            out.append(f"  {waiting_words(self.waiting)}")
        return out


def waiting_words(count: int) -> str:
    """Edits kept aside until their record's creation arrives, said to the rep."""
    return ngettext("{count} record waiting for its origin: changes to records this book does not have yet; "
                    "they show when the records themselves arrive.",
                    "{count} records waiting for their origin: changes to records this book does not have yet; "
                    "they show when the records themselves arrive.", count).format(count=count)


PARALLEL_FILES = 16  # an office merging this many files reads them on every core


def read_all(paths: list[Path], progress=None, parallel: bool = False) -> list[SyncFile]:
    """Every file read and verified before any is used (the first bad one, in order, is refused).
    ``parallel``: many files are read in forked processes (the office's command line only: a
    process with other threads running, like the app, must not fork)."""
    return _read_many(read_sync_file, [Path(p) for p in paths], progress, parallel)


def read_each(paths: list[Path], progress=None, parallel: bool = False) -> tuple[list[SyncFile], list[str]]:
    """The office's reading: every file verified whole, but a bad one is set aside (with the sentence
    saying why), not a refusal of the others: one damaged file must not hold up every rep's day.
    Returns (the good files in order, the refusals in order)."""
    found = _read_many(_read_or_refusal, [Path(p) for p in paths], progress, parallel)
    return [f for f in found if isinstance(f, SyncFile)], [f for f in found if isinstance(f, str)]


def _read_or_refusal(path: Path) -> SyncFile | str:
    try:
        return read_sync_file(path)
    except SyncFileError as error:
        return str(error)


def _read_many(read, paths: list[Path], progress, parallel: bool) -> list:
    from fieldcrm.forking import fork_context, fork_workers

    workers = fork_workers(len(paths), PARALLEL_FILES) if parallel else 0
    if not workers:
        return _collect(map(read, paths), len(paths), progress)
    # Checksums, parsing and every change's validation: the same work for each file, side by side.
    from concurrent.futures import ProcessPoolExecutor
    pool = ProcessPoolExecutor(workers, mp_context=fork_context())
    try:
        return _collect(pool.map(read, paths, chunksize=4), len(paths), progress)
    finally:
        pool.shutdown(cancel_futures=True)


def _collect(found, count: int, progress) -> list[SyncFile]:
    files = []
    for n, sync_file in enumerate(found, start=1):
        files.append(sync_file)
        if progress:
            progress(n, count + 1)
    return files


def import_files(store, paths: list[Path], dry_run: bool = False, progress=None, tz=None) -> Summary:
    """Verify every file, then merge them; ``progress(done, total)`` is told as it goes;
    conflicts say when each value was written in ``tz`` (the machine's zone by default)."""
    files = read_all(paths, progress)
    for sync_file in files:
        if sync_file.header["kind"] == "rep" and sync_file.header["replica"] == store.replica:
            raise SyncFileError(f"{sync_file.path} was exported from this very book; import the office's "
                                "merged file instead. Nothing was changed.")
    return merge_read(store, files, dry_run, progress, tz, len(paths))


def merge_read(store, files: list[SyncFile], dry_run: bool = False, progress=None, tz=None,
               steps: int = 0) -> Summary:
    """Merge files already read and verified (``import_files`` after its reading)."""
    summary = plan(store, files, tz)
    if not dry_run:
        store.apply_changes(summary.changes, meta=summary.meta or None, withdraw=summary.withdrawn,
                            merged=summary.merged)
        store.forget_confirmed()  # withdrawn records whose changes the office now has leave the log
        summary.waiting = store.waiting()
    if progress:
        progress(steps + 1, steps + 1)
    return summary


HELD, KNOWN = "held", "known"  # a watcher's verdicts (``plan``)


def plan(store, files: list[SyncFile], tz=None, watch=None) -> Summary:
    """The summary of merging ``files``, with the changes to apply; ``tz`` for the times shown.

    ``watch(change, before, working)``, when given, sees each change to apply with the document
    before it and every document as the changes so far left it (the office's scope check); it
    answers ``HELD`` for a change to store without applying it, ``KNOWN`` for one held already."""
    summary = Summary(files=len(files), headers=[f.header for f in files])
    base = store.meta.get("base_hlc", "")
    now_ms = int(store.clock.now().timestamp() * 1000)
    working: dict[tuple[str, str], dict | None] = {}
    imported = dict(store.meta.get("imported", {}))
    acks = take_acks(store, files)  # refuses a confirmation from anyone but the office
    told_by = acks.get("office", office(store))
    word = team_word(store, files, told_by)
    for sync_file in files:
        # Only the office's own files come clamped already; any other file, whatever its header
        # says it is, is clamped here, or a day relabelled "merged" would win every merge forever.
        trusted = sync_file.header["kind"] == "merged" and sync_file.header["replica"] == told_by
        export_id = sync_file.header.get("export_id", "")
        if export_id in imported:
            summary.already.append(_("{file} (on {day})").format(file=sync_file.path.name, day=imported[export_id]))
        imported[export_id] = store.clock.now().date().isoformat()
        for change in sync_file.changes:
            table = change["t"]
            if table not in TABLES:
                continue  # from a newer fieldcrm: nothing here can show it
            key = (table, change["id"])
            doc = working[key] if key in working else store.doc(table, change["id"])
            if not trusted:
                change = _clamp(change, now_ms, summary, record_label({**(doc or {}), **change["f"]}, change["id"]))
            if doc is not None and merge.is_known(doc, change, DEFAULTS[table], base):
                summary.skipped += 1
                continue
            verdict = watch(change, doc, working) if watch is not None else None
            if verdict is KNOWN:
                summary.skipped += 1
                continue
            if (doc is None or is_waiting(doc)) and "b" not in change:  # a creation; edits may have come first
                summary.new_records += 1
            else:
                summary.updated_fields += len(change["f"])
            if verdict is not HELD:  # a change held aside is stored, never applied
                working[key] = merge.apply(doc, change, DEFAULTS[table], base)
            summary.changes.append(change)
    # What the changes make of records the book holds (new ones are stored sparse: store/writing.py).
    summary.merged = {key: doc for key, doc in working.items() if store.doc(*key) is not None}
    summary.working = working
    names = _names(store, files)
    summary.conflicts = _new_conflicts(store, working, base, {**names, **rep_names(store)}, tz)
    summary.duplicates = _likely_duplicates(store, working)
    moved = any(store.meta.get(k) != v for k, v in acks.items()) or names != store.meta.get("reps", {})
    summary.withdrawn = [c for c in word.withdrawn if store.doc("customers", c) is not None]
    if summary.changes or moved or word.meta or summary.withdrawn:  # meta is rewritten only when something moved
        summary.meta = {**acks, **word.meta, "imported": dict(list(imported.items())[-IMPORTED_KEPT:]),
                        "reps": names}
    return summary


def record_label(doc: dict, record_id: str) -> str:
    """How a record is named to the rep, as conflicts name it: its name, a referral's lead, else its id's start."""
    return doc.get("name") or doc.get("lead_name") or record_id[:8]


def _clamp(change: dict, now_ms: int, summary: Summary, label: str = "") -> dict:
    """A stamp from a clock set far ahead would win every merge forever: it ranks below real ones.
    ``label``: the record's name in the notice (its id's start without one)."""
    ms, _counter, replica = change["s"].split(".", 2)
    if int(ms) <= now_ms + FUTURE_LIMIT_MS:
        return change
    summary.clamped.append(_("{table} {record} from replica {replica}… was dated {when}; it now counts as older "
                             "than changes from clocks that are right").format(
        table=table_label(change["t"]), record=label or change["id"][:8], replica=replica[:8],
        when=_when(int(ms))))
    return {**change, "s": clamp_stamp(change["s"]), "was": change["s"]}  # the original's holder replaces it


def _when(ms: int) -> str:
    import datetime as dt
    try:
        return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    except (OverflowError, ValueError, OSError):
        return _("far in the future")


def _new_conflicts(store, working: dict, base: str, names: dict[str, str], tz=None) -> list[Conflict]:
    """Each new conflict: both values, who wrote each and when (in words when shown)."""
    out = []
    for (table, record_id), doc in working.items():
        if "_h" not in doc and not doc.get("deleted"):
            continue  # never edited, not deleted: nothing can stand against it (most new records)
        before = store.doc(table, record_id)
        had = merge.conflicts(before, DEFAULTS[table], base) if before else {}
        now = merge.conflicts(doc, DEFAULTS[table], base)
        for fld, versions in now.items():
            if versions != had.get(fld):
                out.append(conflict(table, record_label(doc, record_id), fld, doc.get(fld), kept_stamp(doc, table, fld, base),
                                    versions, names, tz))
    return out


def _names(store, files: list[SyncFile]) -> dict[str, str]:
    """Every rep name the files tell (a rep's file its own; the office's all it knows)."""
    names = dict(store.meta.get("reps", {}))
    for sync_file in files:
        header = sync_file.header
        told = header.get("reps") if isinstance(header.get("reps"), dict) else {}
        names.update({k: v for k, v in told.items() if isinstance(k, str) and isinstance(v, str) and v})
        if isinstance(header.get("replica"), str) and isinstance(header.get("rep"), str) and header["rep"]:
            names[header["replica"]] = header["rep"]
    return names


def _likely_duplicates(store, working: dict) -> list[str]:
    """New customers who share a phone number or e-mail with another customer."""
    from fieldcrm.model import Customer

    def keys(doc: dict) -> set[str]:
        phones = {"".join(ch for ch in p if ch.isdigit())[-8:] for p in doc.get("phones", [])}
        email = (doc.get("email") or "").strip().lower()
        return {k for k in phones if len(k) >= 6} | ({email} if email else set())

    existing: dict[str, str] = {}
    for doc in store.raw_all(Customer):
        for k in keys(doc):
            existing.setdefault(k, doc.get("name", doc["id"]))
    out = []
    for (table, record_id), doc in working.items():
        if table != "customers" or store.doc(table, record_id) is not None:
            continue
        mine = keys(doc)
        match = next((k for k in mine if k in existing), None)
        if match:
            sentence = (_("{name} looks like {other} (same e-mail): both are kept; check them before merging by hand")
                        if "@" in match else
                        _("{name} looks like {other} (same phone): both are kept; check them before merging by hand"))
            out.append(sentence.format(name=doc.get("name"), other=existing[match]))
        for k in mine:
            existing.setdefault(k, doc.get("name", record_id))
    return out
