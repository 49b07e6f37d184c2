"""A notice built and sent by the clipboard path in a real terminal (tmux, 120x40): the installed
``fieldcrm``, driven by the keyboard; each message reaches tmux's clipboard (OSC 52) in turn."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

from fieldcrm import outreach
from fieldcrm.model import Customer, Interaction, Notice
from fieldcrm.store import Store
from fieldcrm.workbook import Workbook
from tests.ci_skips import require_in_ci
from tests.e2e.tmux import START_DEADLINE_S, Terminal, tmux_missing

FIELDCRM = Path(sys.executable).parent / "fieldcrm"


def tier_a_area(book: Path) -> tuple[str, list[str], str]:
    """The area with most tier-A customers; the last of them (by name) dislikes being sold to."""
    with Store.open(book) as store:
        work = Workbook(store, tz=dt.timezone.utc)
        tiers = work.tiers()
        by_area: dict[str, list[str]] = {}
        for cid, cf in work.facts.customers.items():
            if tiers[cid] == "A" and cf.customer.area:
                by_area.setdefault(cf.customer.area, []).append(cid)
        area, ids = max(by_area.items(), key=lambda kv: (len(kv[1]), kv[0]))
        ids.sort(key=lambda cid: work.name_of(cid).casefold())
        for cid in ids:
            store.update(Customer, cid, promo_attitude="keen on promotions")
        store.update(Customer, ids[-1], promo_attitude="dislikes being sold to")
        names = [work.name_of(cid) for cid in ids]
        work.close()
    return area, names[:-1], names[-1]


def cursor_row(term: Terminal) -> int:
    where = term.cursor().strip().split(",")
    return int(where[1]) if len(where) == 2 and where[1].isdigit() else -1


def at_field(term: Terminal, text: str) -> int:
    """Wait until the terminal's cursor stands in the field just typed into (its row): keys
    sent before a field has focus land in the field before it."""
    def there(screen: str) -> bool:
        row, lines = cursor_row(term), screen.splitlines()
        return 0 <= row < len(lines) and lines[row][:44].strip() == text
    term.wait(there, f"the cursor in the field holding {text!r}")
    return cursor_row(term)


@pytest.fixture
def terminal(tmp_path):
    if tmux_missing():
        require_in_ci("tmux is not installed: the end-to-end notice needs a real terminal")
    env = {"FIELDCRM_CONFIG": os.environ["FIELDCRM_CONFIG"], "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           "TERM": "tmux-256color", "TEXTUAL_ANIMATIONS": "none"}
    term = Terminal(f"fieldcrm-notice-{os.getpid()}", 120, 40, tmp_path, env)
    # tmux keeps what an application copies (OSC 52) as its paste buffer: the rep's clipboard here.
    term.config.write_text(term.config.read_text() + "set -g set-clipboard on\n")
    yield term
    term.close()


def test_a_notice_sent_by_the_clipboard_in_a_real_terminal(terminal: Terminal, tmp_path: Path):
    import subprocess
    book = tmp_path / "book"
    subprocess.run([str(FIELDCRM), "demo", "--db", str(book), "--customers", "60"], check=True,
                   capture_output=True)
    area, told, averse = tier_a_area(book)
    term = terminal
    term.start([str(FIELDCRM), "--db", str(book)])
    term.wait_for("on the list", deadline_s=START_DEADLINE_S)
    term.press("b")
    term.wait_for("Notices", "New notice")
    term.press("n")
    term.wait_for("will get it")
    previous = "the winter tea sale"
    term.type(previous)
    for value in ("2026-12-01", "2026-12-10", area, "A"):
        row = at_field(term, previous)
        term.press("Tab")
        term.wait(lambda _screen: cursor_row(term) > row, "the cursor to move to the next field")
        term.type(value)
        previous = value
    at_field(term, previous)
    screen = term.wait_for(f"{len(told)} will get it · 1 left out")
    assert "left out: no promotions" in screen, screen
    term.press("C-s")
    term.wait_for_toast("Saved:")
    for n, name in enumerate(told):
        term.press("s")
        following = f"Next: {told[n + 1]} (press s)." if n + 1 < len(told) else "That was the last one."
        term.wait_for_toast(f"Copied {name}'s message")
        term.wait_for_toast(following)
        copied = term.tmux("show-buffer", check=False)
        assert copied.startswith(("Dear ", told[n][0])) or "您好" in copied, copied
    term.press("q")
    term.wait_exit()
    with Store.open(book, read_only=True) as store:
        (notice,) = store.all(Notice)
        logged = [i for i in store.all(Interaction) if i.notice_id == notice.id]
        assert len(logged) == len(told) and {i.kind for i in logged} == {"message"}
        work = Workbook(store, tz=dt.timezone.utc)
        left = [o for o in outreach.messages_of(work, notice.id) if o.status == "skipped"]
        assert [work.name_of(o.customer_id) for o in left] == [averse]
