"""Search as you type over customers: name in any script or in pinyin, company, area,
phone digits, e-mail, tag, notes; ranked by where the match is.

Ranks, best first: the whole name; the start of the name or of a word in it; the
name read in pinyin from its first character; the name anywhere else (text or
pinyin); then company, area, phone, e-mail, tags, notes. Within a rank, by name.
So ``Li`` lists the customer named Li before the hundred customers tagged "client".

The pinyin of names is read lazily (``warm`` reads all of it, in a worker thread
in the TUI): opening a book never waits for it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from fieldcrm.model import Customer
from fieldcrm.rules.pinyin import READINGS, PinyinQuery, first_letters, name_tokens, query_letters

EXACT, PREFIX, PINYIN, NAME, COMPANY, AREA, PHONE, EMAIL, TAGS, NOTES = range(10)
_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LAZY = ()  # a Chinese name whose pinyin is not read yet


def fold(text: str) -> str:
    """Lower case, accents off (Müller finds "muller"); Chinese is unchanged."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


class Row:
    """One customer, folded once: the name, the other fields in rank order, and the name's pinyin."""

    __slots__ = ("customer", "name", "fields", "hay", "tokens", "firsts", "order")

    def __init__(self, customer: Customer):
        self.customer = customer
        self.name = " ".join(fold(customer.name).split())
        self.fields = tuple(fold(text) for text in (
            customer.company, customer.area, " ".join(_digits(p) for p in customer.phones),
            customer.email, " ".join(customer.tags), customer.notes))
        self.hay = "\n".join((self.name, *self.fields))  # one quick test before the field by field one
        self.tokens = _LAZY if _HAN.search(self.name) else None
        self.firsts = ""
        self.order = self.name  # a Chinese name sorts by its pinyin once that is read

    def pinyin(self) -> tuple[int, ...] | None:
        if self.tokens is _LAZY:
            tokens = name_tokens(self.name)
            self.firsts = first_letters(tokens)
            self.order = _pinyin_order(self.name, tokens)
            self.tokens = tokens
        return self.tokens


def _order(row: Row) -> tuple[str, str]:
    return row.order, row.customer.name


def _pinyin_order(folded: str, tokens: tuple[int, ...]) -> str:
    # 阿芳 (a fang) before 张伟 (zhang wei), as a Chinese address book lists them;
    # the surname's own reading comes first (单 as shan), the characters break ties.
    return " ".join(READINGS[t][0] for t in tokens) + "\x00" + folded


@lru_cache(maxsize=65536)
def name_order(name: str) -> tuple[str, str]:
    """The Customers list's order for one name, for other lists of people (Today's ties):
    a Chinese name by its pinyin, any other by its folded text. Reads pypinyin for a
    Chinese name (imported on the first one)."""
    folded = " ".join(fold(name).split())
    tokens = name_tokens(folded) if _HAN.search(folded) else None
    return (_pinyin_order(folded, tokens) if tokens else folded), name


def _text_rank(row: Row, word: str) -> int | None:
    if word not in row.hay:
        return None
    name = row.name
    if word in name:
        return PREFIX if name.startswith(word) or " " + word in name else NAME
    for rank, field in enumerate(row.fields, COMPANY):
        if word in field:
            return rank
    return None


def _pinyin_rank(row: Row, query: PinyinQuery | None) -> int | None:
    if query is None or row.tokens is None:
        return None
    tokens = row.pinyin()
    if query.letters[0] not in row.firsts:
        return None
    found = query.match(tokens)
    return None if not found else PINYIN if found == 1 else NAME


class CustomerIndex:
    """Every customer's searchable text, folded once; a query is a scan, ranked."""

    def __init__(self, customers, *, read_pinyin: bool = False):
        """``read_pinyin``: read every name's pinyin now (a rebuilt index whose book was warm)."""
        self.rows: list[Row] = [Row(c) for c in customers]
        # Pinyin order needs pypinyin (half a second to load): until ``warm`` has read every
        # name, Chinese names sort by character; the first search after it puts them in order.
        self.warmed = self._sorted = read_pinyin
        if read_pinyin:
            for row in self.rows:
                row.pinyin()
        self.rows.sort(key=_order)

    def warm(self) -> None:
        """Read every name's pinyin now (a worker thread calls this after the book opens).

        It only reads: the rows are put in pinyin order by the next search, on the UI thread."""
        for row in list(self.rows):
            row.pinyin()
        self.warmed = True

    def _in_order(self) -> None:
        if self.warmed and not self._sorted:
            for row in self.rows:  # a customer added while the worker read
                row.pinyin()
            self.rows.sort(key=_order)
            self._sorted = True

    def put(self, customer: Customer) -> None:
        self.rows = [row for row in self.rows if row.customer.id != customer.id]
        if not customer.deleted:
            row = Row(customer)
            if self.warmed:
                row.pinyin()
            self.rows.append(row)
            self.rows.sort(key=_order)

    def search(self, query: str, keep=None) -> list[Customer]:
        """Customers matching every word of ``query`` (phone digits match with any spacing),
        or whose name reads as the query in pinyin; best matches first."""
        self._in_order()
        whole = " ".join(fold(query).split())
        words = [_digits(w) if w.replace("+", "").isdigit() else w for w in whole.split()]
        if not words:
            return [row.customer for row in self.rows if keep is None or keep(row.customer)]
        letters = query_letters(whole)
        as_pinyin = PinyinQuery(letters) if letters else None
        # With several words, each may also be pinyin on its own ("xiuying zhang").
        word_pinyin = [PinyinQuery(w) if len(words) > 1 and query_letters(w) else None for w in words]
        buckets: list[list[Customer]] = [[] for _ in range(NOTES + 1)]
        for row in self.rows:
            rank = self._rank(row, whole, words, as_pinyin, word_pinyin)
            if rank is not None and (keep is None or keep(row.customer)):
                buckets[rank].append(row.customer)
        return [customer for bucket in buckets for customer in bucket]

    @staticmethod
    def _rank(row: Row, whole: str, words: list[str], as_pinyin, word_pinyin) -> int | None:
        if row.name == whole:
            return EXACT
        if len(words) == 1:
            rank = _text_rank(row, words[0])
        elif row.name.startswith(whole):
            return PREFIX
        else:
            rank = 0
            for word, pinyin in zip(words, word_pinyin):
                found = _text_rank(row, word)
                if (found is None or found > PINYIN) and pinyin is not None:
                    by_pinyin = _pinyin_rank(row, pinyin)
                    if by_pinyin is not None and (found is None or by_pinyin < found):
                        found = by_pinyin
                if found is None:
                    rank = None
                    break
                rank = max(rank, found)
        if rank is not None and rank <= PINYIN:
            return rank
        by_pinyin = _pinyin_rank(row, as_pinyin)
        if by_pinyin is not None and (rank is None or by_pinyin < rank):
            return by_pinyin
        return rank
