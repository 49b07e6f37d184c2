"""Writing accepted changes into PostgreSQL: versions, documents, report tables.

Everything here runs inside the caller's transaction, which holds the merge
lock. ``write_changes`` is the one path: a rep's file, an assignment made at
the office, and a migrated book all go through it, so the documents are what
``merge.apply`` makes of the versions, exactly as in the TinyDB office book.
"""

from __future__ import annotations

import weakref
from typing import Callable

import orjson
from psycopg.types.json import Jsonb

from fieldcrm.model import CUSTOMER_LINK
from fieldcrm.office.scope import changes_who_holds, rep_of
from fieldcrm.store.writing import stored_doc

Key = tuple[str, str]


def load_docs(conn, keys) -> dict[Key, dict]:
    """The stored documents of ``keys`` (absent ones are left out)."""
    keys = list(keys)
    if not keys:
        return {}
    if len(keys) < 1000:
        rows = conn.execute(
            "SELECT d.tbl, d.rec_id, d.doc FROM doc d JOIN unnest(%s::text[], %s::text[]) AS k(tbl, rec_id) "
            "USING (tbl, rec_id)", ([k[0] for k in keys], [k[1] for k in keys])).fetchall()
        return {(t, r): d for t, r, d in rows}
    # Many keys (a batch of files, mostly new records): one hash join, not an index probe per key.
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (tbl text, rec_id text)")
        copy_lines(cur, "COPY wanted FROM STDIN", [f"{t}\t{r}\n".encode() for t, r in keys])
        cur.execute("ANALYZE wanted")
        rows = cur.execute("SELECT d.tbl, d.rec_id, d.doc FROM doc d JOIN wanted USING (tbl, rec_id)").fetchall()
        cur.execute("TRUNCATE wanted")
    return {(t, r): d for t, r, d in rows}


_STAGED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # connection -> its temp tables


STAGES = {"stage": "version", "stage_doc": "doc", "stage_cur_customer": "cur_customer",
          "stage_cur_interaction": "cur_interaction"}


def stage(cur, name: str, like: str) -> str:
    """A temporary table shaped like ``like``, for rows moved on by the same transaction's next
    statement (``DELETE ... RETURNING``), so it is empty between transactions: a rolled-back one
    takes its rows with it. Not emptied ``ON COMMIT``: that truncated every stage at every commit,
    a tenth of a merge's server time. One made outside a transaction is remembered for the
    connection; one made inside may be rolled back with it, so it is not."""
    from psycopg.pq import TransactionStatus
    made = _STAGED.setdefault(cur.connection, set())
    idle = cur.connection.info.transaction_status == TransactionStatus.IDLE
    if name not in made:
        cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (LIKE {like})")
        if idle:
            made.add(name)
    return name


def prepare_stages(conn) -> None:
    """Every temporary table a merge writes through, made once, outside its transactions."""
    with conn.cursor() as cur:
        for name, like in STAGES.items():
            stage(cur, name, like)


def reserve(conn, count: int) -> int:
    """Take ``count`` log positions; returns the first (the caller holds the merge lock)."""
    end = conn.execute("UPDATE office SET position = position + %s RETURNING position", (count,)).fetchone()[0]
    return end - count + 1


def version_rows(change: dict, seq: int):
    """A change as rows of ``version``: a creation is one row, an edit one row per field."""
    table, rid, stamp, was = change["t"], change["id"], change["s"], change.get("was")
    if "b" not in change:
        yield table, rid, "*", stamp, Jsonb(change["f"]), None, was, seq
        return
    for field, value in change["f"].items():
        yield table, rid, field, stamp, Jsonb(value), list(change["b"].get(field, [])), was, seq


VERSION_COPY = "COPY {} (tbl, rec_id, field, stamp, value, bases, was, seq) FROM STDIN"


