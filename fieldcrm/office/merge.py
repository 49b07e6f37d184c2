"""The office merge: every rep's file into the master book, and one merged file back."""

from __future__ import annotations

from pathlib import Path

from fieldcrm.clock import to_iso
from fieldcrm.ids import new_id
from fieldcrm.store.migrations import SCHEMA_VERSION
from fieldcrm.sync.fileformat import FORMAT, SUFFIX, VERSION, write_sync_file
from fieldcrm.sync.importer import Summary, import_files
from fieldcrm.sync.state import state_changes


def office_merge(master, files: list[Path], out: Path | None = None, progress=None) -> tuple[Summary, Path, int]:
    """Import ``files`` into the open ``master`` book and write the merged file every rep imports."""
    summary = import_files(master, files, progress=progress)
    changes, ack = state_changes(master)
    path = out or merged_name(master)
    header = {
        "format": FORMAT, "version": VERSION, "schema": SCHEMA_VERSION, "kind": "merged",
        "replica": master.replica, "rep": master.rep.name or "office", "export_id": new_id(),
        "created": to_iso(master.clock.now()), "ack": ack,
        "reps": {**master.meta.get("reps", {}), master.replica: master.rep.name or "office"},  # names who wrote what
        "hlc_from": min((c["s"] for c in changes), default=""), "hlc_to": max((c["s"] for c in changes), default=""),
    }
    write_sync_file(path, header, changes)
    return summary, path, len(changes)


def merged_name(master, folder: Path | None = None) -> Path:
    """``office-merged-<date>.fieldsync`` in ``folder`` (the current folder by default)."""
    return (folder or Path.cwd()) / f"office-merged-{master.clock.now().date().isoformat()}{SUFFIX}"
