"""Is a change one of ours? Every check is derived from the model's dataclasses.

A field's annotation (``str``, ``int | None``, ``list[str]`` ...) gives its type,
its ``metadata`` what the value must look like (``form="day"``, ``choices=...``,
``range=(lo, hi)``): see fieldcrm/model.py. Nothing here lists fields by hand,
so a new field is checked the day it is added.

Sync imports, the rep's own saves, the contacts importers, the office merge and
opening a book all ask the same questions here. A problem is one short phrase
("cadence_days must be a whole number from 1 to 730"); callers put it in a
sentence naming the file, line and table.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import typing
from typing import Any, Callable

from fieldcrm.i18n import _
from fieldcrm.model import TABLES, Record, Rep
from fieldcrm.rules import lunar
from fieldcrm.store.errors import BookError
from fieldcrm.terminal_text import visible

TEXT_LIMIT = 20_000  # characters in one text field: a long visit note is a few thousand
ITEM_LIMIT = 1_000  # characters in one list item (a phone, a tag)
LIST_LIMIT = 500  # items in one list
REF_LIMIT = 64  # characters in a link to another record (an id is 36)
# Every pattern is ASCII only: "\d" and int() also take full-width and Arabic-Indic digits.
RECORD_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII)
# A stamp is "<13-digit ms>.<4-digit counter>.<replica id>" (clock.HybridClock).
STAMP = re.compile(r"[0-9]{13}\.[0-9]{4}\." + RECORD_ID.pattern, re.ASCII)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_INSTANT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z", re.ASCII)
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]", re.ASCII)
INTERNAL_KEYS = ("_c", "_h", "_w")  # stamps the store keeps in a document (store/merge.py)
CHANGE_KEYS = {"t", "id", "s", "f", "b", "was"}

Check = Callable[[Any], "str | None"]  # a value -> what is wrong with it, or None


class InvalidChange(BookError):
    """A change that is not one of ours; nothing was changed."""


def is_stamp(value: object) -> bool:
    return isinstance(value, str) and STAMP.fullmatch(value) is not None


def is_record_id(value: object) -> bool:
    return isinstance(value, str) and RECORD_ID.fullmatch(value) is not None


def _show(value: object) -> str:
    """A short, terminal-safe picture of a bad value for the message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# ------------------------------------------------------------------ one value

_SURROGATE = re.compile("[\ud800-\udfff]")  # what Python makes of bytes that are not UTF-8 (argv, file names)


def _text(limit: int) -> Check:
    def check(value):
        if not isinstance(value, str):
            return _("must be text, not {value}").format(value=_show(value))
        if len(value) > limit:
            return _("is longer than {limit} characters").format(limit=limit)
        if not value.isascii() and _SURROGATE.search(value):  # the log is UTF-8: it could never be written
            return _("holds bytes that are not UTF-8 (shown as \ufffd): {value}").format(value=_show(visible(value)))
        return None
    return check


def _real_day(text: str, unknown_year: bool) -> bool:
    if unknown_year and text.startswith("0000-"):
        text = "2000" + text[4:]  # a leap year, so 29 February passes
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _form(form: str) -> Check:
    if form in ("day", "birthday"):
        unknown_year = form == "birthday"

        def check(value):
            if value == "":
                return None
            if unknown_year and isinstance(value, str) and lunar.is_lunar(value):  # L1985-08-15: 农历
                why = lunar.problem(value)
                return _("must be a real lunar date ({why}), not {value}").format(
                    why=why, value=_show(value)) if why else None
            if not isinstance(value, str) or not _DAY.fullmatch(value) or not _real_day(value, unknown_year):
                if unknown_year:
                    return _("must be a real date as YYYY-MM-DD (0000 for an unknown year), or a lunar date "
                             "as L1985-08-15, not {value}").format(value=_show(value))
                return _("must be a real date as YYYY-MM-DD, not {value}").format(value=_show(value))
            return None
        return check
    if form == "instant":
        def check(value):
            if value == "":
                return None
            if not isinstance(value, str) or not _INSTANT.fullmatch(value) or not _real_day(value[:10], False):
                return _("must be a UTC time as YYYY-MM-DDTHH:MM:SSZ, not {value}").format(value=_show(value))
            return None
        return check
    if form == "time":
        return lambda value: None if value == "" or (isinstance(value, str) and _TIME.fullmatch(value)) \
            else _("must be a time as HH:MM, not {value}").format(value=_show(value))
    if form == "ref":
        # A link to a record this book may not have (yet): readers already treat it as "nobody",
        # so any short text is safe here; the record's own id is held to the strict form.
        return lambda value: None if isinstance(value, str) and len(value) <= REF_LIMIT \
            else _("must be a record id, not {value}").format(value=_show(value))
    raise ValueError(f"unknown form {form!r}")


