"""Changes that arrive for a customer outside their sender's scope: kept, listed, not sent on.

A rep's file may edit a record the rep may no longer hold (a customer moved
while the laptop was offline, or edited by hand). The office keeps the
version (nothing is ever lost) and lists it for the manager; the morning
files leave it out (``PgMaster.held_back``).
"""

from __future__ import annotations

from fieldcrm.office.scope import customer_of, in_scope, rep_of
from fieldcrm.store.reps import is_waiting
from fieldcrm.store.writing import stored_doc


def out_of_scope(lookup, changes: list[dict], seqs: list[int], roster, base_hlc: str, header: dict,
                 working: dict | None = None) -> list[tuple]:
    """Rows of ``out_of_scope`` for the edits in ``changes`` (in file order) that their sender
    had no right to: judged against the record as it was before that edit. ``working`` is
    filled with the documents after the changes (the caller reuses them)."""
    sender = roster.rep_of_replica(header["replica"])
    working = {} if working is None else working

    def current(table: str, record_id: str):
        key = (table, record_id)
        return working[key] if key in working else lookup(table, record_id)

    rows = []
    for change, seq in zip(changes, seqs):
        table, rid = change["t"], change["id"]
        before = current(table, rid)
        if "b" in change and before is not None and not is_waiting(before) \
                and not in_scope(sender, table, before, current, roster.rep_of_replica, base_hlc):
            cid = customer_of(table, before, current)
            customer = current("customers", cid) if cid else None
            owner = rep_of("customers", customer, roster.rep_of_replica, base_hlc) if customer else ""
            rows.append((table, rid, change["s"], sorted(change["f"]), sender, owner, cid,
                         header.get("export_id", ""), seq))
        working[(table, rid)] = stored_doc(before, change, base_hlc)
    return rows
