"""Many files (an office's day) are read side by side; the result and the refusal are the same."""

from __future__ import annotations

import pytest

from fieldcrm.clock import HybridClock
from fieldcrm.ids import new_id
from fieldcrm.store.migrations import SCHEMA_VERSION
from fieldcrm.sync import importer
from fieldcrm.sync.fileformat import FORMAT, VERSION, SyncFileError, read_sync_file, write_sync_file


def _files(tmp_path, count: int) -> list:
    paths = []
    for n in range(count):
        path = tmp_path / f"rep{n}.fieldsync"
        replica = new_id()
        clock = HybridClock(replica)
        changes = [{"t": "customers", "id": new_id(), "s": clock.tick(), "f": {"name": f"Customer {n}-{k}", "created": "2026-01-15T10:00:00Z"}}
                   for k in range(3)]
        write_sync_file(path, {"format": FORMAT, "version": VERSION, "schema": SCHEMA_VERSION, "kind": "rep",
                               "replica": replica, "export_id": new_id()}, changes)
        paths.append(path)
    return paths


def test_many_files_read_side_by_side_are_the_files_read_one_by_one(tmp_path):
    paths = _files(tmp_path, importer.PARALLEL_FILES + 4)
    told = []
    files = importer.read_all(paths, progress=lambda done, total: told.append((done, total)), parallel=True)
    alone = [read_sync_file(p) for p in paths]
    assert [(f.path, f.header, f.changes) for f in files] == [(f.path, f.header, f.changes) for f in alone]
    assert told[-1] == (len(paths), len(paths) + 1)


def test_the_first_bad_file_in_order_is_the_one_refused(tmp_path):
    paths = _files(tmp_path, importer.PARALLEL_FILES + 4)
    for bad in (paths[7], paths[12]):
        bad.write_bytes(bad.read_bytes()[:-10])
    with pytest.raises(SyncFileError, match="rep7.fieldsync"):
        importer.read_all(paths, parallel=True)
