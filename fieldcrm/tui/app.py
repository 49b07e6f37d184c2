"""The Textual app. Only this package imports Textual.

The app starts on Today at once: from the list saved when the book was last
closed (if the book has not changed since), while the book itself loads in a
worker thread. Anything that needs the book waits for it (``await app.ready()``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import replace
from typing import Callable

from rich.text import Text
from textual import actions, events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from typing import TYPE_CHECKING

from fieldcrm.i18n import N_, _, ngettext
from fieldcrm.store.errors import BookError
from fieldcrm.terminal_text import visible, without_controls
from fieldcrm.textwidth import cells
from fieldcrm.tui.commands import CustomerCommands
from fieldcrm.tui.days import header_day
from fieldcrm.tui.messages import BookReady
from fieldcrm.tui.terminal_input import read_input_as_meant
from fieldcrm.tui.typeahead import KeepsTypeahead

if TYPE_CHECKING:  # the workbook (store, rules) loads in the worker, after the first frame
    from fieldcrm.workbook import Workbook

# Every action that changes the book (or the settings), on any screen. When the book
# is open read-only they are left out of the footer and the key help, and a key that
# asks for one gets one sentence instead. One list, checked by the app for every
# binding, so a new screen is covered by naming its writing actions here.
WRITES = frozenset({
    "note", "done", "snooze", "dismiss_item",  # Today, Profile
    "edit", "purchase", "new",  # Profile, Customers
    "add", "advance", "lost", "thank", "reward", "edit_card",  # Referrals, Complaints
    "handle", "promise", "resolve", "satisfied", "reopen",  # Complaints (its checklist saves as it is ticked)
    "keep", "export", "import_files", "import_contacts",  # Sync, F8
    "invite", "send", "reply", "came", "feedback",  # Events (new, export: above)
    "save",  # every form and Settings
    "send_next", "export_notice", "new_notice",  # Notices
})
READ_ONLY = _("This book is open read-only (--read-only), so nothing can be changed.")

# Textual's own screen keys, as the key help (?) lists them on every screen. Set on
# Screen before fieldcrm's screens are made (they merge their base's keys when their
# class is built, after this module: see _lazy); in English the words are Textual's.
TEXTUAL_KEYS = {"Focus Next": N_("Focus Next"), "Focus Previous": N_("Focus Previous"),
                "Copy selected text": N_("Copy selected text")}
Screen.BINDINGS = [replace(b, description=_(TEXTUAL_KEYS.get(b.description, b.description)))
                   if isinstance(b, Binding) else b for b in Screen.BINDINGS]

read_input_as_meant()  # a paste arrives whole and in order; escape then a letter are two keys

HEADER_SIDES = 18  # the header's icon (8 cells) and clock space (10) beside its title

IDLE_CHECKPOINT_S = 30  # rewrite the snapshot when the rep has paused this long...
CHECKPOINT_AFTER = 200  # ...and at least this many changes wait in the log


def _lazy(target: str) -> Callable:
    """A mode's screen, imported when first shown (start-up imports only Today)."""
    def make():
        from importlib import import_module
        module, name = target.split(":")
        return getattr(import_module(module), name)()
    return make


