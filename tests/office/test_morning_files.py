"""A morning file is for one rep: a fresh book takes its rep from it, any other book refuses it."""

import pytest

from fieldcrm.model import Customer
from fieldcrm.store import BookError, Store
from fieldcrm.sync.fileformat import read_sync_file
from tests.conftest import folder_bytes
from tests.office.team import Team
from tests.sync.helpers import Site, import_into, merge_all


def test_a_book_refuses_another_reps_morning_file_and_a_fresh_one_adopts_it(tmp_path):
    team = Team(tmp_path, ["Ann", "Bob"])
    with team.office.open() as store:
        store.add(Customer(name="Ann's customer", owner=team.rep_ids["Ann"]))
        store.add(Customer(name="Bob's customer", owner=team.rep_ids["Bob"]))
    mornings = team.loop()
    header = read_sync_file(mornings["Bob"]).header
    assert header["for_rep"] == team.rep_ids["Bob"] and header["withdrawn"] == []
    ann = team.laptops["Ann"]
    before = folder_bytes(ann.folder)
    with pytest.raises(BookError, match="is the morning file of Bob, not yours"):
        import_into(ann, [mornings["Bob"]])
    assert folder_bytes(ann.folder) == before
    # A second laptop of Bob's starts from the same file.
    spare = Site(tmp_path / "bobs-spare")
    import_into(spare, [mornings["Bob"]])
    with Store.open(spare.folder, read_only=True) as store:
        assert store.rep_id == team.rep_ids["Bob"] and [c.name for c in store.all(Customer)] == ["Bob's customer"]


def test_a_new_rep_starts_from_the_file_the_office_writes_with_no_rep_file(tmp_path):
    team = Team(tmp_path, ["Ann"])
    with team.office.open() as store:
        cid = store.add(Customer(name="Given to Ann", owner=team.rep_ids["Ann"])).id
    mornings = merge_all(team.office, [], tmp_path / "start")
    header = read_sync_file(mornings["Ann"]).header
    assert header["since"] == 0 and cid in {c["id"] for c in read_sync_file(mornings["Ann"]).changes}
