"""A demo book syncs like a real one: its records are the rep's own changes."""

from fieldcrm.cli import main
from fieldcrm.model import TABLES, Customer
from fieldcrm.office.merge import office_merge
from fieldcrm.store import Store
from fieldcrm.sync.exporter import export
from fieldcrm.sync.fileformat import read_sync_file


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
