"""Where a book lives: ``--db`` wins, then ``$FIELDCRM_DB``, then the user data folder."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import platformdirs

from fieldcrm.i18n import _

ENV_VAR = "FIELDCRM_DB"


def default_book() -> Path:
    return Path(platformdirs.user_data_dir("fieldcrm", appauthor=False)) / "book"


def resolve_book(db: str | None) -> Path:
    if db:
        return Path(db).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    return default_book()


def typed_paths(text: str) -> list[Path]:
    """Paths as typed at a prompt: space between, quoted (or backslash-escaped) when one holds a
    space, as in a shell; a single path that exists is taken whole, unquoted spaces and all.
    A ValueError for a quote left open."""
    text = text.strip()
    if text and Path(text).expanduser().exists():
        return [Path(text).expanduser()]
    try:
        words = shlex.split(text)
    except ValueError:
        raise ValueError(_("A quote is left open: put a path with spaces between two quotes.")) from None
    return [Path(word).expanduser() for word in words]


def sync_folder() -> Path:
    """Where the app writes the day's sync file: one folder a rep finds again, never inside a book
    (the command line writes where it is run, or to ``-o FILE``)."""
    return Path.home() / "fieldcrm-sync"
