"""Expected failures of the store, each carrying one plain sentence for the user."""


class BookError(Exception):
    """A failure the user can understand and act on; never shown as a traceback."""


class NotABook(BookError):
    """The path is not a fieldcrm book (a file, a foreign folder, foreign JSON)."""


class BookDamaged(BookError):
    """A book file cannot be read as written; it is left untouched."""


class BookTooNew(BookError):
    """The book was written by a newer fieldcrm."""


class BookLocked(BookError):
    """Another fieldcrm process has the book open for writing."""


class ReadOnlyBook(BookError):
    """A change was asked of a book opened read-only."""


class SaveFailed(BookError):
    """A change could not be made durable (full disk, I/O error); nothing changed."""
