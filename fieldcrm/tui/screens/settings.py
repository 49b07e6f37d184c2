"""Settings: the rules' numbers, the look, the keys, and the rep's own card."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, Static

from fieldcrm.config import KEY_IDS, KEYS, _amount, save_settings, settings_from
from fieldcrm import i18n
from fieldcrm.i18n import _
from fieldcrm.model import Rep
from fieldcrm.rules.amounts import parse_amount
from fieldcrm.store.errors import BookError
from fieldcrm.tui.screens.form import MOVE_ON, MovesOn, typed
from fieldcrm.tui.widgets.footer import KeysFooter
from fieldcrm.tui.widgets.problems import FieldProblem, clear_problems, not_written, refuse

LABELS = {
    "cadence.A": _("Days between contacts, tier A"), "cadence.B": _("Days between contacts, tier B"),
    "cadence.C": _("Days between contacts, tier C"), "agenda.size": _("Visits a day holds"),
    "agenda.greeting_days": _("Birthdays and anniversaries this many days ahead"),
    "after_sale.amount": _("A purchase this large earns a satisfaction call"),
    "after_sale.days": _("...this many days after it"), "referrals.hot_hours": _("A new lead is top priority for (hours)"),
    "soft_data.max_age_days": _("Confirm soft data older than (days)"), "money.currency": _("Currency sign"),
    "app.theme": _("Theme (e.g. textual-dark, nord, gruvbox; empty for the default)"),
    "app.language": _("Language: en or zh (简体中文); applies at the next start"),
    "greetings.festivals": _("Festival greetings (new_year, spring_festival, lantern, dragon_boat, mid_autumn, "
                             "double_ninth, national_day; none for no greetings)"),
    "greetings.tiers": _("...for customers of tiers (A, B, C)"),
    "greetings.stages": _("...at stages (prospect, first-time buyer, repeat buyer, advocate)"),
    "greetings.days_ahead": _("Festivals and season care this many days ahead"),
    "greetings.spring_festival_days_ahead": _("Chinese New Year greetings this many days ahead"),
    "greetings.season_terms": _("Change-of-season care at the solar terms (e.g. 立春, 立夏, 立秋, 立冬; none for no care)"),
}
CARD = [(_("Your name"), "name"), (_("Phone"), "phone"), (_("E-mail"), "email"), (_("Company"), "company"),
        (_("Title"), "title")]


class SettingsScreen(MovesOn, Screen):
    BINDINGS = [Binding("ctrl+s", "save", _("Save")), Binding("escape", "leave_field", _("Leave the field"))] + MOVE_ON
    AUTO_FOCUS = ""  # on_mount focuses the first field

    def on_mount(self) -> None:
        """The first field takes the keys: typing goes into it, never to a screen switch. F-keys
        still switch screens; escape leaves the field so the letters do again. Focused without
        scrolling: AUTO_FOCUS scrolled the form's heading off the top."""
        self.query(Input).first().focus(scroll_visible=False)
        self._as_saved = typed(self)

    def unsaved_question(self) -> str | None:
        """Asked before the app quits (form.quit_question): q is an app key here once escape
        has left the field, and ctrl+q always is."""
        return _("Quit without saving your changes to the settings?") if typed(self) != self._as_saved else None

    def compose(self) -> ComposeResult:
        work = self.app.work
        yield Header()
        # Only the fields take focus (a focused form would pass letters to the screen keys).
        with VerticalScroll(classes="form", can_focus=False):
            yield Static(Text(_("Settings: ctrl+s saves (a value that does not fit is named and nothing is saved); "
                                "escape leaves a field, so the letter keys switch screens again."), style="bold"))
            for dotted in KEYS:
                if dotted.startswith("keys."):
                    continue
                yield Label(LABELS.get(dotted, dotted))
                yield Input(_current(work.settings, dotted), id=_id(dotted))
                yield FieldProblem(_id(dotted))
            yield Label(Text(_("Keys to switch screens (e.g. f1,t)"), style="bold"), classes="section")
            for key_id in KEY_IDS:
                yield Label(_screen_name(key_id))
                yield Input(work.settings.keys.get(key_id, ""), placeholder=_("the usual keys"), id=_id(f"keys.{key_id}"))
                yield FieldProblem(_id(f"keys.{key_id}"))
            yield Label(Text(_("Your contact card (the QR code on Referrals)"), style="bold"), classes="section")
            rep = work.store.rep
            for label, name in CARD:
                yield Label(label)
                yield Input(getattr(rep, name), id=f"card-{name}")
        yield KeysFooter()

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "leave_field":
            return self.focused is not None  # offered only while a field has the keys
        return True

    def action_leave_field(self) -> None:
        """The letter keys go back to switching screens."""
        self.set_focus(None)

    def action_save(self) -> None:
        raw: dict = {}
        for dotted in KEYS:
            text = self.query_one(f"#{_id(dotted)}", Input).value.strip()
            if text == "":
                continue
            section, key = dotted.split(".", 1)
            value = _typed(_as_amount(text) if KEYS[dotted][1] is _amount else text)
            _settings, problems = settings_from({section: {key: value}}, "settings")
            if problems:  # the first value that does not fit, named under its field
                problem = problems[0].removeprefix("settings: ").split("; using ")[0]
                refuse(self, _id(dotted), _("{problem}. Nothing was saved.").format(problem=problem))
                return
            raw.setdefault(section, {})[key] = value
        settings, _problems = settings_from(raw, "settings")
        clear_problems(self)
        work = self.app.work
        card = {name: self.query_one(f"#card-{name}", Input).value.strip() for _, name in CARD}
        try:
            path = save_settings(settings)
            if not work.store.read_only and card != {name: getattr(work.store.rep, name) for _, name in CARD}:
                work.store.set_rep(Rep(**card))
        except (BookError, OSError) as error:  # a full disk: what was typed stays on screen
            self.notify(not_written(error, _("The settings")), severity="error", timeout=10)
            return
        work.settings = settings
        self.app.apply_settings(settings)
        self.set_focus(None)  # saved: the letter keys switch screens again
        self._as_saved = typed(self)
        self.notify(_("Saved to {path}.").format(path=path))


def _screen_name(key_id: str) -> str:
    """A screen as the footer and key help name it ("今日"); English keeps the [keys] id ("today")."""
    if i18n.language() != "zh":
        return key_id
    from fieldcrm.tui.app import FieldCRM

    names = {binding.id: binding.description for binding in FieldCRM.BINDINGS if binding.id}
    return names.get(key_id, key_id)


def _id(dotted: str) -> str:
    return "s-" + dotted.replace(".", "-")


def _current(settings, dotted: str) -> str:
    target = KEYS[dotted][0]
    if target.startswith("cadence_days."):
        return str(settings.cadence_days[target.split(".")[1]])
    value = getattr(settings, target)
    if isinstance(value, tuple):
        return ", ".join(value) or "none"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _as_amount(text: str) -> str:
    """"¥2,000" as a rep types it, as "2000"; what it cannot read is left for the setting's own check."""
    try:
        return str(parse_amount(text, ""))
    except ValueError:
        return text


def _typed(text: str):
    """What the rep typed, as the config file would hold it: a number when it is one."""
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text

