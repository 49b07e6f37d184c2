"""What the office's morning file tells a rep's book besides the changes.

A morning file is written for one rep (``for_rep``). It says how far the
office's log it reaches (``office_seq``: the book's next export carries it
back, and the office sends what lies past it), which customers were moved to
another rep (``withdrawn``), and who is who (``replica_reps``, ``rep_names``).
A fresh book takes its rep from its first morning file; any other book refuses
a file meant for someone else. Only the office (``acks.office``) may say these
things.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fieldcrm.i18n import _
from fieldcrm.model import Customer
from fieldcrm.sync.acks import own_changes
from fieldcrm.sync.fileformat import SyncFile, SyncFileError


@dataclass
class TeamWord:
    meta: dict = field(default_factory=dict)  # what changes in the book's meta
    withdrawn: list[str] = field(default_factory=list)


def team_word(store, files: list[SyncFile], office: str) -> TeamWord:
    """What ``files`` change of the book's rep, office position and colleagues; ``office``
    is the office's replica as the files' acks established it ("" if none yet)."""
    rep_id, adopted = store.rep_id, None
    seq = store.meta.get("office_seq", 0)
    replica_reps = dict(store.meta.get("replica_reps", {}))
    rep_names = dict(store.meta.get("rep_names", {}))
    withdrawn: set[str] = set()
    for sync_file in files:
        header = sync_file.header
        if header["kind"] == "rep":  # a colleague's file, imported by hand
            if "rep_id" in header:
                replica_reps[header["replica"]] = header["rep_id"]
                if header.get("rep"):
                    rep_names.setdefault(header["rep_id"], header["rep"])
            continue
        for_rep = header.get("for_rep")
        if for_rep is None:
            continue  # a whole-company file from before teams: changes only
        if office and header["replica"] != office:
            raise SyncFileError(_("{path} was not written by your office; nothing was changed.").format(
                path=sync_file.path))
        if for_rep != rep_id:
            if adopted is None and _is_fresh(store):
                rep_id = adopted = for_rep
            else:
                raise SyncFileError(_wrong_rep(store, sync_file, for_rep, rep_id))
        seq = max(seq, header.get("office_seq", 0))
        withdrawn.update(header.get("withdrawn", []))
        replica_reps.update(header.get("replica_reps", {}))
        rep_names.update(header.get("rep_names", {}))
    word = TeamWord(withdrawn=sorted(withdrawn))
    changed = {"office_seq": seq, "replica_reps": replica_reps, "rep_names": rep_names}
    if adopted:
        changed["rep_id"] = adopted
        name = rep_names.get(adopted, "")
        if name and not store.rep.name:
            changed["rep"] = {**store.meta.get("rep", {}), "name": name}
    word.meta = {k: v for k, v in changed.items() if store.meta.get(k, {} if k != "office_seq" else 0) != v}
    return word


def _wrong_rep(store, sync_file: SyncFile, for_rep: str, rep_id: str) -> str:
    """Why a morning file for another rep is refused. Two reps may share a name (two demo
    books, two 张伟; the office numbers the second "张伟 (2)"): then both are named by id."""
    name = sync_file.header.get("rep_name", "")
    if name and _namesakes(name, store.rep.name):
        return _("{path} is the morning file of another rep called {whose} (rep {theirs}…); this book is "
                 "rep {yours}…. Import the file the office wrote for you. Nothing was changed.").format(
            path=sync_file.path, whose=name, theirs=for_rep[:8], yours=rep_id[:8])
    whose = name or _("rep {short_id}…").format(short_id=for_rep[:8])
    return _("{path} is the morning file of {whose}, not yours; "
             "import the file the office wrote for you. Nothing was changed.").format(path=sync_file.path, whose=whose)


def _namesakes(theirs: str, mine: str) -> bool:
    """The same name, or the office's numbered form of it (office/roster.py ``_free_name``)."""
    theirs, mine = (" ".join(name.split()).casefold() for name in (theirs, mine))
    return bool(mine) and re.fullmatch(re.escape(mine) + r"( \(\d+\))?", theirs) is not None


def _is_fresh(store) -> bool:
    """A book with no rep of its own yet: nothing written in it, no rep chosen."""
    return "rep_id" not in store.meta and store.count(Customer) == 0 and next(own_changes(store), None) is None
