"""Every bad sync file: one clear sentence, a non-zero exit, and the book byte for byte as it was."""

import os
import subprocess
import sys

import orjson
import pytest

from fieldcrm.model import Customer, Interaction
from fieldcrm.store import Store
from tests.conftest import folder_bytes
from tests.sync.helpers import Site, export_day


@pytest.fixture
def rep_and_file(tmp_path):
    """A rep's book, and a good sync file from another rep to spoil."""
    other = Site(tmp_path / "other")
    with other.open() as book:
        customer = book.add(Customer(name="Tom Baker"))
        for n in range(5):
            book.add(Interaction(customer_id=customer.id, note=f"note {n}"))
    good = export_day(other, tmp_path / "good.fieldsync")
    rep = tmp_path / "rep"
    with Store.open(rep) as book:
        book.add(Customer(name="Mine"))
    return rep, good


def _import(rep, path):
    return subprocess.run([sys.executable, "-m", "fieldcrm", "sync", "import", str(path), "--db", str(rep)],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)


def _refused(rep, path, *phrases):
    before = folder_bytes(rep)
    result = _import(rep, path)
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith("fieldcrm: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and "Nothing was changed" in result.stderr.replace("nothing", "Nothing")
    for phrase in phrases:
        assert phrase in result.stderr
    assert folder_bytes(rep) == before


def test_the_good_file_imports(rep_and_file):
    rep, good = rep_and_file
    result = _import(rep, good)
    assert result.returncode == 0 and "6 new records" in result.stdout  # a customer and five notes


def test_a_truncated_file(rep_and_file, tmp_path):
    rep, good = rep_and_file
    data = good.read_bytes()
    (tmp_path / "cut.fieldsync").write_bytes(data[: len(data) - 40])
    _refused(rep, tmp_path / "cut.fieldsync", "is cut short")


def test_a_file_cut_at_a_line_end(rep_and_file, tmp_path):
    rep, good = rep_and_file
    lines = good.read_bytes().split(b"\n")
    (tmp_path / "cut.fieldsync").write_bytes(b"\n".join(lines[:4]) + b"\n")
    _refused(rep, tmp_path / "cut.fieldsync", "cut short")


def test_a_flipped_bit(rep_and_file, tmp_path):
    rep, good = rep_and_file
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0x04
    (tmp_path / "flip.fieldsync").write_bytes(bytes(data))
    _refused(rep, tmp_path / "flip.fieldsync", "checksum does not match")


def test_a_wrong_checksum(rep_and_file, tmp_path):
    rep, good = rep_and_file
    body, _, _ = good.read_bytes()[:-1].rpartition(b"\n")
    (tmp_path / "sum.fieldsync").write_bytes(body + b"\n" + orjson.dumps({"sha256": "0" * 64}) + b"\n")
    _refused(rep, tmp_path / "sum.fieldsync", "checksum does not match")


def test_a_foreign_file(rep_and_file, tmp_path):
    rep, _ = rep_and_file
    (tmp_path / "contacts.json").write_bytes(orjson.dumps({"format": "something-else", "people": []}) + b"\n")
    _refused(rep, tmp_path / "contacts.json", "is not a fieldcrm sync file")


@pytest.mark.parametrize("field, value", [("schema", 99), ("version", 7)])
def test_a_file_from_a_newer_fieldcrm(rep_and_file, tmp_path, field, value):
    rep, good = rep_and_file
    lines = good.read_bytes().split(b"\n")
    header = orjson.loads(lines[0])
    header[field] = value
    lines[0] = orjson.dumps(header)
    (tmp_path / "new.fieldsync").write_bytes(b"\n".join(lines))
    _refused(rep, tmp_path / "new.fieldsync", "newer fieldcrm")


def test_the_reps_own_file_replayed(tmp_path):
    rep = Site(tmp_path / "rep")
    with rep.open() as book:
        book.add(Customer(name="Mine"))
    own = export_day(rep, tmp_path / "own.fieldsync")
    _refused(rep.folder, own, "exported from this very book")


def test_an_empty_file(rep_and_file, tmp_path):
    rep, _ = rep_and_file
    (tmp_path / "empty.fieldsync").write_bytes(b"")
    _refused(rep, tmp_path / "empty.fieldsync", "is empty")


def test_a_folder(rep_and_file, tmp_path):
    rep, _ = rep_and_file
    (tmp_path / "a-folder.fieldsync").mkdir()
    _refused(rep, tmp_path / "a-folder.fieldsync", "is a folder")


def test_a_200_megabyte_random_file_is_refused_from_its_first_line(rep_and_file, tmp_path):
    rep, _ = rep_and_file
    noise = tmp_path / "noise.fieldsync"
    with open(noise, "wb") as handle:
        chunk = os.urandom(8 * 1024 * 1024)
        for _ in range(25):
            handle.write(chunk)
    assert noise.stat().st_size == 200 * 1024 * 1024
    _refused(rep, noise, "is not a fieldcrm sync file")


def test_one_bad_file_among_good_ones_changes_nothing(rep_and_file, tmp_path):
    rep, good = rep_and_file
    (tmp_path / "empty.fieldsync").write_bytes(b"")
    before = folder_bytes(rep)
    result = subprocess.run([sys.executable, "-m", "fieldcrm", "sync", "import", str(good),
                             str(tmp_path / "empty.fieldsync"), "--db", str(rep)],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 1 and "is empty" in result.stderr
    assert folder_bytes(rep) == before
