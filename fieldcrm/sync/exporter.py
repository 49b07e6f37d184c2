"""The rep's end-of-day file: every local change the office has not yet acknowledged."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from fieldcrm.clock import to_iso
from fieldcrm.i18n import _, ngettext
from fieldcrm.ids import new_id
from fieldcrm.store.book import as_change
from fieldcrm.store.migrations import SCHEMA_VERSION
from fieldcrm.sync.acks import acked_seq, own_changes
from fieldcrm.sync.fileformat import FORMAT, SUFFIX, VERSION, write_sync_file
from fieldcrm.terminal_text import visible


@dataclass
class Exported:
    path: Path | None  # None: there was nothing to export
    count: int
    repeated: bool  # nothing new since the last export: the same changes again
    none_yet: bool = False  # nothing to export because the rep has written nothing yet

    def message(self) -> str:
        """What the rep is told, in one sentence."""
        if self.path is None and self.none_yet:
            return _("Nothing to export: this book has no changes of yours yet.")
        if self.path is None:
            return _("Nothing to export: the office has every change you made.")
        if self.count == 0:
            return _("Wrote {path}: no changes of yours, only how far you have read the office's "
                     "files, so it stops sending them again.").format(path=self.path)
        if self.repeated:
            return ngettext("No new changes since your last export; {path} repeats the {count} "
                            "change the office has not confirmed yet.",
                            "No new changes since your last export; {path} repeats the {count} "
                            "changes the office has not confirmed yet.", self.count).format(path=self.path, count=self.count)
        return ngettext("Wrote {path} ({count} change).", "Wrote {path} ({count} changes).", self.count).format(path=self.path, count=self.count)


def unacknowledged(store) -> list[dict]:
    """Local changes after the last one the office has confirmed, oldest first."""
    return [as_change(e) for e in own_changes(store, acked_seq(store))]


def export(store, out: Path | None = None, folder: Path | None = None) -> Exported:
    acked = acked_seq(store)
    entries = list(own_changes(store, acked))
    changes = [as_change(e) for e in entries]
    position = store.meta.get("office_seq", 0)
    if not changes and position == store.meta.get("reported_office_seq", 0):
        return Exported(None, 0, False, none_yet=acked == 0)  # nothing past 0: the rep wrote nothing yet
    # With no change of its own, the file still tells the office how far this laptop has
    # read its log, so the office stops resending what the laptop has.
    repeated = store.unexported == 0
    today = store.clock.now().date()
    path = out or _default_path(folder or Path.cwd(), store.rep.name, today)
    header = {
        "format": FORMAT, "version": VERSION, "schema": SCHEMA_VERSION, "kind": "rep",
        "replica": store.replica, "rep": store.rep.name, "export_id": new_id(),
        "created": to_iso(store.clock.now()),
        "hlc_from": changes[0]["s"] if changes else "", "hlc_to": changes[-1]["s"] if changes else "",
        # Teams: whose changes these are, how far this laptop has read the office's log
        # (the office sends what is past it), and where this file ends in this book's log.
        "rep_id": store.rep_id, "office_seq": position, "log_seq": entries[-1]["seq"] if entries else 0,
    }
    write_sync_file(path, header, changes)
    store.mark_exported(last_export=header["created"], last_export_file=visible(path.name), reported_office_seq=position)
    return Exported(path, len(changes), repeated)


def _default_path(folder: Path, rep: str, day: dt.date) -> Path:
    """``<rep>-<date>-<seq>.fieldsync``, the next free sequence number of the day."""
    slug = re.sub(r"[^\w]+", "-", rep.lower()).strip("-") or "rep"
    seq = 1
    while (folder / f"{slug}-{day.isoformat()}-{seq}{SUFFIX}").exists():
        seq += 1
    return folder / f"{slug}-{day.isoformat()}-{seq}{SUFFIX}"
