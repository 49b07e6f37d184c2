"""Team figures for ``fieldcrm bench``: an office's morning after a day of every rep.

The office master holds every rep's customers with their history (each
customer owned by its rep, every note and purchase written by it); the roster
knows each rep's laptop, confirmed at the office's current position (as after
yesterday's loop). Each rep then sends a day of work on their own customers,
as the file their laptop's export writes (the team header: ``rep_id``,
``office_seq``, ``log_seq``, ``hlc_to``). Timed: the office merge with every
rep's morning file written; compared: the median morning file against the
whole-company file the office sent before teams.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from fieldcrm.bench import BENCH_DAY

# A day's work of one rep, out of every hundred changes: notes, soft data, follow-ups done.
NOTES, SOFT_EDITS = 70, 26
SOFT_FIELDS = ("hobbies", "family", "buying_habits", "notes", "personality")
INTERACTIONS_PER_CUSTOMER = 4
PURCHASES_PER_CUSTOMER = 1


def phase_team(reps: str, customers_per_rep: str, changes_per_rep: str, suffix: str = "") -> dict:
    """Build the office, write the reps' files, time the merge; figures named with ``suffix``."""
    from fieldcrm.office.merge import office_merge
    from fieldcrm.store import Store

    reps, per_rep, changes = int(reps), int(customers_per_rep), int(changes_per_rep)
    with tempfile.TemporaryDirectory(prefix="fieldcrm-bench-team-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        team = build_office(folder / "master", reps, per_rep)
        files = rep_day_files(folder / "master", team, folder / "evening", changes)
        build_s = time.perf_counter() - started
        out = folder / "morning"
        out.mkdir()
        with Store.open(folder / "master") as store:
            started, cpu = time.perf_counter(), time.process_time()
            run = office_merge(store, files, out)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            sizes = sorted(m.path.stat().st_size for m in run.mornings)
            whole = whole_company_file(store, folder / "company.fieldsync").stat().st_size
        if any(m.since == 0 for m in run.mornings) or len(run.mornings) != reps:
            raise RuntimeError("the bench office sent someone their whole scope: its positions are wrong")
    median_kb = statistics.median(sizes) / 1000
    figures = {
        "office_merge_s": round(elapsed, 2),
        "office_merge_cpu_s": round(cpu, 2),  # the machine is shared: what the merge itself used
        "morning_file_kb": round(median_kb, 1),
        "whole_company_file_kb": round(whole / 1000, 1),
        "morning_file_pct": round(100 * median_kb * 1000 / whole, 3),
        "team_reps": reps, "team_customers": reps * per_rep,
        "team_changes": reps * changes,
        "team_build_s": round(build_s, 1),
    }
    if suffix:  # the large run reports its timing and sizes only, under names of its own
        return {"office_merge" + suffix + "_s": figures["office_merge_s"],
                "office_merge" + suffix + "_cpu_s": figures["office_merge_cpu_s"],
                "morning_file" + suffix + "_kb": figures["morning_file_kb"],
                "team" + suffix + "_customers": figures["team_customers"]}
    return figures


class Team:
    """Who is who in the bench office: each rep's id, name, laptop, customers and open follow-ups."""

    def __init__(self, reps: int, rng: random.Random):
        from fieldcrm.ids import new_id

        self.ids = [new_id(rng=rng) for _ in range(reps)]
        self.names = [f"Rep {n + 1:03d}" for n in range(reps)]
        self.replicas = [new_id(rng=rng) for _ in range(reps)]
        self.customers: list[list[str]] = [[] for _ in range(reps)]
        self.followups: list[list[str]] = [[] for _ in range(reps)]
        self.base_hlc = ""
        self.position = 0


def build_office(master: Path, reps: int, per_rep: int) -> Team:
    """The office book: ``reps`` × ``per_rep`` customers with their history, and the roster."""
    from fieldcrm.demo import DemoSize, build_demo
    from fieldcrm.model import Customer, FollowUp, Referral, Rep
    from fieldcrm.office.master import BookMaster
    from fieldcrm.office.roster import RepEntry
    from fieldcrm.store import Store

    team = Team(reps, random.Random(12))
    n = reps * per_rep
    records = build_demo(DemoSize(n, n * INTERACTIONS_PER_CUSTOMER, n * PURCHASES_PER_CUSTOMER),
                         seed=12, today=BENCH_DAY)
    owner: dict[str, int] = {}
    for record in records:
        if isinstance(record, Customer):
            rep = len(owner) // per_rep
            owner[record.id] = rep
            record.owner = team.ids[rep]
            team.customers[rep].append(record.id)
        else:  # written by the customer's rep
            rep = owner[record.referrer_id if isinstance(record, Referral) else record.customer_id]
            record.rep_id = team.ids[rep]
            if isinstance(record, FollowUp) and record.status == "open":
                team.followups[rep].append(record.id)
    Store.create(master, records, rep=Rep(name="Office"))
    del records
    with Store.open(master) as store:
        office = BookMaster(store)
        roster = office.roster()
        for rep_id, name, replica in zip(team.ids, team.names, team.replicas):
            roster.reps[rep_id] = RepEntry(rep_id, name, [replica])
        office.save(roster)
        team.position = office.position()  # yesterday's morning files reached every laptop
        store.set_meta(confirmed={replica: team.position for replica in team.replicas})
        team.base_hlc = office.base_hlc
    return team


def rep_day_files(master: Path, team: Team, folder: Path, changes: int) -> list[Path]:
    """Each rep's evening file: ``changes`` changes on the rep's own customers, team header and all."""
    from fieldcrm.clock import HybridClock
    from fieldcrm.ids import new_id
    from fieldcrm.model import Interaction
    from fieldcrm.store.migrations import SCHEMA_VERSION
    from fieldcrm.sync.fileformat import FORMAT, VERSION, write_sync_file

    folder.mkdir()
    rng = random.Random(7)
    created = BENCH_DAY.isoformat() + "T10:00:00Z"
    paths = []
    for rep in range(len(team.ids)):
        rep_id, replica, customers = team.ids[rep], team.replicas[rep], team.customers[rep]
        followups = list(team.followups[rep])
        clock = HybridClock(replica)
        last: dict[tuple[str, str], str] = {}  # (customer, field) -> the stamp the rep wrote last
        day = []
        for k in range(changes):
            cid, stamp, share = rng.choice(customers), clock.tick(), k * 37 % 100  # every kind from the start
            if share >= NOTES + SOFT_EDITS and followups:
                done = followups.pop()
                day.append({"t": "followups", "id": done, "s": stamp,
                            "f": {"status": "done", "done_at": created},
                            "b": {"status": [team.base_hlc], "done_at": [team.base_hlc]}})
            elif share >= NOTES:
                field = rng.choice(SOFT_FIELDS)
                base = last.get((cid, field), team.base_hlc)
                last[(cid, field)] = stamp
                day.append({"t": "customers", "id": cid, "s": stamp,
                            "f": {field: f"{field} as of visit {k}"}, "b": {field: [base]}})
            else:
                note = Interaction(id=new_id(rng=rng), rep_id=rep_id, customer_id=cid, kind="visit",
                                   at=created, created=created,
                                   note=f"Visit {k}: talked about the spring order and the new colours.")
                fields = note.to_dict()
                del fields["id"]
                day.append({"t": "interactions", "id": note.id, "s": stamp, "f": fields})
        path = folder / f"rep{rep:03d}.fieldsync"
        write_sync_file(path, {
            "format": FORMAT, "version": VERSION, "schema": SCHEMA_VERSION, "kind": "rep",
            "replica": replica, "rep": team.names[rep], "export_id": new_id(rng=rng), "created": created,
            "hlc_from": day[0]["s"], "hlc_to": day[-1]["s"],
            "rep_id": rep_id, "office_seq": team.position, "log_seq": 1000 + len(day),
        }, day)
        paths.append(path)
    return paths


def whole_company_file(store, path: Path) -> Path:
    """The file every rep downloaded before teams: the office's whole book as changes."""
    from fieldcrm.ids import new_id
    from fieldcrm.store.migrations import SCHEMA_VERSION
    from fieldcrm.sync.fileformat import FORMAT, VERSION, write_sync_file
    from fieldcrm.sync.state import state_changes

    changes, ack = state_changes(store)
    write_sync_file(path, {"format": FORMAT, "version": VERSION, "schema": SCHEMA_VERSION, "kind": "merged",
                           "replica": store.replica, "rep": "Office", "export_id": new_id(), "ack": ack}, changes)
    return path
