"""The store: the one API the rest of fieldcrm uses to read and change a book.

A book is a folder (0700) holding:

- ``book.json``     the TinyDB snapshot, rewritten atomically at checkpoints;
- ``changes.jsonl`` every change as one JSON line, fsynced before a save returns;
- the folder itself is flocked by the one process allowed to write;
- ``backups/``      the last seven days' snapshots.

Opening loads the snapshot into TinyDB (in memory) and replays the log
entries newer than it, so a crash at any instant loses nothing that was
acknowledged. Every document carries the stamps sync needs: ``_c`` (the
hybrid-clock stamp of its creation; absent on records bulk-written with the
book, which take the book's ``base_hlc``) and ``_v`` (field -> stamp of its
last change, only for fields changed since).

Documents are sparse: a field still at its default value is not stored when
the record is created (``Record.from_dict`` fills it back in). It makes the
snapshot a third smaller and opening it twice as fast; code reading raw
documents uses ``doc.get(field, default)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, TypeVar

import orjson

from fieldcrm.clock import Clock, HybridClock, to_iso
from fieldcrm.i18n import _, ngettext
from fieldcrm.ids import new_id
from fieldcrm.model import CUSTOMER_LINK, RECORD_TYPES, TABLES, Record, Rep
from fieldcrm.store import merge
from fieldcrm.store.changelog import LOG_NAME, ChangeLogWriter, LogContents, read_from, read_log
from fieldcrm.store.errors import BookDamaged, BookError, NotABook
from fieldcrm.store.files import atomic_write, ensure_private_dir
from fieldcrm.store.layout import book_fingerprint
from fieldcrm.store.lock import BookLock
from fieldcrm.store.migrations import SCHEMA_VERSION, migrate
from fieldcrm.store.snapshot import (
    BACKUP_DIR, FORMAT_NAME, META_DOC, META_TABLE, SNAPSHOT_NAME,
    backup_hint, read_snapshot, write_snapshot,
)
from fieldcrm.store.forget import ForgetMixin
from fieldcrm.store.reps import RepsMixin, is_waiting
from fieldcrm.store.quarantine import QUARANTINE_NAME, key_of, read_set_aside, set_aside
from fieldcrm.store.sidefiles import SideFiles
from fieldcrm.store.tables import memory_db
from fieldcrm.store.writing import DEFAULTS, WritingMixin, plain_card, sparse
from fieldcrm.terminal_text import visible
from fieldcrm.validation import check_record, doc_problem, log_entry_problem

R = TypeVar("R", bound=Record)
# Snapshots this fieldcrm writes hold only checked records; older ones are checked once on open.
CHECKED = 1
# Files a half-made or empty book folder may hold; anything else means "not ours".
OWN_NAMES = {SNAPSHOT_NAME, LOG_NAME, BACKUP_DIR}


class Store(WritingMixin, RepsMixin, ForgetMixin):
    """Open with ``Store.open(path)``; use as a context manager or call ``close``.

    Reading and opening live here; changing the book is in ``WritingMixin``."""

    def __init__(self, folder: Path, data: dict, log: LogContents, clock: Clock,
                 read_only: bool, lock: BookLock | None):
        self.folder = folder
        self.clock = clock
        self.read_only = read_only
        self.notices: list[str] = []
        self._lock = lock
        self._data = data
        self._db = memory_db(data)
        self._meta: dict = data[META_TABLE][META_DOC]
        self._hlc = HybridClock(self._meta["replica"], wall_ms=_wall_ms(clock))
        if self._meta.get("hlc"):
            self._hlc.observe(self._meta["hlc"])
        self._seq = self._meta.get("log_seq", 0)
        self._dirty = 0
        self._own_unexported = 0
        self._conflicted: set[tuple[str, str]] = set()
        self.set_aside: list[dict] = []  # bad changes found on this open (see store/quarantine.py)
        # Log entries past the snapshot are checked as they are replayed, and this store
        # checks what it writes: those need no second check when sync reads them back.
        self._checked_after = self._seq
        self._bad_seqs: set[int] = set()
        self._offsets = log.offsets  # where each entry starts in the log (changelog.LogContents)
        self._check_snapshot()
        self._build_indexes()
        self._replay(log)
        self._log = None if read_only else ChangeLogWriter(folder / LOG_NAME, log.good_size)
        self.side = SideFiles(folder)  # drafts and saved views beside the book

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(cls, path: str | Path, *, clock: Clock | None = None, read_only: bool = False,
             create: bool = True, lock: BookLock | None = None) -> "Store":
        """Open (or create) the book at ``path``; ``lock`` is one the caller already holds."""
        folder = Path(path).expanduser()
        clock = clock or Clock()
        if folder.exists() and not folder.is_dir():
            raise NotABook(_("{folder} is a file, not a fieldcrm book folder; it was left untouched.").format(folder=folder))
        if not (folder / SNAPSHOT_NAME).exists():
            _check_can_create(folder, read_only, create)
            cls.create(folder, [], clock=clock)
        elif lock is not None and lock.folder != folder:
            raise ValueError("the lock held is for another book")
        if not read_only and lock is None:
            lock = BookLock(folder)
            lock.acquire()
        try:
            snapshot_path = folder / SNAPSHOT_NAME
            data, schema_was = migrate(read_snapshot(snapshot_path), str(snapshot_path))
            log = read_log(folder / LOG_NAME)
            _check_log_covers_snapshot(folder, data, log)
            store = cls(folder, data, log, clock, read_only, lock)
            if not read_only:
                _remove_stale_temp_files(folder)
        except BaseException:
            if lock:
                lock.release()
            raise
        store._keep_set_aside()
        if log.torn:
            store.notices.append(
                _("An unfinished change at the end of {log} was dropped "
                  "(it was cut off by a crash before it was saved).").format(log=LOG_NAME)
            )
        if schema_was != SCHEMA_VERSION:
            store._after_migration(schema_was)
        return store

    @classmethod
    def create(cls, path: str | Path, records: Iterable[Record], *, rep: Rep | None = None,
               clock: Clock | None = None, demo: bool = False) -> None:
        """Write a new book holding ``records`` (bulk: one snapshot, no log)."""
        def checked():
            for record in records:
                check_record(record)
                yield record.TABLE, sparse(record.TABLE, record.to_dict())
        cls._write_new(path, checked(), rep or Rep(), clock or Clock(), demo=demo)

    @classmethod
    def create_from_docs(cls, path: str | Path, docs: Iterable[tuple[str, dict]], *, rep: Rep, base_hlc: str,
                         clock: Clock | None = None) -> None:
        """Write a new book holding stored documents as they are, stamps and history included (a
        copy of another store's records whose stamps count from ``base_hlc``): (table, document)."""
        cls._write_new(path, docs, rep, clock or Clock(), base_hlc=base_hlc)

    @classmethod
    def _write_new(cls, path, docs: Iterable[tuple[str, dict]], rep: Rep, clock: Clock, demo: bool = False,
                   base_hlc: str = "") -> None:
        folder = Path(path).expanduser()
        ensure_private_dir(folder)
        rep.replica = rep.replica or new_id()
        hlc = HybridClock(rep.replica, wall_ms=_wall_ms(clock))
        if base_hlc:
            hlc.observe(base_hlc)
        data: dict[str, dict] = {t.TABLE: {} for t in RECORD_TYPES}
        stamp = hlc.tick()
        for table, doc in docs:
            data[table][str(len(data[table]) + 1)] = doc
        data[META_TABLE] = {META_DOC: {
            "format": FORMAT_NAME, "schema": SCHEMA_VERSION, "replica": rep.replica,
            "rep": plain_card(rep).to_dict(), "log_seq": 0, "hlc": stamp, "base_hlc": base_hlc or stamp, "demo": demo,
            "created": to_iso(clock.now()), "checked": CHECKED,
        }}
        write_snapshot(folder, orjson.dumps(data))

    def _after_migration(self, schema_was: int) -> None:
        if self.read_only:
            self.notices.append(_("This book uses schema {schema}; open it for writing to upgrade it.").format(schema=schema_was))
            return
        backup = self.folder / BACKUP_DIR / f"book-schema{schema_was}.json"
        ensure_private_dir(backup.parent)
        if not backup.exists():
            atomic_write(backup, (self.folder / SNAPSHOT_NAME).read_bytes())
        self.checkpoint()
        self.notices.append(_("The book was upgraded from schema {schema}; the old file is kept at {path}.").format(
            schema=schema_was, path=backup))

    def _build_indexes(self) -> None:
        self._doc_ids: dict[str, dict[str, int]] = {}
        self._next_doc_id: dict[str, int] = {}
        self._by_customer: dict[str, dict[str, list[str]]] = {}
        for table in TABLES:
            raw = self._data.setdefault(table, {})
            ids = self._doc_ids[table] = {doc["id"]: int(key) for key, doc in raw.items()}
            self._next_doc_id[table] = max(ids.values(), default=0) + 1
            link = CUSTOMER_LINK.get(table)
            if link:
                index: dict[str, list[str]] = {}
                for doc in raw.values():
                    index.setdefault(doc.get(link, ""), []).append(doc["id"])
                self._by_customer[table] = index
            for doc in raw.values():
                if "_h" in doc:
                    self._note_conflicts(table, doc)

    def _check_snapshot(self) -> None:
        """A snapshot from before every change was checked: set aside the records that are not ours."""
        if self._meta.get("checked") == CHECKED:
            return
        for table in TABLES:
            raw = self._data.setdefault(table, {})
            for key, doc in list(raw.items()):
                problem = doc_problem(table, doc)
                if problem:
                    del raw[key]
                    self.set_aside.append({"where": SNAPSHOT_NAME, "problem": problem, "change": doc})
        self._dirty += 1  # the next checkpoint records that the snapshot was checked

    def _replay(self, log: LogContents) -> None:
        own = "." + self._meta["replica"]
        for entry in log.entries:
            if entry["seq"] > self._seq:
                problem = log_entry_problem(entry)
                if problem:
                    self.set_aside.append({"where": f"{LOG_NAME} change {entry['seq']}", "problem": problem,
                                           "change": entry})
                    self._bad_seqs.add(entry["seq"])
                else:
                    self._apply_entry(as_change(entry))
                    self._hlc.observe(entry["hlc"])
                self._seq = entry["seq"]
                self._dirty += 1
        # Local changes not yet in a sync file: the header's count.
        exported = self._meta.get("exported_seq", 0)
        self._own_unexported = sum(1 for e in log.entries if e["seq"] > exported and e["hlc"].endswith(own)
                                   and e["t"] in TABLES)

    def _keep_set_aside(self) -> None:
        """Write what this open set aside beside the book (once) and say so once."""
        if not self.set_aside:
            return
        known = {key_of(item) for item in read_set_aside(self.folder)}
        fresh = [item for item in self.set_aside if key_of(item) not in known]
        if not fresh:
            return
        if not self.read_only:
            set_aside(self.folder, [{**item, "on": to_iso(self.clock.now())} for item in fresh])
        source = _source(fresh[0])
        if self.read_only:
            said = ngettext("{count} change from {source} was set aside ({problem}); it stays in the book's "
                            "files and `fieldcrm doctor` lists it.",
                            "{count} changes from {source} were set aside ({problem}); it stays in the book's "
                            "files and `fieldcrm doctor` lists it.", len(fresh))
        else:
            said = ngettext("{count} change from {source} was set aside ({problem}); it is kept in {path} "
                            "and `fieldcrm doctor` lists it.",
                            "{count} changes from {source} were set aside ({problem}); it is kept in {path} "
                            "and `fieldcrm doctor` lists it.", len(fresh))
        self.notices.append(said.format(count=len(fresh), source=source, problem=fresh[0]["problem"],
                                        path=self.folder / QUARANTINE_NAME))

    # ----------------------------------------------------------------- reading

    def get(self, kind: type[R], record_id: str, include_deleted: bool = False) -> R | None:
        doc = self.raw(kind, record_id)
        if doc is None or is_waiting(doc) or (doc.get("deleted") and not include_deleted):
            return None
        return kind.from_dict(doc)

    def raw(self, kind: type[Record], record_id: str) -> dict | None:
        """The stored document (with its stamps); read it, never change it."""
        return self._doc(kind.TABLE, record_id)

    def doc(self, table: str, record_id: str) -> dict | None:
        """A stored document by table name (for sync); read, never change."""
        return self._doc(table, record_id) if table in self._doc_ids else None

    def raw_table(self, table: str) -> Iterator[dict]:
        """Every stored document of a table by name (for sync); read, never change."""
        return iter(self._data.get(table, {}).values())

    def all(self, kind: type[R], include_deleted: bool = False) -> list[R]:
        return [kind.from_dict(d) for d in self.raw_all(kind) if include_deleted or not d.get("deleted")]

    def raw_all(self, kind: type[Record]) -> Iterator[dict]:
        """Every stored document of a kind, deleted ones too (not those waiting for their
        origin: see store/reps.py); read, never change."""
        return (doc for doc in self._data[kind.TABLE].values() if not is_waiting(doc))

    def waiting(self) -> int:
        """Records only edits have reached so far: kept aside until their creation arrives."""
        return sum(1 for table in TABLES for doc in self._data[table].values() if is_waiting(doc))

    def for_customer(self, kind: type[R], customer_id: str) -> list[R]:
        """The records of a kind that belong to a customer (referrals: made by them)."""
        ids = self._by_customer[kind.TABLE].get(customer_id, ())
        return [r for r in (self.get(kind, i) for i in ids) if r is not None]

    def columns(self, kind: type[Record], names: tuple[str, ...], mine: bool = False) -> Iterator[tuple]:
        """Chosen fields of every live record as tuples, defaults filled in; ``mine``: only
        the records this book's rep wrote (or owns), not a colleague's.

        The fast way to aggregate a large table without building records.
        """
        defaults = DEFAULTS[kind.TABLE]
        pairs = [(name, defaults[name]) for name in names]
        for doc in self._data[kind.TABLE].values():
            if not doc.get("deleted") and doc.get("_c") != "":  # "": waiting for its origin
                if not mine or self.is_mine(kind.TABLE, doc):
                    yield tuple([doc.get(name, default) for name, default in pairs])

    def count(self, kind: type[Record]) -> int:
        return sum(1 for d in self.raw_all(kind) if not d.get("deleted"))

    @property
    def rep(self) -> Rep:
        return Rep.from_dict(self._meta.get("rep", {}) | {"replica": self._meta["replica"]})

    @property
    def replica(self) -> str:
        return self._meta["replica"]

    @property
    def is_demo(self) -> bool:
        return bool(self._meta.get("demo"))

    @property
    def seq(self) -> int:
        """How many changes the log holds: the number of the newest one."""
        return self._seq

    @property
    def unexported(self) -> int:
        """Changes made here since the last sync export."""
        return self._own_unexported

    @property
    def meta(self) -> dict:
        """Book-level facts (sync watermarks); read, never change: use ``set_meta``."""
        return self._meta

    def conflicts(self) -> list[tuple[str, str, dict]]:
        """(table, id, {field: [(stamp, value), ...]}) for every record in conflict."""
        out = []
        for table, record_id in sorted(self._conflicted):
            doc = self._doc(table, record_id)
            found = merge.conflicts(doc, DEFAULTS[table], self._meta["base_hlc"]) if doc else {}
            if found:
                out.append((table, record_id, found))
        return out

    def fingerprint(self) -> list[int]:
        """Changes whenever the book's files do: a saved view is fresh while it matches."""
        return book_fingerprint(self.folder)

    def changes_since(self, seq: int) -> Iterator[dict]:
        """Log entries after change number ``seq``, oldest first (for sync).

        Only the log's tail is read: the store knows where each entry starts. The
        office asks for every rep's position on every merge, on a log that only grows."""
        path = self.folder / LOG_NAME
        entries = None
        if seq >= 0 and len(self._offsets) == self._seq + 1:
            start = min(seq, self._seq)  # past the end: whatever another writer added since
            entries = read_from(path, self._offsets[start], start + 1)
        if entries is None:  # not where this store left it: read it all (and say what is wrong)
            entries = read_log(path).entries
        for entry in entries:
            if entry["seq"] > seq and self._passes(entry):  # a set-aside change goes nowhere
                yield entry

    def _passes(self, entry: dict) -> bool:
        """Is a log entry one of ours? Checked once: on replay, or when this store wrote it."""
        if self._checked_after < entry["seq"] <= self._seq:
            return entry["seq"] not in self._bad_seqs
        return not log_entry_problem(entry)

    # ----------------------------------------------------------------- saving

    @property
    def unsaved_to_snapshot(self) -> int:
        return self._dirty

    def checkpoint(self) -> None:
        """Rewrite the snapshot to hold everything (atomic); the log stays for sync."""
        if self.read_only:
            return
        self._meta.update(log_seq=self._seq, hlc=self._hlc.tick(), schema=SCHEMA_VERSION, checked=CHECKED)
        write_snapshot(self.folder, orjson.dumps(self._data))
        self._dirty = 0

    def close(self) -> None:
        try:
            if self._dirty and not self.read_only:
                self.checkpoint()
        finally:
            if self._log is not None:
                self._log.close()
                self._log = None
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def as_change(entry: dict) -> dict:
    """A log line as a change: ``{"t", "id", "s", "f"[, "b"]}``."""
    change = {"t": entry["t"], "id": entry["id"], "s": entry["hlc"], "f": entry["f"]}
    for extra in ("b", "was"):
        if extra in entry:
            change[extra] = entry[extra]
    return change


def _source(item: dict) -> str:
    """Who wrote a set-aside change: the replica in its stamp, else the file it was in."""
    stamp = item["change"].get("hlc") if isinstance(item["change"], dict) else None
    if isinstance(stamp, str) and stamp.count(".") >= 2:
        return _("replica {replica}…").format(replica=visible(stamp.split(".", 2)[2][:8], newlines=False))
    return item["where"]


def _remove_stale_temp_files(folder: Path) -> None:
    """Temp files of a snapshot write cut short by a crash are never needed."""
    for stale in [*folder.glob(".*.tmp"), *(folder / BACKUP_DIR).glob(".*.tmp")]:
        stale.unlink(missing_ok=True)


def _wall_ms(clock: Clock):
    return lambda: int(clock.now().timestamp() * 1000)


def check_creatable(folder: Path) -> None:
    """Raise the reason no new book can be made at ``folder`` (a damaged book, other files)."""
    _check_can_create(folder, read_only=False, create=True)


def _check_can_create(folder: Path, read_only: bool, create: bool) -> None:
    present = {p.name for p in folder.iterdir() if not p.name.startswith(".")} if folder.exists() else set()
    if LOG_NAME in present:
        raise BookDamaged(
            _("{path} is missing but the change log is there; nothing was changed. {backup}").format(
                path=folder / SNAPSHOT_NAME, backup=backup_hint(folder))
        )
    if present - OWN_NAMES:
        raise NotABook(
            _("{folder} holds other files and no fieldcrm book; choose an empty or new folder.").format(folder=folder)
        )
    if read_only or not create:
        raise NotABook(_("There is no fieldcrm book at {folder}.").format(folder=folder))


def _check_log_covers_snapshot(folder: Path, data: dict, log: LogContents) -> None:
    """The snapshot says how many changes it holds; the log must not end before that."""
    covered = data[META_TABLE][META_DOC].get("log_seq", 0)
    last = log.entries[-1]["seq"] if log.entries else 0
    if last < covered:
        raise BookDamaged(
            _("{path} was cut short: it ends at change {last} but the book holds "
              "{covered} changes; nothing was changed. {backup}").format(
                path=folder / LOG_NAME, last=last, covered=covered, backup=backup_hint(folder))
        )


__all__ = ["Store", "BookError"]
