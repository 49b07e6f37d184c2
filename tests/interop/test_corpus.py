"""Real files other programs wrote (../shared/corpus/contacts, not in this repository): each does what
manifest.tsv says, a second import adds nothing, and the book's exports parse cleanly in vobject and
icalendar. Skipped when the corpus folder is absent."""

from __future__ import annotations

import csv
import io
import logging
import re
import warnings
from pathlib import Path

import pytest

from fieldcrm.cli import main
from fieldcrm.model import Customer
from fieldcrm.store import Store

CORPUS = Path(__file__).parents[2] / ".." / "shared" / "corpus" / "contacts"
SUMMARY = re.compile(r"^(\d+) contacts?: (\d+) new customers?, (\d+) already in the book, (\d+) looks? like "
                     r"(?:a )?customers? you have \(held back\), (\d+) refused\.$", re.MULTILINE)


def _manifest() -> list:
    if not (CORPUS / "manifest.tsv").is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no corpus at {CORPUS}"))]
    rows = []
    for n, line in enumerate((CORPUS / "manifest.tsv").read_text(encoding="utf-8").splitlines()):
        if line.startswith("#") or not line.strip():
            continue
        file, kind, expect, maps, _note = (line.split("\t") + [""] * 5)[:5]
        rows.append(pytest.param((file, kind.split()[-1], expect, [m for m in maps.split("|") if m]),
                                 id=f"{n}-{Path(file).stem}{'-map' if maps else ''}"))
    return rows


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _one_sentence(err: str) -> bool:
    return err.startswith("fieldcrm: ") and err.count("\n") == 1 and "Traceback" not in err


def _records_in(path: Path, kind: str) -> int:
    """Cards or non-empty rows, counted independently of the importer."""
    data = path.read_bytes()
    if kind == "vcard":
        return len(re.findall(rb"BEGIN:VCARD", data, re.IGNORECASE))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    header = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=header.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return sum(1 for row in rows[1:] if any(cell.strip() for cell in row))


@pytest.mark.parametrize("case", _manifest())
def test_corpus_file_behaves_as_its_manifest_says(case, tmp_path, capsys, caplog):
    file, kind, expect, maps = case
    path, book = CORPUS / file, tmp_path / "book"
    extra = [a for m in maps for a in ("--map", m)]
    code, out, err = _run(capsys, "import", kind, path, "--db", book, *extra)  # a preview, no book yet
    if expect == "refuse" or (expect == "either" and code != 0):
        assert code == 1 and _one_sentence(err), err
        assert not book.exists()
        return
    assert code == 0, err
    assert not book.exists()  # the preview made nothing
    code, out, err = _run(capsys, "import", kind, path, "--db", book, "--yes", "--add-lookalikes", *extra)
    assert code == 0, err
    total, new, matched, alike, refused = map(int, SUMMARY.search(out).groups())
    assert total == new + matched + alike + refused == _records_in(path, kind), out
    if expect == "import":
        assert refused == 0, out
    with Store.open(book, read_only=True) as store:
        count = store.count(Customer)
        assert count == new + alike
        assert all(c.name.strip() for c in store.all(Customer))
    code, out, err = _run(capsys, "import", kind, path, "--db", book, "--yes", *extra)
    assert code == 0 and f"{_contacts(total)}: 0 new customers" in out, out
    _exports_parse_cleanly(capsys, caplog, book, tmp_path, count)


def _contacts(count: int) -> str:
    return f"{count} contact" if count == 1 else f"{count} contacts"


def _exports_parse_cleanly(capsys, caplog, book: Path, folder: Path, count: int) -> None:
    import icalendar
    import vobject

    for fmt in ("vcard", "csv", "ics"):
        assert _run(capsys, "export", fmt, "--db", book, "-o", folder / f"out.{fmt}")[0] == 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        caplog.set_level(logging.WARNING)
        cards = list(vobject.readComponents((folder / "out.vcard").read_text(encoding="utf-8"),
                                            validate=True))
        calendar = icalendar.Calendar.from_ical((folder / "out.ics").read_bytes())
    assert len(cards) == count and not caplog.records
    assert all(not getattr(part, "errors", None) for part in calendar.walk())
    # Our own exports come back in without a duplicate.
    for fmt in ("vcard", "csv") if count else ():
        code, out, err = _run(capsys, "import", fmt, folder / f"out.{fmt}", "--db", book, "--yes")
        assert code == 0 and f"{_contacts(count)}: 0 new customers" in out, out
