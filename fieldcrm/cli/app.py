"""Opening the app: refuse what can be refused before the screen opens, ask before creating a book."""

from __future__ import annotations

import argparse
import sys

from fieldcrm.i18n import _
from fieldcrm.paths import resolve_book
from fieldcrm.store.errors import BookError


def open_app(args: argparse.Namespace) -> int:
    """Open the app at once; the book loads behind the first screen.

    What can be checked without loading the book (a file given as the book, a
    book open in another fieldcrm) is refused here, before the screen opens.
    """
    from fieldcrm.config import load_settings
    from fieldcrm.store.layout import SNAPSHOT_NAME
    from fieldcrm.store.errors import NotABook
    from fieldcrm.store.lock import BookLock
    from fieldcrm.store.snapshot import quick_check

    folder = resolve_book(getattr(args, "db", None))
    if folder.exists() and not folder.is_dir():
        raise NotABook(_("{folder} is a file, not a fieldcrm book folder; it was left untouched.").format(folder=folder))
    first_run = not (folder / SNAPSHOT_NAME).exists()
    if first_run:
        if args.read_only:
            raise NotABook(_("There is no fieldcrm book at {folder}.").format(folder=folder))
        create_book_when_asked(folder)
    lock = None
    if not args.read_only and folder.is_dir():
        lock = BookLock(folder)
        lock.acquire()
    if (folder / SNAPSHOT_NAME).exists():
        quick_check(folder / SNAPSHOT_NAME)
    settings, warnings = load_settings()
    preview = saved_lists(folder)

    def opener():
        from fieldcrm.store import Store
        from fieldcrm.workbook import Workbook
        return Workbook(Store.open(folder, read_only=args.read_only, lock=lock), settings)

    from fieldcrm.tui.app import run_app  # Textual loads only here
    failure = run_app(opener, preview, notices=warnings, settings=settings, first_run=first_run)
    if failure:
        raise BookError(failure)
    return 0


def create_book_when_asked(folder, ask=input, terminal: bool | None = None) -> None:
    """A typo in --db must not open an empty book as if the rep's data were gone: say
    where the new book would go and ask first, then ask the rep's name (it names the
    sync files). With nobody at a terminal to answer, nothing is created."""
    from fieldcrm.model import Rep
    from fieldcrm.store import Store
    from fieldcrm.store.book import check_creatable
    from fieldcrm.terminal_text import without_controls

    check_creatable(folder)  # a damaged book or a folder of other files is refused as it is
    if not (sys.stdin.isatty() if terminal is None else terminal):
        raise BookError(_("There is no fieldcrm book at {folder}; run fieldcrm in a terminal to create one "
                          "there (nothing was created).").format(folder=folder))
    try:
        answer = ask(_("There is no book at {folder}. Create a new one there? [y/N] ").format(folder=folder))
        if answer.strip().lower() not in ("y", "yes", "是"):  # a Chinese rep may answer 是
            raise BookError(_("Nothing was created."))
        name = ""
        while not name:
            # Escape and a letter typed by mistake must not become part of the name (as in a contact's)
            name = without_controls(ask(_("Your name, as the office knows you (it names your sync files): "))).strip()
    except EOFError:
        raise BookError(_("Nothing was created.")) from None
    Store.create(folder, [], rep=Rep(name=name))
    print(_("Created a new book for {name} at {folder}.").format(name=name, folder=folder))


def saved_lists(folder) -> dict | None:
    """Today's lists saved when the book was last closed, if the book has not changed since."""
    from fieldcrm.store.layout import SNAPSHOT_NAME, book_fingerprint
    from fieldcrm.store.sidefiles import SideFiles

    if not (folder / SNAPSHOT_NAME).exists():
        return None
    saved = SideFiles(folder).load("views", "agenda")
    return saved if saved and saved.get("fingerprint") == book_fingerprint(folder) else None
