"""Every dialog shows only the keys that work in it. New users read the footer under a dialog
as the dialog's keys, but a dialog without a footer of its own showed the keys of the screen
behind it (``n New``, ``c Customers``), which did nothing there or the wrong thing.

Each dialog is opened as a rep opens it, at 80×24 and 120×40; then every key the bottom line
of the terminal (the footer the rep sees) or a key hint in the dialog offers must be bound in
the dialog to what it says, and the keys that answer or close the dialog must be shown."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console
from textual.screen import ModalScreen
from textual.widgets._footer import FooterKey

from fieldcrm import gatherings
from fieldcrm.model import Customer
from tests.sync.helpers import Site, export_day
from tests.tui.conftest import type_text

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
SAVE, CANCEL = ("ctrl+s", "escape"), ("escape",)


async def _keys(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def _referrals(pilot, work, tmp_path, key):
    await _keys(pilot, "r", key)


async def _complaints(pilot, work, tmp_path, key):
    await _keys(pilot, "k", key)


async def _feedback(pilot, work, tmp_path):
    customer = sorted(work.store.all(Customer), key=lambda c: c.name)[0]
    gatherings.invite(work, gatherings.new_event(work, "Tea tasting", "2026-11-28"), [customer])
    await _keys(pilot, "j", "enter", "f")


async def _drop_notice(pilot, work, tmp_path):
    await _keys(pilot, "b", "n")
    await type_text(pilot, "the winter tea sale")
    await _keys(pilot, "escape")


async def _importing(pilot, work, tmp_path):
    other = Site(tmp_path / "other")
    with other.open() as book:
        book.add(Customer(name="Tom Baker"))
    incoming = export_day(other, tmp_path / "incoming.fieldsync")
    await _keys(pilot, "y", "i")
    await type_text(pilot, str(incoming))
    await _keys(pilot, "enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


# Each dialog: how a rep opens it, and the keys that answer or close it.
DIALOGS = {
    "Ask (snooze)": ("Ask", lambda p, w, t: _keys(p, "s"), ("enter", "escape")),
    "Confirm (drop a notice)": ("Confirm", _drop_notice, ("y", "n")),
    "ShowText (message)": ("ShowText", lambda p, w, t: _keys(p, "m"), CANCEL),
    "QrCard": ("QrCard", lambda p, w, t: _referrals(p, w, t, "v"), CANCEL),
    "EditCard": ("EditCard", lambda p, w, t: _referrals(p, w, t, "e"), SAVE),
    "AddReferral": ("AddReferral", lambda p, w, t: _referrals(p, w, t, "a"), SAVE),
    "LogComplaint": ("LogComplaint", lambda p, w, t: _complaints(p, w, t, "a"), SAVE),
    "HandleComplaint": ("HandleComplaint", lambda p, w, t: _complaints(p, w, t, "enter"), CANCEL),
    "NewEvent": ("NewEvent", lambda p, w, t: _keys(p, "j", "a"), SAVE),
    "Feedback": ("Feedback", _feedback, SAVE),
    "PurchaseScreen": ("PurchaseScreen", lambda p, w, t: _keys(p, "enter", "p"), SAVE),
    "ImportContacts": ("ImportContacts", lambda p, w, t: _keys(p, "f8"), ("enter", "escape")),
    "Importing": ("Importing", _importing, CANCEL),
}


def bottom_line(app) -> str:
    """The terminal's last line as drawn: the dialog over the dimmed screens behind it
    (what ``App.export_screenshot`` renders, as text)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text().splitlines()[height - 1]


def footer_offers(app) -> list[FooterKey]:
    """The footer keys, of the dialog or of any screen behind it, drawn on the bottom line."""
    line = bottom_line(app)
    return [key for screen in app.screen_stack for key in screen.query(FooterKey)
            if key.region and str(key.render()).strip() in line]


HINT = re.compile(r"^(escape|enter|space|tab|ctrl\+\w|\w)(?::| )")


def hint_offers(dialog) -> list[str]:
    """The keys a hint line in the dialog names ("ctrl+s: save · escape: cancel")."""
    return [match.group(1) for label in dialog.query(".hint")
            for part in str(label.render()).strip().split(" · ") if (match := HINT.match(part))]


def bound(dialog, key: str, action: str | None = None) -> bool:
    """The key does something in the dialog (in itself or a widget of it): ``action`` if given."""
    return any(binding.action == action or action is None
               for node in (dialog, *dialog.query("*"))
               for binding in node._bindings.key_to_bindings.get(key, []))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("which", DIALOGS)
async def test_a_dialog_offers_only_its_own_keys_and_shows_how_to_answer_it(app, work, tmp_path, which, size):
    name, opens, answers = DIALOGS[which]
    async with app.run_test(size=size) as pilot:
        await app.ready()
        await pilot.pause()
        await opens(pilot, work, tmp_path)
        dialog = app.screen
        assert type(dialog).__name__ == name and isinstance(dialog, ModalScreen)
        footer = footer_offers(app)
        wrong = [f"{key.key_display} {key.description}" for key in footer if not bound(dialog, key.key, key.action)]
        assert not wrong, f"the footer under {name} offers keys it does not handle: {wrong} ({bottom_line(app)!r})"
        hints = hint_offers(dialog)
        assert not [key for key in hints if not bound(dialog, key)], hints
        shown = {key.key for key in footer} | set(hints)
        assert set(answers) <= shown, f"{name} does not show {set(answers) - shown}: {bottom_line(app)!r}"

