"""User text on screen: shown as data, never obeyed.

A customer's name may come from a vCard or a sync file and hold an escape
sequence (clear the screen, rename the terminal, write the clipboard). Rich
drops only a few control characters, so every string from the book passes
through ``visible`` before it becomes a cell or a Text; Text is never markup,
so "[red]" stays literal.
"""

from __future__ import annotations

from rich.text import Text

from fieldcrm.terminal_text import visible


def line(value: object) -> str:
    """One line of user text: control characters as symbols, newlines as spaces."""
    return visible("" if value is None else str(value), newlines=False)


class UserText(Text):
    """A Text whose every string, given at creation or appended, is made visible.

    Screens build a record's card from it piece by piece, so no field can be
    forgotten; newlines are kept (a note's lines are meant)."""

    def __init__(self, text: str = "", *args, **kwargs):
        super().__init__(visible(text), *args, **kwargs)

    def append(self, text, style=None) -> "UserText":
        return super().append(visible(text) if isinstance(text, str) else text, style)
