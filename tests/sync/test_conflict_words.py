"""A conflict in words, as `fieldcrm sync import` prints it: both values, who wrote each and when."""

import datetime as dt

from fieldcrm.model import Customer, Rep
from fieldcrm.sync.authors import author, plain
from fieldcrm.sync.importer import import_files
from tests.sync.helpers import Site, export_day, import_into, merge_files

UTC = dt.timezone.utc


def _raced(tmp_path, field: str, before, ann_value, bob_value, names=("Ann", "Bob")):
    """Ann and Bob each changed one field of 李伟 without seeing the other's change: Ann's book
    the next morning, and the office's merged file for her."""
    office, ann, bob = Site(tmp_path / "office"), Site(tmp_path / "ann"), Site(tmp_path / "bob")
    for site, name in zip((ann, bob), names):
        with site.open() as book:
            book.set_rep(Rep(name=name))
    with office.open() as master:
        li = master.add(Customer(name="李伟", **{field: before}))
    start = merge_files(office, [], tmp_path / "start.fieldsync")
    import_into(ann, [start])
    import_into(bob, [start])
    for hours, site, value in ((1, ann, ann_value), (2, bob, bob_value)):
        site.clock.advance(hours=hours)
        with site.open() as book:
            book.update(Customer, li.id, **{field: value})
    office.clock.advance(hours=3)
    merged = merge_files(office, [export_day(ann, tmp_path / "a.fieldsync"), export_day(bob, tmp_path / "b.fieldsync")],
                         tmp_path / "merged.fieldsync")
    ann.clock.advance(hours=12)  # the next morning: Bob's change is not from Ann's future
    return ann, merged


def _phones_raced(tmp_path):
    return _raced(tmp_path, "phones", ["137 0000 0000"], ["138 1111 0001"], ["139 2222 0002", "139 2222 0003"])


def test_an_imported_conflict_says_who_wrote_each_value_and_when_in_plain_words(tmp_path):
    ann, merged = _phones_raced(tmp_path)
    with ann.open() as book:
        summary = import_files(book, [merged], tz=UTC)
    conflicts = [line for line in summary.lines() if "conflict:" in line]
    assert conflicts == ["  conflict: customers 李伟: phones is 139 2222 0002, 139 2222 0003 "
                         "(Bob, 2026-11-23 10:00); also 138 1111 0001 (Ann, 2026-11-23 09:00)"]
    assert "[" not in conflicts[0] and "'" not in conflicts[0]


def test_the_times_are_local(tmp_path):
    ann, merged = _phones_raced(tmp_path)
    with ann.open() as book:
        summary = import_files(book, [merged], dry_run=True, tz=dt.timezone(dt.timedelta(hours=8)))
    assert "(Bob, 2026-11-23 18:00); also 138 1111 0001 (Ann, 2026-11-23 17:00)" in "\n".join(summary.lines())


def test_a_rep_whose_name_is_unknown_shows_as_a_short_replica_id():
    stamp = "1795424400000.0000.0192f3a4-5b6c-7d8e-9f00-a1b2c3d4e5f6"
    assert author(stamp, {}) == "replica c3d4e5f6"
    assert author(stamp, {"0192f3a4-5b6c-7d8e-9f00-a1b2c3d4e5f6": "Bob"}) == "Bob"


def test_values_read_as_words():
    assert [plain(["138 1111 0001", "139 2222 0002"]), plain(None), plain(True), plain(3)] == \
        ["138 1111 0001, 139 2222 0002", "", "yes", "3"]


def test_a_long_value_in_a_conflict_is_one_short_line_each(tmp_path):
    """Two pages of notes written on two laptops: the line names both, cut short, on one line each."""
    ann, merged = _raced(tmp_path, "notes", "", "喜欢喝普洱茶，周末打高尔夫。\n" * 40, "Prefers calls after 6pm.\n" * 40)
    with ann.open() as book:
        summary = import_files(book, [merged], tz=UTC)
    (line,) = [line for line in summary.lines() if "conflict:" in line]
    assert "\n" not in line and len(line) < 200, line
    assert "Prefers calls after 6pm. Prefers calls" in line and "喜欢喝普洱茶，周末打高尔夫。 喜欢" in line
    assert line.count("…") == 2 and "(Bob, 2026-11-23 10:00)" in line and "(Ann, 2026-11-23 09:00)" in line


def test_conflicts_are_put_into_words_only_when_shown(tmp_path, monkeypatch):
    """An office merge meets 50,000 conflicts and prints 50: wording each cost a fifth of planning."""
    import pickle

    from fieldcrm.sync import authors
    ann, merged = _phones_raced(tmp_path)
    worded = []
    original = authors.plain  # what every value in words goes through
    monkeypatch.setattr(authors, "plain", lambda value: worded.append(value) or original(value))
    with ann.open() as book:
        summary = import_files(book, [merged], tz=UTC)
    assert len(summary.conflicts) == 1 and worded == []
    travelled = pickle.loads(pickle.dumps(summary.conflicts[0]))  # from the office's planning process
    assert travelled == summary.conflicts[0] and str(travelled) == str(summary.conflicts[0])
    worded.clear()
    assert summary.lines(conflicts_shown=0)[-1].startswith("  ... and 1 more conflict:") and worded == []
    assert "phones is 139 2222 0002" in "\n".join(summary.lines())
