"""Output paths never overwrite a file or write into a book; inputs are regular files."""

import os
import stat

import pytest

from fieldcrm.store.files import ensure_private_dir
from fieldcrm.store.outside_files import InputRefused, OutputRefused, check_input, check_output


def test_an_output_inside_a_book_is_refused(demo_book):
    for name in ("changes.jsonl", "book.json", "new-file.fieldsync", "backups/x.json"):
        with pytest.raises(OutputRefused, match="inside the book folder"):
            check_output(demo_book / name, force=True)


def test_an_existing_file_is_kept_unless_forced(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("keep me")
    with pytest.raises(OutputRefused, match="already exists; .*--force"):
        check_output(target)
    assert check_output(target, force=True) == target
    assert check_output(tmp_path / "new.csv") == tmp_path / "new.csv"
    with pytest.raises(OutputRefused, match="does not exist"):
        check_output(tmp_path / "nowhere" / "x.csv")


def test_a_fifo_or_a_folder_is_not_read(tmp_path):
    fifo = tmp_path / "pipe.vcf"
    os.mkfifo(fifo)
    with pytest.raises(InputRefused, match="not a regular file"):
        check_input(fifo)
    with pytest.raises(InputRefused, match="is a folder"):
        check_input(tmp_path)
    with pytest.raises(InputRefused, match="There is no file"):
        check_input(tmp_path / "missing.vcf")


def test_new_folders_are_private_whatever_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        ensure_private_dir(tmp_path / "a" / "b" / "c")
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
