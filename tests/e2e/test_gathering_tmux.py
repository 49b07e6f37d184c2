"""A gathering in a real terminal (tmux, 120x40): the installed ``fieldcrm``, driven by the keyboard,
from the invite list through invitations copied to tmux's clipboard (OSC 52), replies, attendance
and feedback, to the feedback report on the Reports screen; then the book is read back."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldcrm import gatherings
from fieldcrm.model import Customer, Event, Interaction, Invitation, Outreach
from fieldcrm.store import Store
from fieldcrm.workbook import Workbook
from tests.ci_skips import require_in_ci
from tests.e2e.tmux import START_DEADLINE_S, Terminal, rows_below, tmux_missing

FIELDCRM = Path(sys.executable).parent / "fieldcrm"
WAIT_S = 10.0  # the machine is shared: a step may take seconds, and every wait polls until then
TOASTS_S = 30.0  # a notification shows for some seconds
TITLE = "VIP evening"
SAID = "Loved the new jasmine tea"
GUEST_HEADER = "customer            invitation"
SENT = 3  # invitations copied one key at a time


@pytest.fixture
def terminal(tmp_path):
    if tmux_missing():
        require_in_ci("tmux is not installed: the end-to-end gathering needs a real terminal")
    env = {"FIELDCRM_CONFIG": os.environ["FIELDCRM_CONFIG"], "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           "TERM": "tmux-256color", "TEXTUAL_ANIMATIONS": "none"}
    term = Terminal(f"fieldcrm-gathering-{os.getpid()}", 120, 40, tmp_path, env)
    # tmux keeps what an application copies (OSC 52) as its paste buffer: the rep's clipboard here.
    term.config.write_text(term.config.read_text() + "set -g set-clipboard on\n")
    yield term
    term.close()


def cursor_row(term: Terminal) -> int:
    where = term.cursor().strip().split(",")
    return int(where[1]) if len(where) == 2 and where[1].isdigit() else -1


def next_field(term: Terminal) -> None:
    """Tab, then wait until the cursor stands lower (the next field): keys sent before a field
    has focus land in the field before it."""
    row = cursor_row(term)
    term.press("Tab")
    term.wait(lambda _screen: cursor_row(term) > row, "the cursor to move to the next field", WAIT_S)


def guest_row(screen: str, n: int) -> str:
    """The guest list's row ``n`` (0: the first) as shown."""
    lines = screen.splitlines()
    top = next(i for i, line in enumerate(lines) if GUEST_HEADER in line)
    return lines[top + 1 + n]


def guest(screen: str, n: int) -> str:
    """The customer's name on the guest list's row ``n``."""
    return guest_row(screen, n)[:20].strip()


def tier_a(book: Path) -> dict[str, str]:
    """Each tier-A customer's name, with how an invitation addresses them."""
    with Store.open(book, read_only=True) as store:
        work = Workbook(store, tz=dt.timezone.utc)
        found = {c.name: c.form_of_address or c.name for c in gatherings.audience(work, {"tier": ["A"]})}
        work.close()
    return found


