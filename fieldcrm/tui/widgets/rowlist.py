"""A list of rows for thousands of records: only the visible lines are ever drawn.

A DataTable measures every cell of every row it is given; at 10,000 customers
a search keystroke would spend most of its time there. This widget (the Line
API, as in Textualize/toolong) formats a row only when it scrolls into view,
so replacing all rows costs nothing and a keystroke costs the search itself.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from fieldcrm.i18n import _
from fieldcrm.textwidth import cells, fit
from fieldcrm.tui.widgets.user_text import line


class RowList(ScrollView, can_focus=True):
    """Fixed-width columns, a header line, a cursor; a click posts ``Selected``. Enter
    is left to the screen, so its "⏎ Profile" shows in the footer."""

    BINDINGS = [
        Binding("up", "move(-1)", _("Up"), show=False),
        Binding("down", "move(1)", _("Down"), show=False),
        Binding("pageup", "page(-1)", _("Page up"), show=False),
        Binding("pagedown", "page(1)", _("Page down"), show=False),
        Binding("home", "jump(0)", _("First row"), show=False),
        Binding("end", "jump(-1)", _("Last row"), show=False),
    ]
    COMPONENT_CLASSES = {"rowlist--header", "rowlist--cursor", "rowlist--even"}
    DEFAULT_CSS = """
    RowList { height: 1fr; }
    RowList > .rowlist--header { text-style: bold; color: $accent; }
    RowList > .rowlist--cursor { background: $primary; color: $text; }
    RowList:blur > .rowlist--cursor { background: $primary 50%; }
    RowList > .rowlist--even { background: $surface; }
    """
    cursor = reactive(0, always_update=True)

    class Selected(Message):
        def __init__(self, row_list: "RowList", key: str):
            super().__init__()
            self.row_list, self.key = row_list, key

    class Highlighted(Message):
        def __init__(self, row_list: "RowList", key: str | None):
            super().__init__()
            self.row_list, self.key = row_list, key

    def __init__(self, columns: list[tuple[str, int]], id: str | None = None):
        super().__init__(id=id)
        # A translated header may be wider than the English it was sized for (已发送 in "sent"'s 5 cells).
        self.columns = [(label, max(width, cells(label))) for label, width in columns]
        self.keys: list[str] = []
        self._cells: list[list[str]] = []
        self._lines: dict[int, str] = {}  # formatted rows, made as they come into view
        self._header = self._format([label for label, _ in self.columns])

    # Data ---------------------------------------------------------------------

    def set_rows(self, rows: list[tuple[str, list[str]]], keep_cursor: bool = True) -> None:
        """Replace every row; the cursor stays on the same key when it is still there
        (unless ``keep_cursor`` is off: a new search starts at the top)."""
        current = self.current_key if keep_cursor else None
        self.keys = [key for key, _ in rows]
        self._cells = [cells for _, cells in rows]
        self._lines.clear()
        width = sum(w + 1 for _, w in self.columns)
        self.virtual_size = Size(width, len(self.keys) + 1)  # +1: the header line
        index = self.keys.index(current) if current in self.keys else 0
        self.cursor = min(index, max(len(self.keys) - 1, 0))
        if current not in self.keys:
            self.scroll_to(y=0, animate=False)
        self.refresh()

    @property
    def current_key(self) -> str | None:
        return self.keys[self.cursor] if 0 <= self.cursor < len(self.keys) else None

    def row_cells(self, index: int) -> list[str]:
        return self._cells[index]

    def _format(self, cells: list[str]) -> str:
        return " ".join(fit(" ".join(line(c).split()), w) for c, (_, w) in zip(cells, self.columns))

    # Drawing ------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        if y == 0:  # the header stays put
            return self._strip(self._header, self.get_component_rich_style("rowlist--header"), scroll_x, width)
        index = scroll_y + y - 1
        if index >= len(self.keys):
            return Strip.blank(width, self.rich_style)
        line = self._lines.get(index)
        if line is None:
            line = self._lines[index] = self._format(self._cells[index])
        if index == self.cursor:
            style = self.get_component_rich_style("rowlist--cursor")
        elif index % 2:
            style = self.get_component_rich_style("rowlist--even")
        else:
            style = self.rich_style
        return self._strip(line, style, scroll_x, width)

    def _strip(self, text: str, style: Style, scroll_x: int, width: int) -> Strip:
        strip = Strip([Segment(text, style)])
        return strip.crop_extend(scroll_x, scroll_x + width, style)

    # Moving -------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()
        visible = self.size.height - 1
        if visible > 0:
            top = self.scroll_offset.y
            if new < top:
                self.scroll_to(y=new, animate=False)
            elif new >= top + visible:
                self.scroll_to(y=new - visible + 1, animate=False)
        self.post_message(self.Highlighted(self, self.current_key))

    def action_move(self, step: int) -> None:
        if self.keys:
            self.cursor = max(0, min(len(self.keys) - 1, self.cursor + step))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.size.height - 2))

    def action_jump(self, index: int) -> None:
        if self.keys:
            self.cursor = index % len(self.keys)

    def action_select(self) -> None:
        if self.current_key is not None:
            self.post_message(self.Selected(self, self.current_key))

    def on_click(self, event) -> None:
        index = self.scroll_offset.y + event.y - 1
        if 0 <= index < len(self.keys):
            if index == self.cursor and event.chain > 1:
                self.action_select()
            self.cursor = index

    def visible_region(self) -> Region:
        return Region(0, 0, self.size.width, self.size.height)
