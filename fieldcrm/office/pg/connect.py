"""Opening a connection to the office's PostgreSQL: the driver, the DSN, one sentence when it fails."""

from __future__ import annotations

import orjson

from fieldcrm.i18n import _
from fieldcrm.store.errors import BookError

INSTALL = 'pip install "fieldcrm[office]"'


class OfficeDbError(BookError):
    """The office database cannot be used; nothing was changed."""


def is_dsn(text: str) -> bool:
    """Does ``--master`` name a PostgreSQL database rather than a book folder?"""
    return str(text).startswith(("postgresql://", "postgres://"))


def check_master(text: str) -> None:
    """Refuse, in one sentence, a ``--master`` that is the address of another kind of database (mysql://…):
    taken for a folder, it would lose a slash and be looked for on disk."""
    import re
    if not is_dsn(text) and re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", str(text)):
        raise OfficeDbError(_("--master {value} is not a PostgreSQL address: give postgresql://… or postgres://…, "
                              "or the office book's folder; nothing was changed.").format(value=text))


def driver():
    try:
        import psycopg
    except ImportError:
        raise OfficeDbError(_("An office on PostgreSQL needs the psycopg driver: run `{command}`; "
                              "nothing was changed.").format(command=INSTALL)) from None
    _quiet_terminations()
    return psycopg


def _ignored_termination(record) -> bool:
    """False for psycopg's warning that ending a COPY failed after the error that stopped it (the
    connection lost): that error is the one fieldcrm says, in its own sentence."""
    return not str(record.msg).startswith("error ignored terminating")


def _quiet_terminations() -> None:
    import logging
    logger = logging.getLogger("psycopg")
    if _ignored_termination not in logger.filters:
        logger.addFilter(_ignored_termination)


def connect(dsn: str):
    """An autocommit connection (every write opens its own transaction), jsonb through orjson."""
    psycopg = driver()
    from psycopg.types.json import set_json_dumps, set_json_loads
    try:
        conn = psycopg.connect(dsn, autocommit=True, connect_timeout=10,
                               fallback_application_name="fieldcrm")  # named so in pg_stat_activity
    except psycopg.Error as error:
        raise OfficeDbError(_("Cannot connect to the office database ({why}); nothing was changed.").format(
            why=first_line(error))) from None
    set_json_dumps(lambda obj: orjson.dumps(obj).decode(), context=conn)
    set_json_loads(orjson.loads, context=conn)
    return conn


def first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__).rstrip(".")


def safe_dsn(dsn: str) -> str:
    """The address without a password, to show."""
    import re
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1@", dsn)
