"""What the rep can actually see: a widget drawn inside the screen, the toasts' text."""

from __future__ import annotations

from textual.errors import NoWidget


def in_view(widget) -> bool:
    """Drawn whole inside the visible part of the screen: not scrolled away, not clipped."""
    if not widget.display:
        return False
    try:
        geometry = widget.screen.find_widget(widget)
    except NoWidget:
        return False
    region = geometry.region
    return bool(region) and geometry.visible_region == region and widget.screen.region.contains_region(region)


def toasts(app) -> list[str]:
    """The notifications on screen, as plain text."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]
