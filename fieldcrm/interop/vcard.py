"""vCard 3.0 (RFC 2426) writing: the rep's contact card for the QR code."""

from __future__ import annotations

from fieldcrm.model import Rep


def escape(value: str) -> str:
    """Escape text for a vCard value (RFC 2426 section 4)."""
    return (value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;"))


def rep_card(rep: Rep) -> str:
    # N is family;given. "Alex Chen" -> Chen;Alex. A name without a space (陈立) stays whole.
    given, _, family = rep.name.rpartition(" ") if " " in rep.name else (rep.name, "", "")
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{escape(rep.name or 'fieldcrm')}",
             f"N:{escape(family)};{escape(given)};;;"]
    if rep.company:
        lines.append(f"ORG:{escape(rep.company)}")
    if rep.title:
        lines.append(f"TITLE:{escape(rep.title)}")
    if rep.phone:
        lines.append(f"TEL;TYPE=CELL:{escape(rep.phone)}")
    if rep.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{escape(rep.email)}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"