def _number(whole: bool, optional: bool, low: float | None, high: float | None) -> Check:
    kinds = int if whole else (int, float)

    def wrong(value) -> str:  # worded when it is said, in the language of the moment
        if low is None:
            said = _("must be a whole number, not {value}") if whole else _("must be a number, not {value}")
        elif whole:
            said = _("must be a whole number from {low} to {high}, not {value}")
        else:
            said = _("must be a number from {low} to {high}, not {value}")
        return said.format(low=f"{low:g}" if low is not None else "", high=f"{high:g}" if high is not None else "",
                           value=_show(value))

    def check(value):
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, kinds):
            return wrong(value)
        if not whole and not math.isfinite(value):
            return _("must be a finite number, not {value}").format(value=_show(value))
        if low is not None and not low <= value <= high:
            return wrong(value)
        return None
    return check


def _choice(choices: tuple) -> Check:
    allowed = set(choices)
    listed = ", ".join(repr(c) for c in choices)
    return lambda value: None if isinstance(value, str) and value in allowed \
        else _("must be one of {choices}, not {value}").format(choices=listed, value=_show(value))


def _list(item: Check) -> Check:
    def check(value):
        if not isinstance(value, list):
            return _("must be a list, not {value}").format(value=_show(value))
        if len(value) > LIST_LIMIT:
            return _("holds more than {limit} items").format(limit=LIST_LIMIT)
        for n, one in enumerate(value, start=1):
            problem = item(one)
            if problem:
                return _("item {n} {problem}").format(n=n, problem=problem)
        return None
    return check


def _mapping(key: Check, value_check: Check) -> Check:
    def check(value):
        if not isinstance(value, dict):
            return _("must be a mapping, not {value}").format(value=_show(value))
        if len(value) > LIST_LIMIT:
            return _("holds more than {limit} items").format(limit=LIST_LIMIT)
        for k, v in value.items():
            problem = key(k) or value_check(v)
            if problem:
                return f"{k!r} {problem}" if isinstance(k, str) else problem
        return None
    return check


def _record(kind: type) -> Check:
    """A nested dataclass stored as a dict (an important date)."""
    checks = field_checks(kind)

    def check(value):
        if not isinstance(value, dict):
            return _("must be a mapping, not {value}").format(value=_show(value))
        problem = fields_problem(checks, value)
        return None if problem is None else problem
    return check


def _check_for(f: dataclasses.Field, hint: Any) -> Check:
    meta = f.metadata
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    optional = type(None) in args
    if optional:
        hint = next(a for a in args if a is not type(None))
        origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is bool:
        return lambda value: None if isinstance(value, bool) or (optional and value is None) \
            else _("must be true or false, not {value}").format(value=_show(value))
    if hint in (int, float):
        low, high = meta.get("range", (None, None))
        return _number(hint is int, optional, low, high)
    if hint is str:
        if "choices" in meta:
            return _choice(meta["choices"])
        return _form(meta["form"]) if "form" in meta else _text(TEXT_LIMIT)
    if origin is list:
        if "item" in meta:
            return _list(_record(meta["item"]))
        return _list(_choice(meta["choices"]) if "choices" in meta else _text(ITEM_LIMIT))
    if origin is dict:
        key = _choice(meta["keys"]) if "keys" in meta else _text(ITEM_LIMIT)
        if typing.get_origin(args[1]) is list:  # {key: [text, ...]}: a notice's audience
            return _mapping(key, _list(_text(ITEM_LIMIT)))
        return _mapping(key, _form(meta["form"]) if "form" in meta else _text(ITEM_LIMIT))
    raise TypeError(f"{f.name}: no check for the type {hint!r}")


