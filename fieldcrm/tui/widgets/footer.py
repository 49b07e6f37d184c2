"""The footer every screen shows: its keys whole, never a label cut at the edge.

Textual's footer lays the keys out in a row and cuts the last one that does not
fit ("b 通" at 80 columns in Chinese, "F1–F7" without its label). This one shows
a key only when all of it fits, in this order: the key help (? or F9) and the
screen keys (F1–F7) always, then the screen's own keys in the order it lists
them (a key that does not fit is left out, a shorter one after it may still
fit), then the app's keys a rep also reaches from ^p or the key help (Notices,
Import, Quit). ^p, docked at the right, is always there. While a text field has
the focus, a letter types itself there, so no letter key is offered.

When the screen's own keys do not all fit (Today at 80 columns lost Message and
the day keys), the longer labels take their short words (``SHORTER``) first:
the keys a rep works with on the screen matter more than whole words.
"""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Footer, Input, TextArea
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

from fieldcrm.i18n import N_, _

# Shown on every screen, whatever the width: how to see every key, how to change screens.
ALWAYS = ("app.toggle_help", "toggle_help", "app.switch_mode('today')")
# App keys every screen lists after its own: first to give way (^p, F1–F7 and ? reach them too).
LAST = ("switch_mode('notices')", "import_contacts", "quit")
# A label's short word, for when the screen's own keys would not all fit.
SHORTER = {
    N_("Profile"): N_("Open"), N_("Dismiss"): N_("Skip"), N_("Message"): N_("Msg"), N_("Snooze"): N_("Later"),
    N_("New customer"): N_("New"), N_("Tier filter"): N_("Tier"), N_("Stage filter"): N_("Stage"),
    N_("Leave search"): N_("List"),
    N_("Add lead"): N_("Add"), N_("Next status"): N_("Next"), N_("My QR card"): N_("Card"),
    N_("Edit my card"): N_("Edit"), N_("Log complaint"): N_("Log"),
    N_("Export my day"): N_("Export"), N_("Import a file"): N_("Import"),
    N_("Leave the field"): N_("Leave"),
}


def _action(unit: Widget) -> str:
    """The unit's action; a group of keys (← → Day) is the screen's own, never first or last."""
    return unit.action if isinstance(unit, FooterKey) else ""


def _types_itself(unit: Widget) -> bool:
    """A key shown as a character a text field takes as text (b, n, 1; also ``b`` standing for F11)."""
    if not isinstance(unit, FooterKey):
        return False
    shown = unit.key_display or unit.key
    return len(shown) == 1 and shown.isprintable()


def _width(widget: Widget) -> int:
    """Cells the widget takes in the row: its content, padding, border and margins."""
    content = widget.get_content_width(widget.app.size, widget.app.size)
    return content + widget.styles.gutter.width + widget.styles.margin.width


class KeysFooter(Footer):
    """A Footer that leaves out, whole, the keys that do not fit (see the module docstring)."""

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self.fit)  # once the keys' own children (a group's) are mounted

    def on_mount(self) -> None:
        super().on_mount()
        # Into a text field or out of it: the letter keys come and go (``fit``).
        self.watch(self.screen, "focused", lambda _focused: self.call_after_refresh(self.fit), init=False)

    def on_resize(self) -> None:
        self.fit()

    def _units(self) -> list[list[Widget]]:
        """The row's units: a key, or a group of keys with the label after it (← → Day)."""
        units: list[list[Widget]] = []
        for child in self.children:
            if child.has_class("-command-palette"):
                continue
            if isinstance(child, FooterLabel) and units and isinstance(units[-1][-1], KeyGroup):
                units[-1].append(child)  # the label that names the group before it
            else:
                units.append([child])
        return units

    def fit(self) -> None:
        if not self.is_mounted or not self.size.width:
            return
        room = self.size.width - sum(_width(key) for key in self.query_children(".-command-palette"))
        units = self._units()
        first = [u for u in units if _action(u[0]) in ALWAYS]
        last = [u for u in units if _action(u[0]) in LAST]
        own = [u for u in units if u not in first and u not in last]
        typing = isinstance(self.app.focused, (Input, TextArea))
        wanted = [u for u in first + own + last if not (typing and _types_itself(u[0]))]

        def screens_own(shown: set[int]) -> int:
            return sum(id(unit) in shown for unit in wanted if unit not in last)

        self._label(short=False)
        shown = self._choose(wanted, room)
        if screens_own(shown) < len(wanted) - len([u for u in wanted if u in last]):
            self._label(short=True)
            shorter = self._choose(wanted, room)
            if screens_own(shorter) > screens_own(shown):  # short words only where they gain a key
                shown = shorter
            else:
                self._label(short=False)
        for unit in units:
            for widget in unit:
                widget.display = id(unit) in shown

    @staticmethod
    def _choose(units: list[list[Widget]], room: int) -> set[int]:
        """The units that fit, in order (one that does not may leave room for a shorter one after it)."""
        shown: set[int] = set()
        for unit in units:
            width = sum(_width(widget) for widget in unit)
            if width <= room:
                room -= width
                shown.add(id(unit))
        return shown

    def _label(self, short: bool) -> None:
        """Every key's own label, or its short word (``SHORTER``)."""
        shorter = {_(full): _(word) for full, word in SHORTER.items()} if short else {}
        for key in self.query_children(FooterKey):
            full = key.__dict__.setdefault("_full_label", key.description)
            label = shorter.get(full, full)
            if key.description != label:
                key.description = label
                key.refresh(layout=True)
