"""Whose is what: the book's rep, the rep behind each replica, a record's rep.

A book belongs to a rep (``rep_id``); a rep may work on several laptops, each
a replica. Books from before teams have no ``rep_id``: the rep is then named by
the book's replica id, which is also what the office calls them.

A record's rep is its ``owner`` (customers) or ``rep_id`` (everything else),
written when it was created; records from before teams leave it empty, and it
is then the rep of the replica whose stamp created the record.

A record that only edits have reached, never its creation (``_c == ""``), is
*waiting for its origin*: kept, merged like any other, and shown nowhere.
"""

from __future__ import annotations

from fieldcrm.i18n import _
from fieldcrm.model import REP_FIELD
from fieldcrm.store import merge


def is_waiting(doc: dict) -> bool:
    """An edit arrived before the record's creation: nothing to show yet."""
    return doc.get("_c") == ""


def creator_replica(doc: dict, base_hlc: str) -> str:
    """The replica whose stamp created the record ("" while it waits for its origin)."""
    stamp = doc.get("_c", base_hlc)
    return stamp.split(".", 2)[2] if stamp else ""


class RepsMixin:
    """Rep identity for ``Store`` (reads ``self._meta`` only)."""

    @property
    def rep_id(self) -> str:
        """The rep this book belongs to (the replica id for books from before teams)."""
        return self._meta.get("rep_id") or self._meta["replica"]

    def rep_of_replica(self, replica: str) -> str:
        """The rep who writes from ``replica`` (the replica id itself when unknown)."""
        if replica == self._meta["replica"]:
            return self.rep_id
        return self._meta.get("replica_reps", {}).get(replica, replica)

    def rep_of(self, table: str, doc: dict) -> str:
        """A record's rep: a customer's owner, any other record's author."""
        named = doc.get(REP_FIELD[table], "")
        return named or self.rep_of_replica(creator_replica(doc, self._meta["base_hlc"]))

    def is_mine(self, table: str, doc: dict) -> bool:
        return self.rep_of(table, doc) == self.rep_id

    def rep_of_value(self, table: str, doc: dict, field: str) -> str:
        """The rep who wrote the value a field holds now: who marked a follow-up done,
        whoever wrote the follow-up. A field never edited was written by its record's rep."""
        history = doc.get("_h", {}).get(field)
        if not history:
            return self.rep_of(table, doc)
        return self.rep_of_replica(creator_replica({"_c": merge.winner(history)}, ""))

    def rep_name(self, rep_id: str) -> str:
        """A rep's name as this book knows it ("" when it does not). Books from before
        teams name a rep by a replica id, whose name the sync files' headers told."""
        if rep_id == self.rep_id:
            return self.rep.name
        return (self._meta.get("rep_names", {}).get(rep_id, "")
                or self._meta.get("reps", {}).get(rep_id, ""))

    def rep_label(self, rep_id: str) -> str:
        """A rep as the screens show them: the name, else a short id."""
        return self.rep_name(rep_id) or _("rep …{short_id}").format(short_id=rep_id[-8:])
