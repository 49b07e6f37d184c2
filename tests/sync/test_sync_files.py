"""Export, import and the office merge through real files, in any order."""

import json
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldcrm.clock import clamp_stamp
from fieldcrm.model import Customer, Interaction
from fieldcrm.store import Store
from fieldcrm.sync.importer import import_files
from tests.conftest import folder_bytes
from tests.sync.helpers import Site, export_day, import_into, merge_all, merge_files


def _rep_files(tmp_path, replicas: int, ops: list[tuple]) -> list:
    """Reps sharing three customers from the office make changes; returns their files."""
    office = Site(tmp_path / "office")
    with office.open() as master:
        ids = [master.add(Customer(name=f"shared {n}")).id for n in range(3)]
    start = merge_files(office, [], tmp_path / "start.fieldsync")
    sites = [Site(tmp_path / f"rep{n}") for n in range(replicas)]
    for site in sites:
        import_into(site, [start])
    for who, kind, target, value in ops:
        site = sites[who % replicas]
        site.clock.advance(seconds=1)
        with site.open() as book:
            cid = ids[target % 3]
            if kind == "note":
                book.add(Interaction(customer_id=cid, note=f"note {value}"))
            elif kind == "edit":
                book.update(Customer, cid, **{["email", "hobbies"][value % 2]: f"v{value}"})
            elif kind == "delete":
                book.delete(Customer, cid)
    files = [export_day(site, tmp_path / f"rep{n}.fieldsync") for n, site in enumerate(sites)]
    return [start] + [f for f in files if f]


OPS = st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["note", "edit", "edit", "delete"]),
                         st.integers(0, 2), st.integers(0, 9)), min_size=1, max_size=12)


@settings(max_examples=15, deadline=None)
@given(OPS, st.integers(2, 4), st.data())
def test_importing_files_in_any_order_gives_identical_books(tmp_path_factory, ops, replicas, data):
    tmp = tmp_path_factory.mktemp("orders")
    files = _rep_files(tmp, replicas, ops)
    order = data.draw(st.permutations(files))
    a, b = Site(tmp / "a"), Site(tmp / "b")
    import_into(a, files)
    import_into(b, list(order))
    assert a.canonical() == b.canonical()
    notes = {c["id"] for f in files for c in map(json.loads, f.read_text().splitlines()[1:-1])
             if c["t"] == "interactions"}
    with Store.open(a.folder, read_only=True) as book:
        assert notes <= {i.id for i in book.all(Interaction, include_deleted=True)}
    before = folder_bytes(a.folder)
    summary = import_into(a, [order[0]])  # the same file again
    assert summary.changes == [] and folder_bytes(a.folder) == before


def test_the_office_gives_every_rep_the_same_book(tmp_path):
    files = _rep_files(tmp_path, 3, [(0, "edit", 0, 1), (1, "edit", 0, 2), (2, "note", 1, 3), (1, "delete", 2, 0)])
    office = Site(tmp_path / "office")
    merged = merge_files(office, files[1:], tmp_path / "merged.fieldsync")
    for n in range(3):
        import_into(Site(tmp_path / f"rep{n}"), [merged])
    views = [Site(tmp_path / f"rep{n}").canonical() for n in range(3)] + [office.canonical()]
    assert all(view == views[0] for view in views)


def test_a_clock_set_to_2099_is_clamped_and_reported(tmp_path):
    future = Site(tmp_path / "future", start="2099-01-01T00:00:00+00:00")
    with future.open() as book:
        book.add(Customer(name="From the future"))
    path = export_day(future, tmp_path / "future.fieldsync")
    with Store.open(future.folder, read_only=True) as book:
        original, replica = next(book.raw_all(Customer))["_c"], book.replica
    stamps = []
    for name, day in (("rep", "2026-11-24T09:00:00+00:00"), ("late", "2031-03-02T17:00:00+00:00")):
        rep = Site(tmp_path / name, start=day)
        summary = import_into(rep, [path])
        assert summary.clamped == ["customers From the future from replica "  # named as conflicts name it
                                   f"{replica[:8]}… was dated 2099-01-01 00:00 UTC; it now counts as older "
                                   "than changes from clocks that are right"]
        with rep.open() as book:
            stamps.append(next(book.raw_all(Customer))["_c"])
    # The same stamp whoever clamps it and whenever: below every stamp from a clock that is right.
    assert stamps[0] == stamps[1] == clamp_stamp(original) < "1000000000000"


