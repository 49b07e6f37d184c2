"""The rep's QR card, sized to the terminal so a phone can scan it (see interop/qrcard.py)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from fieldcrm.i18n import _
from fieldcrm.interop.qrcard import Fitted, fit
from fieldcrm.model import Rep
from fieldcrm.tui.widgets.user_text import UserText

SIDE = 28  # the words beside the code
# Dark on light whatever the theme: most phone scanners do not read inverted codes.
MODULES = "#000000 on #ffffff"


class QrCard(ModalScreen[None]):
    """The whole terminal for the code; escape closes it. Redrawn to fit when the terminal resizes."""

    BINDINGS = [Binding("escape,q,v", "close", _("Close"))]
    DEFAULT_CSS = """
    QrCard { align: center middle; background: $background; }
    QrCard #qr-side Label { width: 100%; }
    QrCard #qr-card { width: auto; height: auto; }
    QrCard #qr { width: auto; height: auto; }
    QrCard #qr-side { width: 28; height: auto; padding: 0 0 0 2; }
    QrCard #qr-scroll { width: 1fr; height: 1fr; }
    QrCard #qr-enlarge { width: 1fr; height: 1; }
    """

    def __init__(self, rep: Rep):
        super().__init__()
        self.rep = rep
        self.fitted: Fitted | None = None

    @property
    def card(self) -> str:
        """The vCard the code on screen holds."""
        return self.fitted.card if self.fitted else ""

    def compose(self) -> ComposeResult:
        width, height = self.app.size
        self.fitted = fitted = fit(self.rep, width - SIDE, height)
        code = Static(UserText("\n".join(fitted.lines), style=MODULES, no_wrap=True), id="qr")
        if fitted.fits:
            with Horizontal(id="qr-card"):
                yield code
                with Vertical(id="qr-side"):
                    yield from self._words()
            return
        need = f"{len(fitted.lines[0]) + SIDE}×{len(fitted.lines)}"
        yield Label(UserText(_("Enlarge the terminal to at least {size} to scan this card "
                               "(scroll with the arrows; escape: close).").format(size=need),
                             no_wrap=True, overflow="ellipsis"),
                    id="qr-enlarge")
        with ScrollableContainer(id="qr-scroll"):
            yield code

    def _words(self) -> ComposeResult:
        yield Label(UserText(_("Scan to save {name}'s contact card").format(name=self.rep.name), style="bold"))
        if self.fitted.left_out:
            yield Label(UserText("\n" + _("To fit this terminal the card leaves out {what}; "
                                          "a larger terminal shows them.").format(what=_(self.fitted.left_out))),
                        classes="hint")
        yield Label(UserText("\n" + _("escape: close")), classes="hint")

    def on_mount(self) -> None:
        self._focus_scroll()

    async def on_resize(self, event: events.Resize) -> None:
        await self.recompose()
        self._focus_scroll()

    def _focus_scroll(self) -> None:
        """When the code is larger than the terminal, the arrows scroll it."""
        for scroll in self.query("#qr-scroll"):
            scroll.focus()

    def action_close(self) -> None:
        self.dismiss(None)
