"""Each rep's morning file: what is theirs and new since the position their laptop confirmed.

One pass over the versions past the lowest confirmed position routes each
touched record to its customer's owner and to its author; a customer moved to
a rep since that rep's position arrives whole (with everything linked to it);
a customer moved away is named in ``withdrawn`` and leaves the old laptop.
A rep with no confirmed position (a new rep, a new laptop) gets their whole
scope. A file is cumulative from the confirmed position, so a lost or unread
file is simply sent again, and importing twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from fieldcrm.ids import new_id
from fieldcrm.model import TABLES, TEAM_TABLES
from fieldcrm.office.master import Master
from fieldcrm.office.roster import RepEntry, Roster
from fieldcrm.office.scope import customer_of, owners_ever, rep_of
from fieldcrm.store.files import fsync_dir, move_aside
from fieldcrm.store.migrations import SCHEMA_VERSION
from fieldcrm.store.outside_files import check_output
from fieldcrm.sync.fileformat import FORMAT, SUFFIX, VERSION, write_sync_file


@dataclass
class Morning:
    rep: RepEntry
    since: int  # the position the file starts after (0: the rep's whole scope)
    records: dict[tuple[str, str], dict] = field(default_factory=dict)
    withdrawn: set[str] = field(default_factory=set)
    path: Path | None = None
    count: int = 0
    superseded: list[Path] = field(default_factory=list)  # the same day's earlier files, moved aside


class Router:
    """Who gets what, for every active rep at once."""

    def __init__(self, master: Master, roster: Roster, confirmed: dict[str, int]):
        self.master, self.roster = master, roster
        self.base = master.base_hlc
        # A rep who left still gets files while they have a laptop: their customers are withdrawn from it.
        self.mornings = {e.rep_id: Morning(e, _position(e, confirmed)) for e in roster.reps.values()
                         if e.active or e.replicas}

    def lookup(self, table: str, record_id: str) -> dict | None:
        return self.master.doc(table, record_id)

    def rep_of(self, table: str, doc: dict) -> str:
        return rep_of(table, doc, self.roster.rep_of_replica, self.base)

    def route(self) -> dict[str, Morning]:
        whole = {rep for rep, m in self.mornings.items() if m.since == 0}
        partial = [m.since for m in self.mornings.values() if m.since > 0]
        if whole:
            self._whole_scope(whole)
        if partial:
            self._since(min(partial))
        return self.mornings

    def _give(self, rep: str, table: str, doc: dict) -> None:
        morning = self.mornings.get(rep)
        if morning is not None:
            morning.records[(table, doc["id"])] = doc

    def _give_customer(self, rep: str, cid: str) -> None:
        customer = self.master.doc("customers", cid)
        if customer is None or customer.get("_c") == "":
            return
        self._give(rep, "customers", customer)
        for table, doc in self.master.linked(cid):
            self._give(rep, table, doc)

    def _owner(self, cid: str) -> str:
        """A customer's rep ("" while the office has no customer by that id, or only edits of it)."""
        customer = self.master.doc("customers", cid)
        if customer is None or customer.get("_c") == "":
            return ""
        return self.rep_of("customers", customer)

    def _whole_scope(self, reps: set[str]) -> None:
        """Reps with no confirmed position: their customers whole, and what they wrote."""
        for customer in self.master.docs("customers"):
            if customer.get("_c") == "":
                continue
            owner = self.rep_of("customers", customer)
            if owner in reps:
                self._give_customer(owner, customer["id"])
            if "owner" in customer.get("_h", {}):  # moved once: the laptop may still hold it
                for before in owners_ever(customer, self.roster.rep_of_replica, self.base) & reps - {owner}:
                    self.mornings[before].withdrawn.add(customer["id"])
        for table in TABLES:
            if table == "customers":
                continue
            for doc in self.master.docs(table):
                if doc.get("_c") == "":
                    continue
                if table in TEAM_TABLES and doc.get("team"):
                    for rep in reps:
                        self._give(rep, table, doc)
                    continue
                author = self.rep_of(table, doc)
                if author in reps:
                    self._give(author, table, doc)

    def _since(self, start: int) -> None:
        touched: dict[tuple[str, str], int] = {}
        moved: dict[str, int] = {}
        for seq, table, record_id, fields in self.master.touched_since(start):
            touched[(table, record_id)] = seq
            if table == "customers" and "owner" in fields:
                moved[record_id] = seq
        owners: dict[str, str] = {}  # customer -> its rep ("": none yet); the master holds still here
        for (table, record_id), seq in touched.items():
            doc = self.master.doc(table, record_id)
            if doc is None:
                continue
            cid = customer_of(table, doc, self.lookup)
            wanted = {self.rep_of(table, doc)} if table != "customers" else set()
            if table in TEAM_TABLES and doc.get("team"):
                wanted = set(self.mornings)
            if cid:
                owner = owners.get(cid)
                if owner is None:
                    owner = owners[cid] = self._owner(cid)
                if owner:
                    wanted.add(owner)
            for rep in wanted:
                morning = self.mornings.get(rep)
                if morning is not None and 0 < morning.since < seq:
                    morning.records[(table, record_id)] = doc
        for cid, seq in moved.items():
            customer = self.master.doc("customers", cid)
            now = self.rep_of("customers", customer)
            if now in self.mornings and 0 < self.mornings[now].since < seq:
                self._give_customer(now, cid)
            for before in owners_ever(customer, self.roster.rep_of_replica, self.base) - {now}:
                morning = self.mornings.get(before)
                if morning is not None and 0 < morning.since < seq:
                    morning.withdrawn.add(cid)


