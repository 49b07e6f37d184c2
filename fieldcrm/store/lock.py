"""One writer per book: an flock on the book folder, held for the life of the process.

Locking the folder itself (not a lock file) means a failed or refused open
writes nothing at all. The kernel drops an flock when its process dies, even
by ``kill -9``, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from fieldcrm.i18n import _
from fieldcrm.store.errors import BookLocked


class BookLock:
    def __init__(self, folder: Path):
        self.folder = folder
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise BookLocked(
                _("The book at {folder} is already open in another fieldcrm; "
                  "close it there, or add --read-only to look without changing anything.").format(folder=self.folder)
            ) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None
