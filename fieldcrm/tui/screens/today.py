"""Today: who to see or call, and why. The screen fieldcrm opens on."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Label, Static

from fieldcrm.i18n import _, listed
from fieldcrm.rules.labels import tier_label
from fieldcrm.tui.days import shown_day
from fieldcrm.tui.labels import shown
from fieldcrm.tui.screens.base import BookScreen
from fieldcrm.tui.widgets.footer import KeysFooter
from fieldcrm.tui.widgets.tables import ListTable, cell, fill, selected_key
from fieldcrm.tui.widgets.user_text import UserText
from fieldcrm.when import DAY_HELP, parse_day

COLUMNS = [(_("time"), 5), (_("customer"), 18), (_("tier"), 4), (_("do"), 8), (_("why"), 200)]
ALSO_DUE_PAGE = 100  # also-due rows drawn at a time: a DataTable measures every cell it gets
MORE = "more"  # the row key of "… and N more"


class TodayScreen(BookScreen):
    ROW_ACTION = "profile"  # enter on a row
    DAY = Binding.Group(_("Day"), compact=True)
    BINDINGS = [
        Binding("enter", "profile", _("Profile"), key_display="⏎"),
        Binding("n", "note", _("Note")),
        # n on a lead row: the Note binding is hidden there (a lead has no notes), and this
        # one says so, or the letters of the note the rep goes on typing would run commands.
        Binding("n", "lead_note", _("Note"), show=False),
        Binding("d", "done", _("Done")),
        Binding("s", "snooze", _("Snooze")),
        Binding("x", "dismiss_item", _("Dismiss")),
        Binding("m", "message", _("Message")),
        Binding("left", "day(-1)", _("Previous day"), key_display="←", group=DAY),
        Binding("right", "day(1)", _("Next day"), key_display="→", group=DAY),
        Binding("comma", "day(-1)", _("Previous day"), key_display=",", show=False),
        Binding("full_stop", "day(1)", _("Next day"), key_display=".", show=False),
        Binding("t", "day(0)", _("Back to today"), show=False),
        Binding("plus", "more", _("More"), key_display="+"),
    ]

    def __init__(self):
        super().__init__()
        self.day: dt.date | None = None
        self.plan = None  # the live Agenda once the book is loaded
        self.also_shown = ALSO_DUE_PAGE  # how many also-due rows are drawn
        # (subject, row) of the item being done, snoozed, dismissed or noted: once it
        # leaves that row the cursor stays on the row, so a rep working down keeps their place.
        self.settling: tuple[str, int] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="heading", classes="title")
        yield ListTable(cursor_type="row", zebra_stripes=True, id="agenda")
        yield Static(id="detail")
        yield KeysFooter()

    def waiting(self) -> None:
        self.show_preview()

    # Filling the table ----------------------------------------------------------

    def show_preview(self) -> None:
        """The list saved at the last close, while the book loads."""
        today = dt.date.today()
        saved = ((self.app.preview or {}).get("days") or {}).get(today.isoformat())
        if not saved:
            self._heading(today, None, None, note=_("opening the book…"))
            return
        # The day's list only: every row drawn costs start-up time; the rest follows the book.
        self._fill([(i["subject"], self._cells(i["time"], i["name"], i["tier"], i["action"],
                                               listed(r["text"] for r in i["reasons"]), False))
                    for i in saved["items"]])
        self._heading(today, len(saved["items"]), saved["also_due_count"], note=_("opening the book…"))

    def show(self) -> None:
        work = self.app.work
        self.day = self.day or work.today()
        self.plan = work.agenda(self.day)
        also = self.plan.also_due[:self.also_shown]
        rows = [(i.subject, self._cells(i.time, i.name, i.tier, i.action,
                                        listed(r.text for r in i.reasons), False)) for i in self.plan.items]
        rows += [(i.subject, self._cells(i.time, i.name, i.tier, i.action,
                                         listed(r.text for r in i.reasons), True)) for i in also]
        hidden = self.plan.also_due_count - len(also)
        if hidden > 0:  # never a silent cap: say how many more, and how to see them
            rows.append((MORE, self._cells("", _("… and {count} more").format(count=hidden), "", "",
                                           _("+ or enter shows them"), True)))
        self._fill(rows)
        self._keep_place()
        self._heading(self.day, len(self.plan.items), self.plan.also_due_count)
        self.refresh_bindings()  # "+ More" shows only while there are more

    def _keep_place(self) -> None:
        """The settled item left its row (gone, or moved down when done brought a new
        reason): the next one moves up under the cursor, or the last row if it was last."""
        table = self.query_one(DataTable)
        if self.settling is None or not table.row_count:
            return
        subject, row = self.settling
        if selected_key(table) != subject or table.cursor_row != row:
            self.settling = None
            table.move_cursor(row=min(row, table.row_count - 1))

    def _settle(self, item) -> None:
        self.settling = (item.subject, self.query_one(DataTable).cursor_row)

    def _cancelled(self) -> None:
        self.settling = None  # nothing changed: later refreshes follow the cursor's row again

    def _cells(self, time, name, tier, action, why, also: bool) -> list:
        style = "dim" if also else ""
        return [cell(time, 5, style), cell(name, 18, style), cell(tier_label(tier), 4, style),
                cell(shown(action), 8, style), cell(why, None, style)]

    def _fill(self, rows) -> None:
        fill(self.query_one(DataTable), COLUMNS, rows)

    def _heading(self, day: dt.date, listed, also, note: str = "") -> None:
        is_today = day == (self.app.work.today() if self.app.work else dt.date.today())
        when = _("Today") if is_today else _("Plan")
        text = f"{when} · {shown_day(day, '%A %-d %B %Y', with_year=True)}"
        if listed is not None:
            text += " · " + _("{listed} on the list, {also} also due (dimmed)").format(listed=listed, also=also)
        if note:
            text += f" · {note}"
        self.query_one("#heading", Label).update(UserText(text))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Every reason of the highlighted item in full: the table cuts long ones."""
        item = self._item()
        detail = UserText()
        if item is not None:
            detail.append(f"{item.name} ({tier_label(item.tier)}) · {shown(item.action)}\n", style="bold")
            for reason in item.reasons:
                detail.append(f"• {reason.text}\n")
        self.query_one("#detail", Static).update(detail)
        self.refresh_bindings()  # "n Note" only on a customer's row

    # Actions --------------------------------------------------------------------

    def _item(self):
        key = selected_key(self.query_one(DataTable))
        if self.plan is None or key is None:
            return None
        for item in self.plan.items + self.plan.also_due[:self.also_shown]:
            if item.subject == key:
                return item
        return None

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "more":
            return self.plan is not None and self.plan.also_due_count > self.also_shown
        if action in ("note", "lead_note"):
            item = self._item()
            lead = item is not None and not item.customer_id
            return lead if action == "lead_note" else not lead
        return True

    async def action_more(self) -> None:
        """The next page of also due; the cursor goes to the first of them."""
        if self.plan is None or self.plan.also_due_count <= self.also_shown:
            return
        first = len(self.plan.items) + self.also_shown
        self.also_shown += ALSO_DUE_PAGE
        self.show()
        self.query_one(DataTable).move_cursor(row=first)

    async def action_profile(self) -> None:
        await self.app.ready()
        if selected_key(self.query_one(DataTable)) == MORE:
            await self.action_more()
            return
        item = self._item()
        if item and item.customer_id:
            self.app.open_profile(item.customer_id)
        elif item:
            self.action_lead_note()

    def action_lead_note(self) -> None:
        self.notify(_("A referred lead is not a customer yet: see Referrals (r)."))

    async def action_note(self) -> None:
        await self.app.ready()
        item = self._item()
        if not (item and item.customer_id):
            return
        # Saving the note settles the item (also when restored from its draft after a crash).
        self._settle(item)
        self.app.open_note(item.customer_id, lambda saved: None if saved else self._cancelled(), item=item)

    async def action_done(self) -> None:
        work = await self.app.ready()
        item = self._item()
        if item is None:
            return
        self._settle(item)
        work.mark_done(item)
        self.app.changed()
        self.notify(UserText(_("Done: {name}").format(name=item.name)))
        self.show()

    async def action_snooze(self) -> None:
        work = await self.app.ready()
        item = self._item()
        if item is None:
            return
        from fieldcrm.tui.screens.prompts import Ask

        def parse(text: str) -> dt.date:
            day = parse_day(text, work.today())
            if day <= work.today():
                raise ValueError(_("Snooze to a day after today."))
            return day

        def snooze(until: dt.date | None) -> None:
            if not until:
                self._cancelled()
            else:
                work.snooze(item, until)
                self.app.changed()
                self.notify(UserText(_("{name} comes back on {day}.").format(
                    name=item.name, day=shown_day(until, "%a %-d %b"))))
                self.show()

        self._settle(item)
        self.app.push_screen(Ask(_("Snooze {name} until when? ({help})").format(name=item.name, help=_(DAY_HELP)),
                                 parse, placeholder="fri, +3d, 2026-12-01"), snooze)

    async def action_dismiss_item(self) -> None:
        work = await self.app.ready()
        item = self._item()
        if item is None:
            return
        from fieldcrm.tui.screens.prompts import Ask

        def reason(text: str) -> str:
            if not text.strip():
                raise ValueError(_("Say in a few words why, so you remember later."))
            return text.strip()

        def dismiss(why: str | None) -> None:
            if not why:
                self._cancelled()
            else:
                work.dismiss(item, why)
                self.app.changed()
                self.show()

        self._settle(item)
        self.app.push_screen(Ask(_("Why take {name} off the list?").format(name=item.name), reason), dismiss)

    async def action_message(self) -> None:
        work = await self.app.ready()
        item = self._item()
        if item is None:
            return
        from fieldcrm.resources import asset_toml
        from fieldcrm.rules.messages import title as template_title
        from fieldcrm.tui.screens.prompts import ShowText

        text = work.message(item)
        title = template_title(asset_toml("messages.toml")[item.template])
        self.app.push_screen(ShowText(_("{title} for {name}").format(title=title, name=item.name), text, copy=text))

    async def action_day(self, step: int) -> None:
        work = await self.app.ready()
        # The book may have loaded a moment ago, before this screen showed its day.
        self.day = work.today() if step == 0 else (self.day or work.today()) + dt.timedelta(days=step)
        self.also_shown = ALSO_DUE_PAGE
        self.settling = None  # another day's list: the place on this one means nothing there
        self.show()
