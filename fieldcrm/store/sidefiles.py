"""Small files beside the book: drafts being typed, and saved views for a fast start.

Each is one JSON file, written atomically (a crash leaves the old or the new
one), private like the book. They are conveniences: losing one never loses
book data, and a damaged one is ignored.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from fieldcrm.store.files import atomic_write, ensure_private_dir


class SideFiles:
    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, kind: str, name: str) -> Path:
        return self.folder / kind / f"{name}.json"

    def save(self, kind: str, name: str, payload: dict) -> None:
        path = self._path(kind, name)
        ensure_private_dir(path.parent)
        atomic_write(path, orjson.dumps(payload))

    def load(self, kind: str, name: str) -> dict | None:
        try:
            data = orjson.loads(self._path(kind, name).read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return None
        return data if isinstance(data, dict) else None

    def remove(self, kind: str, name: str) -> None:
        self._path(kind, name).unlink(missing_ok=True)
