"""Messages the app sends to its screens."""

from textual.message import Message


class BookReady(Message):
    """The book has finished loading: screens fill in their data."""
