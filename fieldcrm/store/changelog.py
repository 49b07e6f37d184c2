"""The change log: one JSON line per change, appended and fsynced before a save returns.

A crash can only tear the last line (an append that never completed, so was
never acknowledged): it is detected and dropped. Any other damage, or a log
that is shorter than the snapshot says it was, is reported and nothing is
written.
"""

from __future__ import annotations

import os
from array import array
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from fieldcrm.i18n import _
from fieldcrm.store.errors import BookDamaged, SaveFailed
from fieldcrm.store.files import FILE_MODE, describe_os_error

from fieldcrm.store.layout import LOG_NAME  # noqa: F401 (re-exported)
ENTRY_KEYS = ("seq", "hlc", "t", "id", "f")
_ENTRY_KEYS = frozenset(ENTRY_KEYS)


@dataclass
class LogContents:
    entries: list[dict] = field(default_factory=list)
    good_size: int = 0  # bytes up to the end of the last whole entry
    torn: bool = False  # an unfinished last line was found (and left out)
    # Where each entry starts: ``offsets[n]`` is the byte offset of change n + 1, and the
    # last item is where the next one will go, so sync reads only the log's tail.
    offsets: array = field(default_factory=lambda: array("Q", [0]))


def read_log(path: Path) -> LogContents:
    if not path.exists():
        return LogContents()
    data = path.read_bytes()
    lines = data.split(b"\n")
    complete, tail = lines[:-1], lines[-1]
    contents = LogContents(torn=bool(tail))
    offset = 0
    for number, line in enumerate(complete, start=1):
        entry = _parse(line)
        if entry is None:
            if number == len(complete) and not tail:
                contents.torn = True  # the last line is garbage: a torn append
                break
            raise BookDamaged(_("{path} is damaged at line {line}; it was left untouched.").format(path=path, line=number))
        expected = contents.entries[-1]["seq"] + 1 if contents.entries else 1
        if entry["seq"] != expected:
            raise BookDamaged(
                _("{path} is damaged: line {line} holds change {seq} "
                  "where change {expected} belongs; it was left untouched.").format(
                    path=path, line=number, seq=entry["seq"], expected=expected)
            )
        contents.entries.append(entry)
        offset += len(line) + 1
        contents.offsets.append(offset)
    contents.good_size = offset
    return contents


def read_from(path: Path, offset: int, first_seq: int) -> list[dict] | None:
    """The whole entries from byte ``offset`` on, which must start with change ``first_seq``.

    None when what is there is not that (the file changed under us, or is damaged):
    the caller then reads the whole log, which says what is wrong."""
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            data = handle.read()
    except OSError:
        return None
    entries = []
    for line in data.split(b"\n")[:-1]:  # the part after the last newline is an unfinished append
        entry = _parse(line)
        if entry is None or entry["seq"] != first_seq + len(entries):
            return None
        entries.append(entry)
    return entries


def _parse(line: bytes) -> dict | None:
    try:
        entry = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(entry, dict) or not _ENTRY_KEYS <= entry.keys():
        return None
    if not isinstance(entry["seq"], int) or not isinstance(entry["f"], dict):
        return None
    return entry


class ChangeLogWriter:
    """Appends entries durably. Opening it cuts off a torn tail first."""

    def __init__(self, path: Path, good_size: int):
        self.path = path
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
        if os.fstat(self._fd).st_size != good_size:
            os.ftruncate(self._fd, good_size)
            os.fsync(self._fd)
        self._size = good_size

    def append(self, line: bytes) -> None:
        """Write one entry and fsync it; on failure leave the log as it was."""
        try:
            written = 0
            while written < len(line):
                written += os.pwrite(self._fd, line[written:], self._size + written)
            os.fdatasync(self._fd)
        except OSError as error:
            try:
                os.ftruncate(self._fd, self._size)
            except OSError:
                pass  # a torn tail is dropped on the next open anyway
            raise SaveFailed(
                _("Could not save: {why}. Nothing was changed; "
                  "free some space or check the disk, then save again.").format(why=describe_os_error(error))
            ) from error
        self._size += len(line)

    @property
    def size(self) -> int:
        """Bytes in the log: where the next entry will start."""
        return self._size

    def close(self) -> None:
        os.close(self._fd)
