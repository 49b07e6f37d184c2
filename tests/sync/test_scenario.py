"""Two reps and the office, three days: concurrent edits, offline notes, a delete racing an edit."""

from fieldcrm.model import Customer, Interaction
from fieldcrm.sync.fileformat import read_sync_file
from tests.sync.helpers import Site, export_day, import_into, merge_files


def test_three_days_two_reps_and_the_office_agree_and_lose_nothing(tmp_path):
    office, ann, bob = Site(tmp_path / "office"), Site(tmp_path / "ann"), Site(tmp_path / "bob")
    with office.open() as master:
        li = master.add(Customer(name="李伟", phones=["+86 138 0000 0001"], email="li@old.cn"))
        wu = master.add(Customer(name="Wu Fang", hobbies="tea"))
    morning = merge_files(office, [], tmp_path / "day0-merged.fieldsync")
    import_into(ann, [morning])
    import_into(bob, [morning])

    # Day 1: Ann changes the phone, Bob the e-mail of the same customer; each writes a note offline.
    for site in (ann, bob, office):
        site.clock.advance(days=1)
    with ann.open() as book:
        book.update(Customer, li.id, phones=["+86 139 1111 2222"])
        note_a = book.add(Interaction(customer_id=li.id, note="Ann: wants samples"))
    with bob.open() as book:
        book.update(Customer, li.id, email="li@new.cn")
        note_b = book.add(Interaction(customer_id=li.id, note="Bob: 王总 asked about prices"))
    files = [export_day(ann, tmp_path / "ann-1.fieldsync"), export_day(bob, tmp_path / "bob-1.fieldsync")]
    merged = merge_files(office, files, tmp_path / "day1-merged.fieldsync")
    for site in (ann, bob):
        import_into(site, [merged])
    for site in (ann, bob, office):
        with site.open() as book:
            customer = book.get(Customer, li.id)
            assert customer.phones == ["+86 139 1111 2222"] and customer.email == "li@new.cn"
            assert {note_a.id, note_b.id} <= {i.id for i in book.all(Interaction)}
            assert book.conflicts() == []
    # The office confirmed all Ann sent: her next file only says how far she has read the office's.
    assert read_sync_file(export_day(ann, tmp_path / "ann-1b.fieldsync")).changes == []
    assert export_day(ann, tmp_path / "ann-1c.fieldsync") is None

    # Day 2: Ann deletes Wu while Bob, offline, adds a hobby; both change Li's phone.
    for site in (ann, bob, office):
        site.clock.advance(days=1)
    with ann.open() as book:
        book.delete(Customer, wu.id)
        book.update(Customer, li.id, phones=["+86 130 0000 3333"])
    with bob.open() as book:
        book.update(Customer, wu.id, hobbies="tea, golf")
        book.update(Customer, li.id, phones=["+86 131 0000 4444"])
    files = [export_day(bob, tmp_path / "bob-2.fieldsync"), export_day(ann, tmp_path / "ann-2.fieldsync")]
    merged = merge_files(office, files, tmp_path / "day2-merged.fieldsync")
    for site in (ann, bob):
        import_into(site, [merged])
    views = [site.canonical() for site in (office, ann, bob)]
    assert views[0] == views[1] == views[2]
    with bob.open() as book:
        wu_now = book.get(Customer, wu.id, include_deleted=True)
        assert wu_now.deleted and wu_now.hobbies == "tea, golf"  # deleted, but nothing lost
        found = {(table, rid): fields for table, rid, fields in book.conflicts()}
        assert "deleted" in found[("customers", wu.id)]
        phone_versions = [v for _, v in found[("customers", li.id)]["phones"]]
        assert len(phone_versions) == 1 and book.get(Customer, li.id).phones != phone_versions[0]

    # Day 3: Ann settles the phone on Bob's number; the conflict clears everywhere.
    for site in (ann, bob, office):
        site.clock.advance(days=1)
    with ann.open() as book:
        book.resolve(Customer, li.id, "phones", ["+86 131 0000 4444"])
        book.update(Customer, wu.id, deleted=False)  # and brings Wu back
    merged = merge_files(office, [export_day(ann, tmp_path / "ann-3.fieldsync")], tmp_path / "day3.fieldsync")
    for site in (ann, bob):
        import_into(site, [merged])
    views = [site.canonical() for site in (office, ann, bob)]
    assert views[0] == views[1] == views[2]
    for site in (ann, bob, office):
        with site.open() as book:
            assert book.get(Customer, li.id).phones == ["+86 131 0000 4444"]
            assert book.conflicts() == []
            assert book.get(Customer, wu.id).hobbies == "tea, golf"
            assert {note_a.id, note_b.id} <= {i.id for i in book.all(Interaction)}
