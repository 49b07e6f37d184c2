"""Schema versions of the book and the steps between them.

Each step takes the whole snapshot dict of version N and returns version N+1.
A book is migrated in memory on open; the writer then saves it, keeping the
old file as a backup.
"""

from __future__ import annotations

from typing import Callable

from fieldcrm.i18n import _
from fieldcrm.store.errors import BookTooNew
from fieldcrm.store.snapshot import META_DOC, META_TABLE

SCHEMA_VERSION = 2


def _v1_to_v2(data: dict) -> dict:
    """Version 1 kept one phone as a string and tags as "a, b"; version 2 keeps lists."""
    for doc in data.get("customers", {}).values():
        phone = doc.pop("phone", "")
        doc.setdefault("phones", [phone] if phone else [])
        tags = doc.get("tags", [])
        if isinstance(tags, str):
            doc["tags"] = [t.strip() for t in tags.split(",") if t.strip()]
    return data


MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2}


def migrate(data: dict, source: str) -> tuple[dict, int]:
    """Bring a snapshot to SCHEMA_VERSION; return it and the version it had."""
    meta = data[META_TABLE][META_DOC]
    version = meta.get("schema", 1)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise BookTooNew(
            _("{source} was written by a newer fieldcrm (book schema {version}; this version "
              "reads up to {newest}); update fieldcrm to open it. Nothing was changed.").format(
                source=source, version=version, newest=SCHEMA_VERSION)
        )
    original = version
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    data[META_TABLE][META_DOC]["schema"] = version
    return data, original
