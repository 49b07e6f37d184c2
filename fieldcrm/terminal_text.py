"""Text from outside made safe to show on a terminal.

A customer's name may come from a vCard or a sync file. Printed raw, an escape
sequence in it could blank the screen, rename the terminal or write the
clipboard (OSC 52). Every piece of user text shown by the app or printed by the
command line goes through ``visible``: control characters become visible
symbols, bidirectional overrides are dropped, everything else is kept as is.
Text that enters the book from a file, or leaves it in one, goes through
``without_controls``: there they are removed, never stored or written raw.
"""

from __future__ import annotations

import re

# C0 (except tab and newline), DEL, C1, the bidi controls that reorder what
# follows them on screen (RLO/LRO/RLE/LRE/PDF and the isolates), and lone
# surrogates: a byte that is not UTF-8 in a file name or an argument, which a
# UTF-8 terminal stream refuses to encode (a traceback instead of the line).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]")
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _replace(match: re.Match) -> str:
    ch = match.group()
    if ch in _BIDI:
        return ""
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␀ for NUL: the Unicode control pictures
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # a C1 control has no picture; a lone surrogate is no character


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0 but tab and line breaks, DEL, C1
_BREAKS = re.compile("\r\n?|[\t\n]")
# A whole terminal escape sequence (colour, cursor, window title ...) goes, not only its ESC.
_SEQUENCE = re.compile("\x1b\\[[0-?]*[ -/]*[@-~]|\x1b\\][^\x07\x1b]*(?:\x07|\x1b\\\\)?")


def without_controls(text: str, multiline: bool = False) -> str:
    """``text`` fit to store or to write to a file other programs read: C0/C1 control characters
    removed (NUL, ESC, BEL ...); line breaks and tabs kept in ``multiline`` text (a note), each
    a space in one-line text."""
    if not multiline and _BREAKS.search(text):
        text = _BREAKS.sub(" ", text)
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub("", _SEQUENCE.sub("", text))


def visible(text: str, newlines: bool = True) -> str:
    """``text`` with every control character shown as a symbol or removed."""
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    if not newlines:
        text = text.replace("\n", " ")
    return _UNSAFE.sub(_replace, text) if _UNSAFE.search(text) else text


class VisibleStream:
    """A text stream that shows every control character it is given as a symbol.

    The command line's standard output and error are wrapped in it, so no
    customer text can reach the terminal raw, whichever command prints it. The
    progress bar, which needs its carriage returns, writes to ``raw``.
    """

    def __init__(self, raw):
        self.raw = raw

    def write(self, text: str) -> int:
        return self.raw.write(visible(text))

    def __getattr__(self, name):  # flush, isatty, fileno, encoding ... as the raw stream has them
        return getattr(self.raw, name)
