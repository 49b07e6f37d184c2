"""Stored values as the screens name them: a note's kind, a status, a complaint step, a stage.

The book keeps the English keys ("visit", "won", "confirm satisfied"); only what
is drawn is translated, so files, sync and filters are the same in every language.
"""

from __future__ import annotations

from fieldcrm.i18n import N_, _

KNOWN = frozenset({
    # interaction kinds
    N_("visit"), N_("call"), N_("message"), N_("greeting"), N_("event"),
    # referral statuses
    N_("new"), N_("contacted"), N_("meeting"), N_("won"), N_("lost"),
    # complaint statuses and severities
    N_("open"), N_("resolved"), N_("confirmed"), N_("low"), N_("medium"), N_("high"),
    # complaint steps
    N_("listen"), N_("empathise"), N_("apologise"), N_("restate"), N_("explain"),
    N_("propose a fix"), N_("compensate"), N_("confirm satisfied"), N_("follow up"),
    # stages
    N_("prospect"), N_("first-time buyer"), N_("repeat buyer"), N_("advocate"),
})


def shown(value: str) -> str:
    """A stored key in the interface language; anything else (user text) as it is."""
    return _(value) if value in KNOWN else value
