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
