"""argparse's own words (usage, errors) through fieldcrm's catalogs.

argparse looks its messages up with the module-level ``_`` and ``ngettext`` it
imported from gettext, and Python ships no translations for them; pointing
those two names at fieldcrm's catalogs makes "usage:" and "error:" lines read
in the rep's language too. The messages are listed here so that extraction
finds them (they are argparse's exact texts, %-placeholders and all).
"""

from __future__ import annotations

import argparse

from fieldcrm import i18n
from fieldcrm.i18n import N_

MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"), N_("%(prog)s: error: %(message)s\n"),
    N_("unrecognized arguments: %s"), N_("not allowed with argument %s"),
    N_("the following arguments are required: %s"), N_("one of the arguments %s is required"),
    N_("expected one argument"), N_("expected at most one argument"), N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
)


def speak_the_interface_language() -> None:
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]
