"""Contacts files damaged byte by byte, as an adversary (or a bad USB stick) would: each is read
or refused in one sentence, never a traceback, and a refused import leaves the book as it was.

Real files come from ../shared/corpus/contacts (manifest.tsv), mutated in temp folders; skipped
when the corpus is absent."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from fieldcrm.interop.contact import ContactsError
from fieldcrm.interop.csvfile import read_csv
from fieldcrm.interop.vcard_read import read_cards
from tests.conftest import folder_bytes

CORPUS = Path(__file__).parents[2] / ".." / "shared" / "corpus" / "contacts"


def _corpus() -> list[tuple[Path, str]]:
    manifest = CORPUS / "manifest.tsv"
    if not manifest.is_file():
        return []
    rows = [line.split("\t") for line in manifest.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [(CORPUS / row[0], row[1].split()[-1]) for row in rows if (CORPUS / row[0]).is_file()]


FILES = _corpus()
needs_corpus = pytest.mark.skipif(not FILES, reason=f"no corpus at {CORPUS}")

# A byte-order mark names the encoding (RFC 6350 3.1: vCard is UTF-8; a CSV from Excel starts with
# EF BB BF); bytes after it that are not in that encoding are the file's fault, said in one sentence.
BROKEN_AFTER_BOM = [
    pytest.param(codecs.BOM_UTF8 + b"BEGIN:VCARD\r\nFN:Li \xff\r\nEND:VCARD\r\n", "vcard", id="utf8-bom-vcard"),
    pytest.param(codecs.BOM_UTF16_LE + "BEGIN:VCARD\r\nFN:Li\r\nEND:VCARD\r\n".encode("utf-16-le")[:-1],
                 "vcard", id="utf16-odd-length-vcard"),
    pytest.param(codecs.BOM_UTF16_LE + b"\x00\xd8" + "BEGIN:VCARD\r\n".encode("utf-16-le"), "vcard",
                 id="utf16-lone-surrogate-vcard"),
    pytest.param(codecs.BOM_UTF8 + b"Name,Phone\r\nLi \xe4\xb8,123\r\n", "csv", id="utf8-bom-csv"),
    pytest.param(codecs.BOM_UTF32_LE + b"\x00\x00\x11\x00", "csv", id="utf32-beyond-unicode-csv"),
]


@pytest.mark.parametrize("data, kind", BROKEN_AFTER_BOM)
def test_bytes_that_break_the_encoding_a_bom_names_are_one_sentence_and_change_nothing(
        data, kind, demo_book, tmp_path, run):
    path = tmp_path / f"broken.{'vcf' if kind == 'vcard' else 'csv'}"
    path.write_bytes(data)
    before = folder_bytes(demo_book)
    code, out, err = run("import", kind, path, "--yes", "--db", demo_book)
    assert code == 1 and err.startswith("fieldcrm: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and str(path) in err and "not " in err
    assert folder_bytes(demo_book) == before


def _read(data: bytes, kind: str):
    return read_cards(data, "the file") if kind == "vcard" else read_csv(data, {}, "the file")


@needs_corpus
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_damage_to_a_real_file_is_read_or_refused_in_one_sentence(data):
    """Insertions, deletions and flipped bytes anywhere in a real file, a BOM in front or not."""
    path, kind = data.draw(st.sampled_from(FILES), label="file")
    raw = bytearray(path.read_bytes())
    if data.draw(st.booleans(), label="bom"):
        raw[:0] = data.draw(st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE]), label="which bom")
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        at = data.draw(st.integers(0, len(raw)), label="at")
        raw[at:at + data.draw(st.integers(0, 8), label="cut")] = data.draw(st.binary(max_size=8), label="put")
    try:
        result = _read(bytes(raw), kind)
    except ContactsError as error:
        assert "\n" not in str(error).strip()
        return
    for contact in result.contacts:  # what was read is text a book can store
        for value in (contact.name, contact.company, *contact.phones, *contact.emails):
            value.encode("utf-8")
