"""vCard: read 3.0 and 4.0 (and 2.1's quoted-printable), write 3.0 (RFC 2426).

Reading: folded lines, quoted-printable with soft line breaks, UTF-8 or a
declared charset, escapes, several cards per file; photos are skipped.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field

from fieldcrm.model import Customer, Rep


@dataclass
class Contact:
    """One person from a contacts file, before it becomes a customer."""

    name: str = ""
    phones: list[str] = field(default_factory=list)
    email: str = ""
    company: str = ""
    title: str = ""
    address: str = ""
    area: str = ""
    birthday: str = ""  # YYYY-MM-DD, or 0000-MM-DD when the year is unknown
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    uid: str = ""
    form_of_address: str = ""


class ContactsError(ValueError):
    """A contacts file that cannot be read, in one sentence."""


# ---------------------------------------------------------------- writing

def escape(value: str) -> str:
    """Escape text for a vCard value (RFC 2426 section 4)."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (RFC 6350 3.2)."""
    out, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += width
    out.append(current)
    return "\r\n".join(out)


def _card(lines: list[str]) -> str:
    return "".join(fold(line) + "\r\n" for line in ["BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD"])


def _name_parts(name: str) -> tuple[str, str]:
    # "Alex Chen" -> family Chen, given Alex; a name without a space (陈立) stays whole.
    given, _, family = name.rpartition(" ") if " " in name else (name, "", "")
    return family, given


def rep_card(rep: Rep, compact: bool = False) -> str:
    """The rep's own card; ``compact`` leaves out the TYPE parameters (a smaller QR code)."""
    family, given = _name_parts(rep.name)
    lines = [f"FN:{escape(rep.name or 'fieldcrm')}", f"N:{escape(family)};{escape(given)};;;"]
    if rep.company:
        lines.append(f"ORG:{escape(rep.company)}")
    if rep.title:
        lines.append(f"TITLE:{escape(rep.title)}")
    if rep.phone:
        lines.append(f"TEL{'' if compact else ';TYPE=CELL'}:{escape(rep.phone)}")
    if rep.email:
        lines.append(f"EMAIL{'' if compact else ';TYPE=INTERNET'}:{escape(rep.email)}")
    return _card(lines)


def customer_card(c: Customer) -> str:
    family, given = _name_parts(c.name)
    lines = [f"UID:urn:uuid:{c.id}", f"FN:{escape(c.name)}", f"N:{escape(family)};{escape(given)};;;"]
    if c.company:
        lines.append(f"ORG:{escape(c.company)}")
    if c.title:
        lines.append(f"TITLE:{escape(c.title)}")
    lines += [f"TEL;TYPE=CELL:{escape(p)}" for p in c.phones]
    if c.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{escape(c.email)}")
    if c.address or c.area:
        lines.append(f"ADR;TYPE=WORK:;;{escape(c.address)};{escape(c.area)};;;")
    if c.birthday:
        lines.append(f"BDAY:{c.birthday}" if not c.birthday.startswith("0000") else f"BDAY:--{c.birthday[5:7]}{c.birthday[8:10]}")
    if c.tags:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in c.tags))
    if c.notes:
        lines.append(f"NOTE:{escape(c.notes)}")
    return _card(lines)


# ---------------------------------------------------------------- reading

_LINE = re.compile(r"^(?:[A-Za-z0-9-]+\.)?(?P<name>[A-Za-z0-9-]+)(?P<params>(?:;[^:]*)?):(?P<value>.*)$", re.DOTALL)


def read_cards(data: bytes, source: str = "the file") -> list[Contact]:
    text = decode_text(data, source)
    lines = _unfold(text)
    if not any(line.upper().startswith("BEGIN:VCARD") for line in lines):
        raise ContactsError(f"{source} holds no vCard (no BEGIN:VCARD line).")
    contacts, current = [], None
    for line in lines:
        upper = line.upper()
        if upper.startswith("BEGIN:VCARD"):
            current = []
        elif upper.startswith("END:VCARD"):
            if current is not None:
                contacts.append(_contact(current))
            current = None
        elif current is not None and line.strip():
            current.append(line)
    return contacts


