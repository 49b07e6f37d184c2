"""The office book sets a bad rep file aside and merges the others: one damaged file does not
hold up every rep's morning (the PostgreSQL office does the same: tests/office_pg/test_safety.py)."""

from __future__ import annotations

import shutil

from fieldcrm.cli import main
from tests.sync.helpers import Site, merge_all, merge_beside_a_cut_file
from tests.sync.test_sync_files import _rep_files


def test_a_bad_file_is_set_aside_in_one_sentence_and_the_others_merge(tmp_path, capsys):
    files = _rep_files(tmp_path, 2, [(0, "edit", 0, 1), (1, "note", 1, 2)])
    office = tmp_path / "office"
    shutil.copytree(office, tmp_path / "same-office")
    merge_beside_a_cut_file(str(office), files[2], files[1], tmp_path, capsys)
    same = Site(tmp_path / "same-office")
    merge_all(same, [files[2]], tmp_path / "same-out")
    assert Site(office).canonical() == same.canonical()  # the good file merged, nothing of the bad one


def test_a_file_from_this_very_office_is_set_aside_too(tmp_path, capsys):
    files = _rep_files(tmp_path, 1, [(0, "note", 0, 1)])
    office = tmp_path / "office"
    from fieldcrm.store import Store
    from fieldcrm.sync.exporter import export
    with Store.open(office) as store:
        own = export(store, tmp_path / "own.fieldsync").path
    code = main(["office", "merge", str(own), str(files[1]), "--master", str(office), "-o", str(tmp_path / "o")])
    out, err = capsys.readouterr()
    assert code == 1 and f"{own} was exported from this very office; nothing was changed." in err
    assert out.startswith("1 file: ")


def test_a_folder_or_a_missing_name_among_the_files_is_set_aside_too(tmp_path, capsys):
    files = _rep_files(tmp_path, 1, [(0, "note", 0, 1)])
    office = tmp_path / "office"
    folder = tmp_path / "evening" / "li-na.fieldsync"
    folder.mkdir(parents=True)
    missing = tmp_path / "evening" / "nosuch.fieldsync"
    code = main(["office", "merge", str(folder), str(files[1]), str(missing), "--master", str(office),
                 "-o", str(tmp_path / "o")])
    out, err = capsys.readouterr()
    assert code == 1 and out.startswith("1 file: ")  # the good one merged
    assert err.splitlines() == ["fieldcrm: 2 files were not merged; ask their reps to send them again:",
                                f"  {folder} is a folder, not a file; nothing was changed.",
                                f"  There is no file {missing}; nothing was changed."]
