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
FUTURE_LIMIT_MS = 5 * 60 * 1000  # a clock further ahead than this is wrong, not early


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
    total order last-writer-wins needs. It does not go backwards when the wall
    clock does by a little, and ``observe`` moves it past stamps seen from others.

    One exception: when its last stamp is more than ``FUTURE_LIMIT_MS`` ahead of
    the wall clock (the clock was set ahead and has been put right, or a far-future
    stamp was observed), it starts again from the wall clock. Those stamps are the
    ones importers clamp (``clamp_stamp``), so they would pin every later change
    in the future. What must not break is kept: a replica never writes the same
    stamp twice on one record (the store checks, ``merge.fresh_stamp``), and a
    later edit of a field still wins over the one it was written over, because
    the writer lists it in its bases (``merge.winner``).
    """

    def __init__(self, replica: str, wall_ms=None):
        self.replica = replica
        self._wall_ms = wall_ms or (lambda: time.time_ns() // 1_000_000)
        self._ms = 0
        self._counter = 0

    def tick(self) -> str:
        wall = self._wall_ms()
        if wall > self._ms or self._ms - wall > FUTURE_LIMIT_MS:
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


def clamp_stamp(stamp: str) -> str:
    """Where a stamp from a clock set far ahead goes: a pure function of the stamp.

    Every book that clamps a stamp gets the same result, whenever it does it, so
    books converge. The time moves into a band below every real stamp (a leading
    ``0``: before 2001), so a clamped change never beats a change from a clock
    that was right, yet keeps its place among its own replica's stamps: the last
    millisecond digit moves into the counter (to the millisecond, and up to 999
    changes within one millisecond). Replica id and form stay as they were.
    """
    ms, counter, replica = stamp.split(".", 2)
    ms = ms.zfill(13)
    return f"0{ms[:12]}.{ms[12]}{min(int(counter), 999):03d}.{replica}"


def parse_stamp(stamp: str) -> tuple[int, int]:
    ms, counter, _replica = stamp.split(".", 2)
    return int(ms), int(counter)
