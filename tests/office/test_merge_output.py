"""What an office merge says: a day of many reps can hold thousands of conflicts, so the merge
shows a screenful and says how many more (each stays on its record for its rep to settle)."""

from __future__ import annotations

from fieldcrm.cli import main
from fieldcrm.model import Customer
from fieldcrm.office.merge import CONFLICTS_SHOWN
from tests.sync.helpers import Site, export_day, import_into, merge_files


def test_an_office_merge_shows_a_screenful_of_conflicts_and_how_many_more(tmp_path, capsys):
    office = Site(tmp_path / "office")
    with office.open() as master:
        ids = [master.add(Customer(name=f"customer {n}")).id for n in range(CONFLICTS_SHOWN + 10)]
    start = merge_files(office, [], tmp_path / "start.fieldsync")
    laptops = [Site(tmp_path / f"laptop{n}") for n in range(2)]
    files = []
    for n, laptop in enumerate(laptops):
        import_into(laptop, [start])
        laptop.clock.advance(seconds=1 + n)
        with laptop.open() as book:
            for cid in ids:
                book.update(Customer, cid, hobbies=f"hobby from laptop {n}")
        files.append(export_day(laptop, tmp_path / f"laptop{n}.fieldsync"))
    capsys.readouterr()
    code = main(["office", "merge", *map(str, files), "--master", str(office.folder), "-o", str(tmp_path / "o")])
    out = capsys.readouterr().out
    assert code == 0
    assert f"{CONFLICTS_SHOWN + 10} conflicts" in out.splitlines()[0]
    assert out.count("  conflict: ") == CONFLICTS_SHOWN
    assert "  ... and 10 more conflicts: each stays on its record, where its rep sees both values and picks one." \
        in out.splitlines()


def test_a_second_merge_the_same_day_moves_the_earlier_morning_files_aside(tmp_path, capsys):
    """The folder shows one file per rep, the one to send; the earlier ones are kept aside, never
    overwritten, and a third run takes none of their names."""
    from tests.office.team import Team
    team = Team(tmp_path / "team", ["Ann", "陈立"])
    out = tmp_path / "o"
    said = []
    for _run in range(3):
        assert main(["office", "merge", "--master", str(team.office.folder), "-o", str(out)]) == 0
        said.append(capsys.readouterr().out)
    day = (out / "superseded").iterdir().__next__().name.split("-morning-")[1][:10]  # the command's today
    assert sorted(p.name for p in out.iterdir()) == sorted([f"ann-morning-{day}-3.fieldsync",
                                                          f"陈立-morning-{day}-3.fieldsync", "superseded"])
    assert sorted(p.name for p in (out / "superseded").iterdir()) == sorted(
        f"{who}-morning-{day}{n}.fieldsync" for who in ("ann", "陈立") for n in ("", "-2"))
    assert "Moved" not in said[0]
    assert said[2].splitlines()[-1] == f"Moved 2 earlier morning files of today to {out / 'superseded'}: " \
                                       "the new ones replace them."
    import_into(team.laptops["陈立"], [out / f"陈立-morning-{day}-3.fieldsync"])  # the one to send imports
