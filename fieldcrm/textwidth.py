"""Terminal cell widths: a Chinese character takes two cells, so columns pad by cells."""

from __future__ import annotations

import unicodedata


def cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: str, width: int) -> str:
    """Cut to ``width`` cells (with … when cut) and pad with spaces to exactly that."""
    if cells(text) <= width:
        return text + " " * (width - cells(text))
    out, used = [], 0
    for ch in text:
        w = cells(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…" + " " * (width - used - 1)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` cells, broken after a space or beside a wide character
    (Chinese has no spaces); a word wider than a line is cut."""
    lines, line = [], ""
    for piece in _pieces(text):
        if line and cells(line + piece.rstrip()) > width:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
        while cells(line.rstrip()) > width:
            cut = _cut(line, width)
            lines.append(cut)
            line = line[len(cut):].lstrip()
    return lines + [line.rstrip()]


NO_LINE_START = "，。、；：！？）》」』”’"  # Chinese punctuation stays with the character before it


def _pieces(text: str) -> list[str]:
    """What a line may break between: words with their space, and each wide character."""
    pieces, piece = [], ""
    for ch in text:
        if ch in NO_LINE_START and (piece or pieces):
            piece = piece or pieces.pop()
            piece += ch
        elif cells(ch) == 2:
            pieces += [piece] if piece else []
            piece = ch
        else:
            if piece and cells(piece[-1]) == 2:
                pieces.append(piece)
                piece = ""
            piece += ch
            if ch == " ":
                pieces.append(piece)
                piece = ""
    return pieces + ([piece] if piece else [])


def _cut(text: str, width: int) -> str:
    """The longest start of ``text`` within ``width`` cells (at least one character)."""
    used = 0
    for index, ch in enumerate(text):
        used += cells(ch)
        if used > width:
            return text[:max(index, 1)]
    return text
