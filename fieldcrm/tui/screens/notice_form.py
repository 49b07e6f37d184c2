"""A new notice: who it is for, what it says, and every customer's message before saving.

The preview is rebuilt on each keystroke from the rules (rules/notices.py) over the
customers held in memory; the list draws only the lines in view (RowList), so a
keystroke costs the choosing and personalising alone (``fieldcrm bench``:
notice_keystroke_ms). Dismissed with the new notice's id, or None if cancelled.
"""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Header, Input, Label, Select, Static, TextArea

from fieldcrm import outreach
from fieldcrm.i18n import _
from fieldcrm.model import NOTICE_KINDS, Notice
from fieldcrm.rules.messages import title as template_title
from fieldcrm.rules.notices import AUDIENCE_KEYS, Recipient
from fieldcrm.store.errors import BookError
from fieldcrm.tui.widgets.footer import KeysFooter
from fieldcrm.tui.widgets.problems import FieldProblem, clear_problems, not_written, refuse, refuse_all
from fieldcrm.tui.widgets.rowlist import RowList
from fieldcrm.tui.widgets.user_text import UserText
from fieldcrm.tui.screens.form import HOLD_LETTERS, HoldsLetters, ask_before_dropping, typed
from fieldcrm.when import parse_day

FILTER_LABELS = {"area": _("Area"), "tier": _("Tier (A, B, C)"), "stage": _("Stage (prospect, repeat buyer...)"),
                 "tag": _("Tag"), "product": _("Product bought"), "channel": _("Preferred channel")}
PREVIEW_COLUMNS = [(_("customer"), 16), (_("message, or why left out"), 90)]


