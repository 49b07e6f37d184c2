"""Drive a program in a real terminal: a private tmux server per test, keys in, screen out.

Every wait polls the screen for a condition until a deadline (never a fixed sleep),
and every failure carries the last screen, so a broken step shows what the rep saw.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import time
from pathlib import Path
from typing import Callable

DEADLINE_S = 6.0  # a key takes milliseconds; generous, as two cores are shared by many test runs
START_DEADLINE_S = 20.0  # opening the app: Python, Textual and the book
SETTLE_S = 1.0  # the longest a key may take to show its effect before the next is sent
POLL_S = 0.02  # how often the screen is read while waiting (polling, not timing)
# A crash prints a Python traceback; an exception's name ends in "Error".
BROKEN = re.compile(r"Traceback \(most recent call last\)|\b\w*Error\b")
TOAST_EDGE = "▌"  # Textual draws a notification with this left border (border-left: outer)


class ScreenError(AssertionError):
    """A step did not see what it waited for; the message ends with the screen."""


def tmux_missing() -> bool:
    return shutil.which("tmux") is None


class Terminal:
    """One tmux server (its own socket) running one program in a width x height window."""

    def __init__(self, socket: str, width: int, height: int, cwd: Path, env: dict[str, str]):
        self.socket, self.width, self.height, self.cwd, self.env = socket, width, height, cwd, env
        self.session = "day"
        self.last = ""
        # remain-on-exit keeps a crashed program's last screen (its traceback) readable.
        self.config = cwd / f"{socket}.tmux.conf"
        self.status_file = cwd / f"{socket}.status"
        self.config.write_text("set -g remain-on-exit on\nset -g history-limit 0\nset -g status off\n")

    def tmux(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(["tmux", "-u", "-L", self.socket, "-f", str(self.config), *args],
                              capture_output=True, text=True, encoding="utf-8")
        if check and done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, argv: list[str]) -> None:
        """Run ``argv`` in the window (again, once the previous program has ended)."""
        env = " ".join(shlex.quote(f"{k}={v}") for k, v in self.env.items())
        # COLUMNS/LINES from the test runner would override the window's size in the program.
        program = f"env -u COLUMNS -u LINES {env} {' '.join(shlex.quote(part) for part in argv)}"
        # tmux 3.3 sometimes marks a pane dead without ever recording its exit status, so
        # the status is written to a file by a shell around the program instead.
        self.status_file.unlink(missing_ok=True)
        command = f"sh -c {shlex.quote(f'{program}; echo $? > {shlex.quote(str(self.status_file))}')}"
        if self.dead()[0]:  # the ended program's pane is kept (remain-on-exit): run again in it
            self.tmux("respawn-pane", "-k", "-t", self.session, "-c", str(self.cwd), command)
            return
        self.tmux("new-session", "-d", "-s", self.session, "-x", str(self.width), "-y", str(self.height),
                  "-c", str(self.cwd), command)

    def close(self) -> None:
        self.tmux("kill-server", check=False)

    # Keys ---------------------------------------------------------------------

    def press(self, *keys: str) -> None:
        """tmux key names: "Enter", "Tab", "Escape", "F1", "C-s", "Down", "a"; one at a time."""
        for key in keys:
            self._send_and_settle(["send-keys", "-t", self.session, key], moves_focus=key in ("Tab", "BTab"))

    def type(self, text: str) -> None:
        """Literal text, any script (send-keys -l: no key-name lookup)."""
        self._send_and_settle(["send-keys", "-t", self.session, "-l", "--", text], shows=text)

    def _send_and_settle(self, command: list[str], moves_focus: bool = False, shows: str = "") -> None:
        """Send, then poll until the key's effect shows.

        Textual routes each key to the widget focused when the key is read, while a
        Tab's focus change happens a moment later: keys sent in one burst land in the
        wrong field. A Tab waits for the terminal cursor, which Textual puts in the
        focused text field (the blinking cursor makes the colours change on their own);
        typed text waits until all of it shows; other keys wait for any change. A key
        that changes nothing visible costs SETTLE_S."""
        before, cursor = self.painted(), self.cursor()
        self.tmux(*command)
        end = time.monotonic() + SETTLE_S
        while time.monotonic() < end:
            if shows:
                if self.painted() != before and shows in self.screen():
                    return
            elif self.cursor() != cursor or (not moves_focus and self.painted() != before):
                return
            time.sleep(POLL_S)  # the next poll of the screen

    def cursor(self) -> str:
        return self.tmux("display-message", "-p", "-t", self.session, "#{cursor_x},#{cursor_y}", check=False)

    def painted(self) -> str:
        """The screen with colours and attributes: a focus change shows only there."""
        return self.tmux("capture-pane", "-p", "-e", "-t", self.session, check=False)

    # The screen -----------------------------------------------------------------

    def screen(self) -> str:
        self.last = self.tmux("capture-pane", "-p", "-t", self.session, check=False)
        return self.last

    def dead(self) -> tuple[bool, str]:
        """Whether the program has ended, and its exit status (128 + n when killed by signal n)."""
        try:
            status = self.status_file.read_text().strip()
        except FileNotFoundError:
            status = ""
        if status:
            return True, status
        out = self.tmux("display-message", "-p", "-t", self.session, "#{pane_dead}", check=False).strip()
        return out == "1", ""  # the shell around the program itself died: no status to tell

    def fail(self, what: str) -> ScreenError:
        return ScreenError(f"{what}\n--- the screen ({self.width}x{self.height}) ---\n{self.last}")

    def check_alive(self, screen: str | None = None) -> None:
        """Fails on a traceback or an exception's name on screen, or a program that has ended."""
        screen = self.screen() if screen is None else screen
        found = BROKEN.search(screen)
        if found:
            raise self.fail(f"{found.group(0)!r} is on the screen")
        dead, status = self.dead()
        if dead:
            raise self.fail(f"the program ended (exit status {status})")

    def wait(self, condition: Callable[[str], bool], what: str, deadline_s: float = DEADLINE_S) -> str:
        """Poll the screen until ``condition(screen)`` holds; fail at once on a crash."""
        end = time.monotonic() + deadline_s
        while True:
            screen = self.screen()
            if condition(screen):
                self.check_alive(screen)
                return screen
            self.check_alive(screen)
            if time.monotonic() > end:
                raise self.fail(f"waited {deadline_s:.0f} s for {what}")
            time.sleep(POLL_S)  # the next poll of the screen, not a guess at how long a step takes

    def wait_for(self, *texts: str, deadline_s: float = DEADLINE_S) -> str:
        """Until every text is on the screen."""
        return self.wait(lambda s: all(t in s for t in texts), f"{texts!r} on the screen", deadline_s)

    def wait_gone(self, *texts: str, deadline_s: float = DEADLINE_S) -> str:
        """Until none of the texts is on the screen."""
        return self.wait(lambda s: not any(t in s for t in texts), f"{texts!r} to leave the screen", deadline_s)

    def wait_for_toast(self, text: str, deadline_s: float = DEADLINE_S) -> str:
        """Until a notification holding ``text`` shows (its lines joined: a toast wraps at 80 columns,
        and Chinese wraps between any two characters, so spaces are not compared)."""
        def holds(toast: str) -> bool:
            return "".join(text.split()) in "".join(toast.split())

        self.wait(lambda s: any(holds(toast) for toast in toasts(s)), f"a notification saying {text!r}", deadline_s)
        return next(toast for toast in toasts(self.last) if holds(toast))

    def wait_exit(self, deadline_s: float = DEADLINE_S) -> str:
        """Until the program has ended; returns its exit status."""
        end = time.monotonic() + deadline_s
        while not all(self.dead()):  # tmux may mark the pane dead a moment before its status
            if time.monotonic() > end:
                self.screen()
                raise self.fail(f"waited {deadline_s:.0f} s for the program to end")
            time.sleep(POLL_S)
        self.screen()
        return self.dead()[1]


