"""The TinyDB JSON file (``book.json``) and its rolling daily backups.

The snapshot is a plain TinyDB file: ``{table: {doc_id: document}}``, with the
book's meta data in a ``meta`` table, so TinyDB itself can open it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import orjson

from fieldcrm.i18n import _
from fieldcrm.store.errors import BookDamaged, NotABook
from fieldcrm.store.files import atomic_write, ensure_private_dir, fsync_dir

from fieldcrm.store.layout import BACKUP_DIR, SNAPSHOT_NAME  # noqa: F401 (re-exported)
BACKUP_DAYS = 7
META_TABLE = "meta"
META_DOC = "1"
FORMAT_NAME = "fieldcrm-book"


def read_snapshot(path: Path) -> dict:
    """Parse and sanity-check a snapshot; raise a clear error naming the newest backup."""
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as error:
        raise BookDamaged(
            _("{path} is damaged and cannot be read ({why}); it was left untouched. {backup}").format(
                path=path, why=error.msg, backup=backup_hint(path.parent))
        ) from None
    meta = meta_of(data)
    if meta is None:
        raise NotABook(
            _("{path} is not a fieldcrm book (it has no fieldcrm meta table); "
              "it was left untouched. {backup}").format(path=path, backup=backup_hint(path.parent))
        )
    return data


def quick_check(path: Path) -> None:
    """A cheap look at a large snapshot before a slow load: is it whole JSON at both ends?

    Catches a truncated or foreign file at once; ``read_snapshot`` checks everything."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(64).lstrip()
            handle.seek(max(0, path.stat().st_size - 64))
            tail = handle.read().rstrip()
    except OSError as error:
        raise BookDamaged(_("{path} cannot be read ({why}).").format(path=path, why=error.strerror)) from None
    if not head.startswith(b"{") or not tail.endswith(b"}"):
        raise BookDamaged(
            _("{path} is damaged (it is cut short or is not a fieldcrm book); it was left untouched. {backup}").format(
                path=path, backup=backup_hint(path.parent))
        )


def meta_of(data: object) -> dict | None:
    if not isinstance(data, dict):
        return None
    meta = data.get(META_TABLE, {})
    doc = meta.get(META_DOC) if isinstance(meta, dict) else None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        return None
    if not all(isinstance(table, dict) for table in data.values()):
        return None
    return doc


def write_snapshot(folder: Path, payload: bytes) -> None:
    """Back up the current snapshot (one per day, the last seven days), then replace it."""
    path = folder / SNAPSHOT_NAME
    if path.exists():
        _keep_daily_backup(folder, path)
    atomic_write(path, payload)


def _keep_daily_backup(folder: Path, current: Path) -> None:
    backups = folder / BACKUP_DIR
    ensure_private_dir(backups)
    day = dt.date.fromtimestamp(current.stat().st_mtime).isoformat()
    target = backups / f"book-{day}.json"
    # A hard link costs nothing and keeps the old file's bytes after the replace.
    tmp = backups / f".book-{day}.json.tmp"
    tmp.unlink(missing_ok=True)
    os.link(current, tmp)
    os.replace(tmp, target)
    for old in sorted(backups.glob("book-????-??-??.json"))[:-BACKUP_DAYS]:
        old.unlink()
    fsync_dir(backups)


def backups_newest_first(folder: Path) -> list[Path]:
    backups = folder / BACKUP_DIR
    if not backups.is_dir():
        return []
    return sorted(backups.glob("book-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)


def newest_good_backup(folder: Path) -> Path | None:
    for candidate in backups_newest_first(folder):
        try:
            if meta_of(orjson.loads(candidate.read_bytes())) is not None:
                return candidate
        except (OSError, orjson.JSONDecodeError):
            continue
    return None


def backup_hint(folder: Path) -> str:
    good = newest_good_backup(folder)
    if good is None:
        return _("There is no good backup yet.")
    return _("The newest good backup is {path}.").format(path=good)
