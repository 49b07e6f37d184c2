"""A demo book syncs like a real one: its records are the rep's own changes."""

import pytest

from fieldcrm.cli import main
from fieldcrm.model import TABLES, Customer
from fieldcrm.office.merge import office_merge
from fieldcrm.store import BookError, Store
from fieldcrm.sync.exporter import export
from fieldcrm.sync.fileformat import read_sync_file
from fieldcrm.sync.importer import import_files


def test_a_fresh_demo_book_exports_every_record_and_the_office_gets_its_customers(tmp_path, capsys):
    book = tmp_path / "demo"
    assert main(["demo", "--db", str(book), "--customers", "12"]) == 0
    with Store.open(book) as store:
        records = sum(store.count(kind) for kind in TABLES.values())
        customers = {c.id: (c.name, c.phones, c.email) for c in store.all(Customer)}
        done = export(store, tmp_path / "evening.fieldsync")
    assert done.path is not None and done.count == records  # not "the office has every change"
    assert len(read_sync_file(done.path).changes) == records

    office_book, morning = tmp_path / "office", tmp_path / "morning"
    morning.mkdir()
    with Store.open(office_book) as office:
        office_merge(office, [done.path], morning)
        at_office = {c.id: (c.name, c.phones, c.email) for c in office.all(Customer)}
    assert at_office == customers and len(customers) == 12


def test_the_demo_stays_seeded_the_same_seed_gives_the_same_records(tmp_path):
    books = [tmp_path / "a", tmp_path / "b"]
    for book in books:
        assert main(["demo", "--db", str(book), "--customers", "5", "--seed", "4"]) == 0
    seen = []
    for book in books:
        with Store.open(book, read_only=True) as store:
            seen.append({t: sorted((d["id"], d.get("name", ""), d.get("note", "")) for d in store.raw_table(t))
                         for t in TABLES})
    assert seen[0] == seen[1] and seen[0]["customers"]


def test_two_demo_books_at_one_office_are_told_apart_when_one_imports_the_others_file(tmp_path):
    """Both demo books are "Alex Chen 陈立"'s: the refusal said "is the morning file of
    Alex Chen 陈立, not yours" to a rep of that very name. It names both reps by id."""
    evening, morning = tmp_path / "evening", tmp_path / "morning"
    evening.mkdir(), morning.mkdir()
    ids, files = {}, []
    for name in ("first", "second"):
        assert main(["demo", "--db", str(tmp_path / name), "--customers", "3"]) == 0
        with Store.open(tmp_path / name) as store:
            ids[name] = store.rep_id
            files.append(export(store, evening / f"{name}.fieldsync").path)
    with Store.open(tmp_path / "office") as office:
        run = office_merge(office, files, morning)
    mornings = {m.rep.rep_id: (m.rep.name, m.path) for m in run.mornings}
    assert sorted(name for name, _path in mornings.values()) == ["Alex Chen 陈立", "Alex Chen 陈立 (2)"]
    for mine, theirs in (("first", "second"), ("second", "first")):
        with Store.open(tmp_path / mine) as store, pytest.raises(BookError) as refused:
            import_files(store, [mornings[ids[theirs]][1]])
        said = str(refused.value)
        assert f"another rep called {mornings[ids[theirs]][0]} (rep {ids[theirs][:8]}…)" in said
        assert f"this book is rep {ids[mine][:8]}…" in said and "not yours" not in said
