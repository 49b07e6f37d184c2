"""What a new rep's trial of ``fieldcrm notice`` and ``fieldcrm event invite`` found: every line
said in Chinese when the language is zh, and an empty audience value refused rather than read as
"everyone" (one sentence, exit 1, the book unchanged)."""

import pytest

from fieldcrm.cli import main
from fieldcrm.rules.gatherings import audience_from_text
from fieldcrm.store import Store
from tests.conftest import folder_bytes
from tests.test_cli_zh import run

LATIN = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _english_words(line: str, allowed: tuple[str, ...]) -> str:
    """What is left of a line once the command, ids and values it quotes are taken out."""
    for word in allowed:
        line = line.replace(word, "")
    return "".join(ch for ch in line if ch in LATIN)


def test_every_line_of_a_notice_on_the_command_line_is_chinese(demo_book):
    db = ["--db", str(demo_book)]
    new = run("notice", "new", "--kind", "weather", "--title", "台风", "--start", "2026-11-25", *db)
    assert new.returncode == 0, new.stderr
    last = new.stdout.splitlines()[-1]
    assert last.startswith("在应用里发送") and "fieldcrm notice send" in last, new.stdout
    listed = run("notice", "list", *db)
    row = listed.stdout.splitlines()[0]
    assert "待发送" in row and "我的" in row and "天气" in row and not _english_words(row, (row.split()[0],)), row
    missing = run("notice", "send", "nothing-like-it", "--csv", "x.csv", *db)
    assert missing.returncode == 1 and missing.stderr.strip() == \
        "fieldcrm: 没有叫 'nothing-like-it' 的通知；请看 fieldcrm notice list。"


def test_no_notices_yet_is_said_in_chinese(tmp_path):
    Store.create(tmp_path / "book", [])
    result = run("notice", "list", "--db", str(tmp_path / "book"))
    assert result.stdout.strip() == "还没有通知：fieldcrm notice new --title ...（或在应用里按 b）。", result.stdout


@pytest.mark.parametrize("option", ["--tier", "--stage", "--area", "--tag", "--product", "--channel"])
def test_an_empty_audience_option_is_refused_not_read_as_everyone(demo_book, capsys, option):
    Store.open(demo_book).close()  # a first open for writing starts the change log
    before = folder_bytes(demo_book)
    assert main(["notice", "new", "--title", "Rain", "--kind", "weather", "--start", "2026-11-25", option, "",
                 "--db", str(demo_book)]) == 1
    said = capsys.readouterr()
    assert said.err.strip() == (f"fieldcrm: {option} was given an empty value: give it one, or leave {option} out "
                                "to reach every customer; nothing was saved.")
    assert said.out == "" and folder_bytes(demo_book) == before


def test_an_empty_audience_option_is_refused_in_chinese(demo_book):
    Store.open(demo_book).close()
    before = folder_bytes(demo_book)
    result = run("notice", "new", "--title", "雨", "--kind", "weather", "--start", "2026-11-25", "--tier", " ",
                 "--db", str(demo_book))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == "fieldcrm: --tier 的值是空的：请填一个值，或者去掉 --tier 以发给所有客户；未保存任何内容。"
    assert folder_bytes(demo_book) == before


@pytest.mark.parametrize("where", ["tier=", "area= ", "stage=,"])
def test_an_event_filter_without_a_value_is_refused(demo_book, capsys, where):
    db = ["--db", str(demo_book)]
    assert main(["event", "new", "Product day", "--day", "2026-11-27", *db]) == 0
    before = folder_bytes(demo_book)
    capsys.readouterr()
    assert main(["event", "invite", "Product day", "--where", where, *db]) == 1
    key = where.split("=")[0]
    said = capsys.readouterr()
    assert said.err.strip() == (f"fieldcrm: {key}= has no value: write one after the =, or leave {key}= out to "
                                "reach every customer.")
    assert said.out == "" and folder_bytes(demo_book) == before


def test_a_blank_filter_line_in_the_app_is_still_every_customer():
    assert audience_from_text("") == {} and audience_from_text("  ") == {}
    with pytest.raises(ValueError, match="tier= has no value"):
        audience_from_text("area=Old Town tier=")
