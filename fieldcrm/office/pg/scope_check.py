"""Changes that arrive for a customer outside their sender's scope: kept, listed, not sent on.

A rep's file may edit a record the rep may no longer hold (a customer moved
while the laptop was offline, or edited by hand). The office keeps the
version (nothing is ever lost) and lists it for the manager; the morning
files leave it out (``PgMaster.held_back``).
"""

from __future__ import annotations

from fieldcrm.office.scope import customer_of, in_scope, rep_of
from fieldcrm.store.reps import is_waiting


class ScopeCheck:
    """``importer.plan``'s watcher for a rep's file: rows of ``out_of_scope`` for the edits their
    sender had no right to, each judged against the record as it was just before that edit."""

    def __init__(self, lookup, roster, base_hlc: str, header: dict, first: int):
        self.lookup, self.roster, self.base_hlc, self.header = lookup, roster, base_hlc, header
        self.sender = roster.rep_of_replica(header["replica"])
        self.seq = first  # the log position the next change takes
        self.rows: list[tuple] = []

    def __call__(self, change: dict, before: dict | None, working: dict) -> None:
        seq, self.seq = self.seq, self.seq + 1
        if "b" not in change or before is None or is_waiting(before):
            return

        def current(table: str, record_id: str):
            key = (table, record_id)
            return working[key] if key in working else self.lookup(table, record_id)

        table, rep_of_replica = change["t"], self.roster.rep_of_replica
        if in_scope(self.sender, table, before, current, rep_of_replica, self.base_hlc):
            return
        cid = customer_of(table, before, current)
        customer = current("customers", cid) if cid else None
        owner = rep_of("customers", customer, rep_of_replica, self.base_hlc) if customer else ""
        self.rows.append((table, change["id"], change["s"], sorted(change["f"]), self.sender, owner, cid,
                          self.header.get("export_id", ""), seq))
