"""The office merge: every rep's file into the master, then each rep's morning file.

Every file is verified whole before any is used. A bad one is set aside
(``Summary.refused``: nothing of it is kept) and the others merge, so one
damaged file does not hold up every rep's morning; the rep sends it again.
A rep's file also tells the office who wrote it
(its rep and laptop, registered in the roster), how far that laptop has read
the office's log (``office_seq``), and where the file ends in the laptop's
own log, which the office confirms back (``ack``) so the laptop stops sending it.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fieldcrm.i18n import _, ngettext
from fieldcrm.office.master import BookMaster, Master
from fieldcrm.office.morning import Morning, write_mornings
from fieldcrm.sync.fileformat import SyncFileError
from fieldcrm.sync.importer import Summary


CONFLICTS_SHOWN = 50  # an office day of 500 reps can hold 50,000: a screenful, then how many more


@dataclass
class OfficeRun:
    summary: Summary
    mornings: list[Morning] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = self.summary.lines(CONFLICTS_SHOWN) if self.summary.files else []
        for m in sorted(self.mornings, key=lambda m: m.rep.name.casefold()):
            what = _("whole scope") if m.since == 0 else _("new since office position {position}").format(
                position=m.since)
            changes = ngettext("{count} change", "{count} changes", m.count).format(count=m.count)
            withdrawn = ngettext("{count} customer withdrawn", "{count} customers withdrawn",
                                 len(m.withdrawn)).format(count=len(m.withdrawn))
            said = (_("Wrote {path} for {name}: {changes} ({what}, {withdrawn}).") if m.withdrawn
                    else _("Wrote {path} for {name}: {changes} ({what})."))
            out.append(said.format(path=m.path, name=m.rep.name, changes=changes, what=what, withdrawn=withdrawn))
        moved = [path for m in self.mornings for path in m.superseded]
        if moved:
            out.append(ngettext("Moved {count} earlier morning file of today to {folder}: the new one replaces it.",
                                "Moved {count} earlier morning files of today to {folder}: the new ones replace them.",
                                len(moved)).format(count=len(moved), folder=moved[0].parent))
        return out


def office_merge(master: Master | object, files: list[Path], out: Path, progress=None,
                 force: bool = False) -> OfficeRun:
    """Merge ``files`` into the master and write every active rep's morning file into ``out``."""
    if not hasattr(master, "touched_since"):
        master = BookMaster(master)  # an open Store
    with _collector_paused():
        summary = master.merge(files, progress=progress) if files else Summary()
        if files and summary.refused and not summary.files:  # nothing changed, no morning file
            raise SyncFileError(refusals(summary.refused))
        take_reps_word(master, summary.headers)
        mornings = write_mornings(master, out, master.today(), force=force)
    return OfficeRun(summary, mornings)


def refusals(refused: list[str], listed: bool = False) -> str:
    """The files set aside, in words: a list under a heading (``listed``, or more than one), else
    the one sentence."""
    if len(refused) == 1 and not listed:
        return refused[0]
    return "\n  ".join([ngettext("{count} file was not merged; ask its rep to send it again:",
                                  "{count} files were not merged; ask their reps to send them again:",
                                  len(refused)).format(count=len(refused)), *refused])


@contextmanager
def _collector_paused():
    """A merge makes and frees millions of small dicts (reference counting frees them):
    Python's cycle collector walking them over and over cost a fifth of the merge."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def take_reps_word(master: Master, headers: list[dict]) -> None:
    """Register each file's rep and laptop; note how far each laptop has read, and what to confirm."""
    roster, facts = master.roster(), master.facts()
    confirmed, acks, ends = facts["confirmed"], facts["acks"], {}
    position = master.position()
    for header in headers:
        if header["kind"] != "rep":
            continue
        replica = header["replica"]
        roster.register(replica, header.get("rep_id", replica), header.get("rep", ""))
        end = header.get("log_seq", 0)
        if replica in ends and end < ends[replica]:
            continue  # an older file of the same laptop: the newer one speaks for it
        ends[replica] = end
        confirmed[replica] = min(header.get("office_seq", 0), position)
        if header.get("hlc_to"):
            acks[replica] = header["hlc_to"]
    master.save(roster, confirmed=confirmed, acks=acks)
