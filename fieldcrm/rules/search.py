"""Search as you type over customers: name in any script, company, phone digits, tag, area."""

from __future__ import annotations

import unicodedata

from fieldcrm.model import Customer


def fold(text: str) -> str:
    """Lower case, accents off (Müller finds "muller"); Chinese is unchanged."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def haystack(customer: Customer) -> str:
    digits = " ".join("".join(ch for ch in phone if ch.isdigit()) for phone in customer.phones)
    parts = (customer.name, customer.company, customer.area, customer.email, " ".join(customer.tags), digits)
    return fold(" ".join(parts))


class CustomerIndex:
    """Every customer's searchable text, folded once; a query is a substring scan."""

    def __init__(self, customers):
        self.rows: list[tuple[str, Customer]] = [(haystack(c), c) for c in customers]
        self.rows.sort(key=lambda row: row[1].name)

    def put(self, customer: Customer) -> None:
        self.rows = [row for row in self.rows if row[1].id != customer.id]
        if not customer.deleted:
            self.rows.append((haystack(customer), customer))
            self.rows.sort(key=lambda row: row[1].name)

    def search(self, query: str, keep=None) -> list[Customer]:
        """Customers matching every word of ``query`` (phone digits match with any spacing)."""
        words = [fold(w) for w in query.split()]
        words = ["".join(ch for ch in w if ch.isdigit()) if w.replace("+", "").isdigit() else w for w in words]
        out = []
        for hay, customer in self.rows:
            if all(w in hay for w in words) and (keep is None or keep(customer)):
                out.append(customer)
        return out
