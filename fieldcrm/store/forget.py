"""Forgetting withdrawn records: their data leaves the change log once the office has it.

When the office moves a customer to another rep, the laptop drops the customer
and what is linked to it at once (``WritingMixin._withdraw``), and notes each
dropped record in ``meta["forgetting"]``. The change log still holds their
history, and this laptop's own changes to them may not have reached the office
yet. Once the office has confirmed every change this laptop made to a record
(``acks.acked_seq``), each log line about it is replaced by a line that keeps
only its number and stamp: the log stays whole (numbers in order, the snapshot's
count still covered) and the data is gone. The log is rewritten atomically.
"""

from __future__ import annotations

import orjson

from fieldcrm.store.changelog import LOG_NAME, ChangeLogWriter, read_log
from fieldcrm.store.files import atomic_writer

GONE = "_gone"  # a log line whose record left this laptop


class ForgetMixin:
    def forget_confirmed(self) -> int:
        """Scrub from the log every withdrawn record the office has all of; returns how many."""
        from fieldcrm.sync.acks import acked_seq, own_changes  # sync builds on the store, not the reverse

        pending = {tuple(k) for k in self._meta.get("forgetting", [])}
        if not pending or self.read_only:
            return 0
        waiting = {(e["t"], e["id"]) for e in own_changes(self, acked_seq(self))}
        ready = pending - waiting
        if not ready:
            return 0
        ids = {record_id for _, record_id in ready}
        path = self.folder / LOG_NAME
        with atomic_writer(path) as out:
            for entry in read_log(path).entries:
                if entry["id"] in ids and (entry["t"], entry["id"]) in ready:
                    entry = {"seq": entry["seq"], "hlc": entry["hlc"], "t": GONE, "id": "gone", "f": {}}
                out.write(orjson.dumps(entry) + b"\n")
        self._log.close()
        self._log = ChangeLogWriter(path, path.stat().st_size)
        self._offsets = read_log(path).offsets  # lines got shorter: where each starts moved
        self.set_meta(forgetting=sorted([list(k) for k in pending - ready]))
        return len(ready)
