"""Changes that arrive for a customer outside their sender's scope: kept, listed, not sent on.

A laptop edits what it holds. A customer moved to another rep leaves the
laptop with the morning file that tells it so; until the laptop has read that
file, its rep still holds the customer, and an edit made meanwhile (offline,
or before the office's move reached it) is the rep's work like any other: it
is merged and sent on to the new owner.

An edit of a record the sender did not hold, even as their laptop last heard
from the office (a hand-edited file, a laptop long since told), is out of
scope. The office keeps its version (nothing is ever lost), lists it for the
manager and leaves it out of the morning files (``PgMaster.held_back``). It
is merged into the office's documents as the TinyDB office merges it (the two
engines keep equal books), except an edit of who a record belongs to: its
``owner``, author or customer. That one is held aside, never applied, for
the morning files follow those fields: applied, a forged owner would move a
colleague's customer, whole, onto the sender's laptop.
"""

from __future__ import annotations

from fieldcrm.office.scope import changes_who_holds, customer_of, in_scope, owners_ever, rep_of
from fieldcrm.store.reps import is_waiting
from fieldcrm.sync.importer import HELD, KNOWN


class ScopeCheck:
    """``importer.plan``'s watcher for every file but the office's own: rows of ``out_of_scope``
    for the edits their sender had no right to, each judged against the record as it was just
    before that edit, and against the customer as the sender's laptop last heard of it
    (``as_of``); ``HELD`` for those that would change who a record belongs to."""

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
        if not changes_who_holds(table, change["f"]):
            return None  # merged, listed, not sent on
        self.held.add((table, change["id"], change["s"]))
        return HELD

    def _held_when_told(self, cid: str) -> bool:
        """Was the customer the sender's as their laptop last heard (moved since, not yet told)?"""
        now = self.lookup("customers", cid)
        if not self.told or now is None or \
                self.sender not in owners_ever(now, self.roster.rep_of_replica, self.base_hlc):
            return False  # never the sender's: no need to ask how it was
        then = self.as_of("customers", cid, self.told)
        return then is not None and then.get("_c") != "" and \
            rep_of("customers", then, self.roster.rep_of_replica, self.base_hlc) == self.sender
