"""Changes set aside: what a book held that is not one of ours, kept beside it.

A book that already holds a bad change (imported before fieldcrm checked every
change, or written by a buggy tool) must still open. Opening sets such a change
aside into ``quarantine.jsonl``, one JSON line each, and loads the rest. The
file is only ever appended to, one whole fsynced write at a time, so a crash
leaves at most a torn last line, which reading skips. ``fieldcrm doctor``
lists it.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson

from fieldcrm.store.files import FILE_MODE

QUARANTINE_NAME = "quarantine.jsonl"


def read_set_aside(folder: Path) -> list[dict]:
    """Everything set aside so far, oldest first (a torn or foreign line is skipped)."""
    try:
        data = (folder / QUARANTINE_NAME).read_bytes()
    except FileNotFoundError:
        return []
    out = []
    for line in data.split(b"\n"):
        try:
            item = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue
        if isinstance(item, dict):
            out.append(item)
    return out


def key_of(item: dict) -> tuple:
    """What identifies a set-aside change: where it was, and its content."""
    return (item.get("where"), orjson.dumps(item.get("change"), option=orjson.OPT_SORT_KEYS))


def set_aside(folder: Path, items: list[dict]) -> None:
    """Append ``items`` durably in one write."""
    payload = b"".join(orjson.dumps(item, default=repr) + b"\n" for item in items)
    fd = os.open(folder / QUARANTINE_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
    try:
        written = 0
        while written < len(payload):
            written += os.write(fd, payload[written:])
        os.fsync(fd)
    finally:
        os.close(fd)