_CHECKS: dict[type, dict[str, Check]] = {}


def field_checks(kind: type) -> dict[str, Check]:
    """{field name: check} for a dataclass, built once from its annotations."""
    checks = _CHECKS.get(kind)
    if checks is None:
        hints = typing.get_type_hints(kind)
        checks = {f.name: _check_for(f, hints[f.name]) for f in dataclasses.fields(kind) if f.name != "id"}
        _CHECKS[kind] = checks
    return checks


_REQUIRED: dict[type, dict[str, str]] = {}


def required_fields(kind: type) -> dict[str, str]:
    """{name: form} of the fields a new record must have (metadata ``required``); built once."""
    required = _REQUIRED.get(kind)
    if required is None:
        required = _REQUIRED[kind] = {f.name: f.metadata.get("form", "") for f in dataclasses.fields(kind)
                                      if f.metadata.get("required")}
    return required


def fields_problem(checks: dict[str, Check], fields: object) -> str | None:
    """What is wrong with a {field: value} mapping, or None."""
    if not isinstance(fields, dict):
        return _("the fields must be a mapping, not {value}").format(value=_show(fields))
    for name, value in fields.items():
        check = checks.get(name)
        if check is None:
            return _("{name} is not a field of this record").format(name=_show(name))
        problem = check(value)
        if problem:
            return f"{name} {problem}"
    return None


# ------------------------------------------------------------------ whole changes

def change_problem(change: object) -> str | None:
    """What is wrong with a change ``{"t", "id", "s", "f"[, "b", "was"]}``, or None."""
    if not isinstance(change, dict):
        return _("a change must be a mapping")
    extra = set(change) - CHANGE_KEYS
    if extra:
        return _("{key} is not part of a change").format(key=_show(sorted(map(str, extra))[0]))
    table = change.get("t")
    if table not in TABLES:
        return _("{table} is not a table of fieldcrm").format(table=_show(table))
    if not is_record_id(change.get("id")):
        return _("{table}: the id {value} is not a record id").format(table=table, value=_show(change.get("id")))
    if not is_stamp(change.get("s")):
        return _("{table}: the stamp {value} is not a fieldcrm stamp").format(table=table, value=_show(change.get("s")))
    if "was" in change and not is_stamp(change["was"]):
        return _("{table}: the original stamp {value} is not a fieldcrm stamp").format(
            table=table, value=_show(change["was"]))
    problem = fields_problem(field_checks(TABLES[table]), change.get("f"))
    if problem:
        return f"{table}: {problem}"
    if "b" not in change:  # a creation: what every reader relies on must be there
        missing = [name for name in required_fields(TABLES[table]) if not change["f"].get(name)]
        if missing:
            return _("{table}: a new record without {field}").format(table=table, field=missing[0])
    if "b" in change:
        problem = _bases_problem(change["b"], change["f"])
        if problem:
            return f"{table}: {problem}"
    return None


def _bases_problem(bases: object, fields: dict) -> str | None:
    if not isinstance(bases, dict):
        return _("the seen stamps must be a mapping, not {value}").format(value=_show(bases))
    for name, stamps in bases.items():
        if name not in fields:
            return _("seen stamps are given for {name}, which the change does not set").format(name=_show(name))
        if not isinstance(stamps, list) or len(stamps) > LIST_LIMIT or not all(map(is_stamp, stamps)):
            return _("{name}: the seen stamps must be a list of fieldcrm stamps").format(name=name)
    return None


