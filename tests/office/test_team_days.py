"""Three reps and the office through three days with real files.

On each laptop the book holds exactly that rep's scope, every record checked;
a reassigned customer arrives whole at its new rep and leaves the old rep's
laptop; a handover moves everything; nothing anybody wrote is lost at the office.
"""

import datetime as dt

from fieldcrm.model import Complaint, Customer, FollowUp, Interaction
from fieldcrm.office.assign import assign, handover
from fieldcrm.office.master import BookMaster
from fieldcrm.rules.settings import Settings
from fieldcrm.store import Store
from fieldcrm.workbook import Workbook
from tests.office.team import Team


def _on(site, fn):
    with site.open() as store:
        return fn(store)


def test_three_reps_three_days(tmp_path):
    team = Team(tmp_path, ["Ann", "Bob", "Cai"])
    ann, bob, cai = (team.laptops[n] for n in ("Ann", "Bob", "Cai"))
    rep = team.rep_ids
    with team.office.open() as master:
        li = master.add(Customer(name="李伟", owner=rep["Ann"], area="Pudong"))
        wu = master.add(Customer(name="Wu Fang", owner=rep["Ann"]))
        zhao = master.add(Customer(name="赵敏", owner=rep["Bob"]))
        chen = master.add(Customer(name="Chen Jie", owner=rep["Cai"]))
        old_note = master.add(Interaction(customer_id=li.id, note="met at the fair", rep_id=rep["Ann"]))

    # Day 0: each rep starts a fresh book from the file the office wrote for them.
    mornings = team.loop()
    assert set(mornings) == {"Ann", "Bob", "Cai"}
    for name in team.laptops:
        assert team.holds(name) == team.expected(name)
    assert team.ids("Ann", "customers") == {li.id, wu.id}
    assert team.ids("Ann", "interactions") == {old_note.id}
    assert team.ids("Bob", "customers") == {zhao.id} and team.ids("Cai", "customers") == {chen.id}
    assert _on(ann, lambda s: (s.rep_id, s.rep.name)) == (rep["Ann"], "Ann")

    # Day 1: everyone works on their own customers, and makes new ones.
    team.advance(days=1)
    notes = {}
    notes["ann"] = _on(ann, lambda s: s.add(Interaction(customer_id=li.id, note="Ann: samples")))
    _on(ann, lambda s: s.update(Customer, wu.id, hobbies="tea"))
    notes["bob"] = _on(bob, lambda s: s.add(Interaction(customer_id=zhao.id, note="Bob: prices")))
    bobs_new = _on(bob, lambda s: s.add(Customer(name="Bob's new customer")))
    follow = _on(cai, lambda s: s.add(FollowUp(customer_id=chen.id, due="2026-11-30", reason="call back")))
    complaint = _on(cai, lambda s: s.add(Complaint(customer_id=chen.id, description="late delivery")))
    team.loop()
    for name in team.laptops:
        assert team.holds(name) == team.expected(name)
    assert team.ids("Bob", "customers") == {zhao.id, bobs_new.id}
    assert notes["bob"].id not in team.ids("Ann", "interactions")  # Bob's notes stay with Bob
    for site in team.laptops.values():
        assert _on(site, lambda s: s.count(Customer)) == len(team.ids(_name(team, site), "customers"))

    # Day 2: the office moves 李伟 to Bob. Ann, not knowing yet, writes a note on him
    # after her evening export; it must still reach the office.
    team.advance(days=1)
    with team.office.open() as store:
        assert assign(BookMaster(store), [li.id], rep["Bob"]) == 1
    team.loop(overnight=lambda: _on(ann, lambda s: s.update(Customer, li.id, hobbies="golf")))
    late = _on(ann, lambda s: s.add(Interaction(customer_id=li.id, note="Ann: one more thing")))
    assert li.id in team.ids("Bob", "customers")  # arrived whole, with Ann's history
    assert {old_note.id, notes["ann"].id} <= team.ids("Bob", "interactions")
    with Store.open(ann.folder, read_only=True) as store:
        assert store.get(Customer, li.id) is None and li.id not in {c.id for c in store.all(Customer)}
        assert [c.name for c in store.all(Customer)] == ["Wu Fang"]
    # Gone from her screens at once; its history stays in her log only until the office has her edit.
    assert "golf".encode() in (ann.folder / "changes.jsonl").read_bytes()
    team.advance(days=1)
    team.loop()  # Ann's late note and edit go out with her next export
    with Store.open(team.office.folder, read_only=True) as store:
        assert store.get(Interaction, late.id) is not None and store.get(Customer, li.id).hobbies == "golf"
    for name in ("changes.jsonl", "book.json"):
        held = (ann.folder / name).read_bytes()
        assert "李伟".encode() not in held and b"golf" not in held, name
    assert late.id in team.ids("Bob", "interactions")
    for name in team.laptops:
        assert team.holds(name) == team.expected(name)

    # Day 3: Cai leaves; everything of Cai's goes to Ann, open follow-up and complaint included.
    team.advance(days=1)
    with team.office.open() as store:
        moved, open_work = handover(BookMaster(store), rep["Cai"], rep["Ann"])
    assert (moved, open_work) == (1, 2)
    team.loop()
    assert chen.id in team.ids("Ann", "customers")
    assert {follow.id} <= team.ids("Ann", "followups") and {complaint.id} <= team.ids("Ann", "complaints")
    assert _on(cai, lambda s: s.count(Customer)) == 0
    for name in ("Ann", "Bob"):
        assert team.holds(name) == team.expected(name)

    # Each report counts only its rep's work: Bob now holds 李伟 with Ann's two visits on him.
    for name, visits in (("Ann", 3), ("Bob", 1)):
        with Store.open(team.laptops[name].folder, read_only=True) as store:
            report = Workbook(store, Settings()).report("month", dt.date(2026, 11, 27))
            assert sum(week.by_kind["visit"] for week in report.activity) == visits, name

    # Nothing written by anyone is lost at the office.
    with Store.open(team.office.folder, read_only=True) as store:
        for note in [old_note, late, *notes.values()]:
            assert store.get(Interaction, note.id) is not None
        assert store.get(Customer, bobs_new.id) is not None and store.get(Customer, wu.id).hobbies == "tea"


def _name(team, site):
    return next(n for n, s in team.laptops.items() if s is site)
