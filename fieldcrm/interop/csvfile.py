"""CSV contacts: Google Contacts and Outlook headers understood, others mapped by hand.

Reading accepts UTF-8 (with or without the BOM Excel writes) and GB18030, the
encoding Chinese Excel saves in. Writing uses UTF-8 with a BOM and a header row,
which every spreadsheet opens correctly.
"""

from __future__ import annotations

import csv
import io

from fieldcrm.interop.vcard import Contact, ContactsError, decode_text, parse_birthday
from fieldcrm.model import Customer

# Header (lower case) -> contact field. Several headers may feed one field.
KNOWN_HEADERS = {
    # Google Contacts (both the older and the current export)
    "name": "name", "given name": "given", "family name": "family", "first name": "given",
    "last name": "family", "middle name": "middle", "name prefix": "prefix",
    "phone 1 - value": "phones", "phone 2 - value": "phones", "phone 3 - value": "phones",
    "e-mail 1 - value": "email", "organization 1 - name": "company", "organization name": "company",
    "organization 1 - title": "title", "organization title": "title",
    "address 1 - formatted": "address", "address 1 - street": "address", "address 1 - city": "area",
    "birthday": "birthday", "notes": "notes", "group membership": "tags", "labels": "tags",
    # Outlook ("Title" there is Mr/Ms; the job is "Job Title")
    "title": "prefix", "e-mail address": "email", "mobile phone": "phones", "business phone": "phones",
    "home phone": "phones", "company": "company", "job title": "title", "business street": "address",
    "business city": "area", "home street": "address", "home city": "area", "categories": "tags",
    # fieldcrm's own export
    "phones": "phones", "email": "email", "address": "address", "area": "area", "tags": "tags",
    "form of address": "form_of_address", "id": "uid",
}
TARGETS = {"name", "given", "family", "middle", "prefix", "phones", "email", "company", "title", "address",
           "area", "birthday", "notes", "tags", "form_of_address", "uid"}
EXPORT_COLUMNS = ["ID", "Name", "Form of address", "Company", "Job Title", "Phones", "Email", "Address",
                  "Area", "Tags", "Birthday", "Tier", "Notes"]


def parse_map(pairs: list[str]) -> dict[str, str]:
    """``--map "Handy=phones"`` pairs: a column of the file to a contact field."""
    mapping = {}
    for pair in pairs:
        column, sep, target = pair.partition("=")
        if not sep or target.strip() not in TARGETS:
            raise ContactsError(f"--map {pair!r}: write column=field, the field one of {', '.join(sorted(TARGETS))}.")
        mapping[column.strip().lower()] = target.strip()
    return mapping


def read_csv(data: bytes, mapping: dict[str, str] | None = None, source: str = "the file") -> list[Contact]:
    text = decode_text(data, source)
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise ContactsError(f"{source} has no header row.")
    columns = {**KNOWN_HEADERS, **(mapping or {})}
    used = {h: columns[h.strip().lower()] for h in reader.fieldnames if h and h.strip().lower() in columns}
    if not any(target in ("name", "given", "family") for target in used.values()):
        raise ContactsError(f"{source}: no column gives a name (headers: {', '.join(reader.fieldnames)}); "
                            "add --map \"<column>=name\".")
    try:
        return [c for c in (_contact(row, used) for row in reader) if c.name]
    except csv.Error as error:  # e.g. a cell over csv.field_size_limit (128 KB)
        raise ContactsError(f"{source} cannot be read as CSV at line {reader.line_num} ({error}).") from None


def _contact(row: dict, used: dict[str, str]) -> Contact:
    c, parts = Contact(), {}
    for header, target in used.items():
        value = (row.get(header) or "").strip()
        if not value:
            continue
        if target == "phones":
            c.phones += [p.strip() for p in value.split(":::") if p.strip()]  # Google joins with :::
        elif target == "tags":
            c.tags += [t.strip().lstrip("* ") for t in value.replace(":::", ";").split(";") if t.strip()
                       and t.strip() not in ("* myContacts", "myContacts")]
        elif target == "birthday":
            c.birthday = parse_birthday(value) or _us_date(value)
        elif target in ("given", "family", "middle", "prefix"):
            parts[target] = value
        elif target == "address" and c.address:
            continue
        else:
            setattr(c, target, value)
    if not c.name:
        family, given = parts.get("family", ""), parts.get("given", "")
        if any("\u4e00" <= ch <= "\u9fff" for ch in family + given):
            c.name = family + given
        else:
            c.name = " ".join(p for p in (given, parts.get("middle", ""), family) if p)
    if parts.get("prefix") and parts.get("family") and not c.form_of_address:
        c.form_of_address = f"{parts['prefix']} {parts['family']}"
    return c


def _us_date(text: str) -> str:
    """Outlook writes 5/20/1980; "0/0/00" means none."""
    bits = text.split("/")
    if len(bits) == 3 and all(b.isdigit() for b in bits) and int(bits[0]) and int(bits[1]):
        year = bits[2] if len(bits[2]) == 4 else ""
        return f"{year or '0000'}-{int(bits[0]):02d}-{int(bits[1]):02d}" if year else ""
    return ""


def write_csv(customers: list[Customer], tiers: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for c in customers:
        writer.writerow([c.id, c.name, c.form_of_address, c.company, c.title, " ::: ".join(c.phones), c.email,
                         c.address, c.area, "; ".join(c.tags), c.birthday, tiers.get(c.id, ""), c.notes])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
