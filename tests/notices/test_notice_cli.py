"""``fieldcrm notice new|list|send``: one sentence for bad input, exit 1, the book unchanged."""

import subprocess
import sys

import pytest

from fieldcrm.demo import DemoSize, build_demo, demo_rep
from fieldcrm.clock import FrozenClock
from fieldcrm.model import Interaction, Notice
from fieldcrm.store import Store
from tests.conftest import TODAY


def fieldcrm(*args):
    return subprocess.run([sys.executable, "-m", "fieldcrm", *map(str, args)], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)


@pytest.fixture
def book(tmp_path):
    folder = tmp_path / "book"
    Store.create(folder, build_demo(DemoSize(60), seed=11, today=TODAY), rep=demo_rep(),
                 clock=FrozenClock("2026-11-24T09:30:00+00:00"), demo=True)
    return folder


def test_new_list_and_send_by_csv(book, tmp_path):
    made = fieldcrm("notice", "new", "--db", book, "--kind", "promotion", "--title", "the winter tea sale",
                    "--start", "2026-12-01", "--end", "2026-12-10", "--tier", "A")
    assert made.returncode == 0, made.stderr
    assert "messages to send" in made.stdout
    listed = fieldcrm("notice", "list", "--db", book)
    assert "the winter tea sale" in listed.stdout and "0 sent" in listed.stdout
    sent = fieldcrm("notice", "send", "--db", book, "the winter tea sale", "--csv", tmp_path / "out.csv")
    assert sent.returncode == 0, sent.stderr
    assert "logged as sent" in sent.stdout
    with Store.open(book, read_only=True) as store:
        (notice,) = store.all(Notice)
        assert any(i.notice_id == notice.id and i.kind == "message" for i in store.all(Interaction))
    # A saved audience: the same customers as the earlier notice.
    like = fieldcrm("notice", "new", "--db", book, "--kind", "weather", "--title", "Typhoon Haikui", "--start",
                    "2026-11-26", "--like", "the winter tea sale")
    assert like.returncode == 0, like.stderr
    with Store.open(book, read_only=True) as store:
        typhoon = next(n for n in store.all(Notice) if n.title == "Typhoon Haikui")
        assert typhoon.audience == {"tier": ["A"]}


@pytest.mark.parametrize("args, words", [
    (["new", "--title", "x", "--kind", "promotion"], "needs its start and end days"),
    (["new", "--title", "x", "--start", "2026-13-01"], "is not a day"),
    (["new", "--title", "x", "--area", "Atlantis"], "No customer matches"),
    (["new", "--title", "x", "--tier", "A", "--tier", "Q"], "fieldcrm: Q is not a tier: use A, B or C; nothing was saved."),
    (["new", "--title", "x", "--stage", "vip"], "fieldcrm: vip is not a stage: use prospect, first-time buyer, "
                                                 "repeat buyer or advocate; nothing was saved."),
    (["new", "--title", "x", "--like", "nothing-like-it"], "No notice is called"),
    (["send", "nothing", "--csv", "out.csv"], "No notice is called"),
])
def test_bad_input_is_one_sentence_and_changes_nothing(book, args, words):
    before = (book / "changes.jsonl").read_bytes() if (book / "changes.jsonl").exists() else b""
    result = fieldcrm("notice", args[0], "--db", book, *args[1:])
    assert result.returncode == 1
    assert words in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    after = (book / "changes.jsonl").read_bytes() if (book / "changes.jsonl").exists() else b""
    assert after == before


def test_a_bad_tier_is_named_in_chinese_and_a_chinese_stage_is_read(book, monkeypatch):
    monkeypatch.setenv("FIELDCRM_LANGUAGE", "zh")
    bad = fieldcrm("notice", "new", "--db", book, "--title", "x", "--tier", "Q")
    assert bad.returncode == 1
    assert bad.stderr == "fieldcrm: Q 不是客户等级：请用 A、B 或 C；未保存任何内容。\n"
    made = fieldcrm("notice", "new", "--db", book, "--title", "x", "--stage", "回头客")
    assert made.returncode == 0, made.stderr
    with Store.open(book, read_only=True) as store:
        (notice,) = store.all(Notice)
        assert notice.audience == {"stage": ["repeat buyer"]}


def test_a_day_written_as_in_a_letter_is_read_as_the_app_reads_it(book):
    made = fieldcrm("notice", "new", "--db", book, "--kind", "promotion", "--title", "the winter tea sale",
                    "--start", "1 Dec", "--end", "12月10日", "--tier", "A")
    assert made.returncode == 0, made.stderr
    with Store.open(book, read_only=True) as store:
        (notice,) = store.all(Notice)
    assert notice.starts.endswith("-12-01") and notice.ends.endswith("-12-10")  # the nearest: the real clock
