"""A rep's scope: which records belong on that rep's laptop.

A rep holds their customers (``owner``; "" means the rep who created the
customer), everything linked to those customers (purchases, notes, follow-ups,
complaints, referrals they made, agenda marks, messages and invitations,
whoever wrote them), every record the rep wrote themselves, whoever's customer
it is about, and the office's notices and events for the whole team.

The same rules decide what the office sends and, in the tests, what each
laptop must hold: ``rep_of``, ``customer_of`` and ``in_scope`` take their
lookups as arguments so both sides use them.
"""

from __future__ import annotations

from typing import Callable

from fieldcrm.model import CUSTOMER_LINK, REP_FIELD, TEAM_TABLES
from fieldcrm.store import merge
from fieldcrm.store.writing import DEFAULTS

Lookup = Callable[[str, str], "dict | None"]  # (table, id) -> document

# The fields that say who a record belongs to (``rep_of``, ``customer_of``): the morning files follow them.
ROUTING = {table: {REP_FIELD[table]} | ({CUSTOMER_LINK[table]} if table in CUSTOMER_LINK else set())
           for table in REP_FIELD}


def changes_who_holds(table: str, fields) -> bool:
    """Does a change of these fields change who the record belongs to?"""
    return bool(ROUTING.get(table, set()) & set(fields))


def rep_of(table: str, doc: dict, rep_of_replica: Callable[[str], str], base_hlc: str) -> str:
    """A customer's owner, any other record's author ("" fields: the creating replica's rep)."""
    named = doc.get(REP_FIELD[table], "")
    if named:
        return named
    stamp = doc.get("_c", base_hlc)
    return rep_of_replica(stamp.split(".", 2)[2]) if stamp else ""


def customer_of(table: str, doc: dict, lookup: Lookup) -> str:
    """The customer a record belongs to ("" for none): a mark on a referral, the referrer."""
    if table == "customers":
        return doc["id"]
    if table not in CUSTOMER_LINK:
        return ""  # a notice or an event: nobody's customer
    link = doc.get(CUSTOMER_LINK[table], "")
    if table == "agenda_marks" and link.startswith("referral:"):
        referral = lookup("referrals", link.removeprefix("referral:"))
        return referral.get("referrer_id", "") if referral else ""
    return link


def owners_ever(doc: dict, rep_of_replica: Callable[[str], str], base_hlc: str) -> set[str]:
    """Every rep a customer has had ("" versions: its creator's rep)."""
    creator = rep_of("customers", {**doc, "owner": ""}, rep_of_replica, base_hlc)
    found = merge.versions(doc, "owner", DEFAULTS["customers"], base_hlc)
    return {value or creator for value, _ in found.values()} | {creator}


def in_scope(rep: str, table: str, doc: dict, lookup: Lookup, rep_of_replica: Callable[[str], str],
             base_hlc: str) -> bool:
    """Does this record belong on ``rep``'s laptop?"""
    if table in TEAM_TABLES and doc.get("team"):
        return True  # the office's notice or event, for the whole team
    if table != "customers" and rep_of(table, doc, rep_of_replica, base_hlc) == rep:
        return True
    if table not in CUSTOMER_LINK and table != "customers":
        return False
    cid = customer_of(table, doc, lookup)
    customer = lookup("customers", cid) if cid else None
    return customer is not None and customer.get("_c") != "" \
        and rep_of("customers", customer, rep_of_replica, base_hlc) == rep