def decode_text(data: bytes, source: str) -> str:
    """Contacts files come as UTF-8 (with or without a BOM) or GB18030 (Chinese Excel)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ContactsError(f"{source} is neither UTF-8 nor GB18030 text.")


def _unfold(text: str) -> list[str]:
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[str] = []
    for line in raw:
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += line[1:]  # RFC folding: a continuation starts with one blank
        elif lines and "QUOTED-PRINTABLE" in lines[-1].split(":", 1)[0].upper() and lines[-1].endswith("="):
            lines[-1] = lines[-1][:-1] + "=\n" + line  # a quoted-printable soft break (2.1, 3.0)
        else:
            lines.append(line)
    return lines


def _params(raw: str) -> dict[str, str]:
    params = {}
    for part in filter(None, raw.split(";")):
        key, sep, value = part.partition("=")
        if sep:
            params[key.upper()] = value
        else:  # vCard 2.1: a bare type such as TEL;CELL or ENCODING value
            upper = key.upper()
            params["ENCODING" if upper in ("QUOTED-PRINTABLE", "BASE64", "B") else "TYPE"] = upper
    return params


def _value(value: str, params: dict[str, str]) -> str:
    if params.get("ENCODING", "").upper() == "QUOTED-PRINTABLE":
        charset = params.get("CHARSET", "utf-8")
        raw = quopri.decodestring(value.replace("=\n", "=\r\n").encode("latin-1", "replace"))
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            return raw.decode("utf-8", "replace")
    return value


def _unescape(value: str) -> str:
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


def _split(value: str, sep: str) -> list[str]:
    """Split on unescaped separators, then unescape each part."""
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
    return [_unescape(p) for p in parts]


def _contact(lines: list[str]) -> Contact:
    c = Contact()
    family = given = ""
    for line in lines:
        match = _LINE.match(line)
        if not match:
            continue
        name, params = match.group("name").upper(), _params(match.group("params"))
        if name in ("PHOTO", "LOGO", "SOUND", "KEY"):
            continue  # pictures and keys are not customer data here
        value = _value(match.group("value"), params)
        if name == "FN":
            c.name = _unescape(value).strip()
        elif name == "N":
            parts = _split(value, ";") + [""] * 5
            family, given = parts[0].strip(), parts[1].strip()
            c.form_of_address = " ".join(p for p in (parts[3].strip(), family) if p) if parts[3].strip() else ""
        elif name == "TEL":
            phone = _unescape(value).strip()
            if phone.lower().startswith("tel:"):
                phone = phone[4:]
            if phone:
                c.phones.append(phone)
        elif name == "EMAIL" and not c.email:
            c.email = _unescape(value).strip()
        elif name == "ORG":
            c.company = _split(value, ";")[0].strip()
        elif name == "TITLE":
            c.title = _unescape(value).strip()
        elif name == "ADR" and not c.address:
            parts = _split(value, ";") + [""] * 7
            c.address = ", ".join(p.strip() for p in parts[:3] if p.strip())
            c.area = parts[3].strip()
        elif name == "BDAY":
            c.birthday = parse_birthday(_unescape(value).strip())
        elif name == "NOTE":
            c.notes = _unescape(value).strip()
        elif name == "CATEGORIES":
            c.tags = [t.strip() for t in _split(value, ",") if t.strip()]
        elif name == "UID":
            c.uid = _unescape(value).strip().removeprefix("urn:uuid:")
    if not c.name:
        c.name = " ".join(p for p in (given, family) if p) if given or family else ""
        if any("\u4e00" <= ch <= "\u9fff" for ch in family + given):
            c.name = family + given  # Chinese order: family name first, no space
    return c


def parse_birthday(text: str) -> str:
    """1980-05-20, 19800520, --0520, --05-20, 1980-05-20T00:00:00Z -> YYYY-MM-DD (0000 if no year)."""
    text = text.split("T")[0]
    digits = text.replace("-", "")
    if text.startswith("--") and len(digits) == 4:
        return f"0000-{digits[:2]}-{digits[2:]}"
    if len(digits) == 8 and digits.isdigit():
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    return ""
