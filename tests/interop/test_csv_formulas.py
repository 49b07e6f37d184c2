"""Issue 10 item 6: a CSV export never hands a spreadsheet a formula (OWASP CSV injection),
and reading our own export back gives every value unchanged."""

from __future__ import annotations

import csv
import io

from fieldcrm.interop.csvfile import EXPORT_COLUMNS, read_csv, write_csv
from fieldcrm.model import Customer

HOSTILE = Customer(id="1", name="=HYPERLINK(\"http://x\")", company="+cmd|' /C calc'!A0", title="-2+3",
                   notes="@SUM(A1:A9)", phones=["+44 7700 900123", "020 7946 0000"], area="\tTab", region="\rCR",
                   form_of_address="'quoted already", email="tom@example.com", country="UK")


def _cells(data: bytes) -> dict[str, str]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == EXPORT_COLUMNS
    return dict(zip(rows[0], rows[1]))


def test_cells_a_spreadsheet_would_run_start_with_an_apostrophe():
    cells = _cells(write_csv([HOSTILE], {}))
    for column in ("Name", "Company", "Job Title", "Notes", "Phones", "Area", "Region"):
        assert cells[column].startswith("'"), column
    assert cells["Name"] == "'=HYPERLINK(\"http://x\")"
    assert cells["Phones"] == "'+44 7700 900123 ::: 020 7946 0000"
    assert cells["Form of address"] == "''quoted already"  # so reading it back is not ambiguous
    assert (cells["Email"], cells["Country"]) == ("tom@example.com", "UK")  # the rest as it was


def test_our_own_export_reads_back_unchanged():
    (back,) = read_csv(write_csv([HOSTILE], {})).contacts
    assert (back.name, back.company, back.title, back.form_of_address) == \
        (HOSTILE.name, HOSTILE.company, HOSTILE.title, HOSTILE.form_of_address)
    assert back.phones == HOSTILE.phones and HOSTILE.notes in back.notes


def test_another_program_s_apostrophes_are_kept():
    data = "Name,Company\n'=Li,'+Acme\n".encode()
    (li,) = read_csv(data).contacts
    assert (li.name, li.company) == ("'=Li", "'+Acme")
