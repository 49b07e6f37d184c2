"""Changes that arrive for a customer outside their sender's scope: kept, listed, held aside.

A laptop edits what it holds. A customer moved to another rep leaves the
laptop with the morning file that tells it so; until the laptop has read that
file, its rep still holds the customer, and an edit made meanwhile (offline,
or before the office's move reached it) is the rep's work like any other: it
is merged and sent on to the new owner.

An edit of a record the sender did not hold, even as their laptop last heard
from the office (a hand-edited file, a laptop long since told), is out of
scope. The office keeps its version (nothing is ever lost) and lists it for
the manager, but holds it aside: it shapes no document, so it neither shows
nor reaches anyone's laptop, and it cannot move a customer (``owner``).
"""

from __future__ import annotations

from fieldcrm.office.scope import customer_of, in_scope, rep_of
from fieldcrm.store.reps import is_waiting
from fieldcrm.sync.importer import HELD, KNOWN


class ScopeCheck:
    """``importer.plan``'s watcher for a rep's file: rows of ``out_of_scope`` for the edits their
    sender had no right to, each judged against the record as it was just before that edit, and
    against the customer as the sender's laptop last heard of it (``as_of``)."""

    def __init__(self, lookup, as_of, roster, base_hlc: str, header: dict, first: int, told: int,
                 held: set):
        self.lookup, self.as_of, self.roster, self.base_hlc, self.header = lookup, as_of, roster, base_hlc, header
        self.sender = roster.rep_of_replica(header["replica"])
        self.told = told  # the office's log position the sender's laptop has read up to
        self.held = held  # (table, id, stamp) held aside already: by earlier merges and files
        self.seq = first  # the log position the next change takes
        self.rows: list[tuple] = []

    def __call__(self, change: dict, before: dict | None, working: dict) -> str | None:
        if (change["t"], change["id"], change["s"]) in self.held:
            return KNOWN  # the same file again: its held change is stored already
        seq, self.seq = self.seq, self.seq + 1
        if "b" not in change or before is None or is_waiting(before):
            return None

        def current(table: str, record_id: str):
            key = (table, record_id)
            return working[key] if key in working else self.lookup(table, record_id)

        table, rep_of_replica = change["t"], self.roster.rep_of_replica
        if in_scope(self.sender, table, before, current, rep_of_replica, self.base_hlc):
            return None
        cid = customer_of(table, before, current)
        if cid and self._held_when_told(cid):
            return None
        customer = current("customers", cid) if cid else None
        owner = rep_of("customers", customer, rep_of_replica, self.base_hlc) if customer else ""
        self.rows.append((table, change["id"], change["s"], sorted(change["f"]), self.sender, owner, cid,
                          self.header.get("export_id", ""), seq))
        self.held.add((table, change["id"], change["s"]))
        return HELD

    def _held_when_told(self, cid: str) -> bool:
        """Was the customer the sender's as their laptop last heard (moved since, not yet told)?"""
        then = self.as_of("customers", cid, self.told)
        return then is not None and then.get("_c") != "" and \
            rep_of("customers", then, self.roster.rep_of_replica, self.base_hlc) == self.sender
