"""Real books on disk for sync tests: an office master and reps, each with its own clock."""

from pathlib import Path

from fieldcrm.clock import FrozenClock
from fieldcrm.store import Store
from fieldcrm.sync.exporter import export
from fieldcrm.sync.importer import import_files
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


def merge_files(office: Site, files: list[Path], out: Path) -> Path:
    with office.open() as master:
        office_merge(master, files, out)
    return out


def import_into(site: Site, files: list[Path], dry_run: bool = False):
    with site.open() as store:
        return import_files(store, files, dry_run=dry_run)
