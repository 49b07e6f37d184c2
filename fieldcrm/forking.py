"""Work spread over the machine's cores in forked processes, for the office's command line.

A forked process starts with the parent's memory (documents already read, jobs
already built), so nothing is copied to it. Only a process with no other
threads running may fork (never the app): callers are the office's commands.
"""

from __future__ import annotations

import os

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


def fork_context():
    import multiprocessing
    return multiprocessing.get_context("fork")
