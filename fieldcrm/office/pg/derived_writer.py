"""Writing the documents and report rows of a merge beside its files, on a second connection.

A file's transaction holds what the office must never lose (its versions, its
receipt, its log positions). The documents and report rows are a cache of the
versions; written in that same transaction, the server built them one after
the other on one core while the other core waited. Here a second connection
writes them, in transactions of their own, while the first writes the next
file: the server works on both cores.

A file's documents are handed over only once its transaction has committed,
so they never stand for a version the office does not hold. A crash in
between leaves them behind the versions, which is what ``office.derived``
tells the next merge (``rederive``): it derives them again from the versions.
"""

from __future__ import annotations

import queue
import threading

from fieldcrm.office.pg import ingest

_DONE = object()


class DerivedWriter:
    """``write(plan)`` each ``DerivedPlan`` after its file committed; ``close()`` waits for them all
    (and raises what went wrong). Without a DSN (a connection handed in) they are written in turn."""

    def __init__(self, master):
        self.master = master
        self._queue: queue.Queue = queue.Queue(maxsize=64)
        self._thread: threading.Thread | None = None
        self._conn = None
        self._error: BaseException | None = None

    def write(self, planned) -> None:
        if planned is None:
            return
        if self._error is not None:
            raise self._error
        if self.master.dsn is None:
            write_derived(self.master.conn, planned)
            return
        if self._thread is None:  # started late: the merge forks its planner before the first plan
            self._start()
        self._queue.put(planned)

    def close(self) -> None:
        """Every plan written (or the first error raised); the second connection closed."""
        if self._thread is not None:
            self._queue.put(_DONE)
            self._thread.join()
            self._thread = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def __enter__(self) -> "DerivedWriter":
        return self

    def __exit__(self, kind, error, trace) -> None:
        try:
            self.close()
        except BaseException:
            if kind is None:
                raise  # the merge went well but its documents did not: say so

    def _start(self) -> None:
        from fieldcrm.office.pg.connect import connect
        self._conn = connect(self.master.dsn)
        ingest.prepare_stages(self._conn)
        self._thread = threading.Thread(target=self._run, name="fieldcrm-derived", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            planned = self._queue.get()
            if planned is _DONE:
                return
            if self._error is not None:
                continue  # drain: the merge stops at its next file
            try:
                write_derived(self._conn, planned)
            except BaseException as error:  # noqa: BLE001 (handed to the merging thread)
                self._error = error


def write_derived(conn, planned) -> None:
    """Documents and report rows as they end, in a transaction of their own, committed without waiting
    for the disk: the merge's last, durable commit flushes the log with them."""
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT set_config('synchronous_commit', 'off', true)")
        ingest.write_doc_lines(cur, *planned.docs)
        ingest.write_current_lines(cur, planned.current)