def version_lines(change: dict, seq: int) -> bytes:
    """The same rows as ``version_rows``, as COPY text lines, encoded in one go (the hot path).

    Tables, ids, field names and stamps are checked words (no tab, newline or
    backslash: ``validation``), so only the JSON needs escaping: orjson writes no
    raw control characters, and COPY reads a backslash as an escape."""
    table, rid, stamp = change["t"], change["id"], change["s"]
    was = change.get("was") or "\\N"
    tail = f"\t{was}\t{seq}\n".encode()
    head = f"{table}\t{rid}\t".encode()
    if "b" not in change:
        return b"".join((head, b"*\t", stamp.encode(), b"\t", _json(change["f"]), b"\t\\N", tail))
    bases = change["b"]
    return b"".join(b"".join((head, field.encode(), b"\t", stamp.encode(), b"\t", _json(value), b"\t{",
                              ",".join(bases.get(field, ())).encode(), b"}", tail))
                    for field, value in change["f"].items())


def _json(value) -> bytes:
    return orjson.dumps(value).replace(b"\\", b"\\\\")


def write_changes(conn, changes: list[dict], before: dict[Key, dict], base_hlc: str,
                  rep_of_replica: Callable[[str], str], seqs: list[int] | None = None,
                  after: dict[Key, dict] | None = None, born: dict[Key, int] | None = None,
                  fresh: set[Key] = frozenset()) -> dict[Key, dict]:
    """Merge ``changes`` (new to the office, in order) into the documents ``before``;
    store the versions, the documents and the report rows. Returns the new documents.
    A caller that merged them already passes the documents ``after`` (and when each was first
    written, ``born``, and which records the office did not hold at all, ``fresh``)."""
    if not changes:
        return {}
    if seqs is None:
        first = reserve(conn, len(changes))
        seqs = list(range(first, first + len(changes)))
    computed = after is None
    after = {} if after is None else after
    last: dict[Key, int] = {}
    lines = []
    for change, seq in zip(changes, seqs):
        key = (change["t"], change["id"])
        if computed:
            after[key] = stored_doc(after.get(key, before.get(key)), change, base_hlc)
        last[key] = seq
        lines.append(version_lines(change, seq))
    with conn.cursor() as cur:
        write_versions(conn, cur, lines)
        write_docs(cur, after, last, born, fresh)
        write_current(cur, after, base_hlc, rep_of_replica, fresh)
    mark_derived(conn)
    return after


def mark_derived(conn) -> None:
    """The documents now stand for every version up to the log position."""
    conn.execute("UPDATE office SET derived = position")


def changes_past(conn, position: int):
    """(seq, change) of every version past ``position``, in order, as the change that wrote it."""
    return _as_changes(conn.execute(
        "SELECT seq, tbl, rec_id, field, stamp, value, bases, was FROM version WHERE seq > %s "
        "ORDER BY seq, field", (position,)))


def record_as_of(conn, table: str, record_id: str, position: int, base_hlc: str) -> dict | None:
    """A record as the office held it at ``position`` (None before its first version there):
    its versions up to that position, merged in order, leaving out those held aside."""
    held = held_aside(conn, (table, record_id))
    doc = None
    for _seq, change in _as_changes(conn.execute(
            "SELECT seq, tbl, rec_id, field, stamp, value, bases, was FROM version "
            "WHERE tbl = %s AND rec_id = %s AND seq <= %s ORDER BY seq, field", (table, record_id, position))):
        if (table, record_id, change["s"]) not in held:
            doc = stored_doc(doc, change, base_hlc)
    return doc


def held_aside(conn, record: tuple[str, str] | None = None) -> set[tuple[str, str, str]]:
    """(table, id, stamp) of the changes held aside, never applied: out of their sender's scope
    and changing who a record belongs to (``scope.changes_who_holds``); of one record, if given."""
    rows = conn.execute("SELECT tbl, rec_id, stamp, fields FROM out_of_scope"
                        + (" WHERE tbl = %s AND rec_id = %s" if record else ""), record or ())
    return {(table, rid, stamp) for table, rid, stamp, fields in rows if changes_who_holds(table, fields)}


