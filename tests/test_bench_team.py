"""The team bench's office and files are what a real office and real laptops make."""

from fieldcrm.bench.team import build_office, rep_day_files
from fieldcrm.model import Customer, Interaction
from fieldcrm.office.master import BookMaster
from fieldcrm.office.merge import office_merge
from fieldcrm.office.scope import in_scope
from fieldcrm.store import Store
from fieldcrm.sync.exporter import export
from fieldcrm.sync.fileformat import read_sync_file


def test_bench_rep_files_carry_every_header_field_a_real_export_writes(tmp_path):
    team = build_office(tmp_path / "master", reps=2, per_rep=5)
    bench_file = rep_day_files(tmp_path / "master", team, tmp_path / "evening", changes=20)[0]
    with Store.open(tmp_path / "laptop") as laptop:
        cid = laptop.add(Customer(name="Li")).id
        laptop.add(Interaction(customer_id=cid, note="visit"))
        real = export(laptop, tmp_path / "real.fieldsync").path
    assert set(read_sync_file(real).header) <= set(read_sync_file(bench_file).header)


def test_bench_office_sends_each_rep_only_their_scope_since_yesterday(tmp_path):
    team = build_office(tmp_path / "master", reps=3, per_rep=6)
    files = rep_day_files(tmp_path / "master", team, tmp_path / "evening", changes=30)
    out = tmp_path / "morning"
    out.mkdir()
    with Store.open(tmp_path / "master") as store:
        run = office_merge(store, files, out)
        master, roster = BookMaster(store), BookMaster(store).roster()
        assert run.summary.new_records > 0 and run.summary.updated_fields > 0 and not run.summary.conflicts
        assert sorted(m.rep.rep_id for m in run.mornings) == sorted(team.ids)
        for morning in run.mornings:
            assert morning.since == team.position  # confirmed yesterday: not the whole scope again
            changes = read_sync_file(morning.path).changes
            assert 0 < len(changes)
            for change in changes:
                doc = store.doc(change["t"], change["id"])
                assert in_scope(morning.rep.rep_id, change["t"], doc, store.doc, roster.rep_of_replica,
                                master.base_hlc)


def test_the_import_applying_its_planned_documents_makes_the_same_book_as_merging_again(tmp_path):
    import shutil

    import orjson

    from fieldcrm.sync.importer import import_files, plan, read_all

    team = build_office(tmp_path / "master", reps=3, per_rep=6)
    files = rep_day_files(tmp_path / "master", team, tmp_path / "evening", changes=60)
    shutil.copytree(tmp_path / "master", tmp_path / "again")
    with Store.open(tmp_path / "master") as store:
        summary = import_files(store, files)
        assert summary.merged and summary.updated_fields  # existing records edited, some twice
        planned = orjson.dumps({t: d for t, d in store._data.items() if t != "meta"}, option=orjson.OPT_SORT_KEYS)
    with Store.open(tmp_path / "again") as store:
        summary = plan(store, read_all(files))
        store.apply_changes(summary.changes, meta=summary.meta or None, withdraw=summary.withdrawn)
        merged_again = orjson.dumps({t: d for t, d in store._data.items() if t != "meta"},
                                    option=orjson.OPT_SORT_KEYS)
    assert planned == merged_again


def test_the_office_merge_gives_the_collector_back_even_when_a_file_is_refused(tmp_path):
    import gc

    import pytest

    from fieldcrm.sync.fileformat import SyncFileError

    team = build_office(tmp_path / "master", reps=2, per_rep=3)
    bad = rep_day_files(tmp_path / "master", team, tmp_path / "evening", changes=5)[0]
    bad.write_bytes(bad.read_bytes()[:-10])
    with Store.open(tmp_path / "master") as store, pytest.raises(SyncFileError):
        office_merge(store, [bad], tmp_path)
    assert gc.isenabled()
