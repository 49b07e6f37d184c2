"""Reading vCard 2.1, 3.0 and 4.0 (vCard 2.1 spec, RFC 2425/2426, RFC 6350).

The file is read as bytes and unfolded before anything is decoded (RFC 6350
3.2: a fold may fall inside a UTF-8 character), so each property can then be
decoded in its own ``CHARSET`` (2.1) or quoted-printable encoding. What 2.1
phones write that the RFCs don't: quoted-printable soft breaks continuing on
an unindented line (also when the value ends in one), base64 photos running
on without a blank line, bare parameters (``TEL;CELL``), cards nested inside
a card (``AGENT``), and a card cut off before ``END:VCARD``. Every card is
either a contact or refused with a reason.
"""

from __future__ import annotations

import quopri
import re

from fieldcrm.i18n import _
from fieldcrm.interop.contact import Contact, ContactsError, ReadResult, Refused, finish
from fieldcrm.interop.dates import BadDate, parse_iso
from fieldcrm.interop.encoding import (NotItsEncoding, bom_encoding, codec, decode_bom, decode_file, decode_value,
                                      looks_garbled, looks_mojibake)
from fieldcrm.interop.names import join_name

# group.NAME;param=value;param="quoted; may hold : and ;":value
_PROPERTY = re.compile(rb'^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)((?:;(?:"[^"]*"|[^":])*)*):', re.DOTALL)
# Property names a quoted-printable continuation line is never mistaken for.
_KNOWN = {b"BEGIN", b"END", b"VERSION", b"FN", b"N", b"TEL", b"EMAIL", b"ORG", b"TITLE", b"ADR", b"LABEL",
          b"BDAY", b"NOTE", b"CATEGORIES", b"UID", b"URL", b"PHOTO", b"LOGO", b"SOUND", b"KEY", b"AGENT",
          b"NICKNAME", b"ROLE", b"REV", b"TZ", b"GEO", b"PRODID", b"SORT-STRING", b"MAILER", b"IMPP",
          b"ANNIVERSARY", b"GENDER", b"KIND", b"LANG", b"MEMBER", b"RELATED", b"SOURCE", b"CLASS"}
_SKIPPED = {"PHOTO", "LOGO", "SOUND", "KEY"}  # pictures, sounds and keys are not customer data here
_CHARSET_IN_FILE = re.compile(rb"CHARSET=\"?([A-Za-z0-9_-]+)", re.IGNORECASE)


def read_cards(data: bytes, source: str = "the file") -> ReadResult:
    result = ReadResult()
    try:
        data, fallback, unicode_file = _prepare(data, result)
    except NotItsEncoding as problem:
        raise ContactsError(_("{source} {problem}; nothing was added.").format(source=source, problem=problem)) from None
    lines = _unfold(data)
    if not any(line[:11].upper() == b"BEGIN:VCARD" for line in lines):
        if any(line[:15].upper() == b"BEGIN:VCALENDAR" for line in lines):
            raise ContactsError(_("{source} is an iCalendar file (events), not contacts (no BEGIN:VCARD line).").format(
                source=source))
        raise ContactsError(_("{source} holds no vCard (no BEGIN:VCARD line).").format(source=source))
    reader = _Reader(fallback, unicode_file)
    cards = reader.cards(lines)
    if reader.cut_off:
        result.warnings.append(_("{source} ends inside a card (no END:VCARD): it may be cut off; "
                                 "what the card holds was read.").format(source=source))
    for n, (props, version) in enumerate(cards, start=1):
        outcome = finish(_contact(props, version), _("card {n}").format(n=n))
        (result.refused if isinstance(outcome, Refused) else result.contacts).append(outcome)
    return result


def _prepare(data: bytes, result: ReadResult) -> tuple[bytes, str, bool]:
    """(bytes, charset for values that declare none, whether CHARSET parameters are to be ignored)."""
    bom = bom_encoding(data)
    if bom:  # a Unicode file: its CHARSET parameters describe the phone, not these bytes
        return decode_bom(data, bom).encode("utf-8"), "utf-8", bom != "utf-8-sig"
    try:
        data.decode("utf-8")
        return data, "utf-8", False
    except UnicodeDecodeError:
        pass
    declared = next((codec(m.decode("ascii")) for m in _CHARSET_IN_FILE.findall(data)), "")
    if declared and declared != "utf-8":
        return data, declared, False
    _text, guessed = decode_file(data)
    result.warnings.append(_("The file is not UTF-8 and declares no charset: read as {encoding}; check the names.").format(
        encoding=guessed))
    return data, guessed, False


