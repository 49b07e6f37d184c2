"""Hostile sync files with a correct checksum: refused in one sentence with the book as it was,
or accepted with every read path still working. Seeded, so a failure is repeated exactly.

Each case is one file: a change of one table with one field given a wrong type or value,
a hostile field name, a bad id, table or stamp, or a bad header. The bulk goes through
``import_files`` (its error), a sample through the command line (exit 1, one line).
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fieldcrm.cli.doctor import _walk
from fieldcrm.ids import new_id
from fieldcrm.model import TABLES, Customer, Interaction
from fieldcrm.store import BookError, Store
from fieldcrm.store.migrations import SCHEMA_VERSION
from fieldcrm.sync.fileformat import FORMAT, VERSION
from fieldcrm.sync.importer import import_files
from fieldcrm.validation import required_fields
from fieldcrm.workbook import Workbook
from tests.conftest import folder_bytes

OTHER = "01a21495-9771-7f15-8d76-8b1821a14ed3"  # the replica the files come from
STAMP = f"1795500000000.0000.{OTHER}"
WRONG_VALUES = [
    None, 0, -1, 10**6, 2**70, 1.5, -0.0, 1e308, True, "", "x", "x" * 30_000, "\x1b[2J", "[b]x[/b]",
    [], ["a"], [1], [None], ["x" * 5000], ["a"] * 600, {}, {"a": "b"}, {"label": "x", "date": "2026-02-30"},
    "2026-02-30", "2026-13-01", "２０２６-０１-０１", "٢٠٢٦-٠١-٠١", "0000-02-29", "2026-11-24", "26:00", "09:30",
    "2026-11-24T09:30:00Z", "2026-11-24T09:30:00+08:00", "A", "Z", "open", "won", "done", "listen", "visit",
    "referral:x", "01a21495-9771-7f15-8d76-8b1821a14ed3",
]
BAD_NAMES = ["id", "_h", "_c", "_w", "_v", "__class__", "", "名字", "name ", "NAME", "phone"]
BAD_STAMPS = [
    "１７９５５０００００００００.0000." + OTHER, "١٧٩٥٥٠٠٠٠٠٠٠٠.0000." + OTHER,
    "1795500000000.00a0." + OTHER, "1795500000000.0000.r", "179550000000.0000." + OTHER,
    "17955000000000.0000." + OTHER, "1795500000000.0000." + OTHER + ".x", "", 5, None, ["x"],
    "9999999999999.9999." + OTHER.upper(),
]
BAD_IDS = ["", 5, None, "../x", "c1", OTHER.upper(), "０" * 36, ["x"], {"a": 1}]
BAD_TABLES = ["_rep", "_meta", "meta", "foo", "", None, 5, "Customers"]


def write_sync_file(path: Path, header: dict, changes: list) -> None:
    """Like fileformat's writer, but any JSON (huge integers too), with a correct checksum."""
    lines = [json.dumps({**header, "count": len(changes)}, ensure_ascii=False).encode() + b"\n"]
    lines += [json.dumps(change, ensure_ascii=False).encode() + b"\n" for change in changes]
    body = b"".join(lines)
    path.write_bytes(body + json.dumps({"sha256": hashlib.sha256(body).hexdigest()}).encode() + b"\n")


def _header(**changes) -> dict:
    header = {"format": FORMAT, "version": VERSION, "schema": SCHEMA_VERSION, "kind": "rep", "replica": OTHER,
              "rep": "Other", "export_id": new_id(), "created": "2026-11-23T08:00:00Z"}
    for key, value in changes.items():
        if value is _DROP:
            header.pop(key)
        else:
            header[key] = value
    return header


_DROP = object()


