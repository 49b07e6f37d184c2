"""Where a book lives: ``--db`` wins, then ``$FIELDCRM_DB``, then the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "FIELDCRM_DB"


def default_book() -> Path:
    return Path(platformdirs.user_data_dir("fieldcrm", appauthor=False)) / "book"


def resolve_book(db: str | None) -> Path:
    if db:
        return Path(db).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    return default_book()


def sync_folder() -> Path:
    """Where the app writes the day's sync file: one folder a rep finds again, never inside a book
    (the command line writes where it is run, or to ``-o FILE``)."""
    return Path.home() / "fieldcrm-sync"
