"""Changing a book: the rep's own changes, and changes arriving in sync files.

Both go through one path: a change is written to the log (fsynced) and then
merged into its document by ``merge.apply``, so replaying the log, importing a
file twice, or importing files in any order all end in the same book.
"""

from __future__ import annotations

from typing import Any, TypeVar

import orjson

from fieldcrm.clock import to_iso
from fieldcrm.i18n import _
from fieldcrm.ids import new_id
from fieldcrm.model import CUSTOMER_LINK, REP_FIELD, TABLES, Record, Rep
from fieldcrm.store import merge
from fieldcrm.store.errors import ReadOnlyBook, SaveFailed
from fieldcrm.terminal_text import visible, without_controls
from fieldcrm.validation import check_fields, check_record, required_fields

R = TypeVar("R", bound=Record)
REP_TABLE = "_rep"  # the rep's own card
META_LOG = "_meta"  # sync watermarks and the like
WITHDRAW_LOG = "_withdraw"  # customers the office moved to another rep: gone from this laptop
DEFAULTS = {name: kind().to_dict() for name, kind in TABLES.items()}


def _fill_rep(record: Record, rep_id: str) -> None:
    """A new record names its rep: the author, or for a customer the owner (the creator)."""
    name = REP_FIELD[record.TABLE]
    if not getattr(record, name):
        setattr(record, name, rep_id)


def _fill_required(record: Record) -> None:
    """A time every reader relies on (a note's ``at``), left empty, is the creation time."""
    for name, form in required_fields(type(record)).items():
        if not getattr(record, name):
            setattr(record, name, record.created[:10] if form == "day" else record.created)


_ABSENT = object()


def sparse(table: str, doc: dict) -> dict:
    """Leave out the fields still at their default value (never the id or stamps)."""
    defaults = DEFAULTS[table]
    return {  # one lookup per field: an office merge makes this of every new record
        k: v for k, v in doc.items()
        if (d := defaults.get(k, _ABSENT)) is _ABSENT or v != d or type(v) is not type(d) or k == "id"
    }


def edit_bases(doc: dict, table: str, fields: dict, base_hlc: str) -> dict[str, list[str]]:
    """The versions a writer editing ``fields`` of ``doc`` has seen: the new one is written over them all."""
    defaults = DEFAULTS[table]
    seen_delete = merge.seen_delete(doc, defaults, base_hlc)
    bases = {k: merge.leaves(merge.versions(doc, k, defaults, base_hlc)) + (seen_delete if k != "deleted" else [])
             for k in fields}
    if fields.get("deleted") is True:
        bases["deleted"] = merge.all_leaves(doc, defaults, base_hlc)
    return bases


def stored_doc(old: dict | None, entry: dict, base_hlc: str) -> dict:
    """The document a book stores after merging ``entry`` (a new record is kept sparse)."""
    table = entry["t"]
    new = merge.apply(old, entry, DEFAULTS[table], base_hlc)
    return sparse(table, new) if old is None and "_h" not in new else new


def plain_card(rep: Rep) -> Rep:
    """The rep's card as a book keeps it: each field one line, without control characters
    (an escape sequence typed or pasted into the name would name the sync files and show in
    every header), as they are removed from an imported contact."""
    return Rep(**{name: value if name == "replica" else without_controls(value).strip()
                  for name, value in rep.to_dict().items()})


def _dumps(line: dict) -> bytes:
    """One log line. Text that is not UTF-8 (a lone surrogate from a command-line argument or a
    file name, in a field no record check covers) cannot be logged: refused before anything is."""
    try:
        return orjson.dumps(line) + b"\n"
    except TypeError as error:
        raise SaveFailed(_("Cannot save {text}: it holds bytes that are not UTF-8 (shown as \ufffd); "
                           "nothing was changed.").format(text=repr(visible(_undecodable(line["f"]))[:60]))) from error


def _undecodable(value: Any) -> str:
    """The first text in ``value`` that UTF-8 cannot encode ("" if none)."""
    if isinstance(value, str):
        return "" if value.isascii() or not any("\ud800" <= ch <= "\udfff" for ch in value) else value
    items = [*value.keys(), *value.values()] if isinstance(value, dict) else value if isinstance(value, list) else []
    return next((found for found in map(_undecodable, items) if found), "")


