"""Customer text printed by the command line never carries raw control characters."""

import subprocess
import sys

from fieldcrm.model import Customer, FollowUp
from fieldcrm.store import Store

HOSTILE = "Kate\x1b[2J\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\u202eLi"


def _run(*args):
    return subprocess.run([sys.executable, "-m", "fieldcrm", *map(str, args)], capture_output=True,
                          stdin=subprocess.DEVNULL)


def test_agenda_and_report_print_escape_sequences_as_symbols(book_path, clock):
    with Store.open(book_path, clock=clock) as store:
        kate = store.add(Customer(name=HOSTILE, company="[red]Tea[/]"))
        store.add(FollowUp(customer_id=kate.id, due="2026-11-24", reason="call \x9b about the \x1b[31mtea"))
    for args in (("agenda", "--date", "2026-11-24"), ("report",)):
        done = _run(*args, "--db", book_path)
        assert done.returncode == 0, done.stderr
        for raw in (b"\x1b", b"\x07", "\u202e".encode(), "\x9b".encode()):
            assert raw not in done.stdout + done.stderr, (args, raw)
    agenda = _run("agenda", "--date", "2026-11-24", "--db", book_path).stdout.decode()
    assert "Kate␛[2J␛]0;pwned␇" in agenda
