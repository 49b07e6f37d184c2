"""A laptop whose clock was a day ahead, put right: its new work is not clamped and wins everywhere."""

from fieldcrm.model import Customer
from fieldcrm.store import Store
from fieldcrm.office.merge import office_merge
from tests.sync.helpers import Site, export_day, import_into, merge_files


def _email_everywhere(sites, cid):
    out = []
    for site in sites:
        with Store.open(site.folder, read_only=True) as book:
            out.append(book.get(Customer, cid).email)
    return out


def test_a_laptop_a_day_ahead_recovers_once_its_clock_is_right(tmp_path):
    office, laptop, colleague = Site(tmp_path / "office"), Site(tmp_path / "laptop"), Site(tmp_path / "bob")
    with office.open() as master:
        li = master.add(Customer(name="Li", email="li@old.cn"))
    start = merge_files(office, [], tmp_path / "m0.fieldsync")
    for site in (laptop, colleague):
        import_into(site, [start])

    laptop.clock.advance(days=1)  # the laptop's clock is set a day ahead
    with laptop.open() as book:
        book.update(Customer, li.id, email="li@ahead.cn")
    office.clock.advance(hours=1)
    with office.open() as master:
        summary = office_merge(master, [export_day(laptop, tmp_path / "f1.fieldsync")], tmp_path).summary
    assert len(summary.clamped) == 1

    laptop.clock.advance(days=-1, hours=2)  # put right; two hours later she writes again
    with laptop.open() as book:
        book.update(Customer, li.id, email="li@new.cn")
    office.clock.advance(hours=2)
    with office.open() as master:
        summary = office_merge(master, [export_day(laptop, tmp_path / "f2.fieldsync")], tmp_path).summary
        stamp = master.raw(Customer, li.id)["_h"]["email"]
    new = [s for s, (value, _) in stamp.items() if value == "li@new.cn"]
    assert new and new[0].startswith("1")  # a real stamp, not clamped again
    merged = merge_files(office, [], tmp_path / "m2.fieldsync")
    for site in (laptop, colleague):
        import_into(site, [merged])
    assert _email_everywhere([office, laptop, colleague], li.id) == ["li@new.cn"] * 3
    assert office.canonical() == laptop.canonical() == colleague.canonical()
    # And the laptop writes real stamps from now on: nothing left to clamp, nothing stuck to resend.
    laptop.clock.advance(minutes=10)
    with laptop.open() as book:
        book.update(Customer, li.id, hobbies="tea")
    office.clock.advance(minutes=10)
    with office.open() as master:
        summary = office_merge(master, [export_day(laptop, tmp_path / "f3.fieldsync")], tmp_path).summary
    assert summary.clamped == [] and summary.updated_fields == 1 and summary.skipped == 0
