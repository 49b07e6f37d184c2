"""Clocks that are wrong: replicas ahead by seconds, minutes or a day, put right again later.

Every change goes through the office (which clamps stamps from clocks far
ahead, ``clock.clamp_stamp``) and back, in any order: every book ends the
same, and no written value is lost.
"""


from hypothesis import given, settings
from hypothesis import strategies as st

from fieldcrm.clock import HybridClock, clamp_stamp
from fieldcrm.store import merge
from fieldcrm.store.writing import DEFAULTS
from fieldcrm.sync.importer import Summary, _clamp
from tests.sync.sim import CUSTOMERS, Replica, Wall, apply_all, canon, export

MINUTE, DAY = 60_000, 86_400_000
OFFSETS = st.sampled_from([0, 0, 2_000, 4 * MINUTE, 6 * MINUTE, 3 * 60 * MINUTE, DAY, 30 * DAY, -60 * MINUTE])
OP = st.tuples(st.sampled_from(["create", "note", "edit", "edit", "edit", "delete"]),
               st.integers(0, 2), st.integers(0, 9))
ROUND = st.tuples(st.lists(OFFSETS, min_size=4, max_size=4),  # each replica's clock this round
                  st.lists(st.tuples(st.integers(0, 3), OP), max_size=10))


def _do(rep: Replica, kind: str, target: int, value: int) -> None:
    cid = CUSTOMERS[target]
    if kind == "create":
        rep.create_customer(cid, f"name {value}")
    elif kind == "note":
        rep.note(cid, f"note {value}")
    elif kind == "edit":
        rep.edit(cid, ["email", "name", "notes"][value % 3], f"{rep.name} v{value}")
    else:
        rep.delete(cid)


def _office_import(book: dict, logs: list[list[dict]], now_ms: int) -> dict:
    """What ``office merge`` does with rep files: clamp stamps far ahead of its clock, merge."""
    for log in logs:
        book = apply_all([_clamp(c, now_ms, Summary()) for c in log], book)
    return book


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 4), st.lists(ROUND, min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_skewed_clocks_converge_through_the_office_in_any_order_and_lose_nothing(count, rounds, rnd):
    wall = Wall()
    reps = [Replica(f"r{n}", wall) for n in range(count)]
    offices: list[dict] = [{}, {}]  # two offices, each merging the same files in its own order
    for offsets, ops in rounds + [([0] * 4, [])]:  # a last round with every clock right
        for rep, offset in zip(reps, offsets):
            rep.offset_ms = offset
        for who, (kind, target, value) in ops:
            wall.ms += rnd.randint(0, 10 * MINUTE)
            _do(reps[who % count], kind, target, value)
        logs = [rep.log for rep in reps]
        for n, office in enumerate(offices):
            order = logs[:] if n == 0 else rnd.sample(logs, len(logs))
            offices[n] = _office_import(office, order, wall.ms)
        assert canon(offices[0]) == canon(offices[1])
        merged = export(offices[0])  # the merged file: every version, clamps with their originals
        for rep in rnd.sample(reps, len(reps)):
            rep.take(rnd.sample(merged, len(merged)))
    views = [canon(rep.book) for rep in reps]
    assert all(view == canon(offices[0]) for view in views)
    # Nothing lost: every value written is in its field's versions, under its stamp or its clamp.
    for rep in reps:
        for change in rep.log:
            doc = offices[0][(change["t"], change["id"])]
            for field, value in change["f"].items():
                found = merge.versions(doc, field, DEFAULTS[change["t"]], "")
                if "b" not in change and found.get(change["s"], [value])[0] != value:
                    continue  # a second creation of a shared id: the first one's fields stand
                assert found.get(change["s"], found.get(clamp_stamp(change["s"]), [None]))[0] == value


def test_two_edits_from_a_clock_a_day_ahead_keep_their_order():
    """The bug: both edits got the same clamped stamp, the office kept the older one."""
    wall = Wall()
    laptop = Replica("r1", wall)
    laptop.create_customer("c0", "Li")
    office = _office_import({}, [laptop.log], wall.ms)
    laptop.offset_ms = DAY
    laptop.edit("c0", "email", "old@x.cn")
    wall.ms += 3000  # three seconds later
    laptop.edit("c0", "email", "new@x.cn")
    summary = Summary()
    clamped = [_clamp(c, wall.ms, summary) for c in laptop.log]
    assert len(summary.clamped) == 2 and len({c["s"] for c in clamped}) == 3
    office = _office_import(office, [laptop.log], wall.ms)
    assert office[("customers", "c0")]["email"] == "new@x.cn"
    laptop.take(export(office))
    assert laptop.book[("customers", "c0")]["email"] == "new@x.cn" and canon(laptop.book) == canon(office)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(1_000_000_000_000, 9_999_999_999_999), st.integers(0, 9999)),
                min_size=2, max_size=2))
def test_a_clamped_stamp_is_a_pure_function_that_keeps_a_replicas_order(pair):
    (ms1, c1), (ms2, c2) = sorted(pair)
    s1, s2 = f"{ms1:013d}.{c1:04d}.r1", f"{ms2:013d}.{c2:04d}.r1"
    assert clamp_stamp(s1) == clamp_stamp(s1) <= clamp_stamp(s2) < "1000000000000"
    assert len(clamp_stamp(s1)) == len(s1) and clamp_stamp(s1).endswith(".r1")
    if (ms1, min(c1, 999)) != (ms2, min(c2, 999)):
        assert clamp_stamp(s1) < clamp_stamp(s2)


def test_the_clock_starts_again_from_the_wall_once_the_wall_is_right():
    wall = {"ms": 1_800_000_000_000 + DAY}
    hlc = HybridClock("r1", wall_ms=lambda: wall["ms"])
    ahead = hlc.tick()
    wall["ms"] -= DAY  # the clock is put right
    assert hlc.tick() == f"{wall['ms']:013d}.0000.r1"
    wall["ms"] = 1_900_000_000_000
    hlc.observe(f"{wall['ms'] + DAY:013d}.0000.r9")  # a far-future stamp seen from elsewhere
    assert hlc.tick() == f"{wall['ms']:013d}.0000.r1"
    # A small step back is still the usual HLC: never backwards.
    wall["ms"] -= 1000
    assert hlc.tick() == f"{wall['ms'] + 1000:013d}.0001.r1" and ahead < hlc.tick()


def test_a_clock_put_back_never_writes_a_stamp_a_record_already_holds():
    wall = Wall()
    laptop = Replica("r1", wall)
    laptop.offset_ms = DAY
    laptop.create_customer("c0", "Li")
    laptop.edit("c0", "email", "first")  # written a day ahead
    laptop.offset_ms = 0
    laptop.edit("c0", "email", "second")  # the clock is right again: stamps start from the wall
    first = int(laptop.log[1]["s"].split(".")[0])
    wall.ms = first - 1  # a day later the real clock comes round to the first edit's millisecond
    laptop.edit("c0", "email", "third")
    stamps = [c["s"] for c in laptop.log]
    assert stamps[2] < stamps[1] and len(set(stamps)) == len(stamps)
    assert laptop.book[("customers", "c0")]["email"] == "third"
