"""One contact read from a file, and what reading a whole file gives back.

Both importers (vCard and CSV) fill the same ``Contact`` and call ``finish``,
so a contact is named the same way whichever file it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from fieldcrm.i18n import _
from fieldcrm.terminal_text import without_controls


class ContactsError(ValueError):
    """A contacts file that cannot be read, in one sentence."""


@dataclass
class Contact:
    """One person from a contacts file, before it becomes a customer."""

    name: str = ""
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    company: str = ""
    title: str = ""
    address: str = ""
    area: str = ""  # city, locality
    region: str = ""
    postcode: str = ""
    country: str = ""
    birthday: str = ""  # YYYY-MM-DD, or 0000-MM-DD when the year is unknown
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    uid: str = ""
    form_of_address: str = ""
    problems: list[str] = field(default_factory=list)  # fields left out, and why
    where: str = ""  # "card 3", "row 12": set by ``finish``

    @property
    def email(self) -> str:
        return self.emails[0] if self.emails else ""

    def add_note(self, line: str) -> None:
        self.notes = f"{self.notes}\n{line}" if self.notes else line


@dataclass
class Refused:
    """A card or row that could not become a contact."""

    where: str  # "card 3", "row 12"
    reason: str


@dataclass
class ReadResult:
    """Everything read from one file: ``total`` cards/rows = contacts + refused."""

    contacts: list[Contact] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about the file: encoding, a cut-off card, columns
    columns: list[tuple[str, str]] = field(default_factory=list)  # CSV: (header, field it fills or "ignored")

    @property
    def total(self) -> int:
        return len(self.contacts) + len(self.refused)


def finish(c: Contact, where: str) -> Contact | Refused:
    """Tidy a contact; one with no name is named by its organisation, then e-mail, then phone."""
    _drop_controls(c)
    c.where = where
    c.phones = _unique(p.strip() for p in c.phones if p.strip())
    c.emails = _unique(e.strip() for e in c.emails if e.strip())
    c.tags = _unique(t.strip() for t in c.tags if t.strip())
    c.name = " ".join(c.name.split())
    if not c.name:
        c.name = c.company or c.email or (c.phones[0] if c.phones else "")
    if not c.name:
        return Refused(where, _("no name, organisation, e-mail or phone"))
    return c


_TEXT = [f.name for f in fields(Contact) if f.name not in ("problems", "where")]


def _drop_controls(c: Contact) -> None:
    """No control character enters the book from a file: NUL, ESC, BEL ... are removed,
    as the app's own fields never take them; only a note keeps its line breaks and tabs."""
    for name in _TEXT:
        value = getattr(c, name)
        if isinstance(value, list):
            setattr(c, name, [without_controls(v) for v in value])
        else:
            setattr(c, name, without_controls(value, multiline=name == "notes"))


def _unique(items) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
