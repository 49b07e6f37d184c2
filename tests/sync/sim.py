"""Replicas that make changes like fieldcrm does, without disk: for property tests.

Each replica has its own hybrid clock and its own view of the records; edits
carry the versions that replica had seen, and replicas can receive each
other's changes (so some edits are causal and some concurrent).
"""

from __future__ import annotations

from fieldcrm.clock import HybridClock
from fieldcrm.model import Customer, Interaction
from fieldcrm.store import merge
from fieldcrm.store.writing import DEFAULTS, sparse
from fieldcrm.sync.state import canonical_of, changes_of

CUSTOMERS = ["c0", "c1", "c2"]  # shared ids: two replicas may create the same one
FIELDS = ["phone_note", "email", "name"]


class Wall:
    """One wall clock for all replicas, ticking on every use."""

    def __init__(self):
        self.ms = 1_700_000_000_000

    def __call__(self) -> int:
        self.ms += 1
        return self.ms


def apply_all(changes: list[dict], book: dict | None = None) -> dict:
    book = dict(book or {})
    for change in changes:
        key = (change["t"], change["id"])
        book[key] = merge.apply(book.get(key), change, DEFAULTS[change["t"]], "")
    return book


def tables(book: dict) -> dict:
    out: dict = {"customers": [], "interactions": []}
    for (table, _), doc in sorted(book.items()):
        out[table].append(doc)
    return out


def canon(book: dict) -> dict:
    return canonical_of(tables(book), "")


def export(book: dict) -> list[dict]:
    """A book as changes, as the office's merged file carries it."""
    return changes_of(tables(book), "")[0]


def merged(a: dict, b: dict) -> dict:
    """Book ``a`` after importing everything book ``b`` holds."""
    return apply_all(export(b), a)


class Replica:
    def __init__(self, name: str, wall: Wall):
        self.name = name
        self.offset_ms = 0  # how far this laptop's clock is ahead (or behind) the real one
        self.hlc = HybridClock(name, wall_ms=lambda: wall() + self.offset_ms)
        self.book: dict = {}
        self.log: list[dict] = []
        self.made = 0

    def _emit(self, change: dict) -> None:
        self.book = apply_all([change], self.book)
        self.log.append(change)

    def create_customer(self, cid: str, name: str) -> None:
        fields = sparse("customers", Customer(id=cid, name=name).to_dict())  # as files carry it
        del fields["id"]
        stamp = merge.fresh_stamp(self.book.get(("customers", cid)), self.hlc.tick)
        self._emit({"t": "customers", "id": cid, "s": stamp, "f": fields})

    def note(self, cid: str, text: str) -> None:
        self.made += 1
        nid = f"i-{self.name}-{self.made}"
        fields = Interaction(id=nid, customer_id=cid, note=text).to_dict()
        del fields["id"]
        self._emit({"t": "interactions", "id": nid, "s": self.hlc.tick(), "f": fields})

    def edit(self, cid: str, field: str, value) -> None:
        doc = self.book.get(("customers", cid))
        if doc is None:
            return  # a rep edits only what they have
        bases = merge.leaves(merge.versions(doc, field, DEFAULTS["customers"], ""))
        bases += merge.seen_delete(doc, DEFAULTS["customers"], "")  # as the store does
        self._emit({"t": "customers", "id": cid, "s": merge.fresh_stamp(doc, self.hlc.tick), "f": {field: value},
                    "b": {field: bases}})

    def delete(self, cid: str) -> None:
        doc = self.book.get(("customers", cid))
        if doc is None:
            return
        bases = merge.all_leaves(doc, DEFAULTS["customers"], "")
        self._emit({"t": "customers", "id": cid, "s": merge.fresh_stamp(doc, self.hlc.tick), "f": {"deleted": True},
                    "b": {"deleted": bases}})

    def receive(self, other: "Replica") -> None:
        self.take(other.log)

    def take(self, changes: list[dict]) -> None:
        """Import changes (a merged file's): observed by the clock, merged into the book."""
        for change in changes:
            self.hlc.observe(change["s"])
        self.book = apply_all(changes, self.book)


def run(ops: list[tuple], replicas: int) -> list[Replica]:
    wall = Wall()
    reps = [Replica(f"r{n}", wall) for n in range(replicas)]
    for who, kind, target, value in ops:
        rep = reps[who % replicas]
        cid = CUSTOMERS[target % len(CUSTOMERS)]
        if kind == "create":
            rep.create_customer(cid, f"name {value}")
        elif kind == "note":
            rep.note(cid, f"note {value}")
        elif kind == "edit":
            rep.edit(cid, ["email", "name", "notes"][value % 3], f"v{value}")
        elif kind == "delete":
            rep.delete(cid)
        elif kind == "sync":
            rep.receive(reps[target % replicas])
    return reps
