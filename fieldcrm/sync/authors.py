"""Who wrote a version of a field, and when, in words: for showing conflicts.

A stamp is ``"<ms>.<counter>.<replica>"`` (see ``clock.HybridClock``): the time
it was written and the book (replica) that wrote it. Reps' names are learned
from the sync files' headers (``importer.plan``) and kept in the book's meta.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from fieldcrm.i18n import _, listed
from fieldcrm.rules.labels import table_label
from fieldcrm.store import merge
from fieldcrm.store.writing import DEFAULTS
from fieldcrm.textwidth import cells, fit


def rep_names(store) -> dict[str, str]:
    """Replica id -> rep name, for every book this one has heard from (itself included)."""
    return {**store.meta.get("reps", {}), store.replica: store.rep.name or _("you")}


def author(stamp: str, names: dict[str, str]) -> str:
    """The rep whose book wrote ``stamp``; a short replica id when the name is unknown."""
    replica = stamp.split(".", 2)[2] if stamp.count(".") >= 2 else ""
    return names.get(replica) or _("replica {id}").format(id=replica[-8:] or "?")


def when(stamp: str, tz: dt.tzinfo | None = None) -> str:
    """Local date and time of ``stamp`` ("2026-11-24 10:30"); the machine's zone by default."""
    try:
        minute = int(stamp.split(".", 1)[0]) // 60_000
    except ValueError:
        return _("an unknown time")
    return _minute_text(minute, tz)


@functools.lru_cache(maxsize=4096)  # an office merge words tens of thousands of conflicts, a few minutes apart
def _minute_text(minute: int, tz: dt.tzinfo | None) -> str:
    try:
        moment = dt.datetime.fromtimestamp(minute * 60, dt.timezone.utc)
        return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    except (ValueError, OverflowError, OSError):
        return _("an unknown time")


def written(stamp: str, names: dict[str, str], tz: dt.tzinfo | None = None) -> str:
    """"Bob, 2026-11-24 10:30": who wrote a version, and when."""
    return f"{author(stamp, names)}, {when(stamp, tz)}"


def plain(value) -> str:
    """A field's value as a rep reads it: a list joined with commas, never Python syntax."""
    if isinstance(value, (list, tuple)):
        return ", ".join(plain(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {plain(v)}" for k, v in value.items())
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else str(value)


CONFLICT_CELLS = 60  # a value in a conflict line: the Sync screen shows both in full, side by side


def in_a_line(value, width: int = CONFLICT_CELLS) -> str:
    """A value as one short line of a conflict's words: ``plain``, line breaks as spaces,
    cut to ``width`` terminal cells with "…" (a note of a page printed whole, twice, buried
    every other line of the summary)."""
    text = " ".join(plain(value).split())
    return text if cells(text) <= width else fit(text, width).rstrip()


def kept_stamp(doc: dict, table: str, field: str, base_hlc: str) -> str:
    """The stamp of the value the record holds now (the last writer's)."""
    found = merge.versions(doc, field, DEFAULTS[table], base_hlc)
    return max(found) if found else ""


@dataclass(frozen=True, slots=True)
class Conflict:
    """A new conflict, put into words only when shown: an office merge meets 50,000 and shows 50."""

    table: str
    label: str
    field: str
    kept: object  # the value the record holds now, and its stamp
    kept_stamp: str
    others: tuple  # ((stamp, value), ...): the versions that stand against it
    names: dict  # replica -> rep name, for these stamps
    tz: dt.tzinfo | None = None

    def __reduce__(self):  # as its fields: the office's planning process sends tens of thousands
        return Conflict, (self.table, self.label, self.field, self.kept, self.kept_stamp, self.others,
                          self.names, self.tz)

    def __str__(self) -> str:
        kept = f"{in_a_line(self.kept)} ({written(self.kept_stamp, self.names, self.tz)})"
        others = listed(f"{in_a_line(v)} ({written(s, self.names, self.tz)})" for s, v in self.others)
        return _("{table} {label}: {field} is {kept}; also {others}").format(
            table=table_label(self.table), label=self.label, field=self.field, kept=kept, others=others)


def conflict(table: str, label: str, field: str, kept, kept_stamp: str, others: list, names: dict,
             tz: dt.tzinfo | None = None) -> Conflict:
    """A conflict holding only the names its stamps need (it may travel between processes)."""
    stamps = [kept_stamp, *(s for s, _v in others)]
    replicas = {s.split(".", 2)[2] for s in stamps if s.count(".") >= 2}
    return Conflict(table, label, field, kept, kept_stamp, tuple(others),
                    {r: names[r] for r in replicas if r in names}, tz)
