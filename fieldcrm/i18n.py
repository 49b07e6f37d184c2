"""The interface language: English, or Simplified Chinese.

Chosen once per process, before any screen is built: ``[app] language`` in the
settings file ("zh" or "en"), else the environment (``FIELDCRM_LANGUAGE``, then
the locale: ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` starting with ``zh``). A change
in Settings applies at the next start, because key labels are made when the
screens' classes are.

Messages are marked with ``_()`` (and ``ngettext`` for counts) and live in
gettext catalogs under ``fieldcrm/locale/zh/LC_MESSAGES/``: one ``.po`` per part
of the app (``tui.po``, ``cli.po``, ``rules.po``, ...), each compiled to its
``.mo`` (``python -m fieldcrm.i18n compile``). Every catalog found is used.
``tests/test_i18n.py`` extracts every marked message with Babel and fails
when one has no Chinese translation or a compiled catalog is stale.

User text (names, notes) is never passed through ``_()``: it is data.
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
from collections.abc import Iterable
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "zh")
ENV_VAR = "FIELDCRM_LANGUAGE"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def choose_language(configured: str | None = None) -> str:
    """The language to use: the setting, else the environment, else English."""
    if configured in LANGUAGES:
        return configured
    wanted = os.environ.get(ENV_VAR, "")
    if wanted in LANGUAGES:
        return wanted
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(language: str) -> None:
    """Use ``language`` for every message from now on ("en" or "zh")."""
    global _translation, _language
    _language = language if language in LANGUAGES else "en"
    _translation = catalogs(_language)


def language() -> str:
    return _language


def catalogs(language: str) -> gettext.NullTranslations:
    """Every catalog of ``language`` (for a word the rep may type in either language)."""
    if language == "en":
        return gettext.NullTranslations()
    chain: gettext.NullTranslations | None = None
    for mo in sorted((LOCALE_DIR / language / "LC_MESSAGES").glob("*.mo")):
        with open(mo, "rb") as handle:
            catalog = gettext.GNUTranslations(handle)
        if chain is None:
            chain = catalog
        else:
            chain.add_fallback(catalog)
    return chain or gettext.NullTranslations()


def _(message: str) -> str:
    """``message`` in the interface language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translation.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in the interface language, where one English word needs two translations
    (the tier column's "lead" is 4 cells wide; the referrals screen's has room)."""
    return _translation.pgettext(context, message)


def listed(texts: Iterable[str]) -> str:
    """Items shown in one line to the rep: "a; b" in English, "a；b" in Chinese."""
    return _("; ").join(texts)


def N_(message: str) -> str:
    """Mark a message for the catalog without translating it here (translated where shown)."""
    return message


WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def day_label(day: dt.date, with_year: bool = False) -> str:
    """A day as the rep reads it: "Friday 27 Nov" or "11月27日 星期五"."""
    if _language == "zh":
        year = f"{day.year}年" if with_year else ""
        return f"{year}{day.month}月{day.day}日 {WEEKDAYS_ZH[day.weekday()]}"
    return day.strftime("%A %-d %b %Y" if with_year else "%A %-d %b")


def compile_catalogs(folder: Path = LOCALE_DIR) -> list[Path]:
    """Compile every ``.po`` under ``folder`` into its ``.mo`` (needs Babel: a development tool)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(folder.glob("*/LC_MESSAGES/*.po")):
        with open(po, "rb") as handle:
            catalog = read_po(handle)
        mo = po.with_suffix(".mo")
        with open(mo, "wb") as handle:
            write_mo(handle, catalog)
        written.append(mo)
    return written


if __name__ == "__main__":  # python -m fieldcrm.i18n compile
    import sys

    if sys.argv[1:] == ["compile"]:
        for path in compile_catalogs():
            print(f"compiled {path}")
