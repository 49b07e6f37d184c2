"""The office's master book, behind one small interface.

The office code (merge, roster, assignments, morning files, reports) talks to
its master only through ``Master``; ``BookMaster`` is the TinyDB office book.
A position is the office's log position: every version the office stores gets
the next one, so "what a rep has not yet had" is "what lies past the position
the rep's laptop confirmed", whatever the clocks say.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Protocol

from fieldcrm.clock import to_iso
from fieldcrm.i18n import _
from fieldcrm.model import CUSTOMER_LINK, TABLES, Customer
from fieldcrm.office.roster import Roster
from fieldcrm.office.scope import rep_of
from fieldcrm.store.reps import is_waiting
from fieldcrm.sync.fileformat import SyncFile
from fieldcrm.sync.importer import Summary, merge_read, read_each
from fieldcrm.sync.state import changes_of


class Master(Protocol):
    replica: str
    name: str
    base_hlc: str  # the stamp of records made with the master itself (no log position)

    def position(self) -> int: ...
    def roster(self) -> Roster: ...
    def facts(self) -> dict: ...  # "confirmed": {replica: position}, "acks": {replica: stamp}
    def laptop_names(self) -> dict[str, str]: ...  # replica -> the name its rep gave it
    def save(self, roster: Roster, **facts) -> None: ...
    def merge(self, paths: list[Path], progress=None) -> Summary: ...
    def touched_since(self, position: int) -> Iterator[tuple[int, str, str, dict]]: ...
    def doc(self, table: str, record_id: str) -> dict | None: ...
    def docs(self, table: str) -> Iterator[dict]: ...
    def linked(self, customer_id: str) -> Iterator[tuple[str, dict]]: ...
    def contacts(self, kinds) -> Iterator[tuple[str, str, str, str]]: ...  # (rep, customer, kind, at)
    def set_owner(self, customer_ids: list[str], rep_id: str) -> int: ...
    def held_back(self) -> set[tuple[str, str, str]]: ...  # (table, id, stamp) kept out of morning files
    def as_changes(self, records: dict[str, list[dict]]) -> list[dict]: ...
    def now(self) -> str: ...


def set_aside_own(files: list[SyncFile], replica: str) -> tuple[list[SyncFile], list[str]]:
    """The files to merge, and a refusal for each exported from this very office."""
    own = [f for f in files if f.header["kind"] == "rep" and f.header["replica"] == replica]
    return [f for f in files if f not in own], [
        _("{path} was exported from this very office; nothing was changed.").format(path=f.path) for f in own]


class BookMaster:
    """A TinyDB book as the office's master; positions are its change log's numbers."""

    def __init__(self, store):
        self.store = store
        self.replica = store.replica
        self.name = store.rep.name or "office"
        self.base_hlc = store.meta.get("base_hlc", "")

    def position(self) -> int:
        return self.store.seq

    def roster(self) -> Roster:
        return Roster(self.store.meta.get("roster"))

    def facts(self) -> dict:
        meta = self.store.meta
        return {"confirmed": dict(meta.get("confirmed", {})), "acks": dict(meta.get("acks", {}))}

    def laptop_names(self) -> dict[str, str]:
        return dict(self.store.meta.get("reps", {}))

    def save(self, roster: Roster, **facts) -> None:
        changed = {"roster": roster.to_dict(), "office": True, **facts}
        changed = {k: v for k, v in changed.items() if self.store.meta.get(k) != v}
        if changed:
            self.store.set_meta(**changed)

    def merge(self, paths: list[Path], progress=None) -> Summary:
        files, refused = read_each(paths, progress)
        files, own = set_aside_own(files, self.replica)
        summary = merge_read(self.store, files, progress=progress, steps=len(paths)) if files else Summary()
        summary.refused = refused + own
        return summary

    def touched_since(self, position: int) -> Iterator[tuple[int, str, str, dict]]:
        for entry in self.store.changes_since(position):
            if entry["t"] in TABLES:
                yield entry["seq"], entry["t"], entry["id"], entry["f"]

    def doc(self, table: str, record_id: str) -> dict | None:
        return self.store.doc(table, record_id)

    def docs(self, table: str) -> Iterator[dict]:
        return self.store.raw_table(table)

    def linked(self, customer_id: str) -> Iterator[tuple[str, dict]]:
        """Every record tied to a customer (deleted ones too), and the marks on its referrals."""
        index = self.store._by_customer  # noqa: SLF001 (the store's own index, read only)
        referrals = list(index["referrals"].get(customer_id, ()))
        for table in CUSTOMER_LINK:
            keys = [customer_id] + (["referral:" + r for r in referrals] if table == "agenda_marks" else [])
            for key in keys:
                for record_id in index[table].get(key, ()):
                    doc = self.store.doc(table, record_id)
                    if doc is not None:
                        yield table, doc

    def contacts(self, kinds) -> Iterator[tuple[str, str, str, str]]:
        """(rep, customer id, kind, when) of every live interaction of ``kinds`` (the manager's report)."""
        rep_of_replica = self.roster().rep_of_replica
        for doc in self.store.raw_table("interactions"):
            kind = doc.get("kind", "visit")
            if kind in kinds and doc.get("_c") != "" and not doc.get("deleted"):
                yield (rep_of("interactions", doc, rep_of_replica, self.base_hlc), doc.get("customer_id", ""),
                       kind, doc.get("at", ""))

    def set_owner(self, customer_ids: list[str], rep_id: str) -> int:
        """Move customers to a rep: one owner version each. Returns how many moved."""
        moved = 0
        for cid in customer_ids:
            doc = self.store.doc("customers", cid)
            if doc is None or is_waiting(doc) or doc.get("owner") == rep_id:
                continue
            self.store.update(Customer, cid, owner=rep_id)
            moved += 1
        return moved

    def held_back(self) -> set[tuple[str, str, str]]:
        """None here: out-of-scope changes are kept back only by the PostgreSQL office."""
        return set()

    def as_changes(self, records: dict[str, list[dict]]) -> list[dict]:
        return changes_of(records, self.base_hlc)[0]

    def now(self) -> str:
        return to_iso(self.store.clock.now())

    def today(self):
        return self.store.clock.now().date()