def toasts(screen: str) -> list[str]:
    """The notifications on a screen, each as one line of text."""
    found: list[str] = []
    current: list[str] | None = None
    for line in screen.splitlines():
        if TOAST_EDGE in line:
            part = line.rsplit(TOAST_EDGE, 1)[1].strip()
            current = [] if current is None else current
            if part:
                current.append(part)
        elif current is not None:
            found.append(" ".join(current))
            current = None
    if current is not None:
        found.append(" ".join(current))
    return [toast for toast in found if toast]


def flat(screen: str) -> str:
    """The screen's words in reading order, without borders: a wrapped line reads as one."""
    return " ".join(re.sub(r"[│╭╮╰╯─▊▎▔▁▌]", " ", screen).split())


def inside_box(screen: str) -> str:
    """What a dialog box holds: each line's part between its first and last border, so the
    screen behind the dialog does not run into a wrapped line."""
    return "\n".join(line[line.index("│") + 1:line.rindex("│")] for line in screen.splitlines()
                     if line.count("│") >= 2)


def line_with(screen: str, text: str) -> str:
    """The first line of the screen that holds ``text`` (empty if none)."""
    return next((line for line in screen.splitlines() if text in line), "")


def rows_below(screen: str, header: str, text: str) -> int | None:
    """How many rows below a table's header line the first line holding ``text`` is (0: the first row)."""
    lines = screen.splitlines()
    top = next((n for n, line in enumerate(lines) if header in line), None)
    if top is None:
        return None
    return next((n - top - 1 for n, line in enumerate(lines) if n > top and text in line), None)