def _as_changes(rows):
    """Version rows, in position order, grouped back into (seq, change)."""
    current = None
    for seq, table, rid, fld, stamp, value, bases, was in rows:
        if current is not None and current[0] != seq:
            yield current
            current = None
        if current is None:
            current = (seq, {"t": table, "id": rid, "s": stamp, "f": {}})
            if was is not None:
                current[1]["was"] = was
        change = current[1]
        if fld == "*":
            change["f"] = value
        else:
            change["f"][fld] = value
            change.setdefault("b", {})[fld] = list(bases or [])
    if current is not None:
        yield current


def write_versions(conn, cur, lines: list[bytes]) -> None:
    """The version rows, as a set union. Straight into the table when none is there yet (the usual
    case: the plan left out what the office holds); else through a stage, ``ON CONFLICT DO NOTHING``."""
    from psycopg.errors import UniqueViolation
    try:
        with conn.transaction():  # a savepoint
            copy_lines(cur, VERSION_COPY.format("version"), lines)
        return
    except UniqueViolation:
        pass
    copy_lines(cur, VERSION_COPY.format(stage(cur, "stage", "version")), lines)
    cur.execute("WITH moved AS (DELETE FROM stage RETURNING *) "  # the stage emptied by the same statement
                "INSERT INTO version SELECT * FROM moved ON CONFLICT DO NOTHING")


def copy_versions(cur, lines: bytes) -> None:
    """Version rows (COPY lines) straight into the table: new to the office, as planned."""
    with cur.copy(VERSION_COPY.format("version")) as copy:
        copy.write(lines)


def copy_lines(cur, statement: str, lines: list[bytes], chunk: int = 2000) -> None:
    with cur.copy(statement) as copy:
        for start in range(0, len(lines), chunk):
            copy.write(b"".join(lines[start:start + chunk]))


def write_docs(cur, docs: dict[Key, dict], seqs: dict[Key, int], born: dict[Key, int] | None = None,
               fresh: set[Key] = frozenset()) -> None:
    """Upsert the documents; ``born`` (the position a new record is first written at) defaults to
    ``seqs``; the ``fresh`` ones (not in the table) go straight in."""
    write_doc_lines(cur, *doc_lines(docs, seqs, born, fresh))


def doc_lines(docs: dict[Key, dict], seqs: dict[Key, int], born: dict[Key, int] | None = None,
              fresh: set[Key] = frozenset()) -> tuple[list[bytes], list[bytes]]:
    """The documents as COPY lines: (new to the office, held already)."""
    born = seqs if born is None else born
    new, old = [], []
    for (table, rid), doc in docs.items():
        link = CUSTOMER_LINK.get(table)
        link = _text(doc.get(link, "")) if link else ""
        (new if (table, rid) in fresh else old).append(
            b"%s\t%s\t%s\t%s\t%d\t%d\n" % (table.encode(), rid.encode(), _json(doc), link.encode(),
                                          born[(table, rid)], seqs[(table, rid)]))
    return new, old


def write_doc_lines(cur, new: list[bytes], old: list[bytes]) -> None:
    columns = "(tbl, rec_id, doc, link, born, seq)"
    if new:
        copy_lines(cur, f"COPY doc {columns} FROM STDIN", new)
    if old:
        copy_lines(cur, f"COPY {stage(cur, 'stage_doc', 'doc')} {columns} FROM STDIN", old)
        cur.execute("WITH moved AS (DELETE FROM stage_doc RETURNING *) "
                    "INSERT INTO doc SELECT * FROM moved ON CONFLICT (tbl, rec_id) DO UPDATE "
                    "SET doc = excluded.doc, link = excluded.link, seq = greatest(doc.seq, excluded.seq)")