def _unfold(data: bytes) -> list[bytes]:
    raw = re.split(rb"\r*\n|\r", data)
    lines: list[bytes] = []
    mode = ""  # "qp" after a quoted-printable line ending in "=", "b64" inside a base64 value
    for line in raw:
        if lines and line[:1] in (b" ", b"\t") and mode != "b64":
            lines[-1] += line[1:]  # RFC folding: a continuation starts with one blank
        elif mode == "qp" and line and not _starts_property(line):
            lines[-1] = lines[-1][:-1] + line  # a soft line break inside a quoted-printable value
        elif mode == "b64" and line.strip() and b":" not in line:
            continue  # 2.1 base64 runs on until a blank line or the next property
        else:
            lines.append(line)
            mode = _mode(line) if line.strip() else ""
            continue
        mode = _mode(lines[-1]) if mode != "b64" else mode
    return lines


def _mode(line: bytes) -> str:
    head = line.split(b":", 1)[0].upper()
    if b"QUOTED-PRINTABLE" in head and line.endswith(b"="):
        return "qp"
    if b":" in line and (b"BASE64" in head or b"ENCODING=B" in head):
        return "b64"
    return ""


def _starts_property(line: bytes) -> bool:
    match = _PROPERTY.match(line)
    return bool(match) and (match[1].upper() in _KNOWN or match[1].upper().startswith(b"X-"))


class _Reader:
    """Cards as lists of decoded (name, params, value), nested cards as cards of their own."""

    def __init__(self, fallback: str, unicode_file: bool):
        self.fallback, self.unicode_file, self.cut_off = fallback, unicode_file, False

    def cards(self, lines: list[bytes]) -> list[tuple[list, str]]:
        done: dict[int, tuple[list, str]] = {}
        stack: list[tuple[int, list]] = []
        count = 0
        for line in lines:
            upper = line.strip().upper()
            if upper.startswith(b"BEGIN:VCARD") or upper.startswith(b"AGENT:BEGIN:VCARD") and b"\\N" not in upper:
                count += 1
                stack.append((count, []))
            elif upper.startswith(b"END:VCARD"):
                if stack:
                    number, props = stack.pop()
                    done[number] = (props, _version(props))
            elif stack and line.strip():
                prop = self._property(line)
                if prop and prop[0] == "AGENT" and prop[2].upper().startswith("BEGIN:VCARD"):
                    # 3.0 AGENT: the assistant's own card, escaped inside one value
                    inner = _Reader(self.fallback, True)
                    for props, version in inner.cards(_unfold(_unescape(prop[2], "3.0").encode("utf-8"))):
                        count += 1
                        done[count] = (props, version)
                elif prop:
                    stack[-1][1].append(prop)
        while stack:  # a cut download: keep what the card holds
            self.cut_off = True
            number, props = stack.pop()
            done[number] = (props, _version(props))
        return [done[n] for n in sorted(done)]

    def _property(self, line: bytes) -> tuple[str, dict, str, list] | None:
        match = _PROPERTY.match(line)
        if not match:
            return None  # a comment or garbage line: 2.1 phones write "# ..." lines
        name = match[1].decode("ascii").upper()
        params = _params(match[2].decode(self.fallback, "replace"))
        if name in _SKIPPED:
            return name, params, "", []
        raw = line[match.end():]
        problems: list[str] = []
        charset = "" if self.unicode_file else params.get("CHARSET", "")
        if params.get("ENCODING", "").upper() in ("QUOTED-PRINTABLE", "QP"):
            raw = quopri.decodestring(raw)
            charset = params.get("CHARSET", "")
        value, problem = decode_value(raw, charset, self.fallback)
        value = value.replace("\r\n", "\n").replace("\r", "\n")  # QP line breaks are CRLF
        if problem:
            problems.append(f"{name}: {problem}")
        if looks_mojibake(value):
            problems.append(_("{name} {value!r} looks like UTF-8 read in the wrong charset (mojibake)").format(
                name=name, value=value))
        elif looks_garbled(value) and not problem:
            problems.append(_("{name} {value!r} holds bytes no charset could read: check it").format(
                name=name, value=value))
        return name, params, value, problems


