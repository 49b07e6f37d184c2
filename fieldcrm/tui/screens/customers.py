"""All customers: search as you type (names in pinyin too), filter by tier and stage.

The screen opens in the search box, so typing searches at once; the letters
there are text, not screen keys. ``enter`` opens the top match, ``down`` moves
into the list, ``escape`` leaves the box (then the letter keys switch screens
and ``q`` quits again), ``/`` comes back to it. F-keys switch screens from anywhere.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Input, Label

from fieldcrm.i18n import _, ngettext
from fieldcrm.tui.labels import shown
from fieldcrm.tui.screens.base import BookScreen
from fieldcrm.tui.widgets.footer import KeysFooter
from fieldcrm.tui.widgets.rowlist import RowList

COLUMNS = [(_("name"), 20), (_("company"), 24), (_("tier"), 4), (_("stage"), 16), (_("area"), 16), (_("phone"), 18)]
TIERS = ("", "A", "B", "C")
STAGES = ("", "prospect", "first-time buyer", "repeat buyer", "advocate")


class CustomersScreen(BookScreen):
    BINDINGS = [
        Binding("enter", "profile", _("Profile")),
        Binding("ctrl+n", "new", _("New customer")),
        Binding("ctrl+t", "tier", _("Tier filter")),
        Binding("ctrl+g", "stage", _("Stage filter")),
        Binding("down", "focus_table", _("List"), show=False),
        Binding("escape", "focus_table", _("Leave search"), key_display="esc"),
        Binding("slash", "focus_search", _("Search"), key_display="/"),
    ]

    def __init__(self):
        super().__init__()
        self.tier_filter = ""
        self.stage_filter = ""
        self.matches = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=_("search: name (any script, or pinyin: zxy), company, phone digits, tag, area"),
                    id="search")
        yield Label("", id="filters")
        yield RowList(COLUMNS, id="customers")
        yield KeysFooter()

    def on_row_list_selected(self, event: RowList.Selected) -> None:
        self.app.open_profile(event.key)

    def on_mount(self) -> None:  # (Textual calls BookScreen's on_mount too: it fills the list)
        self.query_one("#search", Input).focus()

    def opened_by_key(self) -> None:
        """Its key (c, F2) pressed: the search box has the keys, as when the screen opened."""
        self.action_focus_search()

    def show(self) -> None:
        self.refilter()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.app.is_ready:
            self.refilter(new_search=True)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """enter in the search opens the highlighted match: type a name, enter, done."""
        if self.app.is_ready and self.query_one(RowList).current_key is None:
            self.notify(_("No customer matches the search."))
            return
        self.action_focus_table()
        await self.action_profile()

    def refilter(self, new_search: bool = False) -> None:
        """Search, filter and redraw: the work of one keystroke."""
        work = self.app.work
        tiers = work.tiers()
        stages = work.stages()

        def keep(customer) -> bool:
            return ((not self.tier_filter or tiers.get(customer.id) == self.tier_filter)
                    and (not self.stage_filter or stages.get(customer.id) == self.stage_filter))

        query = self.query_one("#search", Input).value
        found = work.search.search(query, keep if (self.tier_filter or self.stage_filter) else None)
        self.matches = len(found)
        # Every match goes in: the list draws only the rows in view.
        self.query_one(RowList).set_rows([
            (c.id, [c.name, c.company, tiers.get(c.id, "C"), shown(stages.get(c.id, "")), c.area, ", ".join(c.phones)])
            for c in found], keep_cursor=not new_search)
        filters = ngettext("{count} customer · tier {tier} (ctrl+t) · stage {stage} (ctrl+g)",
                           "{count} customers · tier {tier} (ctrl+t) · stage {stage} (ctrl+g)", self.matches).format(
            count=self.matches, tier=self.tier_filter or _("any"),
            stage=shown(self.stage_filter) if self.stage_filter else _("any"))
        self.query_one("#filters", Label).update(Text(filters))

    def action_tier(self) -> None:
        self.tier_filter = TIERS[(TIERS.index(self.tier_filter) + 1) % len(TIERS)]
        self.refilter(new_search=True)

    def action_stage(self) -> None:
        self.stage_filter = STAGES[(STAGES.index(self.stage_filter) + 1) % len(STAGES)]
        self.refilter(new_search=True)

    def check_action(self, action: str, parameters) -> bool | None:
        """The footer offers leaving the search only while in it, and coming back only from outside."""
        in_search = isinstance(self.focused, Input)
        if action == "focus_table":
            return in_search or self.focused is None
        if action == "focus_search":
            return not in_search
        return True

    def action_focus_table(self) -> None:
        self.query_one(RowList).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    async def action_profile(self) -> None:
        await self.app.ready()
        key = self.query_one(RowList).current_key
        if key:
            self.app.open_profile(key)

    async def action_new(self) -> None:
        await self.app.ready()
        from fieldcrm.tui.screens.edit_customer import EditCustomerScreen
        self.app.push_screen(EditCustomerScreen(None), lambda cid: self.app.open_profile(cid) if cid else None)
