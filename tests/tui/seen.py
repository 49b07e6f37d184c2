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


def refused_where_seen(app, field_id: str, words: str) -> None:
    """The reason is under the field, both are on screen, the field (or, for a picker, its
    input) has the keys, and no toast repeats it over the form."""
    problem = app.screen.query_one(f"#{field_id}-problem")
    assert words in str(problem.render())
    assert in_view(problem), f"the reason is drawn at {problem.region}, outside the screen"
    field = app.screen.query_one(f"#{field_id}")
    assert app.focused is field or field in app.focused.ancestors, f"{app.focused} has the keys"
    assert in_view(app.focused)
    assert not any(words in toast for toast in toasts(app)), toasts(app)