def record_problem(record: Record) -> str | None:
    """What ``check_record`` would refuse in ``record``, as one short phrase, or None."""
    checks = field_checks(type(record))
    record_id = record.id
    problem = fields_problem(checks, {name: getattr(record, name) for name in checks})  # no deep copy: a save is hot
    if problem is None and record_id and not is_record_id(record_id):
        problem = _("the id {value} is not a record id").format(value=_show(record_id))
    return problem


def check_record(record: Record) -> None:
    """Refuse a record of the rep's own (a save, a contacts import) that is not one of ours."""
    problem = record_problem(record)
    if problem:
        name = getattr(record, "name", "")
        kind = type(record).__name__.lower()  # the record's table word, as the log knows it
        if isinstance(name, str) and name:
            said = _("Cannot save this {kind} ({name}): {problem}; nothing was changed.")
        else:
            said = _("Cannot save this {kind}: {problem}; nothing was changed.")
        raise InvalidChange(said.format(kind=kind, name=visible(name[:40], newlines=False) if name else "",
                                        problem=problem))


def check_fields(kind: type[Record], fields: dict) -> None:
    """Refuse an edit of the rep's own that is not one of ours."""
    problem = fields_problem(field_checks(kind), fields)
    if problem:
        raise InvalidChange(_("Cannot save this {kind}: {problem}; nothing was changed.").format(
            kind=kind.__name__.lower(), problem=problem))


def doc_problem(table: str, doc: object) -> str | None:
    """What is wrong with a stored document (a snapshot's), its stamps and history included."""
    # An id is held to the strict form where it enters (a change); a stored one only has to be usable.
    if not isinstance(doc, dict) or not isinstance(doc.get("id"), str) or not 0 < len(doc["id"]) <= REF_LIMIT:
        return _("{table}: a record without a proper id").format(table=table)
    checks = field_checks(TABLES[table])
    plain = {k: v for k, v in doc.items() if k != "id" and k not in INTERNAL_KEYS}
    problem = fields_problem(checks, plain)
    if problem:
        return f"{table}: {problem}"
    if "_c" in doc and doc["_c"] != "" and not is_stamp(doc["_c"]):
        return _("{table}: the creation stamp {value} is not a fieldcrm stamp").format(
            table=table, value=_show(doc["_c"]))
    history = doc.get("_h", {})
    if not isinstance(history, dict):
        return _("{table}: a damaged history").format(table=table)
    for name, versions in history.items():
        if name not in checks or not isinstance(versions, dict) or not versions:
            return _("{table}: a damaged history of {name}").format(table=table, name=_show(name))
        for stamp, version in versions.items():
            if not is_stamp(stamp) or not isinstance(version, list) or len(version) != 2 \
                    or not isinstance(version[1], list) or not all(map(is_stamp, version[1])):
                return _("{table}: a damaged history of {name}").format(table=table, name=name)
            problem = checks[name](version[0])
            if problem:
                return f"{table}: {name} {problem}"
    clamps = doc.get("_w", {})
    if not isinstance(clamps, dict) or not all(is_stamp(k) and is_stamp(v) for k, v in clamps.items()):
        return _("{table}: damaged clock records").format(table=table)
    return None


# ------------------------------------------------------------------ sync file headers

def header_problem(header: dict) -> str | None:
    """What is wrong with a sync file's header (format, version, kind, count are read first)."""
    if not is_record_id(header.get("replica")):
        return _("its header has no proper replica id (got {value})").format(value=_show(header.get("replica")))
    if not is_record_id(header.get("export_id")):
        return _("its header has no proper export id (got {value})").format(value=_show(header.get("export_id")))
    if header["count"] < 0:
        return _("its header gives a negative count")
    for key, check in (("rep", _text(200)), ("created", _form("instant"))):
        if key in header:
            problem = check(header[key])
            if problem:
                return _("its header's {key} {problem}").format(key=key, problem=problem)
    for key in ("hlc_from", "hlc_to"):
        if key in header and header[key] != "" and not is_stamp(header[key]):
            return _("its header's {key} {value} is not a fieldcrm stamp").format(key=key, value=_show(header[key]))
    problem = _team_header_problem(header)
    if problem:
        return problem
    if "ack" in header:
        ack = header["ack"]
        if not isinstance(ack, dict):
            return _("its header's ack must be a mapping of replica to stamp, not {value}").format(value=_show(ack))
        for replica, stamp in ack.items():
            if not is_record_id(replica) or not is_stamp(stamp):
                return _("its header's ack holds {key}: {value}, not a replica and its stamp").format(
                    key=_show(replica), value=_show(stamp))
    return None