class FieldCRM(KeepsTypeahead, App):
    CSS_PATH = "app.tcss"
    TITLE = "fieldcrm"
    COMMANDS = App.COMMANDS | {CustomerCommands}
    MODES = {
        "today": _lazy("fieldcrm.tui.screens.today:TodayScreen"),
        "customers": _lazy("fieldcrm.tui.screens.customers:CustomersScreen"),
        "referrals": _lazy("fieldcrm.tui.screens.referrals:ReferralsScreen"),
        "complaints": _lazy("fieldcrm.tui.screens.complaints:ComplaintsScreen"),
        "sync": _lazy("fieldcrm.tui.screens.sync:SyncScreen"),
        "reports": _lazy("fieldcrm.tui.screens.reports:ReportsScreen"),
        "settings": _lazy("fieldcrm.tui.screens.settings:SettingsScreen"),
        "events": _lazy("fieldcrm.tui.screens.events:EventsScreen"),
        "team": _lazy("fieldcrm.tui.screens.office_report:OfficeReportScreen"),  # office books only
        "notices": _lazy("fieldcrm.tui.screens.notice:NoticesScreen"),
    }
    DEFAULT_MODE = "today"
    # The footer shows the screen's own keys first; the seven screens share one short
    # entry, "F1–F7 Screens" (a second binding of F1, by its own action string so the
    # key help lists it apart); the key help (?) lists each.
    BINDINGS = [
        Binding("question_mark", "toggle_help", _("Keys"), key_display="?"),
        Binding("f9", "toggle_help", _("Keys"), key_display="F9"),  # for when ? would be typed into a field
        Binding("ctrl+p", "command_palette", _("Jump"), show=False, priority=True,
                tooltip=_("to a customer or a screen")),  # shown at the right of every footer
        Binding("f1", "app.switch_mode('today')", _("Screens"), key_display="F1–F7", tooltip=_("(F1 Today)")),
        Binding("f1,t", "switch_mode('today')", _("Today"), id="today", show=False),
        Binding("f2,c", "switch_mode('customers')", _("Customers"), id="customers", show=False),
        Binding("f3,r", "switch_mode('referrals')", _("Referrals"), id="referrals", show=False),
        Binding("f4,k", "switch_mode('complaints')", _("Complaints"), id="complaints", show=False),
        Binding("f5,y", "switch_mode('sync')", _("Sync"), id="sync", show=False),
        Binding("f6,p", "switch_mode('reports')", _("Reports"), id="reports", show=False),
        Binding("f7,o", "switch_mode('settings')", _("Settings"), id="settings", show=False),
        # F11 is often the terminal's full screen: b works everywhere ("broadcast").
        Binding("b,f11", "switch_mode('notices')", _("Notices"), id="notices", key_display="b",
                tooltip=_("one message to many customers, each personal")),
        Binding("f12,j", "switch_mode('events')", _("Events"), id="events", show=False),  # "join us"
        Binding("f10,g", "switch_mode('team')", _("Team report"), id="team", show=False),  # office books
        Binding("f8", "import_contacts", _("Import"), key_display="F8", id="import",
                tooltip=_("contacts from .vcf or .csv")),
        Binding("q", "quit", _("Quit")),
        Binding("ctrl+q", "quit", _("Quit"), show=False, priority=True,  # Textual's, in our words
                tooltip=_("Quit the app and return to the command prompt.")),
        # Before any screen's escape (back, cancel), but only while the key help is open.
        Binding("escape", "hide_keys", _("Close the key help"), show=False, priority=True),
    ]

    def __init__(self, work: "Workbook | None" = None, opener: "Callable[[], Workbook] | None" = None,
                 preview: dict | None = None, notices=(), settings=None, first_run: bool = False):
        super().__init__()
        self.first_run = first_run  # a book created just now: say which keys to start with
        self.notices = list(notices)
        self._settings = settings if settings is not None else (work.settings if work else None)
        self.work: Workbook | None = work
        self._opener = opener
        self.preview = preview  # the saved Today lists, shown until the book is loaded
        self._book_event = asyncio.Event()
        self.failure: str | None = None
        self._idle_since = 0.0
        self._checkpoint_failed = False  # said once, not every ten seconds

    def notify(self, message, *, title: str = "", severity="information", timeout=None,
               markup: bool = False) -> None:
        """Every notification is plain text: it often holds a customer's name, which is
        data, never markup, and never raw control characters."""
        plain = message.plain if isinstance(message, Text) else str(message)
        super().notify(visible(plain), title=visible(title), severity=severity, timeout=timeout,
                       markup=False)

    async def on_event(self, event: events.Event) -> None:
        """A paste reaches the focused field (every Input and TextArea) without control
        characters: what a web page or a chat copied may hold escape sequences, which are
        removed as they are from an imported contact; line breaks and tabs stay (a note)."""
        if isinstance(event, events.Paste):
            event.text = without_controls(event.text, multiline=True)
        await super().on_event(event)

    def push_screen(self, screen, *args, **kwargs):
        """A form or dialog opens on a clean screen: at 80×24 a toast covers its lower
        fields, and what the toasts said was about the screen underneath (the new
        book's 30-second hint hid the F8 dialog). Marked with ``CLEARS_NOTIFICATIONS``;
        a Confirm is not, so a start-up warning outlives the draft question."""
        if getattr(screen, "CLEARS_NOTIFICATIONS", False):
            self.clear_notifications()
        return super().push_screen(screen, *args, **kwargs)

    # Read-only: one check for every binding of every screen --------------------------

    @staticmethod
    def _writes(action) -> bool:
        return (action[1] if isinstance(action, tuple) else actions.parse(action)[1]) in WRITES

    def _refused(self, action) -> bool:
        return self.work is not None and self.work.store.read_only and self._writes(action)

    def _check_action_state(self, action: str, default_namespace) -> bool | None:
        """Asked for every binding the footer and the key help draw: hide what writes.
        (Textual has no public hook at the app for this; the read-only footer test
        guards it.)"""
        if self._refused(action):
            return False
        return super()._check_action_state(action, default_namespace)

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        """Every key binding runs through here: a write on a read-only book is refused.
        A write pressed while the book still loads waits for it (the actions would
        wait anyway), so it is refused too if the book turns out read-only."""
        if self.work is None and self._writes(action):
            await self.ready()
        if self._refused(action):
            self.notify(READ_ONLY, severity="warning")
            return True
        return await super().run_action(action, default_namespace, namespaces)

    # Loading ------------------------------------------------------------------

    def on_mount(self) -> None:
        if self._settings is not None:
            self.apply_settings(self._settings)
        self.refresh_header()
        if self.work is not None:
            self._book_loaded()
        else:
            # Paint the first frame before the load starts: parsing the book holds
            # the interpreter for a few hundred milliseconds.
            self.call_after_refresh(self._start_loading)
        self.set_interval(IDLE_CHECKPOINT_S / 3, self._maybe_checkpoint)

    def _start_loading(self) -> None:
        self.set_timer(0.02, lambda: self.run_worker(self._load, thread=True, exclusive=True,
                                                     name="open the book"))

    def _load(self) -> None:
        try:
            work = self._opener()
        except BookError as error:
            self.call_from_thread(self._fail, str(error))
            return
        self.call_from_thread(self._loaded, work)

    def _loaded(self, work: "Workbook") -> None:
        self.work = work
        self._book_loaded()

    def _fail(self, message: str) -> None:
        self.failure = message  # the command line prints it once the screen is gone
        self.exit(return_code=1)

    def _book_loaded(self) -> None:
        self._book_event.set()
        for notice in self.notices + self.work.store.notices:
            self.notify(Text(notice), severity="warning", timeout=10)
        self.refresh_header()
        self.screen.post_message(BookReady())
        if self.is_office:
            self.switch_mode("team")  # the manager's view first
        # Read every name's pinyin off the UI thread (pypinyin alone loads in ~0.4 s),
        # so the first pinyin keystroke does not wait for it.
        self.run_worker(self.work.search.warm, thread=True, name="read the names' pinyin")
        self._offer_draft()
        if self.first_run:
            self.show_first_run_hint()

    async def ready(self) -> "Workbook":
        await self._book_event.wait()
        return self.work

    @property
    def is_ready(self) -> bool:
        return self._book_event.is_set()

    @property
    def is_office(self) -> bool:
        """An office's master book (it keeps the roster): it opens on the team report."""
        return self.work is not None and bool(self.work.store.meta.get("roster"))

    # Around every screen -----------------------------------------------------------

    def refresh_header(self) -> None:
        today = dt.date.today() if self.work is None else self.work.today()
        rep = self.work.store.rep.name if self.work else (self.preview or {}).get("rep", "")
        self.title = f"fieldcrm · {visible(rep, newlines=False)}" if rep else "fieldcrm"  # from a sync file too
        if self.work is None:
            self.sub_title = _("{day} · opening the book…").format(day=header_day(today))
            return
        if self.is_office:  # the office never exports: its own count would only alarm the manager
            reps = len(self.work.store.meta.get("roster", {}))
            changes = ngettext("{day} · the office's book · {count} rep", "{day} · the office's book · {count} reps",
                               reps).format(day=header_day(today), count=reps)
        else:
            waiting = self.work.store.unexported
            changes = ngettext("{day} · {count} change not yet exported", "{day} · {count} changes not yet exported",
                               waiting).format(day=header_day(today), count=waiting)
            shorter = ngettext("{day} · {count} change to export", "{day} · {count} to export",
                               waiting).format(day=header_day(today), count=waiting)
            if not self._header_fits(changes):  # 80 columns cut the count
                changes = shorter
        self.sub_title = self._read_only_mark(changes)

    def _read_only_mark(self, changes: str) -> str:
        return _("read-only · {rest}").format(rest=changes) if self.work.store.read_only else changes

    def _header_fits(self, changes: str) -> bool:
        return cells(f"{self.title} — {self._read_only_mark(changes)}") <= self.size.width - HEADER_SIDES

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.refresh_header)  # the long or the short words, as they fit

    def changed(self) -> None:
        """Something was saved: the header's count moved, the idle clock restarts."""
        self._idle_since = self.work.store.clock.now().timestamp() if self.work else 0.0
        self.refresh_header()

    def _maybe_checkpoint(self) -> None:
        work = self.work
        if work is None or work.store.read_only or work.store.unsaved_to_snapshot < CHECKPOINT_AFTER:
            return
        if work.store.clock.now().timestamp() - self._idle_since >= IDLE_CHECKPOINT_S:
            try:
                work.store.checkpoint()
            except (BookError, OSError) as error:  # a full disk: every change is still safe in the log
                if not self._checkpoint_failed:
                    self.notify(_("{problem}, and every change is safe in the change log.").format(
                        problem=str(error).rstrip('.')),
                                severity="warning", timeout=10)
                self._checkpoint_failed = True
                return
            self._checkpoint_failed = False

    def apply_settings(self, settings) -> None:
        """The look and the keys from the settings file; a theme that does not exist is named."""
        if settings.theme:
            if settings.theme in self.available_themes:
                self.theme = settings.theme
            else:
                self.notices.append(_("There is no theme {theme!r}; using the default.").format(theme=settings.theme))
        if settings.keys:
            self.set_keymap(settings.keys)

    def open_profile(self, customer_id: str) -> None:
        from fieldcrm.tui.screens.profile import ProfileScreen
        self.push_screen(ProfileScreen(customer_id))

    def open_note(self, customer_id: str, on_saved: Callable | None = None, item=None) -> None:
        """A visit note; saving it settles ``item`` (a Today item) when given."""
        from fieldcrm.tui.screens.note import NoteScreen
        self.push_screen(NoteScreen(customer_id, item=item), on_saved)

    async def action_switch_mode(self, mode: str) -> None:
        """Every screen key (c, F2, the palette's "Go to"): that screen's own top, as when it
        first opened, whatever was opened from it, so a name typed next never lands on a
        profile's letter keys. A form there still holding typed work is kept as it was left
        (its letters are text, and its work is the rep's)."""
        from fieldcrm.tui.screens.form import holds_typed_work

        await self.switch_mode(mode)
        if any(holds_typed_work(screen) for screen in self.screen_stack[1:]):
            return
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        getattr(self.screen, "opened_by_key", lambda: None)()

    async def action_import_contacts(self) -> None:
        await self.ready()
        from fieldcrm.tui.screens.import_contacts import ImportContacts
        self.push_screen(ImportContacts())  # it refreshes the screens itself, when its worker is done

    async def action_quit(self) -> None:
        """q, ctrl+q and the palette's Quit: typed work that is not saved is dropped only on a yes."""
        from fieldcrm.tui.screens.form import quit_question
        from fieldcrm.tui.screens.prompts import Confirm

        question = quit_question(self)
        if question is None:
            self.exit()
        elif not getattr(self.screen, "asks_to_quit", False):  # ctrl+q again while asked: it stands
            confirm = Confirm(question)
            confirm.asks_to_quit = True
            self.push_screen(confirm, lambda yes: self.exit() if yes else None)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "hide_keys":
            return bool(self.screen.query("HelpPanel"))
        if action == "switch_mode" and parameters == ("team",):
            return self.is_office  # a rep's own book has no team to report on
        if action == "switch_mode" and parameters == ("notices",):
            return self.current_mode != "notices"  # not offered on the screen it opens
        return True

    def action_hide_keys(self) -> None:
        self.action_hide_help_panel()

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen):
        """Textual's own palette commands, in the interface language."""
        from textual.app import SystemCommand
        # Keyed by Textual's own help text; in English the words stay exactly Textual's.
        words = {"Change the current theme": (_("Theme"), _("Change the current theme")),
                 "Quit the application as soon as possible":
                     (_("Quit"), _("Quit the application as soon as possible")),
                 "Hide the keys and widget help panel": (_("Keys"), _("Hide the keys and widget help panel")),
                 "Show help for the focused widget and a summary of available keys":
                     (_("Keys"), _("Show help for the focused widget and a summary of available keys")),
                 "Minimize the widget and restore to normal size":
                     (_("Minimize"), _("Minimize the widget and restore to normal size")),
                 "Maximize the focused widget": (_("Maximize"), _("Maximize the focused widget")),
                 "Save an SVG 'screenshot' of the current screen":
                     (_("Screenshot"), _("Save an SVG 'screenshot' of the current screen"))}
        for command in super().get_system_commands(screen):
            title, help_text = words.get(command.help, (command.title, command.help))
            yield SystemCommand(title, help_text, command.callback, command.discover)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=_("Search for commands…"), id="--command-palette"))

    def show_first_run_hint(self) -> None:
        """A new, empty book: the keys to start with (the new-customer key is read from
        the Customers screen, so the hint follows it)."""
        from fieldcrm.tui.screens.customers import CustomersScreen
        new = next(b for b in CustomersScreen.BINDINGS if b.action == "new")
        self.notify(_("Press c for Customers, then {key} to add one; F8 imports contacts from a "
                      "vCard or CSV file; ? shows every key.").format(key=new.key),
                    title=_("Your new book"), timeout=30)

    # Drafts -------------------------------------------------------------------

    def _offer_draft(self) -> None:
        from fieldcrm.tui.screens.note import NOTE_DRAFT, NoteScreen
        from fieldcrm.tui.screens.prompts import Confirm

        draft = self.work.store.side.load("drafts", NOTE_DRAFT) if not self.work.store.read_only else None
        if not draft or not self.work.customer(draft.get("customer_id", "")):
            return
        name = self.work.name_of(draft["customer_id"])

        def answer(restore: bool | None) -> None:
            if restore:
                self.push_screen(NoteScreen(draft["customer_id"], draft=draft))
            else:
                self.work.store.side.remove("drafts", NOTE_DRAFT)

        self.push_screen(Confirm(_("You were writing a note for {name} when fieldcrm closed. "
                                   "Restore it?").format(name=name)), answer)


def run_app(opener: "Callable[[], Workbook]", preview: dict | None, notices=(), settings=None,
            first_run: bool = False) -> str | None:
    """Run until the rep quits; returns an error message if the book could not be opened."""
    app = FieldCRM(opener=opener, preview=preview, notices=notices, settings=settings, first_run=first_run)
    try:
        app.run()
    finally:
        if app.work is not None:
            app.work.close()
    if app.failure:
        return app.failure
    if app.return_code:
        return _("fieldcrm stopped on an unexpected error (shown above); your saved work is safe in the book.")
    return None
