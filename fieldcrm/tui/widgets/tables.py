"""DataTable helpers: user text is data (Text, never markup, control characters shown as symbols)
and columns have fixed widths."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from fieldcrm.textwidth import fit
from fieldcrm.i18n import _
from fieldcrm.tui.widgets.user_text import line


class ListTable(DataTable, inherit_bindings=False):
    """A list of rows: the cursor moves up and down, home and end go to the first and
    last row. It leaves enter and the arrows ← → to the screen, so the screen's keys
    work and the footer shows them (a DataTable would scroll sideways with ← →, and its
    hidden enter would keep "⏎ Profile" out of the footer)."""

    BINDINGS = [
        Binding("up", "cursor_up", _("Up"), show=False),
        Binding("down", "cursor_down", _("Down"), show=False),
        Binding("pageup", "page_up", _("Page up"), show=False),
        Binding("pagedown", "page_down", _("Page down"), show=False),
        Binding("home,ctrl+home", "scroll_top", _("First row"), show=False),
        Binding("end,ctrl+end", "scroll_bottom", _("Last row"), show=False),
    ]


def cell(value: object, width: int | None = None, style: str = "") -> Text:
    """A table cell that shows the text as written, cut to ``width`` cells."""
    text = " ".join(line(value).split())  # one line: a note's newlines would break the row
    return Text(fit(text, width) if width else text, style=style, no_wrap=True)


def fill(table: DataTable, columns: list[tuple[str, int]], rows: list[tuple[str, list]], *,
         keep_cursor: bool = True) -> None:
    """Replace the table's rows in one ``add_rows`` (fast at thousands of rows)."""
    key = None
    if keep_cursor and table.row_count:
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # no valid cursor yet
            key = None
    if not table.columns:
        for label, width in columns:
            table.add_column(label, width=width, key=label)
    table.clear()
    widths = [w for _, w in columns]
    for row_key, values in rows:
        table.add_row(*[v if isinstance(v, Text) else cell(v, w) for v, w in zip(values, widths)], key=row_key)
    if key is not None and key in table.rows:
        table.move_cursor(row=table.get_row_index(key))


def selected_key(table: DataTable) -> str | None:
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
