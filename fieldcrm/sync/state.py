"""A book's whole state as changes (the office's merged file), and a canonical dump.

Every version of every field is emitted, so a rep who imports the merged file
ends with exactly the office's versions; ``canonical`` compares two books by
their versions, whatever order they were built in.
"""

from __future__ import annotations

from fieldcrm.model import TABLES
from fieldcrm.store import merge
from fieldcrm.store.writing import DEFAULTS

META_KEYS = ("id", "_c", "_h", "_w")


def state_changes(store) -> tuple[list[dict], dict[str, str]]:
    """(changes that rebuild every record, {replica: newest stamp seen from it})."""
    return changes_of({t: store.raw_table(t) for t in TABLES}, store.meta.get("base_hlc", ""))


def changes_of(tables: dict, base: str) -> tuple[list[dict], dict[str, str]]:
    """``state_changes`` for documents given per table (a store's, or a test's)."""
    out: list[dict] = []
    ack: dict[str, str] = {}

    def seen(stamp: str) -> None:
        replica = stamp.split(".", 2)[2]
        if stamp > ack.get(replica, ""):
            ack[replica] = stamp

    for table, docs in tables.items():
        for doc in docs:
            created = doc.get("_c", base)
            history = doc.get("_h", {})
            if created:
                fields = {k: v for k, v in doc.items() if k not in META_KEYS}
                for field, found in history.items():
                    if created in found:
                        fields[field] = found[created][0]
                    else:
                        fields.pop(field, None)
                out.append(_was({"t": table, "id": doc["id"], "s": created, "f": fields}, doc))
                seen(created)
            edits: dict[str, dict] = {}
            for field, found in history.items():
                for stamp, (value, bases) in found.items():
                    if stamp == created:
                        continue
                    edit = edits.setdefault(stamp, {"t": table, "id": doc["id"], "s": stamp, "f": {}, "b": {}})
                    edit["f"][field] = value
                    edit["b"][field] = bases
            for stamp in sorted(edits):
                out.append(_was(edits[stamp], doc))
                seen(stamp)
    return out, ack


def _was(change: dict, doc: dict) -> dict:
    """A change the office clamped says which stamp it had, so its author replaces it."""
    was = doc.get("_w", {}).get(change["s"])
    return {**change, "was": was} if was else change


def canonical(store) -> dict:
    """Every record as {field: [[stamp, value, bases], ...]}: equal for equal books."""
    return canonical_of({t: store.raw_table(t) for t in TABLES}, store.meta.get("base_hlc", ""))


def canonical_of(tables: dict, base: str) -> dict:
    dump: dict = {}
    for table, docs in tables.items():
        kind, defaults = TABLES[table], DEFAULTS[table]
        rows = {}
        for doc in docs:
            rows[doc["id"]] = {
                field: sorted([s, v, sorted(b)] for s, (v, b) in
                              merge.versions(doc, field, defaults, base).items())
                for field in kind.field_names() if field != "id"
            }
        dump[table] = dict(sorted(rows.items()))
    return dump