def _cases(customer_id: str):
    """(label, header, changes) for every hostile file."""
    rng = random.Random(20261124)
    for table in TABLES:
        names = [n for n in TABLES[table].field_names() if n != "id"]
        for name in names:
            for value in rng.sample(WRONG_VALUES, 14):  # a seeded third of them: the suite stays fast
                yield (f"{table}.{name}={value!r:.30}", _header(),
                       [{"t": table, "id": new_id(rng=rng), "s": STAMP, "f": {name: value}}])
        for name in BAD_NAMES:
            yield f"{table} field {name!r}", _header(), [{"t": table, "id": new_id(rng=rng), "s": STAMP, "f": {name: 1}}]
    for name in ("name", "cadence_days", "phones", "birthday", "deleted", "important_dates"):
        for value in WRONG_VALUES[::3]:
            yield (f"edit customers.{name}={value!r:.30}", _header(),
                   [{"t": "customers", "id": customer_id, "s": STAMP, "f": {name: value}, "b": {name: []}}])
    for stamp in BAD_STAMPS:
        yield f"stamp {stamp!r:.30}", _header(), [{"t": "customers", "id": new_id(rng=rng), "s": stamp, "f": {}}]
        yield (f"seen stamp {stamp!r:.30}", _header(),
               [{"t": "customers", "id": customer_id, "s": STAMP, "f": {"name": "x"}, "b": {"name": [stamp]}}])
    for record_id in BAD_IDS:
        yield f"id {record_id!r:.30}", _header(), [{"t": "customers", "id": record_id, "s": STAMP, "f": {}}]
    for table in BAD_TABLES:
        yield f"table {table!r}", _header(), [{"t": table, "id": new_id(rng=rng), "s": STAMP, "f": {"x": 1}}]
    for bases in ([], {"name": "x"}, {"other": []}, {"name": [5]}):
        yield (f"bases {bases!r}", _header(),
               [{"t": "customers", "id": customer_id, "s": STAMP, "f": {"name": "x"}, "b": bases}])
    yield "an extra key", _header(), [{"t": "customers", "id": new_id(rng=rng), "s": STAMP, "f": {}, "x": 1}]
    good = [{"t": "customers", "id": new_id(rng=rng), "s": STAMP, "f": {"name": "Fine"}}]
    header_cases = {
        "no replica": {"replica": _DROP}, "null replica": {"replica": None}, "list replica": {"replica": ["x"]},
        "no export id": {"export_id": _DROP}, "null export id": {"export_id": None}, "int export id": {"export_id": 5},
        "ack list": {"kind": "merged", "ack": [1, 2]}, "ack full-width": {"kind": "merged",
                                                                            "ack": {OTHER: BAD_STAMPS[0]}},
        "ack bad replica": {"kind": "merged", "ack": {"r": STAMP}}, "created int": {"created": 5},
        "rep list": {"rep": ["x"]}, "hlc_to bad": {"hlc_to": BAD_STAMPS[1]},
        # Teams: who the file is for, how far it reaches, what it withdraws, who is who.
        "for_rep not an id": {"kind": "merged", "for_rep": "../x"}, "rep_id int": {"rep_id": 5},
        "office_seq negative": {"office_seq": -1}, "office_seq huge": {"office_seq": 2**70},
        "office_seq text": {"office_seq": "5"}, "office_seq true": {"office_seq": True},
        "log_seq float": {"log_seq": 1.5}, "since null": {"kind": "merged", "since": None},
        "withdrawn text": {"kind": "merged", "withdrawn": OTHER},
        "withdrawn bad id": {"kind": "merged", "withdrawn": ["\x1b[2J"]},
        "replica_reps list": {"kind": "merged", "replica_reps": [OTHER]},
        "replica_reps bad rep": {"kind": "merged", "replica_reps": {OTHER: "x"}},
        "rep_names long": {"kind": "merged", "rep_names": {OTHER: "x" * 300}},
        "rep_name list": {"kind": "merged", "rep_name": ["x"]},
    }
    for label, changes in header_cases.items():
        yield f"header {label}", _header(**changes), good


@pytest.fixture
def pristine(tmp_path):
    """A small rep's book with records in every table, closed."""
    book = tmp_path / "pristine"
    from fieldcrm.demo import DemoSize, build_demo, demo_rep
    from tests.conftest import TODAY
    Store.create(book, build_demo(DemoSize(8), seed=3, today=TODAY), rep=demo_rep(), demo=True)
    with Store.open(book) as store:
        store.add(Interaction(customer_id=next(iter(store.raw_all(Customer)))["id"], note="mine",
                              at="2026-11-23T10:00:00Z"))
    return book