def test_the_same_customer_created_by_two_reps_is_flagged_and_both_kept(tmp_path):
    ann, bob = Site(tmp_path / "ann"), Site(tmp_path / "bob")
    with ann.open() as book:
        book.add(Customer(name="Tom Baker", phones=["+86 138 0013 8000"]))
    with bob.open() as book:
        book.add(Customer(name="Thomas Baker", phones=["138-0013-8000"]))
    office = Site(tmp_path / "office")
    with office.open() as master:
        summary = import_files(master, [export_day(ann, tmp_path / "a.fieldsync"),
                                        export_day(bob, tmp_path / "b.fieldsync")])
        assert master.count(Customer) == 2
    assert summary.duplicates == ["Thomas Baker looks like Tom Baker (same phone): both are kept; "
                                  "check them before merging by hand"]


def test_a_dry_run_says_what_would_change_and_changes_nothing(tmp_path):
    files = _rep_files(tmp_path, 2, [(0, "note", 0, 1), (1, "edit", 1, 2)])
    fresh = Site(tmp_path / "fresh")
    with fresh.open():
        pass
    before = folder_bytes(fresh.folder)
    result = subprocess.run([sys.executable, "-m", "fieldcrm", "sync", "import", *map(str, files),
                             "--db", str(fresh.folder), "--dry-run"], capture_output=True, text=True)
    assert result.returncode == 0
    # Three customers and a note; one edit, and the office giving the three customers to the rep.
    assert "4 new records, 4 updated fields" in result.stdout
    assert "Dry run: nothing was changed." in result.stdout
    assert folder_bytes(fresh.folder) == before


def test_export_names_the_file_and_knows_when_there_is_nothing_new(tmp_path):
    rep = tmp_path / "rep"
    run = lambda *a: subprocess.run([sys.executable, "-m", "fieldcrm", *a, "--db", str(rep)],
                                    capture_output=True, text=True, cwd=tmp_path)
    nothing = run("sync", "export")  # a brand-new book: no office yet, nothing written
    assert nothing.stdout == "Nothing to export: this book has no changes of yours yet.\n", nothing.stderr
    with Store.open(rep) as book:
        book.add(Customer(name="New"))
    first = run("sync", "export")
    assert first.returncode == 0 and "(1 change)" in first.stdout
    again = run("sync", "export")
    assert "No new changes since your last export" in again.stdout
    names = sorted(p.name for p in tmp_path.glob("*.fieldsync"))
    assert len(names) == 2 and names[0].endswith("-1.fieldsync") and names[1].endswith("-2.fieldsync")
    assert all(n.startswith("rep-") for n in names)  # named after the rep (no name set: "rep")


def test_the_laptop_with_the_far_future_clock_takes_the_clamped_stamp_back(tmp_path):
    future = Site(tmp_path / "future", start="2099-01-01T00:00:00+00:00")
    with future.open() as book:
        tom = book.add(Customer(name="Tom"))
    office = Site(tmp_path / "office", start="2026-11-24T18:00:00+00:00")
    rep = Site(tmp_path / "rep", start="2026-11-24T18:00:00+00:00")  # a second laptop of the same rep
    mornings = merge_all(office, [export_day(future, tmp_path / "f.fieldsync")], tmp_path / "m")
    assert len(mornings) == 1
    merged = next(iter(mornings.values()))
    import_into(rep, [merged])
    import_into(future, [merged])
    views = [site.canonical() for site in (office, rep, future)]
    assert views[0] == views[1] == views[2]
    with Store.open(future.folder, read_only=True) as book:
        assert book.raw(Customer, tom.id)["_c"].startswith("0")  # clamped, not 2099
