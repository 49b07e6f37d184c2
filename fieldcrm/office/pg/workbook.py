"""A workbook over a copy of the PostgreSQL office's records, for ``office notice`` and ``office event``.

Choosing a notice's or a gathering's audience is the laptop's own rules over a
``Workbook`` (tiers, stages, purchases, what each customer was told). Rather
than a second copy of those rules in SQL, the office's live records are copied
into a throwaway book (a private temporary folder, removed afterwards), the
command runs on it as on a TinyDB office, and the records it created are then
written into PostgreSQL as the office's own changes, in one transaction. A
command that fails writes nothing.

The copy is read whole, so it takes seconds at ten thousand customers and
grows with the office; a notice or a gathering is a few times a month.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import Iterator

from fieldcrm.model import TABLES, Rep
from fieldcrm.store import Store
from fieldcrm.workbook import Workbook


@contextlib.contextmanager
def office_workbook(master, settings=None, tz=None) -> Iterator[Workbook]:
    """A workbook over the office's live records; what is added to it is written into ``master``
    when the block ends without an error."""
    with tempfile.TemporaryDirectory(prefix="fieldcrm-office-") as tmp:  # private (0700): customers' data
        folder = Path(tmp) / "book"
        # The documents as the office stores them (stamps and history too): a TinyDB office book's twin.
        Store.create_from_docs(folder, ((table, doc) for table in TABLES for doc in master.docs(table)),
                               rep=Rep(replica=master.replica, name=master.name), base_hlc=master.base_hlc,
                               clock=master.clock)
        store = Store.open(folder, clock=master.clock)
        try:
            work = Workbook(store, settings, tz)
            yield work
            added = [entry for entry in store.changes_since(0) if entry["t"] in TABLES]
            if any("b" in entry for entry in added):  # an edit would need the versions it was written over
                raise RuntimeError("an office command on PostgreSQL may only add records")
            master.add_records([(entry["t"], entry["id"], entry["f"]) for entry in added])
        finally:
            store.close()