def test_hostile_files_are_refused_whole_or_leave_every_read_path_working(pristine, tmp_path, clock):
    book = tmp_path / "book"
    shutil.copytree(pristine, book)
    with Store.open(book, read_only=True) as store:
        customer_id = next(iter(store.raw_all(Customer)))["id"]
    refused = accepted = 0
    store = Store.open(book, clock=clock)
    for n, (label, header, changes) in enumerate(_cases(customer_id)):
        if "b" not in changes[0] if changes else False:
            # What a real creation always carries, so the field under test is the only odd one.
            required = {"created": "2026-11-20T10:00:00Z", "at": "2026-11-20T10:00:00Z", "opened": "2026-11-01"}
            kind = TABLES.get(changes[0]["t"]) if isinstance(changes[0].get("t"), str) else None
            for name in required_fields(kind) if kind else ():
                changes[0]["f"].setdefault(name, required[name])
        path = tmp_path / f"case{n}.fieldsync"
        write_sync_file(path, header, changes)  # a correct checksum over hostile content
        before = folder_bytes(book)
        try:
            import_files(store, [path])
        except BookError as error:
            message = str(error)
            assert "\n" not in message and "\x1b" not in message and message.endswith("nothing was changed."), label
            assert folder_bytes(book) == before, label
            refused += 1
            continue
        store.close()
        with Store.open(book, clock=clock, read_only=True) as reopened:  # the app's loader, from the files
            Workbook(reopened).agenda()
            assert list(_walk(reopened)) == [], label  # agenda, screens' data, report, vCard, CSV, ICS
        shutil.rmtree(book)
        shutil.copytree(pristine, book)
        store = Store.open(book, clock=clock)
        accepted += 1
    store.close()
    assert refused > 500 and accepted > 100  # both sides are exercised


@pytest.mark.parametrize("label, header, changes, phrase", [
    ("full-width stamp", _header(), [{"t": "customers", "id": OTHER, "s": BAD_STAMPS[0], "f": {}}], "stamp"),
    ("cadence", _header(), [{"t": "customers", "id": OTHER, "s": STAMP, "f": {"cadence_days": "abc"}}],
     "cadence_days must be a whole number from 1 to 730"),
    ("internal key", _header(), [{"t": "customers", "id": OTHER, "s": STAMP, "f": {"_h": {}}}],
     "'_h' is not a field"),
    ("ack a list", _header(kind="merged", ack=[1]), [], "ack must be a mapping"),
    ("null export id", _header(export_id=None), [], "no proper export id"),
    ("no replica", _header(replica=_DROP), [], "no proper replica id"),
])
def test_the_command_line_refuses_in_one_sentence(pristine, tmp_path, label, header, changes, phrase):
    path = tmp_path / "bad.fieldsync"
    write_sync_file(path, header, changes)
    before = folder_bytes(pristine)
    result = subprocess.run([sys.executable, "-m", "fieldcrm", "sync", "import", str(path), "--db", str(pristine)],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert phrase in result.stderr and "Traceback" not in result.stderr
    if changes:
        assert "line 2" in result.stderr and "customers" in result.stderr
    assert folder_bytes(pristine) == before


def test_an_office_merge_refuses_a_bad_rep_file_and_writes_nothing(pristine, tmp_path):
    path = tmp_path / "bad.fieldsync"
    write_sync_file(path, _header(), [{"t": "customers", "id": OTHER, "s": STAMP, "f": {"tier_override": "Z"}}])
    before = folder_bytes(pristine)
    out = tmp_path / "morning"
    result = subprocess.run([sys.executable, "-m", "fieldcrm", "office", "merge", str(path), "--master",
                             str(pristine), "-o", str(out)], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 1 and "tier_override must be one of" in result.stderr
    assert folder_bytes(pristine) == before and not out.exists()


def test_cases_cover_every_field_of_every_table():
    labels = {label.split("=")[0] for label, _, _ in _cases(OTHER)}
    for table, kind in TABLES.items():
        for name in kind.field_names() - {"id"}:
            assert f"{table}.{name}" in labels
    assert Path(__file__).exists()
