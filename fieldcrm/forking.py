"""Work spread over the machine's cores in forked processes, for the office's command line.

A forked process starts with the parent's memory (documents already read, jobs
already built), so nothing is copied to it. Only a process with no other
threads running may fork (never the app): callers are the office's commands.

A forked process dies with the process that forked it: it shares that
process's files and database connections, so one left behind after a crash
(``kill -9`` of a merge) would keep the office's database session, and the
merge lock it holds, for ever.
"""

from __future__ import annotations

import os
import sys
from multiprocessing.context import ForkContext, ForkProcess

MAX_WORKERS = 4


def can_fork() -> bool:
    import multiprocessing
    return "fork" in multiprocessing.get_all_start_methods()


def fork_workers(jobs: int, least: int) -> int:
    """How many forked processes to spread ``jobs`` over; 0 (do them here) for fewer than ``least``
    jobs, on a single core, or where processes cannot fork."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if jobs < least or workers < 2 or not can_fork():
        return 0
    return workers


class _DiesWithParent(ForkProcess):
    """A forked process that the kernel kills when the process that forked it dies (Linux)."""

    def start(self) -> None:
        self._forker = os.getpid()
        super().start()

    def run(self) -> None:
        die_with_parent(self._forker)
        super().run()


class _Context(ForkContext):
    Process = _DiesWithParent


def fork_context():
    """The "fork" start method, its processes dying with their parent (``Process``, ``Pool``,
    ``ProcessPoolExecutor(mp_context=...)``)."""
    return _Context()


def die_with_parent(parent: int) -> None:
    """In a forked process: be killed when ``parent`` dies, or at once if it is gone already."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal
        PR_SET_PDEATHSIG = 1
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl here: nothing more can be done
            return
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)
