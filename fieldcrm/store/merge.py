"""Merging a change into a document, field by field, without losing anything.

Each field keeps the set of its versions, ``{stamp: [value, bases]}``, where
``bases`` are the stamps the writer had seen. Merging is a set union, so it is
commutative, associative and idempotent, and the document follows from the set:

- the field's value is the version with the highest stamp (last writer wins,
  by hybrid clock, then replica id: stamps compare as strings);
- a *conflict* is any other version that no version was written over (a leaf):
  the two writers had not seen each other's change. It stays visible until the
  user picks a value (a new version written over every leaf).

Creation is one version for all fields at once (``_c``), so history is stored
(``_h``) only for fields that were ever edited. A document made from an edit
that arrived before its creation has ``_c == ""``.

The value shown is the newest version *nobody has written over* (``winner``):
with clocks that are right it is simply the newest stamp, and when a clamped
stamp (``clock.clamp_stamp``) or a clock put back makes a later edit's stamp
lower than the one it was written over, the later edit still wins.

A clamped change carries its original stamp (``was``); ``_w`` keeps
``{clamped: original}`` so the original, or an edit based on it, arriving
later, is read as the clamped one: the same book whatever the order.
"""

from __future__ import annotations

def versions(doc: dict, field: str, defaults: dict, base_hlc: str) -> dict[str, list]:
    """Every known version of a field: ``{stamp: [value, bases]}`` (a fresh dict)."""
    history = doc.get("_h", {}).get(field)
    if history is not None:
        return dict(history)
    created = doc.get("_c", base_hlc)
    if not created:
        return {}
    return {created: [doc.get(field, defaults.get(field)), []]}


def leaves(found: dict[str, list]) -> list[str]:
    """Stamps of the versions nobody has written over, oldest first."""
    seen = {b for _, bases in found.values() for b in bases}
    return sorted(s for s in found if s not in seen)


def winner(found: dict[str, list]) -> str:
    """The version a field shows: the newest leaf (any version if bases loop)."""
    return max(leaves(found) or found)


def stamps(doc: dict | None) -> set[str]:
    """Every stamp a document holds or held (originals of clamped ones too)."""
    if not doc:
        return set()
    out = {doc.get("_c", "")} | set(doc.get("_w", {}).values())
    for found in doc.get("_h", {}).values():
        out.update(found)
    return out


def fresh_stamp(doc: dict | None, tick) -> str:
    """A stamp from ``tick`` that this document has never held.

    A clock that was put back may come round to a stamp it wrote before; on the
    same record that would make the new change look "already here"."""
    used = stamps(doc)
    stamp = tick()
    while stamp in used:
        stamp = tick()
    return stamp


def _as_clamped(doc: dict, entry: dict) -> dict:
    """The entry with stamps this document knows were clamped read as their clamped form."""
    clamped = {orig: new for new, orig in doc.get("_w", {}).items()}
    if not clamped:
        return entry
    entry = dict(entry)
    if entry["s"] in clamped:
        entry["was"], entry["s"] = entry["s"], clamped[entry["s"]]
    if "b" in entry:
        entry["b"] = {f: [clamped.get(b, b) for b in bases] for f, bases in entry["b"].items()}
    return entry


def is_known(doc: dict, entry: dict, defaults: dict, base_hlc: str) -> bool:
    """Does the document already hold this change (so applying it changes nothing)?"""
    entry = _as_clamped(doc, entry)
    stamp = entry["s"]
    if entry.get("was") and (doc.get("_c") == entry["was"]
                             or any(entry["was"] in found for found in doc.get("_h", {}).values())):
        return False  # the original is here: the clamped copy replaces it
    if "b" not in entry and doc.get("_c", base_hlc) == stamp:
        return True
    history = doc.get("_h", {})
    created = doc.get("_c", base_hlc)
    for field in entry["f"]:
        if field in history:
            if stamp not in history[field]:
                return False
        elif created != stamp:
            return False
    return True


