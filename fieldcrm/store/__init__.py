"""The only code that touches files: TinyDB tables, the change log, locking, backups.

``Store`` is imported on first use, so code that only needs the error types
(the command line, the app's first frame) does not load TinyDB and friends.
"""

from fieldcrm.store.errors import (
    BookDamaged, BookError, BookLocked, BookTooNew, NotABook, ReadOnlyBook, SaveFailed,
)

__all__ = [
    "Store", "BookError", "BookDamaged", "BookLocked", "BookTooNew", "NotABook",
    "ReadOnlyBook", "SaveFailed",
]


def __getattr__(name: str):
    if name == "Store":
        from fieldcrm.store.book import Store
        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
