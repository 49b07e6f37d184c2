"""Notices: one message to many customers, each personalised, sent one key per customer.

The list of notices (the rep's and the office's) on top; below, the selected
notice's messages, every one in full before it goes. ``s`` copies the next
waiting message to the clipboard (for WeChat or SMS), logs it as sent and shows
the one after; ``x`` writes the waiting ones to a CSV file for a bulk-messaging
tool; ``n`` builds a new notice (notice_form.py).
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Header, Label, Static

from fieldcrm import outreach
from fieldcrm.i18n import _, ngettext
from fieldcrm.model import Outreach
from fieldcrm.rules.calendar import short_date
from fieldcrm.rules.labels import notice_kind_label
from fieldcrm.store.errors import BookError
from fieldcrm.tui.screens.base import BookScreen
from fieldcrm.tui.widgets.footer import KeysFooter
from fieldcrm.tui.widgets.rowlist import RowList
from fieldcrm.tui.widgets.user_text import UserText

NOTICE_COLUMNS = [(_("notice"), 26), (_("kind"), 12), (_("dates"), 17), (_("to send"), 7), (_("sent"), 5),
                  (_("left out"), 8), (_("from"), 8)]
MESSAGE_COLUMNS = [(_("customer"), 18), (_("status"), 8), (_("message, or why left out"), 80)]
STATUS_LABELS = {"pending": _("to send"), "sent": _("sent"), "skipped": _("left out")}


class NoticesScreen(BookScreen):
    BINDINGS = [
        Binding("s", "send_next", _("Copy next"), tooltip=_("copy the next message to the clipboard: it is sent")),
        Binding("x", "export_notice", _("Export CSV")),
        Binding("n", "new_notice", _("New notice")),
        Binding("tab", "switch_list", _("Notices/messages"), show=False),
    ]
    DEFAULT_CSS = """
    NoticesScreen #notices { height: 8; }
    NoticesScreen #messages { height: 1fr; }
    NoticesScreen #message { height: auto; max-height: 8; padding: 0 1; border-top: solid $accent; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(_("Notices"), classes="title")
        with Vertical():
            yield RowList(NOTICE_COLUMNS, id="notices")
            yield Label("", id="summary", classes="hint")
            yield RowList(MESSAGE_COLUMNS, id="messages")
            yield Static("", id="message")
        yield KeysFooter()

    # Showing ---------------------------------------------------------------------

    def show(self, select: str | None = None) -> None:
        work = self.app.work
        tally = outreach.counts(work)
        rows = []
        for notice in outreach.notices(work):
            counts = tally.get(notice.id, outreach.Counts())
            dates = "–".join(short_date(d) for d in (notice.starts, notice.ends) if d)  # 12月1日–12月10日
            rows.append((notice.id, [notice.title, notice_kind_label(notice.kind), dates,
                                     str(counts.pending), str(counts.sent), str(counts.skipped),
                                     _("office") if notice.team else _("me")]))
        notices = self.query_one("#notices", RowList)
        notices.set_rows(rows)
        if select in notices.keys:
            notices.cursor = notices.keys.index(select)
        self._show_messages()
        if not rows:
            self.query_one("#summary", Label).update(UserText(_("No notices yet: press n to write one.")))
        self.refresh_bindings()  # s and x only once there is a notice

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("send_next", "export_notice"):
            return bool(self.is_mounted and self.query_one("#notices", RowList).keys)
        return True

    def _show_messages(self, keep: str | None = None) -> None:
        work = self.app.work
        notice_id = self.query_one("#notices", RowList).current_key
        found = outreach.messages_of(work, notice_id) if notice_id else []
        self._messages = {o.id: o for o in found}
        rows = [(o.id, [work.name_of(o.customer_id), STATUS_LABELS.get(o.status, o.status),
                        o.left_out or o.message]) for o in found]
        messages = self.query_one("#messages", RowList)
        messages.set_rows(rows, keep_cursor=False)
        if keep in messages.keys:
            messages.cursor = messages.keys.index(keep)
        waiting = sum(o.status == "pending" for o in found)
        left_out = sum(o.status == "skipped" for o in found)
        self.query_one("#summary", Label).update(UserText(
            _("{waiting} to send · {left_out} left out · s copies the next one, x writes a CSV").format(
                waiting=waiting, left_out=left_out) if notice_id else ""))
        self._show_message()

    def _show_message(self) -> None:
        current = self._current()
        body = UserText()
        if current is not None:
            name = self.app.work.name_of(current.customer_id)
            if current.status == "skipped":
                body.append(_("{name}: left out ({why})").format(name=name, why=current.left_out), style="bold")
            else:
                body.append(f"{name}\n", style="bold")
                body.append(current.message)
        self.query_one("#message", Static).update(body)

    def _current(self) -> Outreach | None:
        key = self.query_one("#messages", RowList).current_key
        return getattr(self, "_messages", {}).get(key) if key else None

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        if event.row_list.id == "notices":
            self._show_messages()
        else:
            self._show_message()

    # Actions -----------------------------------------------------------------------

    def action_switch_list(self) -> None:
        notices, messages = self.query_one("#notices", RowList), self.query_one("#messages", RowList)
        (messages if notices.has_focus else notices).focus()

    async def action_send_next(self) -> None:
        """Copy the message under the cursor (or the next one waiting) and log it sent."""
        work = await self.app.ready()
        current = self._current()
        if current is None or current.status != "pending":
            current = next((o for o in self._messages.values() if o.status == "pending"), None)
        if current is None:
            self.notify(_("Every message of this notice is sent or left out."))
            return
        self.app.copy_to_clipboard(current.message)
        try:
            outreach.send(work, current, "clipboard")
        except BookError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.app.changed()
        following = next((o for o in self._messages.values() if o.status == "pending" and o.id != current.id), None)
        self.show(select=current.notice_id)
        messages = self.query_one("#messages", RowList)
        if following is not None and following.id in messages.keys:
            messages.cursor = messages.keys.index(following.id)
        name = work.name_of(current.customer_id)
        if following is None:
            self.notify(_("Copied {name}'s message: paste it in WeChat or SMS. That was the last one.").format(
                name=name))
        else:
            self.notify(_("Copied {name}'s message: paste it in WeChat or SMS. Next: {next} (press s).").format(
                name=name, next=work.name_of(following.customer_id)))

    async def action_export_notice(self) -> None:
        from fieldcrm.tui.screens.prompts import Ask

        work = await self.app.ready()
        notice_id = self.query_one("#notices", RowList).current_key
        if notice_id is None:
            return
        suggested = str(Path.cwd() / f"notice-{work.today().isoformat()}.csv")

        def chosen(path: object) -> None:
            if path:
                self._export(notice_id, Path(str(path)).expanduser())

        self.app.push_screen(Ask(_("Write the messages waiting to be sent to a CSV file (name, phone, message) "
                                   "for a bulk-messaging tool:"), str, value=suggested), chosen)

    def _export(self, notice_id: str, path: Path) -> None:
        work = self.app.work
        try:
            written, no_phone = outreach.export_csv(work, notice_id, path)
        except BookError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.app.changed()
        self.show(select=notice_id)
        text = ngettext("Wrote {count} message to {path}; it is logged as sent.",
                        "Wrote {count} messages to {path}; they are logged as sent.", written).format(count=written, path=path)
        if no_phone:
            text += " " + ngettext("{count} without a phone number waits here: send it with s.",
                                   "{count} without a phone number wait here: send them with s.",
                                   no_phone).format(count=no_phone)
        self.notify(text, timeout=10)

    async def action_new_notice(self) -> None:
        from fieldcrm.tui.screens.notice_form import NoticeForm

        await self.app.ready()

        def made(notice_id: str | None) -> None:
            if notice_id:
                self.show(select=notice_id)
                self.query_one("#messages", RowList).focus()

        self.app.push_screen(NoticeForm(), made)
