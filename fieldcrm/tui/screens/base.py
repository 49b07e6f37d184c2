"""What every screen that shows the book has in common: fill in once the book is there."""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen

from fieldcrm.i18n import _
from fieldcrm.tui.messages import BookReady


class BookScreen(Screen):
    """Calls ``show()`` when mounted, when the book finishes loading, and when the rep
    comes back to it; ``waiting()`` while the book is still loading. A click on a
    table row runs ``ROW_ACTION`` (enter is the screen's own binding)."""

    ROW_ACTION = ""
    # First, so the footer shows it even at 80 columns (the app's own ? comes last).
    BINDINGS = [Binding("question_mark", "app.toggle_help", _("Keys"), key_display="?"),
                Binding("f9", "app.toggle_help", _("Keys"), key_display="F9")]

    async def on_data_table_row_selected(self, event) -> None:
        if self.ROW_ACTION:
            await self.run_action(self.ROW_ACTION)

    _just_shown = False

    def on_mount(self) -> None:
        if self.app.is_ready:
            self._show_once()
        else:
            self.waiting()

    def on_book_ready(self, message: BookReady) -> None:
        self.show()

    def on_screen_resume(self) -> None:
        if self.app.is_ready:
            self._show_once()

    def _show_once(self) -> None:
        """A screen that opens is mounted and resumed at once (and switching modes resumes it
        twice): filled in once for all of them, not three or four times (a third of a second
        on 3,000 customers)."""
        if self._just_shown:
            return
        self._just_shown = True
        self.show()
        self.call_after_refresh(self._settled)

    def _settled(self) -> None:
        self._just_shown = False

    def show(self) -> None:
        raise NotImplementedError

    def waiting(self) -> None:
        """The book is still loading: most screens just wait."""
