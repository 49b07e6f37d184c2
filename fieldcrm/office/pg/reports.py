"""The manager's reports in SQL, and who may read them (one database role per person).

Each person who reads reports connects with their own role; row-level security
on the ``cur_*`` tables (schema.py) shows a rep their own customers and a
manager their team (``rep.manager_id``, any depth).
"""

from __future__ import annotations

import datetime as dt

from fieldcrm.i18n import _
from fieldcrm.office.pg import schema
from fieldcrm.office.pg.connect import OfficeDbError
from fieldcrm.terminal_text import visible


def report_rows(conn, name: str, today: dt.date) -> list[tuple]:
    since = (today - dt.timedelta(days=30)).isoformat()
    return conn.execute(schema.report_query(name), {"since": since}).fetchall()


def out_of_scope_rows(conn) -> list[tuple]:
    """(sender's name, table, record, customer's name, owner's name, fields, stamp), oldest first."""
    return conn.execute(
        "SELECT coalesce(s.name, o.sender), o.tbl, o.rec_id, coalesce(c.name, o.customer_id), "
        "coalesce(w.name, o.owner), o.fields, o.stamp FROM out_of_scope o "
        "LEFT JOIN rep s ON s.rep_id = o.sender LEFT JOIN rep w ON w.rep_id = o.owner "
        "LEFT JOIN cur_customer c ON c.id = o.customer_id ORDER BY o.seq").fetchall()


def print_reports(master, out_of_scope: bool = False) -> int:
    def show(text) -> str:
        return visible(str(text), newlines=False)

    if out_of_scope:
        rows = out_of_scope_rows(master.conn)
        if not rows:
            print(_("No out-of-scope changes: every change came from a rep whose customer it was."))
        for sender, table, rid, customer, owner, fields, _stamp in rows:
            print(_("{sender} changed {fields} of {table} {record} (customer {customer}, rep {owner}): kept at "
                    "the office, not sent on.").format(sender=show(sender), fields=", ".join(fields), table=table,
                                                       record=rid[:8], customer=show(customer), owner=show(owner)))
        return 0
    for name, (title, _query) in schema.REPORTS.items():
        print(title)
        for rep, count in report_rows(master.conn, name, master.today()):
            print(f"  {show(rep)}  {count}")
    return 0


def grant_reader(master, rep_id: str, role: str, manager_of: list[str] = ()) -> str | None:
    """Let database role ``role`` read reports as rep ``rep_id`` (created if missing, no password:
    the office's IT sets one); ``manager_of``: reps whose manager this rep is. Returns the role that
    read as this rep before, which no longer does (None if none). The office's own role and a
    superuser are refused: row-level security does not bind them, and the office's role must keep
    seeing every row."""
    from psycopg import sql
    if not role.isidentifier() or not role.islower():
        raise OfficeDbError(_("{role!r} cannot be a database role here: use lower-case letters, digits and _.").format(
            role=role))
    with master.conn.transaction():
        master.conn.execute("SELECT pg_advisory_xact_lock(%s)", (schema.MERGE_LOCK,))
        own, = master.conn.execute("SELECT current_user").fetchone()
        if role == own:
            raise OfficeDbError(_("{role} is the role the office itself connects as: give the rep a role of their "
                                  "own; nothing was changed.").format(role=role))
        exists = master.conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if exists and exists[0]:
            raise OfficeDbError(_("{role} is a superuser, which reads every row whoever it reads as: give the rep a "
                                  "role of their own; nothing was changed.").format(role=role))
        before, = master.conn.execute("SELECT db_role FROM rep WHERE rep_id = %s", (rep_id,)).fetchone()
        if not exists:
            master.conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
        master.conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(schema.READERS), sql.Identifier(role)))
        master.conn.execute("UPDATE rep SET db_role = NULL WHERE db_role = %s", (role,))
        master.conn.execute("UPDATE rep SET db_role = %s WHERE rep_id = %s", (role, rep_id))
        for member in manager_of:
            master.conn.execute("UPDATE rep SET manager_id = %s WHERE rep_id = %s", (rep_id, member))
    return before if before not in (None, role) else None
