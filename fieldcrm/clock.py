"""Time: "now" is injected so tests can freeze it; a hybrid logical clock for sync.

Stored times are ISO-8601 UTC strings of one fixed shape, so they compare
correctly as plain strings and parse fast with ``datetime.fromisoformat``.
"""

from __future__ import annotations

import datetime as dt
import time

import arrow

UTC = dt.timezone.utc
ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class Clock:
    """The real clock."""

    def now(self) -> arrow.Arrow:
        return arrow.utcnow()

    def today(self) -> dt.date:
        """Today's date in the rep's local time zone."""
        return self.now().to("local").date()


class FrozenClock(Clock):
    """A clock that stands still until moved: tests and the benchmark use it."""

    def __init__(self, at: str | dt.datetime | arrow.Arrow):
        self._at = arrow.get(at)

    def now(self) -> arrow.Arrow:
        return self._at

    def today(self) -> dt.date:
        return self._at.date()

    def advance(self, **shift: float) -> None:
        self._at = self._at.shift(**shift)


def to_iso(moment: arrow.Arrow | dt.datetime) -> str:
    """The stored form of an instant: UTC, second precision, ``Z`` suffix."""
    if isinstance(moment, arrow.Arrow):
        moment = moment.datetime
    return moment.astimezone(UTC).strftime(ISO_FORMAT)


def from_iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


class HybridClock:
    """A hybrid logical clock (HLC) that stamps every change.

    A stamp is ``"<13-digit ms>.<4-digit counter>.<replica>"``: comparing stamps as
    strings orders them by time, then counter, then replica id, which is the
    total order last-writer-wins needs. It never goes backwards, even when the
    wall clock does, and ``observe`` moves it past stamps seen from others.
    """

    def __init__(self, replica: str, wall_ms=None):
        self.replica = replica
        self._wall_ms = wall_ms or (lambda: time.time_ns() // 1_000_000)
        self._ms = 0
        self._counter = 0

    def tick(self) -> str:
        wall = self._wall_ms()
        if wall > self._ms:
            self._ms, self._counter = wall, 0
        else:
            self._counter += 1
            if self._counter > 9999:  # keep the counter's width fixed
                self._ms, self._counter = self._ms + 1, 0
        return f"{self._ms:013d}.{self._counter:04d}.{self.replica}"

    def observe(self, stamp: str) -> None:
        ms, counter = parse_stamp(stamp)
        if (ms, counter) > (self._ms, self._counter):
            self._ms, self._counter = ms, counter


def parse_stamp(stamp: str) -> tuple[int, int]:
    ms, counter, _replica = stamp.split(".", 2)
    return int(ms), int(counter)
