"""Random assignments, reassignments and edits: no rep's file ever holds a record outside
that rep's scope, and after the loop every laptop equals the office's book restricted to it."""

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldcrm.model import Customer, Interaction
from fieldcrm.office.assign import assign
from fieldcrm.office.master import BookMaster
from fieldcrm.office.scope import in_scope
from fieldcrm.store import Store
from fieldcrm.sync.fileformat import read_sync_file
from tests.office.team import Team

NAMES = ["Ann", "Bob", "Cai"]
OPS = st.lists(st.tuples(st.sampled_from(["note", "edit", "create", "assign", "assign", "loop"]),
                         st.integers(0, 2), st.integers(0, 9), st.integers(0, 99)), min_size=1, max_size=14)


def _held(site) -> list[str]:
    with Store.open(site.folder, read_only=True) as store:
        return sorted(c.id for c in store.all(Customer))


def _check_files(team, mornings) -> None:
    with Store.open(team.office.folder, read_only=True) as store:
        master = BookMaster(store)
        roster = master.roster()
        for name, path in mornings.items():
            for change in read_sync_file(path).changes:
                doc = store.doc(change["t"], change["id"])
                assert in_scope(team.rep_ids[name], change["t"], doc, store.doc, roster.rep_of_replica,
                                master.base_hlc), f"{name}'s file holds {change['t']} {change['id']}"


@settings(max_examples=25, deadline=None)
@given(OPS)
def test_files_stay_in_scope_and_laptops_match_the_office(tmp_path_factory, ops):
    team = Team(tmp_path_factory.mktemp("team"), NAMES)
    with team.office.open() as store:
        customers = [store.add(Customer(name=f"c{n}", owner=team.rep_ids[NAMES[n % 3]])).id for n in range(4)]
    _check_files(team, team.loop())
    for kind, who, target, value in ops:
        name = NAMES[who]
        site = team.laptops[name]
        team.advance(minutes=5)
        if kind == "loop":
            _check_files(team, team.loop())
        elif kind == "assign":
            with team.office.open() as store:
                assign(BookMaster(store), [customers[target % len(customers)]], team.rep_ids[name])
        elif kind == "create":
            with site.open() as store:
                customers.append(store.add(Customer(name=f"new {value}")).id)
        else:
            held = _held(site)
            if held:
                cid = held[target % len(held)]
                with site.open() as store:
                    if kind == "note":
                        store.add(Interaction(customer_id=cid, note=f"note {value}"))
                    else:
                        store.update(Customer, cid, hobbies=f"hobby {value}")
    for _ in range(2):  # the last changes out, then the morning that confirms them
        team.advance(minutes=5)
        _check_files(team, team.loop())
    for name in NAMES:
        assert team.holds(name) == team.expected(name), name
