"""CSV contacts (RFC 4180): Google, Outlook, Thunderbird and Chinese headers without --map.

Reading: UTF-8 (± BOM), UTF-16 with a BOM or GB18030; comma, semicolon or
tab separated (found from the header line); columns by position, so a file
that repeats a header (Thunderbird's two "城市") loses nothing. Each column
is reported as the field it fills or as ignored, and a column nobody reads
that holds data is named. Writing: UTF-8 with a BOM, which every spreadsheet
opens correctly; tags joined with Google's " ::: " so a tag may hold ";".

A cell that a spreadsheet would run as a formula (first character = + - @,
tab or carriage return, OWASP's list) is written with a leading apostrophe,
and so is a cell that already starts with one, so that reading our own
export back (recognised by its exact header) removes exactly one apostrophe
and gets every value back unchanged. Other files are read as they are.
"""

from __future__ import annotations

import csv
import io
import re

from fieldcrm.i18n import _
from fieldcrm.interop.contact import Contact, ContactsError, ReadResult, Refused, finish
from fieldcrm.interop.csv_layouts import ADDRESS_PARTS, TARGETS, column, quiet
from fieldcrm.interop.dates import BadDate, checked, is_slashed, parse_spreadsheet, slashed_order
from fieldcrm.interop.encoding import NotItsEncoding, decode_file, looks_garbled, looks_mojibake
from fieldcrm.interop.names import display_name, join_name
from fieldcrm.model import Customer
from fieldcrm.rules import lunar
from fieldcrm.terminal_text import without_controls

EXPORT_COLUMNS = ["ID", "Name", "Form of address", "Company", "Job Title", "Phones", "Email", "Address",
                  "Area", "Region", "Postcode", "Country", "Labels", "Birthday", "Tier", "Notes"]
MULTI = ":::"  # Google's separator for several values in one cell
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def formula_safe(cell: str) -> str:
    """The cell as a spreadsheet shows it without running it (an apostrophe first when needed)."""
    return ESCAPE + cell if cell.startswith((*FORMULA_START, ESCAPE)) else cell


def _unescaped(cell: str) -> str:
    """A cell of our own export as it was before ``formula_safe``."""
    return cell[1:] if cell.startswith(ESCAPE) and cell[1:].startswith((*FORMULA_START, ESCAPE)) else cell


def parse_map(pairs: list[str]) -> dict[str, str]:
    """``--map "Handy=phones"`` pairs: a column of the file to a contact field."""
    mapping = {}
    for pair in pairs:
        header, sep, target = pair.partition("=")
        if not sep or target.strip() not in TARGETS:
            raise ContactsError(_("--map {pair!r}: write column=field, the field one of {fields}.").format(
                pair=pair, fields=", ".join(TARGETS)))
        mapping[" ".join(header.strip().lower().split())] = target.strip()
    return mapping


def read_csv(data: bytes, mapping: dict[str, str] | None = None, source: str = "the file",
             date_order: str = "") -> ReadResult:
    try:
        text, encoding = decode_file(data)
    except NotItsEncoding as problem:
        raise ContactsError(_("{source} {problem}; nothing was added.").format(source=source, problem=problem)) from None
    result = ReadResult()
    if encoding not in ("utf-8", "utf-8-sig"):
        result.warnings.append(_("{source} is not UTF-8: read as {encoding}.").format(source=source, encoding=encoding))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        rows = list(reader)
    except csv.Error as error:  # e.g. a cell over csv.field_size_limit (128 KB)
        raise ContactsError(_("{source} cannot be read as CSV at line {line} ({why}).").format(
            source=source, line=reader.line_num, why=error)) from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ContactsError(_("{source} has no header row.").format(source=source))
    header, rows = rows[0], [r for r in rows[1:] if any(cell.strip() for cell in r)]
    if header == EXPORT_COLUMNS:  # our own export: undo its formula escaping
        rows = [[_unescaped(cell) for cell in row] for row in rows]
    fields = _fields(header, mapping or {})
    result.columns = [(h, f or "ignored") for h, (f, _) in zip(header, fields) if h.strip()]
    if not any(f in ("name", "given", "family", "email", "phones", "company") for f, _ in fields):
        raise ContactsError(_("{source}: no column gives a name, e-mail or phone (headers: {headers}); "
                              "add --map \"<column>=name\".").format(
            source=source, headers=", ".join(h for h in header if h.strip())))
    order = _date_order(rows, fields, date_order, source)
    unread = {header[i] for row in rows for i, cell in enumerate(row)
              if i < len(fields) and cell.strip() and not fields[i][0] and header[i].strip()
              and not quiet(header[i])}
    if unread:
        result.warnings.append(_("Columns with data that were not read: {columns} (use --map to read one).").format(
            columns=", ".join(h for h in header if h in unread)))
    for n, row in enumerate(rows, start=2):
        contact = _contact(row, fields, order)
        for cell in row:
            if looks_mojibake(cell):
                contact.problems.append(_("{cell!r} looks like UTF-8 read in the wrong charset (mojibake)").format(cell=cell))
                break
            if looks_garbled(cell):
                contact.problems.append(_("{cell!r} holds bytes no charset could read: check it").format(cell=cell))
                break
        outcome = finish(contact, _("row {n}").format(n=n))
        (result.refused if isinstance(outcome, Refused) else result.contacts).append(outcome)
    return result


