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

from fieldcrm.i18n import _
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
        raise SyncFileError(_("{path} is a folder, not a sync file; nothing was changed.").format(path=name))
    if not path.exists():
        raise SyncFileError(_("{path} does not exist; nothing was changed.").format(path=name))
    try:
        with open(path, "rb") as handle:
            first = handle.readline(HEADER_LIMIT)
            if not first:
                raise SyncFileError(_("{path} is empty; nothing was changed.").format(path=name))
            header = _header(first, name)
            data = first + handle.read()
    except OSError as error:
        raise SyncFileError(_("{path} cannot be read ({why}); nothing was changed.").format(
            path=name, why=error.strerror)) from None
    return SyncFile(path, header, _changes(data, header, name))


def _header(first: bytes, name: str) -> dict:
    try:
        header = orjson.loads(first)
    except orjson.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise SyncFileError(_("{path} is not a fieldcrm sync file; nothing was changed.").format(path=name))
    version, schema = header.get("version"), header.get("schema")
    if not isinstance(version, int) or not isinstance(schema, int):
        raise SyncFileError(_("{path} has a damaged header; nothing was changed.").format(path=name))
    if version > VERSION or schema > SCHEMA_VERSION:
        raise SyncFileError(
            _("{path} was written by a newer fieldcrm (sync format {version}, book schema {schema}; "
              "this version reads up to {max_version} and {max_schema}); update fieldcrm first. "
              "Nothing was changed.").format(path=name, version=version, schema=schema,
                                             max_version=VERSION, max_schema=SCHEMA_VERSION))
    if header.get("kind") not in ("rep", "merged") or not isinstance(header.get("count"), int):
        raise SyncFileError(_("{path} has a damaged header; nothing was changed.").format(path=name))
    problem = header_problem(header)
    if problem:
        raise SyncFileError(_("{path} cannot be used: {problem}; nothing was changed.").format(
            path=name, problem=visible(problem, newlines=False)))
    return header


def _changes(data: bytes, header: dict, name: str) -> list[dict]:
    if not data.endswith(b"\n"):
        raise SyncFileError(_("{path} is cut short (its last line is incomplete); ask for it again. "
                              "Nothing was changed.").format(path=name))
    body, _newline, last = data[:-1].rpartition(b"\n")
    try:
        trailer = orjson.loads(last)
    except orjson.JSONDecodeError:
        trailer = None
    if not isinstance(trailer, dict) or "sha256" not in trailer or not body:
        raise SyncFileError(_("{path} is cut short (it has no checksum line at the end); ask for it again. "
                              "Nothing was changed.").format(path=name))
    if hashlib.sha256(body + b"\n").hexdigest() != trailer["sha256"]:
        raise SyncFileError(_("{path} is damaged: its checksum does not match its contents. Nothing was changed.").format(
            path=name))
    lines = body.split(b"\n")[1:]
    if len(lines) != header["count"]:
        raise SyncFileError(_("{path} holds {count} changes but its header says {said}; "
                              "nothing was changed.").format(path=name, count=len(lines), said=header["count"]))
    changes = []
    for number, line in enumerate(lines, start=2):
        try:
            change = orjson.loads(line)
        except orjson.JSONDecodeError:
            change = None
        if not isinstance(change, dict) or any(k not in change for k in CHANGE_KEYS) \
                or not isinstance(change["f"], dict) or not isinstance(change.get("b", {}), dict):
            raise SyncFileError(_("{path} is damaged at line {line}; nothing was changed.").format(path=name, line=number))
        problem = change_problem(change)
        if problem:  # every change is checked before any is used: one bad line refuses the file
            raise SyncFileError(_("{path} line {line} is refused: {problem}; nothing was changed.").format(
                path=name, line=number, problem=visible(problem, newlines=False)))
        changes.append(change)
    return changes
