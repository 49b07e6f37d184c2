"""The command palette (ctrl+p): jump to any customer by typing part of a name, or its pinyin."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from fieldcrm.tui.widgets.user_text import UserText, line

SCREENS = (("Today", "today"), ("Customers", "customers"), ("Referrals", "referrals"),
           ("Complaints", "complaints"), ("Sync", "sync"), ("Reports", "reports"),
           ("Settings", "settings"), ("Notices", "notices"))
MAX_HITS = 20


class CustomerCommands(Provider):
    async def discover(self) -> Hits:
        for label, mode in SCREENS:
            yield DiscoveryHit(f"Go to {label}", partial(self.app.switch_mode, mode))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, mode in SCREENS:
            score = matcher.match(f"Go to {label}")
            if score > 0:
                yield Hit(score, f"Go to {label}", partial(self.app.switch_mode, mode))
        work = self.app.work
        if work is None or not query.strip():
            return
        for place, customer in enumerate(work.search.search(query)[:MAX_HITS]):
            # Names are shown as plain text: a customer called "[b]Li" keeps the brackets.
            # help is read as markup by the palette: escape it. The palette sorts by
            # score: keep the search's order (the customer named Li before tag matches).
            yield Hit(0.9 - place / 1000, UserText(customer.name), partial(self.app.open_profile, customer.id),
                      text=customer.name, help=escape(line(f"{customer.company}  {customer.area}".strip())))
