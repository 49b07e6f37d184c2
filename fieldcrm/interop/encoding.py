"""Text encodings of contacts files, and a check for mojibake.

A whole file is UTF-8 (with or without a BOM), UTF-16 with its BOM, or
GB18030 (what Chinese Excel and Thunderbird save); a vCard 2.1 file may also
hold each property in its own ``CHARSET`` (Shift_JIS, cp1252, GBK ...), which
``decode_value`` honours. Nothing is turned into replacement characters or
mojibake silently: ``looks_mojibake`` spots UTF-8 read as a one-byte charset,
``looks_garbled`` bytes no charset could read.
"""

from __future__ import annotations

import codecs
import re

from fieldcrm.i18n import _

BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Names phones write that Python spells otherwise.
ALIASES = {"shift-jis": "shift_jis", "sjis": "shift_jis", "x-sjis": "shift_jis", "gb2312": "gb18030",
           "gbk": "gb18030", "cp936": "gb18030", "windows-1252": "cp1252", "iso-8859-1": "cp1252",
           "latin1": "cp1252", "us-ascii": "utf-8", "ascii": "utf-8"}
_MOJIBAKE = re.compile("[\u00c2-\u00ef][\u0080-\u00bf\u2018-\u203a\u20ac\u0152-\u0178\u02c6\u02dc]")


def bom_encoding(data: bytes) -> str:
    return next((name for bom, name in BOMS if data.startswith(bom)), "")


def codec(charset: str) -> str:
    """The Python codec for a CHARSET parameter, or "" when it names nothing known."""
    name = ALIASES.get(charset.strip().strip('"').lower(), charset.strip().strip('"').lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return ""


class NotItsEncoding(ValueError):
    """A file whose BOM names an encoding its bytes break; the message is one phrase."""


def decode_bom(data: bytes, bom: str) -> str:
    """The text of a file that starts with a byte-order mark. The mark names the encoding, so
    bytes outside it are the file's fault (cut short, or not the text it claims), not a cue to
    guess another charset."""
    try:
        return data.decode(bom)
    except UnicodeDecodeError as error:
        raise NotItsEncoding(_("starts with a {encoding} byte-order mark but is not {encoding} at byte {at}").format(
            encoding=codecs.lookup(bom).name.replace("-sig", "").upper(), at=error.start)) from None


def decode_file(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a whole file: a BOM wins, then UTF-8, then GB18030, then cp1252."""
    bom = bom_encoding(data)
    if bom:
        return decode_bom(data, bom), bom
    for name in ("utf-8", "gb18030"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if name == "utf-8" or _mostly_chinese(text):
            return text, name
    return data.decode("cp1252", "replace"), "cp1252"


def decode_value(raw: bytes, charset: str, fallback: str) -> tuple[str, str]:
    """(text, problem) of one property's bytes in its declared charset (or the file's)."""
    name = codec(charset) if charset else fallback
    if charset and not name:
        name, problem = fallback, _("unknown charset {charset!r}, read as {encoding}").format(
            charset=charset, encoding=fallback)
    else:
        problem = ""
    try:
        return raw.decode(name), problem
    except UnicodeDecodeError:
        pass
    if charset and codec(charset):  # declared but broken: keep the declared reading, say so
        return raw.decode(name, "replace"), _("holds bytes that are not {charset} (shown as \ufffd)").format(charset=charset)
    for other in ("utf-8", "gb18030", "shift_jis"):
        if other != name:
            try:
                return raw.decode(other), _("not {encoding} as the file suggests; read as {other}").format(
                    encoding=name, other=other)
            except UnicodeDecodeError:
                continue
    return raw.decode("cp1252", "replace"), _("not {encoding} as the file suggests; read as {other}").format(
        encoding=name, other="cp1252")


def looks_mojibake(text: str) -> bool:
    """UTF-8 bytes shown as Windows-1252/Latin-1 ("JosÃ©", "çŽ‹"): it re-encodes to valid UTF-8."""
    if not _MOJIBAKE.search(text):
        return False
    try:
        text.encode("cp1252").decode("utf-8")
        return True
    except (UnicodeEncodeError, UnicodeDecodeError):
        try:
            text.encode("latin-1").decode("utf-8")
            return True
        except (UnicodeEncodeError, UnicodeDecodeError):
            return False


def looks_garbled(text: str) -> bool:
    """Bytes no charset read (U+FFFD) or a byte-order mark read as letters ("ÿþ", "ï»¿"): the
    cp1252 fallback reads any bytes, so this is how a wrong row shows."""
    return "\ufffd" in text or any(mark in text for mark in _BOM_AS_TEXT)


_BOM_AS_TEXT = ("\u00ff\u00fe", "\u00fe\u00ff", "\u00ef\u00bb\u00bf")


def _mostly_chinese(text: str) -> bool:
    """GB18030 decodes almost any bytes: believe it only when the non-ASCII text is mostly common hanzi."""
    wide = [ch for ch in text if ord(ch) > 127]
    if not wide:
        return True
    common = sum(1 for ch in wide if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
                 or "\uff00" <= ch <= "\uffef")
    return common >= 0.9 * len(wide)
