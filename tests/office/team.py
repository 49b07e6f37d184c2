"""A team on disk for tests: the office and each rep's laptop, with what each laptop must hold."""

from __future__ import annotations

from pathlib import Path

from fieldcrm.model import TABLES
from fieldcrm.office.master import BookMaster
from fieldcrm.office.scope import in_scope
from fieldcrm.store import Store
from fieldcrm.sync.state import canonical, canonical_of
from tests.sync.helpers import Site, export_day, import_into, merge_all


class Team:
    def __init__(self, root: Path, names: list[str], start: str = "2026-11-23T08:00:00+00:00"):
        self.root = root
        self.office = Site(root / "office", start)
        self.laptops = {name: Site(root / name.lower().replace(" ", "-"), start) for name in names}
        self.rep_ids: dict[str, str] = {}
        with self.office.open() as store:
            master = BookMaster(store)
            roster = master.roster()
            for name in names:
                self.rep_ids[name] = roster.add(name).rep_id
            master.save(roster)
        self.day = 0

    def advance(self, **shift) -> None:
        for site in [self.office, *self.laptops.values()]:
            site.clock.advance(**shift)

    def loop(self, who: list[str] | None = None, overnight=None) -> dict[str, Path]:
        """The evening and the morning: every rep exports, the office merges, every rep imports;
        ``overnight()`` runs after the exports, before the morning files are imported."""
        self.day += 1
        folder = self.root / f"day{self.day}"
        folder.mkdir()
        files = []
        for name in who or list(self.laptops):
            path = export_day(self.laptops[name], folder / f"{name}.fieldsync")
            if path:
                files.append(path)
        mornings = merge_all(self.office, files, folder / "morning")
        if overnight:
            overnight()
        for name, site in self.laptops.items():
            if name in mornings:
                import_into(site, [mornings[name]])
        return mornings

    def expected(self, name: str) -> dict:
        """The office's book restricted to the rep's scope, as a canonical dump."""
        with Store.open(self.office.folder, read_only=True) as store:
            master = BookMaster(store)
            roster = master.roster()
            rep = self.rep_ids[name]
            tables = {t: [d for d in store.raw_table(t)
                          if in_scope(rep, t, d, store.doc, roster.rep_of_replica, master.base_hlc)]
                      for t in TABLES}
            return canonical_of(tables, master.base_hlc)

    def holds(self, name: str) -> dict:
        with Store.open(self.laptops[name].folder, read_only=True) as store:
            return canonical(store)

    def ids(self, name: str, table: str) -> set[str]:
        return set(self.holds(name)[table])
