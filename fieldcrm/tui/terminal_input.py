"""What the terminal sends, read as the rep meant it.

A paste arrives whole and in its order. Textual 8.2's xterm parser takes an
ESC inside a bracketed paste for the start of a key: the text after it comes
out as typed keys (the ESC as "^") before the paste itself, so a pasted
"Evil \\x1b[31mred" was saved as "^[31mredEvil ". Here the text between the
paste's start and end markers is read as it is and comes out as one Paste
event; the app takes the control characters out of it (``FieldCRM.on_event``),
whichever driver the paste came from.

Escape and a letter are two keys. A terminal sends Alt+Y as ESC then "y", so
Textual reads an escape followed within 0.1 s by a letter as alt+y, and a
field took the "y": escape then y, pressed quickly to cancel a form and
answer its question, typed y instead. No key of fieldcrm is an alt+ key, so
alt with a character is read as the two keys the rep pressed.
"""

from __future__ import annotations

from importlib import import_module

from textual import events
from textual._parser import ParseEOF, ParseTimeout
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser


def as_meant(key: events.Key) -> list[events.Key]:
    """alt+y as escape then y; any other key as it is (alt+backspace, a key with no character)."""
    if key.key.startswith("alt+") and key.is_printable and len(key.character or "") == 1:
        return [events.Key("escape", "\x1b"), events.Key(key.key.removeprefix("alt+"), key.character)]
    return [key]


class TerminalParser(XTermParser):
    """Textual's parser for keys, mouse and the rest; a paste's text read here, to its end marker."""

    def parse(self, token_callback):
        def pass_on(token) -> None:
            if isinstance(token, events.Key):
                for key in as_meant(token):
                    token_callback(key)
            elif not isinstance(token, events.Paste):  # Textual's parser sees only a paste's markers
                token_callback(token)

        xterm = super().parse(pass_on)
        wanted = next(xterm)
        recent = ""
        while True:
            try:
                try:
                    character = yield wanted
                except (ParseTimeout, ParseEOF) as error:
                    wanted = xterm.throw(error)
                    continue
                wanted = xterm.send(character)
            except StopIteration:  # the end of input
                return
            recent = (recent + character)[-len(BRACKETED_PASTE_START):]
            if recent == BRACKETED_PASTE_START and wanted.timeout is None:  # a whole start marker was read
                pasted = ""
                while not pasted.endswith(BRACKETED_PASTE_END):
                    pasted += yield self.read1()  # no timeout: a long paste may come in several reads
                token_callback(events.Paste(pasted[:-len(BRACKETED_PASTE_END)]))
                for character in BRACKETED_PASTE_END:  # Textual's parser leaves its paste mode
                    wanted = xterm.send(character)
                recent = ""


DRIVERS = ("linux_driver", "linux_inline_driver", "win32")  # the Textual drivers that read a terminal


def read_input_as_meant() -> None:
    """Make Textual's terminal drivers read input with ``TerminalParser``."""
    for name in DRIVERS:
        try:
            driver = import_module(f"textual.drivers.{name}")
        except ImportError:  # another system's driver (win32 needs msvcrt; Linux's needs termios)
            continue
        driver.XTermParser = TerminalParser