def _text(value) -> str:
    """A text column's value escaped for COPY (a link is a checked id, but a document is data)."""
    if value.__class__ is not str:
        return ""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def _line(row: tuple) -> bytes:
    """A report row as a COPY text line: text escaped, booleans as t/f (the last column, ``deleted``)."""
    *texts, deleted = row
    return ("\t".join([_text(v) for v in texts]) + ("\tt\n" if deleted else "\tf\n")).encode()


def creator(doc: dict, base_hlc: str) -> str:
    """The laptop that created a record ("" for one waiting for its creation)."""
    stamp = doc.get("_c", base_hlc)
    return stamp.split(".", 2)[2] if stamp else ""


def write_current(cur, docs: dict[Key, dict], base_hlc: str, rep_of_replica,
                  fresh: set[Key] = frozenset()) -> None:
    """The report tables' rows for the touched customers and interactions (``fresh``: new to the office)."""
    write_current_lines(cur, current_lines(docs, base_hlc, rep_of_replica, fresh))


def current_lines(docs: dict[Key, dict], base_hlc: str, rep_of_replica,
                  fresh: set[Key] = frozenset()) -> dict[str, tuple[list[bytes], list[bytes]]]:
    """The report rows as COPY lines, per table: (new to the office, held already)."""
    out: dict[str, tuple[list[bytes], list[bytes]]] = {"cur_customer": ([], []), "cur_interaction": ([], [])}
    for (table, rid), doc in docs.items():
        if doc.get("_c") == "":
            continue  # waiting for its creation: not a record yet
        if table == "customers":
            row = (rid, doc.get("name", ""), doc.get("area", ""), rep_of(table, doc, rep_of_replica, base_hlc),
                   doc.get("owner", ""), creator(doc, base_hlc), bool(doc.get("deleted", False)))
            target = "cur_customer"
        elif table == "interactions":
            row = (rid, doc.get("customer_id", ""), rep_of(table, doc, rep_of_replica, base_hlc),
                   doc.get("rep_id", ""), creator(doc, base_hlc), doc.get("kind", "visit"),
                   doc.get("at", ""), bool(doc.get("deleted", False)))
            target = "cur_interaction"
        else:
            continue
        out[target][0 if (table, rid) in fresh else 1].append(_line(row))
    return out


def write_current_lines(cur, lines: dict[str, tuple[list[bytes], list[bytes]]]) -> None:
    for table, columns in (("cur_customer", CUSTOMER_COLUMNS), ("cur_interaction", INTERACTION_COLUMNS)):
        new, old = lines[table]
        if new:
            copy_lines(cur, f"COPY {table} FROM STDIN", new)
        if not old:
            continue
        copy_lines(cur, f"COPY {stage(cur, 'stage_' + table, table)} FROM STDIN", old)
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
        cur.execute(f"WITH moved AS (DELETE FROM stage_{table} RETURNING *) "
                    f"INSERT INTO {table} SELECT * FROM moved ON CONFLICT (id) DO UPDATE SET {updates}")


CUSTOMER_COLUMNS = ("id", "name", "area", "rep_id", "owner", "creator", "deleted")
INTERACTION_COLUMNS = ("id", "customer_id", "rep_id", "author", "creator", "kind", "at", "deleted")


def follow_roster(conn) -> None:
    """Records whose rep is "the creating laptop's rep": follow the roster as laptops register."""
    conn.execute("UPDATE cur_customer c SET rep_id = r.rep_id FROM replica r WHERE c.owner = '' "
                 "AND c.creator = r.replica AND r.rep_id IS NOT NULL AND c.rep_id <> r.rep_id")
    conn.execute("UPDATE cur_interaction i SET rep_id = r.rep_id FROM replica r WHERE i.author = '' "
                 "AND i.creator = r.replica AND r.rep_id IS NOT NULL AND i.rep_id <> r.rep_id")
