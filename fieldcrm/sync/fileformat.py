"""The .fieldsync file: a header line, one change per line, a checksum line.

```
{"format": "fieldcrm-sync", "version": 1, "schema": 2, "kind": "rep" | "merged",
 "replica": ..., "rep": ..., "export_id": ..., "created": ..., "hlc_from": ..., "hlc_to": ...,
 "count": N, "ack": {replica: stamp}}                 <- "ack" in merged files only
{"t": table, "id": record id, "s": stamp, "f": {field: value}, "b": {field: [stamps]}}
... N change lines ...
{"sha256": hex digest of every byte above this line}
```

A file is read completely and checked (header, version, count, checksum, every
line) before any of it is used; anything wrong is one plain sentence.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import orjson

from fieldcrm.store.errors import BookError
from fieldcrm.store.files import atomic_writer
from fieldcrm.store.migrations import SCHEMA_VERSION
from fieldcrm.terminal_text import visible
from fieldcrm.validation import change_problem, header_problem

FORMAT = "fieldcrm-sync"
VERSION = 1
SUFFIX = ".fieldsync"
HEADER_LIMIT = 64 * 1024  # a header longer than this is not ours: stop before reading more
CHANGE_KEYS = ("t", "id", "s", "f")


class SyncFileError(BookError):
    """A sync file that cannot be used; nothing was changed."""


@dataclass
class SyncFile:
    path: Path
    header: dict
    changes: list[dict]


def write_sync_file(path: Path, header: dict, changes: list[dict], sync_dir: bool = True) -> None:
    """Write header, changes and checksum atomically (a crash leaves no half file).

    Lines are streamed and hashed one by one: a merged file of 60 MB never sits
    in memory whole. ``sync_dir``: see ``files.atomic_writer``."""
    digest = hashlib.sha256()
    with atomic_writer(path, sync_dir=sync_dir) as out:
        for item in [{**header, "count": len(changes)}, *changes]:
            line = orjson.dumps(item, option=orjson.OPT_APPEND_NEWLINE)
            digest.update(line)
            out.write(line)
        out.write(orjson.dumps({"sha256": digest.hexdigest()}, option=orjson.OPT_APPEND_NEWLINE))


def read_sync_file(path: Path) -> SyncFile:
    name = str(path)
    if path.is_dir():
        raise SyncFileError(f"{name} is a folder, not a sync file; nothing was changed.")
    if not path.exists():
        raise SyncFileError(f"{name} does not exist; nothing was changed.")
    try:
        with open(path, "rb") as handle:
            first = handle.readline(HEADER_LIMIT)
            if not first:
                raise SyncFileError(f"{name} is empty; nothing was changed.")
            header = _header(first, name)
            data = first + handle.read()
    except OSError as error:
        raise SyncFileError(f"{name} cannot be read ({error.strerror}); nothing was changed.") from None
    return SyncFile(path, header, _changes(data, header, name))


def _header(first: bytes, name: str) -> dict:
    try:
        header = orjson.loads(first)
    except orjson.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise SyncFileError(f"{name} is not a fieldcrm sync file; nothing was changed.")
    version, schema = header.get("version"), header.get("schema")
    if not isinstance(version, int) or not isinstance(schema, int):
        raise SyncFileError(f"{name} has a damaged header; nothing was changed.")
    if version > VERSION or schema > SCHEMA_VERSION:
        raise SyncFileError(
            f"{name} was written by a newer fieldcrm (sync format {version}, book schema {schema}; "
            f"this version reads up to {VERSION} and {SCHEMA_VERSION}); update fieldcrm first. "
            "Nothing was changed.")
    if header.get("kind") not in ("rep", "merged") or not isinstance(header.get("count"), int):
        raise SyncFileError(f"{name} has a damaged header; nothing was changed.")
    problem = header_problem(header)
    if problem:
        raise SyncFileError(f"{name} cannot be used: {visible(problem, newlines=False)}; nothing was changed.")
    return header


def _changes(data: bytes, header: dict, name: str) -> list[dict]:
    if not data.endswith(b"\n"):
        raise SyncFileError(f"{name} is cut short (its last line is incomplete); ask for it again. "
                            "Nothing was changed.")
    body, _, last = data[:-1].rpartition(b"\n")
    try:
        trailer = orjson.loads(last)
    except orjson.JSONDecodeError:
        trailer = None
    if not isinstance(trailer, dict) or "sha256" not in trailer or not body:
        raise SyncFileError(f"{name} is cut short (it has no checksum line at the end); ask for it again. "
                            "Nothing was changed.")
    if hashlib.sha256(body + b"\n").hexdigest() != trailer["sha256"]:
        raise SyncFileError(f"{name} is damaged: its checksum does not match its contents. Nothing was changed.")
    lines = body.split(b"\n")[1:]
    if len(lines) != header["count"]:
        raise SyncFileError(f"{name} holds {len(lines)} changes but its header says {header['count']}; "
                            "nothing was changed.")
    changes = []
    for number, line in enumerate(lines, start=2):
        try:
            change = orjson.loads(line)
        except orjson.JSONDecodeError:
            change = None
        if not isinstance(change, dict) or any(k not in change for k in CHANGE_KEYS) \
                or not isinstance(change["f"], dict) or not isinstance(change.get("b", {}), dict):
            raise SyncFileError(f"{name} is damaged at line {number}; nothing was changed.")
        problem = change_problem(change)
        if problem:  # every change is checked before any is used: one bad line refuses the file
            raise SyncFileError(f"{name} line {number} is refused: {visible(problem, newlines=False)}; "
                                "nothing was changed.")
        changes.append(change)
    return changes