def _position(rep: RepEntry, confirmed: dict[str, int]) -> int:
    """How far every laptop of the rep has read the office's log (0: one has read nothing)."""
    if not rep.replicas:
        return 0
    return min(confirmed.get(replica, 0) for replica in rep.replicas)


def write_mornings(master: Master, folder: Path, day: dt.date, force: bool = False) -> list[Morning]:
    """Route, then write one file per active rep into ``folder``."""
    roster = master.roster()
    facts = master.facts()
    mornings = Router(master, roster, facts["confirmed"]).route()
    position = master.position()
    names, replica_reps = roster.names(), roster.replica_reps()
    reps_by_replica = {**{replica: names[rep] for replica, rep in replica_reps.items()}, **master.laptop_names()}
    held = master.held_back()
    taken: set[Path] = set()
    jobs: list[_File] = []
    folder.mkdir(mode=0o700, exist_ok=True)  # the files hold customers' personal data
    for morning in sorted(mornings.values(), key=lambda m: m.rep.name.casefold()):
        rep = morning.rep
        # The rep's own records come back too: a second laptop needs them, and the office
        # may have clamped a stamp the laptop must take back.
        records: dict[str, list[dict]] = {}
        for (table, _), doc in sorted(morning.records.items()) if rep.active else ():
            records.setdefault(table, []).append(doc)
        header = {
            "format": FORMAT, "version": VERSION, "schema": SCHEMA_VERSION, "kind": "merged",
            "replica": master.replica, "rep": master.name, "export_id": new_id(),
            "created": master.now(),
            "for_rep": rep.rep_id, "rep_name": rep.name, "office_seq": position, "since": morning.since,
            "withdrawn": sorted(morning.withdrawn),
            "ack": {r: facts["acks"][r] for r in rep.replicas if r in facts["acks"]},
            "reps": {**reps_by_replica, master.replica: master.name},
            "replica_reps": replica_reps, "rep_names": names,
        }
        morning.path = _free_path(folder, rep.name, day, taken, force)
        jobs.append(_File(morning.path, header, records))
    for morning, count in zip(sorted(mornings.values(), key=lambda m: m.rep.name.casefold()),
                              _write_all(jobs, master.as_changes, held)):
        morning.count = count
    if mornings:
        fsync_dir(folder)  # once for every file written into it
    # A second merge the same day: each rep's new file replaces the earlier ones (a file holds
    # everything past the rep's confirmed position), which move aside so the folder shows what to send.
    written = {m.path for m in mornings.values()}
    earlier = _same_day(folder, day)
    for morning in mornings.values():
        mine = [p for p in earlier.pop(_stem(morning.rep.name, day), ()) if p not in written]
        morning.superseded = move_aside(mine, folder / SUPERSEDED)
    return list(mornings.values())


