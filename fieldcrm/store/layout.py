"""The files of a book folder, by name, and a cheap fingerprint of their state."""

from __future__ import annotations

from pathlib import Path

SNAPSHOT_NAME = "book.json"
LOG_NAME = "changes.jsonl"
BACKUP_DIR = "backups"


def book_fingerprint(folder: Path) -> list[int]:
    """Changes whenever the book's files do: a saved view is fresh while it matches."""
    snapshot, log = folder / SNAPSHOT_NAME, folder / LOG_NAME
    snap = snapshot.stat()
    return [snap.st_size, snap.st_mtime_ns, log.stat().st_size if log.exists() else 0]
