"""Issue 10 item 6 in a real terminal: a customer's name holding escape sequences (rename
the terminal, clear the screen) is drawn as symbols by the app in tmux, never obeyed."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from fieldcrm.model import Customer, FollowUp, Rep
from fieldcrm.store import Store
from tests.ci_skips import require_in_ci
from tests.e2e.tmux import START_DEADLINE_S, Terminal, tmux_missing

FIELDCRM = Path(sys.executable).parent / "fieldcrm"
NAME = "Zed\x1b]0;pwned\x07\x1b[2J"


def test_a_customer_name_cannot_rename_the_terminal_or_blank_today(tmp_path: Path):
    if tmux_missing():
        require_in_ci("tmux is not installed: the injection test needs a real terminal")
    book = tmp_path / "book"
    evil = Customer(id="01a214eb-3910-719e-ba6c-2f0259521fec", name=NAME, company="Acme")
    Store.create(book, [evil], rep=Rep(name="Ann"))
    with Store.open(book) as store:  # due today, so Today shows the name
        store.add(FollowUp(customer_id=evil.id, due=dt.date.today().isoformat(), reason="send quote"))
    env = {"FIELDCRM_CONFIG": os.environ["FIELDCRM_CONFIG"], "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           "TERM": "tmux-256color", "TEXTUAL_ANIMATIONS": "none"}
    term = Terminal(f"fieldcrm-inject-{os.getpid()}", 120, 40, tmp_path, env)
    try:
        term.start([str(FIELDCRM), "--db", str(book)])
        screen = term.wait_for("send quote", deadline_s=START_DEADLINE_S)
        # The name, its escapes as the control pictures (␛ ␇): the screen was not cleared.
        screen = term.wait_for("Zed␛]0;pwned␇")
        assert "Today ·" in screen
        title = term.tmux("display-message", "-p", "-t", term.session, "#{pane_title}")
        assert "pwned" not in title, f"the terminal was renamed: {title!r}"
        term.press("q")
        assert term.wait_exit() == "0"
    finally:
        term.close()