def test_a_gathering_from_invitations_to_the_feedback_report(terminal: Terminal, tmp_path: Path):
    book = tmp_path / "book"
    subprocess.run([str(FIELDCRM), "demo", "--db", str(book), "--customers", "60"], check=True,
                   capture_output=True)
    addressed = tier_a(book)
    assert len(addressed) > SENT, addressed
    term = terminal
    term.start([str(FIELDCRM), "--db", str(book)])
    term.wait_for("on the list", deadline_s=START_DEADLINE_S)

    term.press("j")  # Events, then a new event: what, (the day as offered), time, place
    term.wait_for("Events: the next first", deadline_s=WAIT_S)
    term.press("a")
    term.wait_for("New event", "What (a VIP evening", deadline_s=WAIT_S)
    term.type(TITLE)
    next_field(term)
    next_field(term)
    term.type("19:00")
    next_field(term)
    term.type("the shop")
    term.press("Enter")
    term.wait_for(f"{TITLE}  ", "· 19:00 · the shop", "0 invited · 0 sent", deadline_s=WAIT_S)

    term.press("i")  # the invite list from a filter
    term.wait_for("Who? Filters like", deadline_s=WAIT_S)
    term.type("tier=A")
    term.press("Enter")
    term.wait_for_toast(f"{len(addressed)} customers invited", deadline_s=WAIT_S)
    term.wait_for(f"{len(addressed)} invited · 0 sent", deadline_s=WAIT_S)

    copied: dict[str, str] = {}  # each copied invitation, by the name its notification gave
    for n in range(SENT):
        term.press("s")
        left = len(addressed) - n - 1
        toast = term.wait_for_toast(f"({left} left)", deadline_s=WAIT_S)
        name = next((name for name in addressed if "".join(f"Copied the invitation for {name}:".split())
                     in "".join(toast.split())), None)
        assert name is not None and name not in copied, toast
        text = term.tmux("show-buffer", check=False)
        assert addressed[name] in text and TITLE in text and "the shop" in text, (name, text)
        copied[name] = text
    screen = term.wait_for(f"{len(addressed)} invited · {SENT} sent", deadline_s=WAIT_S)

    first, second, third = (guest(screen, n) for n in range(3))
    term.press("y")  # the cursor is on the first guest
    term.wait_for_toast(f"{first}: yes", deadline_s=WAIT_S)
    term.press("Down")
    term.press("n")
    term.wait_for_toast(f"{second}: no", deadline_s=WAIT_S)
    term.press("Down")
    term.press("m")
    term.wait_for_toast(f"{third}: maybe", deadline_s=WAIT_S)
    term.wait_for("1 yes · 1 maybe · 1 no", deadline_s=WAIT_S)
    term.press("Up")
    term.press("Up")
    term.press("a")  # on the day: the first guest came
    term.wait_for_toast(f"{first} came.", deadline_s=WAIT_S)
    term.wait_for("· 1 came", deadline_s=WAIT_S)

    term.press("f")
    term.wait_for(f"Feedback from {first}", "Tags: product", deadline_s=WAIT_S)
    term.type(SAID)
    next_field(term)
    term.type("product")  # the tags field takes typed text
    term.press("C-s")
    term.wait_for_toast("Feedback saved.", deadline_s=WAIT_S)
    screen = term.wait_for(SAID, deadline_s=WAIT_S)
    row = rows_below(screen, GUEST_HEADER, first)
    assert row is not None, screen
    first_line = guest_row(screen, row)
    assert "yes" in first_line and "✓" in first_line and "product" in first_line and SAID in first_line, first_line

    term.press("p")  # Reports: the feedback report at the end
    term.wait_for("Report: month", deadline_s=WAIT_S)
    # The notifications of the steps above cover the report's right half until they time out.
    # (Scrolled while they show, Textual leaves them painted after they time out, until the
    # next repaint: so the report is scrolled once they are gone.)
    term.wait_gone("Feedback saved.", f"{first} came.", f"{third}: maybe", f"{first}: yes", deadline_s=TOASTS_S)
    term.press("End")
    screen = term.wait_for("Feedback per tag", f"{first} (event): “{SAID}”", deadline_s=WAIT_S)
    tag_line = next(line for line in screen.splitlines() if line.strip().startswith("product "))
    assert "1 in all, 1 recently" in tag_line, screen
    term.press("q")
    term.wait_exit(deadline_s=WAIT_S)

    with Store.open(book, read_only=True) as store:
        (event,) = store.all(Event)
        assert (event.title, event.time, event.place) == (TITLE, "19:00", "the shop")
        names = {c.id: c.name for c in store.all(Customer)}
        invited = {names[i.customer_id]: i for i in store.all(Invitation) if i.event_id == event.id}
        assert sorted(invited) == sorted(addressed)
        assert sorted(n for n, i in invited.items() if i.invited_on) == sorted(copied)
        assert {n: i.reply for n, i in invited.items() if i.reply} == {first: "yes", second: "no", third: "maybe"}
        assert {n: i.attended for n, i in invited.items() if i.attended is not None} == {first: True}
        assert (invited[first].feedback, invited[first].feedback_tags) == (SAID, ["product"])
        sent = {names[o.customer_id]: o.message for o in store.all(Outreach)
                if o.event_id == event.id and o.status == "sent"}
        assert sent == copied  # what reached the clipboard is what the book says was sent
        logged = [i for i in store.all(Interaction) if i.notice_id == event.id]
        assert sorted((names[i.customer_id], i.note) for i in logged if i.kind == "message") == sorted(copied.items())
        assert [names[i.customer_id] for i in logged if i.kind == "event"] == [first]

    listed = subprocess.run([str(FIELDCRM), "--db", str(book), "event", "list"], check=True,
                            capture_output=True, text=True).stdout
    assert f"{len(addressed)} invited · {SENT} sent · 1 yes · 1 maybe · 1 no" in listed and "1 came" in listed, listed
    report = subprocess.run([str(FIELDCRM), "--db", str(book), "report"], check=True,
                            capture_output=True, text=True).stdout
    assert f"{first} (event): “{SAID}”" in report, report
