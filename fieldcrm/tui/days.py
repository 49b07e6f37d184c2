"""Days as the screens show them: the English forms the screens always had, or in Chinese
"2026年11月27日 星期五" (``i18n.day_label``), so every screen reads a day the same way."""

from __future__ import annotations

import datetime as dt

from fieldcrm import i18n


def shown_day(day: dt.date, english: str, with_year: bool = False) -> str:
    """``day`` in the interface language; ``english`` is the strftime form used in English."""
    if i18n.language() == "zh":
        return i18n.day_label(day, with_year=with_year)
    return day.strftime(english)


def header_day(day: dt.date) -> str:
    """The header's day: "Tue 24 Nov 2026", or "11月24日 星期二" (the year would cut the
    header's change count at 80 columns)."""
    return shown_day(day, "%a %-d %b %Y")
