"""A path the operating system refuses outright (a name longer than the file system allows):
one short sentence naming it, exit 1, the book as it was; never a traceback."""

from __future__ import annotations

import pytest

from fieldcrm.cli import main
from tests.conftest import folder_bytes

LONG = "a" * 5000  # NAME_MAX is 255 on every common file system


@pytest.mark.parametrize("args", [
    ["agenda", "--db", LONG],
    ["office", "rep", "list", "--master", LONG],
    ["export", "csv", "-o", LONG],
    ["sync", "export", "-o", f"/tmp/{LONG}"],
    ["import", "vcard", LONG],
], ids=["book", "office book", "export", "sync export", "import"])
def test_a_path_too_long_for_the_os_is_one_short_sentence(args, demo_book, capsys, monkeypatch):
    monkeypatch.setenv("FIELDCRM_DB", str(demo_book))
    before = folder_bytes(demo_book)
    code = main(args)
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("fieldcrm: ") and err.count("\n") == 1, err[:300]
    assert "Traceback" not in err
    if args[0] != "import":  # the importer's own sentence names the path whole (it always has)
        assert len(err) < 300  # the path is shortened, not echoed whole
    assert folder_bytes(demo_book) == before
