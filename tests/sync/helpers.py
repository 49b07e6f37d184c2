"""Real books on disk for sync tests: an office master and reps, each with its own clock."""

from pathlib import Path

from fieldcrm.clock import FrozenClock
from fieldcrm.store import Store
from fieldcrm.sync.exporter import export
from fieldcrm.sync.importer import import_files
from fieldcrm.office.master import BookMaster
from fieldcrm.office.merge import office_merge
from fieldcrm.sync.state import canonical


class Site:
    """A book and its clock: the office, or one rep's laptop."""

    def __init__(self, folder: Path, start: str = "2026-11-23T08:00:00+00:00"):
        self.folder = folder
        self.clock = FrozenClock(start)

    def open(self) -> Store:
        return Store.open(self.folder, clock=self.clock)

    def canonical(self) -> dict:
        with Store.open(self.folder, read_only=True) as store:
            return canonical(store)


def export_day(site: Site, out: Path) -> Path | None:
    with site.open() as store:
        return export(store, out).path


def add_rep(office: Site, name: str) -> str:
    """A rep on the office's roster; returns the rep's id."""
    with office.open() as store:
        master = BookMaster(store)
        roster = master.roster()
        entry = roster.add(name)
        master.save(roster)
        return entry.rep_id


def merge_all(office: Site, files: list[Path], folder: Path) -> dict[str, Path]:
    """The office merge; every rep's morning file by rep name."""
    folder.mkdir(parents=True, exist_ok=True)
    with office.open() as master:
        run = office_merge(master, files, folder)
    return {m.rep.name: m.path for m in run.mornings}


def merge_files(office: Site, files: list[Path], out: Path) -> Path:
    """The office merge for a one-rep team (the rep may have several laptops): that rep's
    morning file. The first merge puts the rep "Team" on the roster and gives it every
    customer the office made."""
    with office.open() as store:
        master = BookMaster(store)
        roster = master.roster()
        if not roster.reps:
            team = roster.add("Team")
            master.save(roster)
            master.set_owner([d["id"] for d in store.raw_table("customers")], team.rep_id)
    mornings = merge_all(office, files, out.with_suffix(""))
    assert len(mornings) == 1, f"one rep expected, the roster has {sorted(mornings)}"
    return next(iter(mornings.values()))


def import_into(site: Site, files: list[Path], dry_run: bool = False):
    with site.open() as store:
        return import_files(store, files, dry_run=dry_run)


def merge_beside_a_cut_file(master: str, good: Path, copied: Path, tmp: Path, capsys) -> None:
    """``fieldcrm office merge`` of ``good`` beside a cut-short copy of ``copied``: the cut one is named
    and set aside (exit status 1), the good one merges and the morning files go out."""
    from fieldcrm.cli import main
    bad = tmp / "bad.fieldsync"
    bad.write_bytes(copied.read_bytes()[:-20])
    capsys.readouterr()
    code = main(["office", "merge", str(bad), str(good), "--master", master, "-o", str(tmp / "o")])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.splitlines() == ["fieldcrm: 1 file was not merged; ask its rep to send it again:",
                                f"  {bad} is cut short (its last line is incomplete); ask for it again. "
                                "Nothing was changed."]
    assert out.startswith("1 file: ") and "Traceback" not in err
    assert any((tmp / "o").iterdir())  # the morning files written
