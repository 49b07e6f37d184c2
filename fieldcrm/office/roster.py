"""The office's roster: its reps, and the laptops (replicas) each works on.

Kept in the master's meta as ``{"roster": {rep_id: {"name", "replicas", "active"}}}``.
A rep's first file registers its laptop; a file from a book older than teams
names its rep by the book's replica id, and the rep is added under that id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldcrm.i18n import _
from fieldcrm.ids import new_id
from fieldcrm.store.errors import BookError
from fieldcrm.terminal_text import without_controls


class RosterError(BookError):
    """A rep that cannot be found or added; nothing was changed."""


@dataclass
class RepEntry:
    rep_id: str
    name: str
    replicas: list[str] = field(default_factory=list)
    active: bool = True

    def to_dict(self) -> dict:
        return {"name": self.name, "replicas": self.replicas, "active": self.active}


def plain_name(name: str) -> str:
    """A rep's name as the roster keeps it: one line, single spaces, no control characters."""
    return " ".join(without_controls(name).split())


class Roster:
    def __init__(self, raw: dict | None = None):
        self.reps: dict[str, RepEntry] = {
            rep_id: RepEntry(rep_id, entry.get("name", ""), list(entry.get("replicas", [])), entry.get("active", True))
            for rep_id, entry in (raw or {}).items()
        }

    def to_dict(self) -> dict:
        return {rep_id: entry.to_dict() for rep_id, entry in sorted(self.reps.items())}

    def add(self, name: str, rep_id: str | None = None) -> RepEntry:
        name = plain_name(name)
        if not name:
            raise RosterError(_("A rep needs a name; nothing was changed."))
        if any(e.name.casefold() == name.casefold() for e in self.reps.values()):
            raise RosterError(_("There is already a rep called {name}; nothing was changed.").format(name=name))
        rep_id = rep_id or new_id()
        entry = self.reps[rep_id] = RepEntry(rep_id, name)
        return entry

    def rename(self, rep_id: str, name: str) -> None:
        name = plain_name(name)
        if not name:
            raise RosterError(_("A rep needs a name; nothing was changed."))
        if any(e.name.casefold() == name.casefold() for k, e in self.reps.items() if k != rep_id):
            raise RosterError(_("There is already a rep called {name}; nothing was changed.").format(name=name))
        self.reps[rep_id].name = name

    def find(self, text: str) -> RepEntry:
        """A rep by name (any case) or by id or the start of it."""
        wanted = " ".join(text.split()).casefold()
        by_name = [e for e in self.reps.values() if e.name.casefold() == wanted]
        by_id = [e for k, e in self.reps.items() if wanted and k.startswith(wanted)]
        found = by_name or by_id
        if len(found) == 1:
            return found[0]
        if not found:
            near = [e for e in self.reps.values() if wanted and wanted in e.name.casefold()]
            if len(near) == 1:  # "Wang Fang" for "Wang Fang 王芳": suggested, never taken on a guess
                raise RosterError(_("No rep called {text!r}: did you mean {name}? Nothing was changed.").format(
                    text=text, name=near[0].name))
            raise RosterError(_("No rep called {text!r}; `fieldcrm office rep list` shows the roster.").format(text=text))
        raise RosterError(_("{text!r} could be any of {names}; give more of the id.").format(
            text=text, names=", ".join(e.name for e in found)))

    def rep_of_replica(self, replica: str) -> str:
        """The rep who works on a laptop; an unknown laptop stands for a rep of its own."""
        return self._by_replica().get(replica, replica)

    def _by_replica(self) -> dict[str, str]:
        cache = getattr(self, "_cache", None)
        if cache is None:
            cache = self._cache = {r: rep_id for rep_id, e in self.reps.items() for r in e.replicas}
        return cache

    def register(self, replica: str, rep_id: str, name: str) -> bool:
        """A laptop seen in a file: add its rep if new, its replica to the rep. True if anything changed."""
        entry = self.reps.get(rep_id)
        changed = entry is None
        if entry is None:
            entry = self.reps[rep_id] = RepEntry(rep_id, self._free_name(name or f"rep {rep_id[:8]}"))
        if replica not in entry.replicas:
            entry.replicas.append(replica)
            self._cache = None
            changed = True
        return changed

    def _free_name(self, name: str) -> str:
        """Two reps may not share a name (commands find reps by it): number the second."""
        taken = {e.name.casefold() for e in self.reps.values()}
        candidate, n = name, 2
        while candidate.casefold() in taken:
            candidate, n = f"{name} ({n})", n + 1
        return candidate

    def active(self) -> list[RepEntry]:
        return [e for e in self.reps.values() if e.active]

    def names(self) -> dict[str, str]:
        return {rep_id: e.name for rep_id, e in self.reps.items()}

    def replica_reps(self) -> dict[str, str]:
        return dict(self._by_replica())
