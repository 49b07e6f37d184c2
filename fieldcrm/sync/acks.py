"""What the office has confirmed: which changes of this book it holds, and whose word counts.

A merged file's header says, per replica, the newest stamp the office holds
from it (``ack``). A book takes that word only from its office (the replica of
the first merged file it imported, or one set with ``fieldcrm sync office
--set``) and only for a stamp it really exported: the ack must be the stamp of
one of its exported changes, or that stamp clamped (``clock.clamp_stamp``).
Everything up to that change in the log is then confirmed (``acked_seq``).

Confirmation is by log position, not by comparing stamps: a clock that was
put right writes stamps lower than the far-future ones before it, and a stamp
watermark would silently skip them.
"""

from __future__ import annotations

from fieldcrm.clock import clamp_stamp
from fieldcrm.i18n import _
from fieldcrm.model import TABLES
from fieldcrm.sync.fileformat import SyncFile, SyncFileError


def office(store) -> str:
    """The replica whose merged files may confirm this book's changes ("": none yet)."""
    return store.meta.get("office", "")


def own_changes(store, after: int = 0):
    """Log entries this book wrote itself and exports (not clamped copies from the office)."""
    own = "." + store.replica
    for entry in store.changes_since(after):
        if entry["t"] in TABLES and entry["hlc"].endswith(own) and "was" not in entry:
            yield entry


def acked_seq(store) -> int:
    """Own changes up to this log position are at the office."""
    if "acked_seq" in store.meta:
        return store.meta["acked_seq"]
    watermark = store.meta.get("acked_stamp", "")  # books from before: a stamp watermark
    seq = 0
    if watermark:  # their stamps only grew, so what it covers is a prefix of the log
        for entry in own_changes(store):
            if entry["hlc"] > watermark:
                break
            seq = entry["seq"]
    return seq


def take_acks(store, files: list[SyncFile]) -> dict:
    """What these files change of ``{"office", "acked_seq"}``; a confirmation from elsewhere is refused."""
    before = {"office": office(store), "acked_seq": acked_seq(store)}
    known, confirmed = before["office"], before["acked_seq"]
    for sync_file in files:
        if sync_file.header["kind"] != "merged":
            continue
        sender = sync_file.header.get("replica", "")
        known = known or sender  # the first merged file names the office
        ack = sync_file.header.get("ack")
        stamp = ack.get(store.replica) if isinstance(ack, dict) else None
        if not stamp:
            continue
        if sender != known:
            raise SyncFileError(
                _("{path} confirms changes of this book but was not written by your office "
                  "({sender} instead of {office}); if the office's book really changed, "
                  "run `fieldcrm sync office --set {replica}` first. Nothing was changed.").format(
                    path=sync_file.path, sender=_short(sender), office=_short(known), replica=sender))
        confirmed = max(confirmed, _exported_seq_of(store, stamp, confirmed))
    after = {"office": known, "acked_seq": confirmed}
    return {k: v for k, v in after.items() if v != before[k] or k in store.meta}


def _exported_seq_of(store, stamp: str, after: int) -> int:
    """The log position of the exported change ``stamp`` names (0: none of ours)."""
    exported = store.meta.get("exported_seq", 0)  # everything before it went out in a file
    for entry in own_changes(store, after):
        if entry["seq"] >= exported:
            break
        if stamp in (entry["hlc"], clamp_stamp(entry["hlc"])):
            return entry["seq"]
    return 0


def _short(replica: str) -> str:
    return _("replica {replica}…").format(replica=replica[:8]) if replica else _("no replica")
