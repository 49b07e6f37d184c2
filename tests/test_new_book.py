"""``fieldcrm --db <typo>`` never opens an empty book silently: it says where, and asks."""

import os
import pty
import select
import subprocess
import sys
import time

from fieldcrm.store import Store
from tests.test_cli import run


def test_with_nobody_at_a_terminal_a_missing_book_is_one_sentence_and_nothing_is_made(tmp_path):
    typo = tmp_path / "boook"
    result = subprocess.run([sys.executable, "-m", "fieldcrm", "--db", str(typo)], capture_output=True,
                            text=True, stdin=subprocess.DEVNULL, timeout=30)
    assert result.returncode == 1
    assert result.stderr == (f"fieldcrm: There is no fieldcrm book at {typo}; run fieldcrm in a terminal "
                             "to create one there (nothing was created).\n")
    assert not typo.exists()


def test_read_only_never_creates_a_book(tmp_path):
    result = run("--db", str(tmp_path / "none"), "--read-only")
    assert result.returncode == 1 and result.stderr == f"fieldcrm: There is no fieldcrm book at {tmp_path / 'none'}.\n"
    assert not (tmp_path / "none").exists()


def test_at_a_terminal_it_says_where_and_asks_first(tmp_path):
    """In a real terminal (a pty): the question names the folder; "n" creates nothing."""
    typo = tmp_path / "boook"
    pid, fd = pty.fork()
    if pid == 0:  # the child: fieldcrm on the pty
        os.execv(sys.executable, [sys.executable, "-m", "fieldcrm", "--db", str(typo)])
    seen = _read_until(fd, "[y/N] ")
    assert f"There is no book at {typo}. Create a new one there? [y/N] " in seen
    os.write(fd, b"n\n")
    seen += _read_until(fd, None)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 1
    assert "fieldcrm: Nothing was created." in seen and "Traceback" not in seen
    assert not typo.exists()


def test_yes_asks_the_reps_name_and_creates_the_book_with_it(tmp_path):
    from fieldcrm.cli import create_book_when_asked
    # Escape then [31m typed by mistake: the terminal hands the ESC to the prompt as it is
    answers = iter(["y", "  ", "\x1b[31m", "王芳 Wang\x1b[31m"])
    asked = []

    def ask(question):
        asked.append(question)
        return next(answers)

    create_book_when_asked(tmp_path / "new", ask=ask, terminal=True)
    assert asked[1] == "Your name, as the office knows you (it names your sync files): "
    assert len(asked) == 4  # a blank name, or one of control characters only, is asked again
    with Store.open(tmp_path / "new", read_only=True) as store:
        assert store.rep.name == "王芳 Wang"  # the sequence is dropped, as from an imported contact


def test_a_folder_of_other_files_is_refused_before_asking(tmp_path):
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "cat.jpg").write_bytes(b"jpg")
    result = run("--db", str(tmp_path / "photos"))
    assert result.returncode == 1 and "holds other files and no fieldcrm book" in result.stderr


def _read_until(fd, marker, timeout=20.0) -> str:
    """What the child wrote to the terminal, until ``marker`` shows (or it ends)."""
    out, deadline = b"", time.monotonic() + timeout
    while time.monotonic() < deadline:
        if marker and marker.encode() in out:
            break
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
    return out.decode(errors="replace").replace("\r\n", "\n")