class NoticeForm(HoldsLetters, Screen):
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save notice")),
        Binding("escape", "cancel", _("Cancel")),
        Binding("ctrl+o", "focus_preview", _("Preview")),
        *HOLD_LETTERS,
    ]
    DEFAULT_CSS = """
    NoticeForm #form { width: 44; padding: 0 1; }
    NoticeForm #form Input, NoticeForm #form Select { width: 100%; }
    NoticeForm #form TextArea { height: 6; }
    NoticeForm #form Label { margin-top: 1; width: 100%; }
    NoticeForm #form FieldProblem { margin-top: 0; }
    NoticeForm #preview-side { width: 1fr; }
    NoticeForm #recipients { height: 1fr; }
    NoticeForm #full { height: auto; max-height: 8; padding: 0 1; border-top: solid $accent; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._people = outreach.People()
        self._found: dict[str, Recipient] = {}
        self._pending = False  # a preview rebuild is already on its way

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with VerticalScroll(id="form"):
                yield Label(_("Kind"))
                yield Select([(_kind_title(kind), kind) for kind in NOTICE_KINDS], value="promotion",
                             allow_blank=False, id="kind", compact=True)
                yield Label(_("What it is about (the title in every message)"))
                yield Input(id="title", placeholder=_("the winter tea sale"), compact=True)
                yield FieldProblem("title")
                yield Label(_("Starts (today, fri, 1 Dec, 2026-12-01)"))
                yield Input(id="starts", compact=True)
                yield FieldProblem("starts")
                yield Label(_("Ends"))
                yield Input(id="ends", compact=True)
                yield FieldProblem("ends")
                yield Label(_("Who: each box narrows; commas for several"), classes="hint")
                for key in AUDIENCE_KEYS:
                    yield Label(FILTER_LABELS[key])
                    yield Input(id=f"f-{key}", compact=True)
                    yield FieldProblem(f"f-{key}")
                yield Checkbox(_("Include customers who dislike being sold to"), id="averse")
                yield Label(_("Your own text (blank: the library's, in each customer's language); "
                              "{address} {name} {product} {title} {dates} {start} {end} {rep}"), classes="hint")
                yield TextArea(id="text")
            with Vertical(id="preview-side"):
                yield Label("", id="count", classes="title")
                yield RowList(PREVIEW_COLUMNS, id="recipients")
                yield Static("", id="full")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._as_opened = typed(self)
        self.query_one("#title", Input).focus()
        self.refresh_preview()

    # The notice as typed, and its preview ----------------------------------------------

    def notice(self, refused: dict[str, str] | None = None) -> Notice:
        """The notice the form describes. A day that cannot be read is left out (the preview
        goes on without it); its sentence goes into ``refused`` (by field) when given."""
        today = self.app.work.today()
        days = {}
        for name in ("starts", "ends"):
            text = self.query_one(f"#{name}", Input).value.strip()
            try:
                days[name] = parse_day(text, today).isoformat() if text else ""
            except ValueError as error:
                if refused is not None:
                    refused[name] = str(error)
                days[name] = ""
        audience = {key: [v.strip() for v in self.query_one(f"#f-{key}", Input).value.replace("，", ",").split(",")]
                    for key in AUDIENCE_KEYS}
        return Notice(kind=str(self.query_one("#kind", Select).value), title=self.query_one("#title", Input).value.strip(),
                      text=self.query_one("#text", TextArea).text, audience=audience,
                      include_promo_averse=self.query_one("#averse", Checkbox).value, **days)

    def refresh_preview(self) -> None:
        notice = self.notice()
        if not notice.title:  # the example title, or every message reads "a note ahead of time: ."
            notice = replace(notice, title=self.query_one("#title", Input).placeholder)
        found = outreach.preview(self.app.work, notice, self._people)
        self._found = {r.customer_id: r for r in found}
        included = sum(r.included for r in found)
        self.query_one("#count", Label).update(UserText(
            _("{included} will get it · {left_out} left out").format(included=included,
                                                                      left_out=len(found) - included)))
        rows = [(r.customer_id, [r.name, r.message if r.included else _("left out: {why}").format(why=r.left_out)])
                for r in found]
        self.query_one("#recipients", RowList).set_rows(rows)
        self._show_full()

    def _show_full(self) -> None:
        key = self.query_one("#recipients", RowList).current_key
        found = self._found.get(key) if key else None
        body = UserText()
        if found is not None:
            body.append(f"{found.name}\n", style="bold")
            body.append(found.message if found.included else _("left out: {why}").format(why=found.left_out))
        self.query_one("#full", Static).update(body)

    def _changed(self) -> None:
        """A burst of keys (typing fast, a paste) rebuilds the preview once, after it."""
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._rebuild)

    def _rebuild(self) -> None:
        self._pending = False
        self.refresh_preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._changed()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._changed()

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        self._show_full()

    # Actions ----------------------------------------------------------------------------

    def action_focus_preview(self) -> None:
        self.query_one("#recipients", RowList).focus()

    def action_save(self) -> None:
        """Every part to fix is named at once, under its field, the first one focused."""
        clear_problems(self)
        refused: dict[str, str] = {}
        notice = self.notice(refused)
        for problem in outreach.problems(notice):
            refused.setdefault(problem.field, str(problem))  # a day not read: its own sentence
        if refused:
            order = [f"#{field.id}" for field in self.query("#form Input")]
            refusals = sorted(((self._field_id(part), why) for part, why in refused.items()),
                              key=lambda refusal: order.index(f"#{refusal[0]}"))
            refuse_all(self, refusals)
            return
        try:
            notice, found = outreach.create(self.app.work, notice, self._people)
        except outreach.NoticeError as error:
            if error.field:  # said under its field only, as every form does (widgets/problems.py)
                refuse(self, self._field_id(error.field), str(error))
                return
            self.notify(str(error), severity="error", markup=False, timeout=10)
            return
        except BookError as error:  # a read-only book, a full disk: nothing to fix in a field
            self.notify(not_written(error, _("The notice")), severity="error", markup=False, timeout=10)
            return
        self.app.changed()
        included = sum(r.included for r in found)
        self.notify(_("Saved: {to_send}, {left_out} left out. Press s to copy the first.").format(
            to_send=outreach.messages_to_send(included), left_out=len(found) - included))
        self.dismiss(notice.id)

    def _field_id(self, part: str) -> str:
        """The input to fix for a part of the notice; a bad tier or stage: its box; an audience
        nobody matches: its first narrowing box."""
        if part in AUDIENCE_KEYS:
            return f"f-{part}"
        if part != "audience":
            return part
        boxes = [f"f-{key}" for key in AUDIENCE_KEYS]
        return next((box for box in boxes if self.query_one(f"#{box}", Input).value.strip()), boxes[0])

    def action_cancel(self) -> None:
        ask_before_dropping(self, typed(self) == self._as_opened, _("Drop this notice?"), lambda: self.dismiss(None))

    def unsaved_question(self) -> str | None:
        """Asked before the app quits (form.quit_question)."""
        return _("Quit and drop this notice?") if typed(self) != getattr(self, "_as_opened", typed(self)) else None


def _kind_title(kind: str) -> str:
    return template_title(outreach.template(kind))