def _params(raw: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for part in _split_params(raw):
        key, sep, value = part.partition("=")
        key = key.strip().upper()
        if sep:
            value = value.strip().strip('"')
            params[key] = f"{params[key]},{value}" if key == "TYPE" and key in params else value
        elif key in ("QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"):
            params["ENCODING"] = key  # 2.1: a bare encoding
        elif key:
            params["TYPE"] = f"{params['TYPE']},{key}" if "TYPE" in params else key  # 2.1: TEL;CELL
    return params


def _split_params(raw: str) -> list[str]:
    """Split ``;a=b;c="x;y"`` on semicolons outside double quotes (RFC 6350 quoted values)."""
    parts, current, quoted = [], [], False
    for ch in raw:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p for p in parts if p]


def _version(props: list) -> str:
    return next((value.strip() for name, _, value, _ in props if name == "VERSION"), "3.0")


def _unescape(value: str, version: str) -> str:
    if version == "2.1":
        return value  # 2.1 has no backslash escapes outside structured values
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _split(value: str, sep: str, version: str) -> list[str]:
    """Split a structured value on unescaped separators, then unescape each part."""
    parts, current, i = [], [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            current.append(value[i:i + 2])
            i += 2
            continue
        if value[i] == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(value[i])
        i += 1
    parts.append("".join(current))
    if version == "2.1":
        return [p.replace("\\" + sep, sep) for p in parts]
    return [_unescape(p, version) for p in parts]


def _email(value: str) -> str:
    """``"Omega" <omega@example.com>`` -> the address; ``mailto:`` dropped."""
    match = re.search(r"<([^<>@\s]+@[^<>\s]+)>", value)
    value = match[1] if match else value
    return value.strip().removeprefix("mailto:").strip()


def _contact(props: list, version: str) -> Contact:
    c = Contact()
    family = given = middle = ""
    addresses: list[list[str]] = []
    for name, params, value, problems in props:
        c.problems += problems
        if name == "FN":
            c.name = _unescape(value, version).strip()
        elif name == "N":
            parts = [p.strip() for p in _split(value, ";", version)] + [""] * 5
            family, given, middle = parts[0], parts[1], parts[2].replace(",", " ")
            if parts[3]:
                c.form_of_address = " ".join(p for p in (parts[3], family) if p)
        elif name == "TEL":
            phone = _unescape(value, version).strip()
            c.phones.append(phone[4:] if phone.lower().startswith("tel:") else phone)
        elif name == "EMAIL":
            c.emails.append(_email(_unescape(value, version)))
        elif name == "ORG":
            c.company = c.company or _split(value, ";", version)[0].strip()
        elif name == "TITLE":
            c.title = c.title or _unescape(value, version).strip()
        elif name == "ADR":
            parts = [p.strip() for p in _split(value, ";", version)] + [""] * 7
            if any(parts):
                addresses.append(parts)
        elif name == "BDAY":
            _birthday(c, params, _unescape(value, version))
        elif name == "NOTE":
            note = _unescape(value, version).strip()
            if note:
                c.add_note(note)
        elif name == "CATEGORIES":
            c.tags += [t.strip() for t in _split(value, ",", version)]
        elif name == "UID":
            c.uid = _unescape(value, version).strip().removeprefix("urn:uuid:")
    if not c.name and (family or given):
        c.name = join_name(family, given, middle)
    for n, parts in enumerate(addresses):
        street = ", ".join(p.replace("\n", ", ") for p in parts[:3] if p)
        if n == 0:
            c.address, c.area, c.region, c.postcode, c.country = street, parts[3], parts[4], parts[5], parts[6]
        else:
            c.add_note("Other address: " + ", ".join(p for p in (street, *parts[3:7]) if p))
    return c


def _birthday(c: Contact, params: dict, text: str) -> None:
    """Keep a real date; refuse anything else with a reason, never over a good one."""
    try:
        day = parse_iso(text, params.get("X-APPLE-OMIT-YEAR", ""))
    except BadDate as error:
        c.problems.append(_("birthday left out: {why}").format(why=error))
        return
    if not c.birthday:
        c.birthday = day
