"""``fieldcrm event``: a gathering from the command line; bad input is one sentence, exit 1, book unchanged."""

import csv

from fieldcrm.cli import main
from tests.conftest import folder_bytes


def test_a_gathering_on_the_command_line(demo_book, tmp_path, capsys):
    db = ["--db", str(demo_book)]
    assert main(["event", "new", "Product day", "--day", "2026-11-27", "--place", "the shop", *db]) == 0
    assert main(["event", "invite", "Product day", "--where", "tier=A", *db]) == 0
    out = capsys.readouterr().out
    assert "customers invited." in out and "you are warmly invited to Product day on 27 November" in out
    path = tmp_path / "invitations.csv"
    assert main(["event", "invite", "Product day", "--where", "tier=A", "--csv", str(path), *db]) == 0
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["Name", "Phone", "Text"] and len(rows) > 2
    assert not rows[1][1].startswith("'")  # a phone number stays a number for the messaging tool
    name = rows[1][0]
    capsys.readouterr()
    assert main(["event", "reply", "Product day", name, "yes", *db]) == 0
    assert main(["event", "attend", "Product day", name, *db]) == 0
    assert main(["event", "feedback", "Product day", name, "The new kettle is too dear", "--tags", "price,product",
                 "--product", "Kettle", *db]) == 0
    assert main(["event", "list", *db]) == 0
    listed = capsys.readouterr().out
    assert "1 yes · 0 maybe · 0 no" in listed and "· 1 came" in listed
    assert main(["report", *db]) == 0
    report = capsys.readouterr().out
    assert "Notices and gatherings per week" in report
    assert "Feedback per product" in report and "“The new kettle is too dear”" in report


def test_bad_input_is_one_sentence_and_changes_nothing(demo_book, capsys):
    db = ["--db", str(demo_book)]
    main(["event", "new", "Product day", "--day", "2026-11-27", *db])
    before = folder_bytes(demo_book)
    for argv, words in [
        (["event", "invite", "Gala", *db], "No event is called Gala."),
        (["event", "invite", "Product day", "--where", "colour=red", *db], "key=value"),
        (["event", "invite", "Product day", "--where", "tier=Q", *db], "Q is not a tier: use A, B or C"),
        (["event", "invite", "Product day", "--where", "stage=vip", *db], "vip is not a stage: use prospect"),
        (["event", "reply", "Product day", "Nobody", "yes", *db], "Nobody is not on the invite list"),
        (["event", "new", "X", "--day", "someday", *db], ""),
        (["event", "new", "X", "--day", "", *db], "'' is not a day I understand"),  # not today
    ]:
        capsys.readouterr()
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err.startswith("fieldcrm: ") and words in err and err.count("\n") == 1
    assert folder_bytes(demo_book) == before