def _delimiter(text: str) -> str:
    """Comma, semicolon (European Excel) or tab: whichever the header line has most of outside quotes."""
    first, quoted, counts = text.split("\n", 1)[0], False, {",": 0, ";": 0, "\t": 0}
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif ch in counts and not quoted:
            counts[ch] += 1
    return max(counts, key=lambda d: (counts[d], d == ","))


def _fields(header: list[str], mapping: dict[str, str]) -> list[tuple[str, str]]:
    out, group = [], ""
    for h in header:
        key = " ".join(h.strip().lower().split())
        if key in mapping:
            out.append((mapping[key], group))
            continue
        target, group = column(h, group)
        out.append((target, group))
    return out


def _date_order(rows: list[list[str]], fields, given: str, source: str) -> str:
    dates = [row[i] for row in rows for i, (f, _) in enumerate(fields) if f == "birthday" and i < len(row)]
    found = slashed_order(dates)
    if given:
        return given  # a date the order can't read is refused per contact, never swapped
    if not found and any(is_slashed(d) for d in dates):
        raise ContactsError(_("{source}: birthdays such as {date!r} could be day/month or month/day; run again "
                              "with --date-order dmy or --date-order mdy.").format(
            source=source, date=next(d for d in dates if is_slashed(d))))
    return found


def _contact(row: list[str], fields, order: str) -> Contact:
    c, parts, groups = Contact(), {}, {}
    for i, (target, group) in enumerate(fields):
        value = row[i].strip() if i < len(row) else ""
        if not value or not target:
            continue
        if target == "phones":
            c.phones += [p.strip() for p in value.split(MULTI)]
        elif target == "email":
            c.emails += [e.strip() for e in re.split(r":::|[;,]", value)]  # an address never holds ; or ,
        elif target in ("tags", "labels"):  # Google's labels are always ":::"-separated; others ";"
            sep = MULTI if target == "labels" or MULTI in value else ";"
            c.tags += [t.strip().lstrip("* ") for t in value.split(sep)
                       if t.strip() not in ("* myContacts", "myContacts", "* starred")]
        elif target in ADDRESS_PARTS:
            groups.setdefault(group, {}).setdefault(target, []).append(value)
        elif target in ("given", "family", "middle", "prefix", "birth_year", "birth_month", "birth_day"):
            parts[target] = value
        elif target == "birthday":
            # A lunar birthday as fieldcrm writes it (L1985-08-15) or as typed (农历 1985-08-15).
            is_lunar = value.strip()[:1] in ("L", "l") or value.strip().startswith("农历")
            _birthday(c, lambda v=value, as_lunar=is_lunar: lunar.read(v) if as_lunar else parse_spreadsheet(v, order))
        elif target == "notes":
            c.add_note(value.replace("\r\n", "\n"))
        elif target == "name":
            c.name = c.name or display_name(value)
        else:
            setattr(c, target, getattr(c, target) or value)
    if not c.name:
        c.name = join_name(parts.get("family", ""), parts.get("given", ""), parts.get("middle", ""))
    if parts.get("prefix") and parts.get("family") and not c.form_of_address:
        c.form_of_address = f"{parts['prefix']} {parts['family']}"
    if parts.get("birth_month") or parts.get("birth_day"):
        _birthday(c, lambda: _year_month_day(parts))
    _addresses(c, list(groups.values()))
    return c


def _year_month_day(parts: dict[str, str]) -> str:
    """Thunderbird's Birth Year / Birth Month / Birth Day columns; the year may be blank."""
    year, month, day = (parts.get(k, "") for k in ("birth_year", "birth_month", "birth_day"))
    if not (month.isdigit() and day.isdigit() and (year.isdigit() or not year)) or year == "0":
        raise BadDate(_("{date} is not a date").format(date=f"{year or '?'}-{month or '?'}-{day or '?'}"))
    return checked(int(year or 0), int(month), int(day), f"{year or '?'}-{month}-{day}")


def _birthday(c: Contact, parse) -> None:
    try:
        day = parse()
    except (BadDate, ValueError) as error:
        c.problems.append(_("birthday left out: {why}").format(why=error))
        return
    c.birthday = c.birthday or day


def _addresses(c: Contact, groups: list[dict[str, list[str]]]) -> None:
    first = True
    for g in groups:
        street = ", ".join(g.get("address", [])) or ", ".join(g.get("formatted", [])).replace("\n", ", ")
        area, region, postcode, country = (", ".join(g.get(k, [])) for k in ("area", "region", "postcode",
                                                                                "country"))
        if not any((street, area, region, postcode, country)):
            continue
        if first:
            c.address, c.area, c.region, c.postcode, c.country = street, area, region, postcode, country
            first = False
        else:
            c.add_note("Other address: " + ", ".join(p for p in (street, area, region, postcode, country) if p))


def write_csv(customers: list[Customer], tiers: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for c in customers:
        # No control character is written, whatever the book holds: other programs read this file.
        writer.writerow([formula_safe(without_controls(cell, multiline=True)) for cell in (
            c.contact_uid or c.id, c.name, c.form_of_address, c.company, c.title, f" {MULTI} ".join(c.phones),
            c.email, c.address, c.area, c.region, c.postcode, c.country, f" {MULTI} ".join(c.tags), c.birthday,
            tiers.get(c.id, ""), c.notes)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
