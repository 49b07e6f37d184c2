"""``fieldcrm demo --team N``: an office and N reps' books, made through the real path,
that run the evening/morning loop from the command line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldcrm.demo_team import make_team
from fieldcrm.model import TABLES, Customer, Interaction
from fieldcrm.office.master import BookMaster
from fieldcrm.store import Store
from fieldcrm.store.lock import BookLock
from fieldcrm.sync.fileformat import read_sync_file
from tests.conftest import TODAY, folder_bytes


def run(*args):
    return subprocess.run([sys.executable, "-m", "fieldcrm", *map(str, args)], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env=dict(os.environ))


def _ids(store) -> dict[str, set[str]]:
    return {table: {d["id"] for d in store.raw_table(table)} for table in TABLES}


def _scope(office, rep_id: str) -> dict[str, set[str]]:
    """The office's records of one rep's customers (the demo's reps write only about their own)."""
    customers = {c.id for c in office.all(Customer) if c.owner == rep_id}
    scope = {"customers": customers}
    for table in TABLES:
        if table != "customers":
            link = "referrer_id" if table == "referrals" else "customer_id"
            scope[table] = {d["id"] for d in office.raw_table(table) if d.get(link) in customers}
    return scope


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("team") / "team"
    make_team(folder, 3, seed=5, today=TODAY, per_rep=6)
    return folder


def test_the_office_holds_every_customer_and_each_rep_book_exactly_its_own(team):
    with Store.open(team / "office", read_only=True) as office:
        roster = BookMaster(office).roster()
        assert len(roster.reps) == 3 and office.count(Customer) == 18
        every = _ids(office)
        scopes = {entry.name: (entry.rep_id, _scope(office, entry.rep_id)) for entry in roster.reps.values()}
    names = sorted(scopes)
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in n) for n in names)  # English and Chinese names
    assert any(n.isascii() for n in names)
    held = {table: set() for table in TABLES}
    folders = {p.name for p in team.iterdir() if (p / "book.json").exists()} - {"office"}
    assert len(folders) == 3
    for folder in folders:
        with Store.open(team / folder, read_only=True) as book:
            rep_id, scope = scopes[book.rep.name]
            assert book.rep_id == rep_id  # adopted from its starter morning file
            assert len(scope["customers"]) == 6 and scope["interactions"]
            assert _ids(book) == scope  # every record checked: its own, nothing of a colleague
            assert all(book.is_mine("interactions", d) for d in book.raw_table("interactions"))
            for table, ids in scope.items():
                held[table] |= ids
    assert held == every  # the three scopes are the whole office


def test_the_same_seed_makes_the_same_team(tmp_path):
    made = [make_team(tmp_path / name, 2, seed=9, today=TODAY, per_rep=3) for name in ("a", "b")]
    assert [r.rep_id for r in made[0].reps] == [r.rep_id for r in made[1].reps]
    customers = []
    for demo in made:
        with Store.open(demo.office, read_only=True) as office:
            customers.append(sorted((c.id, c.name, c.owner) for c in office.all(Customer)))
    assert customers[0] == customers[1]


def test_one_evening_and_morning_through_the_command_line(tmp_path):
    team = tmp_path / "team"
    made = run("demo", "--team", 3, "--db", team, "--customers", 4)
    assert made.returncode == 0, made.stderr
    assert "fieldcrm office merge" in made.stdout and "fieldcrm sync import" in made.stdout
    first, second = (team / f for f in ("li-na", "tom-harris"))
    with Store.open(first) as book:
        customer = book.all(Customer)[0]
        note = book.add(Interaction(customer_id=customer.id, kind="visit", note="brought samples 带了样品"))

    evening = team / "evening" / "li-na.fieldsync"
    exported = run("sync", "export", "--db", first, "-o", evening, "--force")
    assert exported.returncode == 0 and "(1 change)" in exported.stdout, exported.stdout + exported.stderr
    merged = run("office", "merge", *sorted((team / "evening").glob("*.fieldsync")), "--master", team / "office",
                 "-o", team / "morning", "--force")
    assert merged.returncode == 0, merged.stderr
    with Store.open(team / "office", read_only=True) as office:
        assert office.get(Interaction, note.id).note == "brought samples 带了样品"

    mornings = {p.name.split("-morning-")[0]: p for p in (team / "morning").iterdir()}
    assert len(mornings) == 3
    mine, theirs = mornings["li-na-李娜"], mornings["tom-harris"]
    assert note.id in {c["id"] for c in read_sync_file(mine).changes}
    assert note.id not in {c["id"] for c in read_sync_file(theirs).changes}
    imported = run("sync", "import", "--db", first, mine)
    assert imported.returncode == 0, imported.stderr
    # Acked: the next file only tells the office how far Li Na has read; then there is nothing.
    again = run("sync", "export", "--db", first, "-o", evening, "--force")
    assert "no changes of yours" in again.stdout and read_sync_file(evening).changes == []
    last = run("sync", "export", "--db", first, "-o", evening, "--force")
    assert last.stdout.strip() == "Nothing to export: the office has every change you made."
    assert run("sync", "import", "--db", second, theirs).returncode == 0
    with Store.open(second, read_only=True) as book:
        assert book.get(Interaction, note.id) is None and book.count(Customer) == 4


def test_a_folder_holding_anything_else_is_refused_and_left_as_it_was(tmp_path, demo_book):
    stray = tmp_path / "notes"
    stray.mkdir()
    (stray / "todo.txt").write_text("call Li")
    for folder in (demo_book, stray):  # a (demo) book of one rep, a folder of one's own
        before = folder_bytes(folder)
        refused = run("demo", "--team", 2, "--db", folder, "--replace")
        assert refused.returncode == 1 and refused.stdout == ""
        assert len(refused.stderr.strip().splitlines()) == 1 and "did not make" in refused.stderr
        assert folder_bytes(folder) == before
    too_many = run("demo", "--team", 21, "--db", tmp_path / "big")
    assert too_many.returncode == 1 and too_many.stderr.strip() == "fieldcrm: A team demo has 1 to 20 reps, not 21."
    no_db = run("demo", "--team", 2)
    assert no_db.returncode == 1 and "needs --db DIR" in no_db.stderr
    assert not (tmp_path / "big").exists()


def test_an_earlier_team_demo_is_kept_or_rebuilt_but_never_under_an_open_book(tmp_path):
    team = tmp_path / "team"
    make_team(team, 2, seed=1, today=TODAY, per_rep=2)
    (team / "evening" / "li-na.fieldsync").write_bytes(b"an export of the loop")
    kept = run("demo", "--team", 2, "--db", team)
    assert kept.returncode == 0 and "keeping it (--replace rebuilds it)" in kept.stdout
    assert "Li Na 李娜: 2 customers" in kept.stdout

    lock = BookLock(team / "tom-harris")  # the rep's book is open in the app
    lock.acquire()
    try:
        before = folder_bytes(team)
        refused = run("demo", "--team", 3, "--db", team, "--replace", "--customers", 1)
        assert refused.returncode == 1 and "open in another fieldcrm" in refused.stderr
        assert folder_bytes(team) == before
    finally:
        lock.release()
    rebuilt = run("demo", "--team", 3, "--db", team, "--replace", "--customers", 1)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert sorted(p.name for p in team.iterdir()) == ["evening", "li-na", "morning", "office", "tom-harris",
                                                     "wang-fang"]
    assert not any((team / "evening").iterdir())