POSITION_LIMIT = 2**53  # an office log position or a log sequence number; JSON-safe
WITHDRAWN_LIMIT = 1_000_000


def _team_header_problem(header: dict) -> str | None:
    """The team keys (rep ids, office positions, withdrawals, who is who)."""
    for key in ("rep_id", "for_rep"):
        if key in header and not is_record_id(header[key]):
            return _("its header's {key} {value} is not a rep id").format(key=key, value=_show(header[key]))
    for key in ("office_seq", "log_seq", "since"):
        value = header.get(key, 0)
        if type(value) is not int or not 0 <= value < POSITION_LIMIT:
            return _("its header's {key} must be a position from 0 up, not {value}").format(key=key, value=_show(value))
    if "rep_name" in header:
        problem = _text(200)(header["rep_name"])
        if problem:
            return _("its header's {key} {problem}").format(key="rep_name", problem=problem)
    withdrawn = header.get("withdrawn", [])
    if not isinstance(withdrawn, list) or len(withdrawn) > WITHDRAWN_LIMIT \
            or not all(is_record_id(cid) for cid in withdrawn):
        return _("its header's withdrawn must be a list of customer ids")
    for key, value_ok, what in (("replica_reps", is_record_id, _("a rep id")),
                                ("rep_names", lambda v: _text(200)(v) is None, _("a name")),
                                ("reps", lambda v: _text(200)(v) is None, _("a name"))):
        found = header.get(key, {})
        if not isinstance(found, dict):
            return _("its header's {key} must be a mapping, not {value}").format(key=key, value=_show(found))
        for k, v in found.items():
            if not is_record_id(k) or not value_ok(v):
                return _("its header's {key} holds {item}: {value}, not an id and {what}").format(
                    key=key, item=_show(k), value=_show(v), what=what)
    return None


# ------------------------------------------------------------------ the change log

def log_entry_problem(entry: dict) -> str | None:
    """What is wrong with a change-log line (already known to have seq, hlc, t, id, f)."""
    table = entry["t"]
    if table == "_rep":
        if not is_stamp(entry["hlc"]):
            return _bad_stamp(entry["hlc"])
        problem = fields_problem(field_checks(Rep), {k: v for k, v in entry["f"].items() if k != "replica"})
        return _("the rep's card: {problem}").format(problem=problem) if problem else None
    if table == "_meta":
        return None if is_stamp(entry["hlc"]) else _bad_stamp(entry["hlc"])
    if table == "_gone":  # a record that left this laptop: only its number and stamp are kept
        return None if is_stamp(entry["hlc"]) else _bad_stamp(entry["hlc"])
    if table == "_withdraw":
        ids = entry["f"].get("customers")
        if not is_stamp(entry["hlc"]) or not isinstance(ids, list) or not all(is_record_id(i) for i in ids):
            return _("a withdrawal must list customer ids")
        return None
    change = {"t": table, "id": entry["id"], "s": entry["hlc"], "f": entry["f"]}
    for extra in ("b", "was"):
        if extra in entry:
            change[extra] = entry[extra]
    return change_problem(change)


def _bad_stamp(value: object) -> str:
    return _("the stamp {value} is not a fieldcrm stamp").format(value=_show(value))


__all__ = [
    "InvalidChange", "change_problem", "check_fields", "check_record", "doc_problem",
    "header_problem", "is_record_id", "is_stamp", "log_entry_problem", "record_problem",
]
