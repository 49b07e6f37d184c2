"""Files the app reads from or writes to outside a book, checked before use.

An export written over ``BOOK/changes.jsonl`` would destroy the book, and one
written over an existing file loses that file. A FIFO or a device given as a
file to import would block forever with the book's lock held. Every command
line path goes through these checks first.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from fieldcrm.i18n import _
from fieldcrm.store.errors import BookError
from fieldcrm.store.layout import LOG_NAME, SNAPSHOT_NAME


class OutputRefused(BookError):
    """An output path that would overwrite a file or write into a book folder."""


class InputRefused(BookError):
    """An input path that is not a regular file."""


def _is_book_folder(folder: Path) -> bool:
    return (folder / SNAPSHOT_NAME).is_file() or (folder / LOG_NAME).is_file()


def book_folder_around(path: Path) -> Path | None:
    """The book folder that holds ``path`` (at any depth), if there is one."""
    resolved = path.expanduser().resolve()
    for folder in [resolved, *resolved.parents]:
        if folder.is_dir() and _is_book_folder(folder):
            return folder
    return None


def check_output(path: Path, force: bool = False) -> Path:
    """``path`` if it is safe to write: not inside a book, not an existing file (unless forced)."""
    book = book_folder_around(path.parent)
    if book is not None:
        raise OutputRefused(_("{path} is inside the book folder {book}; write it somewhere else.").format(path=path, book=book))
    if path.is_dir():
        raise OutputRefused(_("{path} is a folder; give a file name to write.").format(path=path))
    if path.exists() or path.is_symlink():
        if not force:
            raise OutputRefused(_("{path} already exists; choose another name or add --force to replace it.").format(
                path=path))
        if not path.is_file():
            raise OutputRefused(_("{path} is not a regular file, so it is not replaced.").format(path=path))
    if not path.parent.is_dir():
        raise OutputRefused(_("The folder {folder} does not exist.").format(folder=path.parent))
    return path


def check_output_folder(folder: Path, advice: str = "") -> Path:
    """``folder`` if a file of a default name may be written there: not inside a book."""
    book = book_folder_around(folder)
    if book is not None:
        raise OutputRefused(_("{folder} is inside the book folder {book}, where nothing else is written; {advice}.").format(
            folder=folder, book=book, advice=advice or _("run it from another folder or give -o FILE elsewhere")))
    return folder


def make_output_folder(folder: Path) -> Path:
    """``folder``, made private (0700) if it is new, once it is known not to be inside a book."""
    check_output_folder(folder)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise OutputRefused(_("The folder {folder} cannot be made ({why}).").format(
            folder=folder, why=error.strerror or error)) from None
    return folder


def check_input(path: Path) -> Path:
    """``path`` if it is a regular file that can be read without blocking."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputRefused(_("There is no file {path}; nothing was changed.").format(path=path)) from None
    except OSError as error:
        raise InputRefused(_("{path} cannot be read ({why}); nothing was changed.").format(
            path=path, why=error.strerror or error)) from None
    if stat.S_ISDIR(mode):
        raise InputRefused(_("{path} is a folder, not a file; nothing was changed.").format(path=path))
    if not stat.S_ISREG(mode):
        raise InputRefused(_("{path} is not a regular file (a pipe or a device), so it is not read; "
                             "nothing was changed.").format(path=path))
    return path