@dataclass
class _File:
    path: Path
    header: dict
    records: dict[str, list[dict]]


PARALLEL_REPS = 16  # this many files or more are built on every core (a forked process each)
_JOBS: list = []  # what the forked processes build, read from the memory they share at the fork


def _write_all(jobs: list[_File], as_changes, held: set) -> list[int]:
    """Build and write every file; returns how many changes each holds."""
    from fieldcrm.forking import fork_context, fork_workers

    workers = fork_workers(len(jobs), PARALLEL_REPS)
    if not workers:
        # Each file is written and fsynced whole before it is renamed into place; the fsyncs of
        # many files wait on the disk side by side (threads), not one after another.
        with ThreadPoolExecutor(max_workers=8) as pool:
            return list(pool.map(lambda job: _write_one(job, as_changes, held), jobs))
    _JOBS[:] = [(job, as_changes, held) for job in jobs]
    try:
        with fork_context().Pool(workers) as pool:
            return pool.map(_write_job, range(len(jobs)), chunksize=max(1, len(jobs) // (workers * 8)))
    finally:
        _JOBS.clear()


def _write_job(index: int) -> int:
    return _write_one(*_JOBS[index])


def _write_one(job: _File, as_changes, held: set) -> int:
    changes = [c for c in as_changes(job.records) if (c["t"], c["id"], c["s"]) not in held]
    header = {**job.header, "hlc_from": min((c["s"] for c in changes), default=""),
              "hlc_to": max((c["s"] for c in changes), default="")}
    write_sync_file(job.path, header, changes, sync_dir=False)
    return len(changes)


SUPERSEDED = "superseded"  # beside the morning files: the same day's earlier ones


def _stem(name: str, day: dt.date) -> str:
    slug = re.sub(r"[^\w]+", "-", name.lower()).strip("-") or "rep"
    return f"{slug}-morning-{day.isoformat()}"


def morning_name(rep_name: str, day: dt.date) -> str:
    """The name of the rep's morning file of ``day`` (a second run the same day adds ``-2``)."""
    return _stem(rep_name, day) + SUFFIX


def _same_day(folder: Path, day: dt.date) -> dict[str, list[Path]]:
    """The morning files of ``day`` in ``folder`` by stem: ``<stem>.fieldsync`` and ``<stem>-N.fieldsync``."""
    pattern = re.compile(r"(.+-morning-" + re.escape(day.isoformat()) + r")(-\d+)?" + re.escape(SUFFIX))
    found: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        match = pattern.fullmatch(path.name)
        if match and path.is_file():
            found.setdefault(match.group(1), []).append(path)
    return found


def _free_path(folder: Path, name: str, day: dt.date, taken: set[Path], force: bool) -> Path:
    """``<rep>-morning-<date>.fieldsync``; a second run the same day gets ``-2`` (never overwrites,
    nor takes a name an earlier file had)."""
    stem = _stem(name, day)
    n, path = 1, folder / f"{stem}{SUFFIX}"
    while path in taken or (not force and (path.exists() or (folder / SUPERSEDED / path.name).exists())):
        n += 1
        path = folder / f"{stem}-{n}{SUFFIX}"
    taken.add(path)
    return check_output(path, force=True)
