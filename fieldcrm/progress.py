"""A progress bar on the command line, shown only when a person is watching (a terminal)."""

from __future__ import annotations

import sys

from fieldcrm.textwidth import cells

WIDTH = 30
_SHOWING: list["Progress"] = []  # a bar on the screen, not yet done


def clear() -> None:
    """Take a bar left half-way (its command failed) off the line, so the error reads on its own."""
    while _SHOWING:
        _SHOWING[-1].done()


class Progress:
    def __init__(self, label: str, total: int, stream=None):
        self.label, self.total = label, max(total, 1)
        # the bar's own \r must reach the terminal, so it bypasses the VisibleStream wrapper
        self.stream = stream or getattr(sys.stderr, "raw", sys.stderr)
        self.shown = self.stream.isatty()

    def update(self, done: int) -> None:
        if not self.shown:
            return
        if self not in _SHOWING:
            _SHOWING.append(self)
        filled = int(WIDTH * min(done, self.total) / self.total)
        self.stream.write(f"\r{self.label} [{'█' * filled}{' ' * (WIDTH - filled)}] {done}/{self.total}")
        self.stream.flush()

    def done(self) -> None:
        if self in _SHOWING:
            _SHOWING.remove(self)
        if self.shown:
            self.stream.write("\r" + " " * (cells(self.label) + WIDTH + 24) + "\r")  # a Chinese label is wider
            self.stream.flush()
