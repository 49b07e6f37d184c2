"""A sync file is only what its header says, and anyone can write a header: a rep's day relabelled
"merged" must not pass for the office's word. On a laptop it gets no trust the office's own files
get: its far-future stamps are clamped like any rep's, on a laptop and at the office."""

from __future__ import annotations

import shutil

import pytest

from fieldcrm.cli import main
from fieldcrm.model import Customer
from fieldcrm.store import Store
from fieldcrm.sync.importer import import_files
from tests.sync.test_fuzz_files import OTHER, _header, write_sync_file

OFFICE = "01a21495-9771-7f15-8d76-000000000001"
FAR = f"9999999999999.0000.{OTHER}"  # the year 2286


@pytest.fixture
def laptop(demo_book, clock):
    """A rep's book that has an office, and one of its customers."""
    with Store.open(demo_book, clock=clock) as store:
        store.set_meta(office=OFFICE)
        customer_id = next(iter(store.raw_all(Customer)))["id"]
    return demo_book, customer_id


def _far_future_rename(path, customer_id, **header):
    write_sync_file(path, _header(**header),
                    [{"t": "customers", "id": customer_id, "s": FAR, "f": {"name": "EVIL"}, "b": {"name": []}}])
    return path


def test_a_stranger_calling_its_file_merged_gets_its_far_future_stamps_clamped(laptop, tmp_path, clock):
    book, customer_id = laptop
    path = _far_future_rename(tmp_path / "x.fieldsync", customer_id, kind="merged")
    with Store.open(book, clock=clock) as store:
        summary = import_files(store, [path])
        assert len(summary.clamped) == 1 and "EVIL" in summary.clamped[0]
        store.update(Customer, customer_id, name="Li Na")  # a real edit today still wins
        assert store.doc("customers", customer_id)["name"] == "Li Na"


def test_the_offices_own_merged_file_keeps_its_stamps(laptop, tmp_path, clock):
    """What the office sends was clamped there already; its stamps are taken as they are."""
    book, customer_id = laptop
    path = _far_future_rename(tmp_path / "x.fieldsync", customer_id, kind="merged", replica=OFFICE)
    with Store.open(book, clock=clock) as store:
        assert import_files(store, [path]).clamped == []


def test_the_office_clamps_a_file_that_calls_itself_merged(laptop, tmp_path, capsys):
    book, customer_id = laptop
    office = tmp_path / "office"
    shutil.copytree(book, office)  # an office book holding the same customers
    assert main(["office", "rep", "add", "Wang", "--master", str(office)]) == 0
    path = _far_future_rename(tmp_path / "x.fieldsync", customer_id, kind="merged")
    capsys.readouterr()
    code = main(["office", "merge", str(path), "--master", str(office), "-o", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 0 and "clock clamped" in out and "EVIL" in out, out
    with Store.open(office, read_only=True) as store:
        assert store.doc("customers", customer_id)["_h"]["name"]  # kept, as a version that ranks low
        assert not any(stamp.startswith("9999") for stamp in store.doc("customers", customer_id)["_h"]["name"])