class WritingMixin:
    """The write half of ``Store`` (see book.py for the state it relies on)."""

    # Local changes --------------------------------------------------------------

    def add(self, record: R) -> R:
        """Save a new record durably; fills in its id and creation time if empty."""
        if not record.id:
            record.id = new_id()
        if not record.created:
            record.created = to_iso(self.clock.now())
        _fill_rep(record, self.rep_id)
        _fill_required(record)
        check_record(record)
        fields = record.to_dict()
        del fields["id"]
        self._commit(record.TABLE, record.id, fields, creation=True)
        return record

    def add_many(self, records: list[R]) -> list[R]:
        """Save new records all or none: every one checked, then one durable write."""
        now = to_iso(self.clock.now())
        for record in records:
            record.id = record.id or new_id()
            record.created = record.created or now
            _fill_rep(record, self.rep_id)
            _fill_required(record)
            check_record(record)
        entries = []
        for record in records:
            fields = record.to_dict()
            del fields["id"]
            entries.append({"t": record.TABLE, "id": record.id, "s": self._hlc.tick(), "f": fields})
        if entries:
            self._write(entries)
            self._own_unexported += len(entries)
        return records

    def update(self, kind: type[R], record_id: str, **fields: Any) -> R:
        """Change some fields of a record durably; returns the record as it now is."""
        unknown = set(fields) - kind.field_names() or ({"id"} & set(fields))
        if unknown:
            raise ValueError(f"{kind.__name__} has no editable field {sorted(unknown)}")
        if record_id not in self._doc_ids[kind.TABLE]:
            raise KeyError(f"no {kind.__name__} with id {record_id}")
        check_fields(kind, fields)
        self._commit(kind.TABLE, record_id, fields, creation=False)
        return self.get(kind, record_id, include_deleted=True)

    def delete(self, kind: type[Record], record_id: str) -> None:
        """Mark a record deleted (a tombstone, so sync can carry it)."""
        self.update(kind, record_id, deleted=True)

    def resolve(self, kind: type[Record], record_id: str, field: str, value: Any) -> None:
        """Settle a conflict: the chosen value, written over every version in conflict."""
        self.update(kind, record_id, **{field: value})

    def set_rep(self, rep: Rep) -> None:
        fields = plain_card(rep).to_dict()
        fields["replica"] = self._meta["replica"]  # the replica id never changes
        check_fields(Rep, fields)
        self._write([{"t": REP_TABLE, "id": self._meta["replica"], "s": self._hlc.tick(), "f": fields}])

    def set_meta(self, **fields: Any) -> None:
        """Book-level facts (sync watermarks), logged like any change."""
        self._write([{"t": META_LOG, "id": "meta", "s": self._hlc.tick(), "f": fields}])

    def mark_exported(self, **facts: Any) -> None:
        """Every local change so far is in a sync file: the header's count starts again."""
        self.set_meta(exported_seq=self._seq + 1, **facts)  # +1: this very entry
        self._own_unexported = 0

    def _commit(self, table: str, record_id: str, fields: dict, creation: bool) -> None:
        doc = self._doc(table, record_id) or {}
        entry = {"t": table, "id": record_id, "s": merge.fresh_stamp(doc, self._hlc.tick), "f": fields}
        if not creation:
            entry["b"] = edit_bases(doc, table, fields, self._meta["base_hlc"])
        self._write([entry])
        self._own_unexported += 1

    # Changes from elsewhere -----------------------------------------------------

    def is_known(self, entry: dict) -> bool:
        """Does the book already hold this change?"""
        if entry["t"] not in TABLES:
            return True
        doc = self._doc(entry["t"], entry["id"])
        return doc is not None and merge.is_known(doc, entry, DEFAULTS[entry["t"]], self._meta["base_hlc"])

    def apply_changes(self, entries: list[dict], meta: dict | None = None, withdraw: list[str] = (),
                      merged: dict | None = None) -> int:
        """Merge changes from a sync file: one durable write for all, then applied;
        ``withdraw``: customers the office moved to another rep (see ``_withdraw``);
        ``merged``: {(table, id): document} these entries make of documents the book
        held before them, when the caller merged them already (the importer's plan):
        taken, not merged again.

        Returns how many were new. Nothing is applied unless the write succeeded.
        """
        fresh = [e for e in entries if not self.is_known(e)]
        count = len(fresh)
        withdraw = sorted(c for c in withdraw if c in self._doc_ids["customers"])
        if withdraw:
            fresh.append({"t": WITHDRAW_LOG, "id": "withdraw", "s": self._hlc.tick(), "f": {"customers": withdraw}})
        if meta:
            fresh.append({"t": META_LOG, "id": "meta", "s": self._hlc.tick(), "f": meta})
        if fresh:
            self._write(fresh, merged)
        for entry in fresh:
            self._hlc.observe(entry["s"])
        return count

    # The one path that writes ---------------------------------------------------

    def _write(self, entries: list[dict], merged: dict | None = None) -> None:
        if self.read_only or self._log is None:
            raise ReadOnlyBook(_("This book is open read-only; nothing was changed."))
        lines, seq = [], self._seq
        for entry in entries:
            seq += 1
            line = {"seq": seq, "hlc": entry["s"], "t": entry["t"], "id": entry["id"], "f": entry["f"]}
            for extra in ("b", "was"):
                if extra in entry:
                    line[extra] = entry[extra]
            lines.append(_dumps(line))
        start = self._log.size
        self._log.append(b"".join(lines))  # durable from here on
        for line in lines:
            start += len(line)
            self._offsets.append(start)
        self._seq = seq
        self._dirty += len(entries)
        for entry in entries:
            self._apply_entry(entry, merged)

    def _apply_entry(self, entry: dict, merged: dict | None = None) -> None:
        table = entry["t"]
        if table == REP_TABLE:
            self._meta["rep"] = {**self._meta.get("rep", {}), **entry["f"]}
            return
        if table == META_LOG:
            self._meta.update(entry["f"])
            return
        if table == WITHDRAW_LOG:
            self._withdraw(entry["f"]["customers"])
            return
        if table not in TABLES:
            return  # a table from a newer fieldcrm: kept in the log, not shown
        record_id = entry["id"]
        doc_id = self._doc_ids[table].get(record_id)
        old = None if doc_id is None else self._data[table][str(doc_id)]
        new = merged.get((table, record_id)) if merged and old is not None else None
        if new is None:
            new = stored_doc(old, entry, self._meta["base_hlc"])
        link = CUSTOMER_LINK.get(table)
        linked_before = None if old is None or not link else old.get(link, "")  # old changes in place
        # Straight into TinyDB's tables (what its insert and update do, without their
        # per-call machinery: an office merge applies a quarter of a million changes).
        if old is None:
            doc_id = self._next_doc_id[table]
            self._next_doc_id[table] = doc_id + 1
            self._data[table][str(doc_id)] = new
            self._doc_ids[table][record_id] = doc_id
        else:
            old.clear()  # in place, as TinyDB's update: whoever holds the document sees the change
            old.update(new)
        self._db.table(table).clear_cache()
        if link:
            self._index_link(table, record_id, old is not None, linked_before, new.get(link, ""))
        self._note_conflicts(table, new)

    def _withdraw(self, customer_ids: list[str]) -> None:
        """The customers leave this laptop with what is linked to them, except what this
        rep wrote (their own visits still count in their reports). The office keeps
        everything; changes not yet exported stay in the log and still go to it."""
        for cid in customer_ids:
            gone = [("customers", cid)]
            subjects = [cid] + ["referral:" + r for r in self._by_customer["referrals"].get(cid, ())]
            for table in CUSTOMER_LINK:
                for key in subjects if table == "agenda_marks" else [cid]:
                    for record_id in self._by_customer[table].get(key, ()):
                        doc = self._doc(table, record_id)
                        if doc is not None and not self.is_mine(table, doc):
                            gone.append((table, record_id))
            for table, record_id in gone:
                self._drop(table, record_id)
            # Their history leaves the log once the office has this laptop's changes (store/forget.py).
            forgetting = {tuple(k) for k in self._meta.get("forgetting", [])} | set(gone)
            self._meta["forgetting"] = sorted([list(k) for k in forgetting])

    def _drop(self, table: str, record_id: str) -> None:
        doc_id = self._doc_ids[table].pop(record_id, None)
        if doc_id is None:
            return
        doc = self._data[table].pop(str(doc_id))
        self._db.table(table).clear_cache()
        link = CUSTOMER_LINK.get(table)
        if link:
            linked = self._by_customer[table].get(doc.get(link, ""), [])
            if record_id in linked:
                linked.remove(record_id)
        self._conflicted.discard((table, record_id))

    def _index_link(self, table: str, record_id: str, existed: bool, before, after: str) -> None:
        if existed and before == after:
            return
        index = self._by_customer[table]
        if existed:
            previous = index.get(before or "", [])
            if record_id in previous:
                previous.remove(record_id)
        index.setdefault(after, []).append(record_id)

    def _note_conflicts(self, table: str, doc: dict) -> None:
        key = (table, doc["id"])
        if "_h" in doc and merge.conflicts(doc, DEFAULTS[table], self._meta["base_hlc"]):
            self._conflicted.add(key)
        else:
            self._conflicted.discard(key)

    def _doc(self, table: str, record_id: str) -> dict | None:
        doc_id = self._doc_ids[table].get(record_id)
        return None if doc_id is None else self._data[table][str(doc_id)]