def apply(doc: dict | None, entry: dict, defaults: dict, base_hlc: str) -> dict:
    """The document with ``entry`` merged in (a new dict; the input is not changed).

    ``entry`` is ``{"s": stamp, "f": {field: value}, "b": {field: [bases]}}``; no
    ``"b"`` means a creation (every field of the record, written at once).
    """
    if doc is not None:
        entry = _as_clamped(doc, entry)
    stamp, fields = entry["s"], entry["f"]
    creation = "b" not in entry
    if doc is not None and entry.get("was"):
        doc = _restamp(doc, entry["was"], stamp)
    if doc is None:
        if creation:
            return _remember_clamp({"id": entry["id"], **fields, "_c": stamp}, entry)
        doc = {"id": entry["id"], "_c": ""}
    doc = dict(doc)
    if creation:
        # A creation sets every field: one left out of a (sparse) entry is at its default.
        fields = {**{k: v for k, v in defaults.items() if k != "id"}, **fields}
    history = {k: dict(v) for k, v in doc.get("_h", {}).items()}
    if creation and not doc.get("_c"):
        # The creation arrives after edits: fields never edited take its values.
        doc["_c"] = stamp
        for field, value in fields.items():
            if field not in history:
                doc[field] = value
    bases = entry.get("b", {})
    for field, value in fields.items():
        if field not in history and creation and doc["_c"] == stamp:
            continue
        found = versions({**doc, "_h": history}, field, defaults, base_hlc)
        if stamp in found:
            continue
        found[stamp] = [value, list(bases.get(field, []))]
        history[field] = found
        doc[field] = found[winner(found)][0]
    if creation and doc["_c"] and doc["_c"] != stamp:
        doc["_c"] = min(doc["_c"], stamp)  # created twice (a derived id): order must not matter
    if history:
        doc["_h"] = history
    return _remember_clamp(doc, entry)


def _remember_clamp(doc: dict, entry: dict) -> dict:
    """Keep which stamp a clamped change had, so the merged file can tell its origin."""
    if entry.get("was"):
        doc["_w"] = {**doc.get("_w", {}), entry["s"]: entry["was"]}
    return doc


def _restamp(doc: dict, was: str, stamp: str) -> dict:
    """A change the office clamped (its clock was far ahead) replaces the original here."""
    doc = dict(doc)
    if doc.get("_c") == was:
        doc["_c"] = stamp
    history = {}
    for field, found in doc.get("_h", {}).items():
        found = {(stamp if s == was else s): [v, [stamp if b == was else b for b in bases]]
                 for s, (v, bases) in found.items()}
        history[field] = found
        doc[field] = found[winner(found)][0]
    if history:
        doc["_h"] = history
    return doc


def field_conflicts(doc: dict, field: str, defaults: dict, base_hlc: str) -> list[tuple[str, object]]:
    """(stamp, value) of each version that stands against the current one."""
    found = versions(doc, field, defaults, base_hlc)
    if len(found) < 2:
        return []
    shown = winner(found)
    value = found[shown][0]
    return [(s, found[s][0]) for s in leaves(found) if s != shown and found[s][0] != value]


def conflicts(doc: dict, defaults: dict, base_hlc: str) -> dict[str, list[tuple[str, object]]]:
    """Every field in conflict, and an edit that raced a delete (as field "deleted")."""
    out = {}
    for field in doc.get("_h", {}):
        found = field_conflicts(doc, field, defaults, base_hlc)
        if found:
            out[field] = found
    if doc.get("deleted"):
        raced = delete_races(doc, defaults, base_hlc)
        if raced:
            out["deleted"] = out.get("deleted", []) + raced
    return out


def delete_races(doc: dict, defaults: dict, base_hlc: str) -> list[tuple[str, object]]:
    """Edits the deleter had not seen: newer than everything the delete was based on."""
    found = versions(doc, "deleted", defaults, base_hlc)
    deleter = winner(found)
    seen = max(found[deleter][1], default=deleter)
    raced = []
    for field, history in doc.get("_h", {}).items():
        if field == "deleted":
            continue
        for s in leaves(history):
            bases = history[s][1]
            # An edit (it has bases, a creation has none) that did not see the delete.
            if s > seen and s != deleter and bases and deleter not in bases:
                raced.append((s, f"{field} edited: {_plain(history[s][0])}"))
    return sorted(raced)


def seen_delete(doc: dict, defaults: dict, base_hlc: str) -> list[str]:
    """The delete an edit of a deleted record was written after: part of its bases."""
    if not doc.get("deleted"):
        return []
    return [winner(versions(doc, "deleted", defaults, base_hlc))]


def all_leaves(doc: dict, defaults: dict, base_hlc: str) -> list[str]:
    """Every leaf stamp of every field: what a writer who deletes the record has seen."""
    stamps = set()
    for field in doc.get("_h", {}):
        stamps.update(leaves(doc["_h"][field]))
    if doc.get("_c"):
        stamps.add(doc["_c"])
    elif "_c" not in doc and base_hlc:
        stamps.add(base_hlc)
    return sorted(stamps)


def _plain(value) -> str:
    """A value in words: a list joined with commas, never Python syntax."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)
