"""The only code that touches files: TinyDB tables, the change log, locking, backups."""

from fieldcrm.store.book import Store
from fieldcrm.store.errors import (
    BookDamaged, BookError, BookLocked, BookTooNew, NotABook, ReadOnlyBook, SaveFailed,
)

__all__ = [
    "Store", "BookError", "BookDamaged", "BookLocked", "BookTooNew", "NotABook",
    "ReadOnlyBook", "SaveFailed",
]
