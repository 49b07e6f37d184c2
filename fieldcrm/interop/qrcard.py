"""The rep's contact card as a QR code that fits the terminal, drawn with half blocks.

Two modules per character cell, top and bottom (▀ ▄ █ and a space), with the
quiet zone of 4 modules the standard asks for. A card with every field needs a
version 9 code (31 lines); at 80×24 only a version 5 fits (23 lines), so the
card drops what matters least until it fits: the TYPE parameters, the title,
the company, then the e-mail (a phone number is what a customer calls).
"""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

from fieldcrm.i18n import N_
from fieldcrm.interop.vcard import rep_card
from fieldcrm.model import Rep

QUIET = 4  # modules of light margin on every side (ISO/IEC 18004)
GLYPH = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


class Fitted(NamedTuple):
    card: str  # the vCard the code holds
    matrix: list[list[bool]]  # the modules, quiet zone included (True is dark)
    lines: list[str]  # the half-block drawing
    fits: bool  # within the space asked for
    left_out: str  # what the card leaves out to fit, in English words ("" when nothing): _() it to show


def qr_matrix(data: str) -> list[list[bool]]:
    """The smallest code for ``data`` at error correction L (a screen is a clean surface)."""
    import qrcode

    code = qrcode.QRCode(border=QUIET, error_correction=qrcode.constants.ERROR_CORRECT_L)
    code.add_data(data.encode("utf-8"))
    code.make(fit=True)
    return code.get_matrix()


def half_blocks(matrix: list[list[bool]]) -> list[str]:
    """Two rows of modules per line; an odd last row is paired with a light one."""
    rows = matrix + ([[False] * len(matrix[0])] if len(matrix) % 2 else [])
    return ["".join(GLYPH[top, bottom] for top, bottom in zip(rows[r], rows[r + 1]))
            for r in range(0, len(rows), 2)]


def cards(rep: Rep) -> list[tuple[str, str]]:
    """(the card, what it leaves out), richest first."""
    lean = [(rep_card(rep), ""), (rep_card(rep, compact=True), "")]
    for dropped, words in ((("title",), N_("your title")), (("title", "company"), N_("your title and company"))):
        if any(getattr(rep, name) for name in dropped):
            lean.append((rep_card(dataclasses.replace(rep, **{n: "" for n in dropped}), compact=True), words))
    if rep.phone and rep.email:
        fewer = dataclasses.replace(rep, title="", company="", email="")
        lean.append((rep_card(fewer, compact=True), N_("your e-mail, title and company")))
    return lean


def fit(rep: Rep, width: int, height: int) -> Fitted:
    """The richest card whose code fits ``width`` × ``height`` cells; else the smallest, ``fits`` False."""
    fitted = None
    for card, left_out in cards(rep):
        matrix = qr_matrix(card)
        lines = half_blocks(matrix)
        fitted = Fitted(card, matrix, lines, len(lines) <= height and len(lines[0]) <= width, left_out)
        if fitted.fits:
            return fitted
    return fitted
