"""The command palette (ctrl+p): jump to any customer by typing part of a name, or its pinyin."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from fieldcrm.i18n import N_, _
from fieldcrm.tui.widgets.user_text import UserText, line

SCREENS = ((N_("Go to Today"), "today"), (N_("Go to Customers"), "customers"), (N_("Go to Referrals"), "referrals"),
           (N_("Go to Complaints"), "complaints"), (N_("Go to Sync"), "sync"), (N_("Go to Reports"), "reports"),
           (N_("Go to Settings"), "settings"), (N_("Go to Events"), "events"),
           (N_("Go to Notices"), "notices"))
MAX_HITS = 20


class CustomerCommands(Provider):
    async def discover(self) -> Hits:
        for label, mode in SCREENS:
            yield DiscoveryHit(_(label), partial(self.app.action_switch_mode, mode))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, mode in SCREENS:
            score = matcher.match(_(label))
            if score > 0:
                yield Hit(score, _(label), partial(self.app.action_switch_mode, mode))
        work = self.app.work
        if work is None or not query.strip():
            return
        for place, customer in enumerate(work.search.search(query)[:MAX_HITS]):
            # Names are shown as plain text: a customer called "[b]Li" keeps the brackets.
            # help is read as markup by the palette: escape it. The palette sorts by
            # score: keep the search's order (the customer named Li before tag matches).
            yield Hit(0.9 - place / 1000, UserText(customer.name), partial(self.app.open_profile, customer.id),
                      text=customer.name, help=escape(line(f"{customer.company}  {customer.area}".strip())))
