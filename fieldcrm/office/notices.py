"""The office's notice for the whole team: each rep gets their own customers' messages.

The notice is a team record (``team``: on every laptop); each customer it concerns
gets an outreach message written as their rep (``rep_id`` = the customer's owner,
the message signed with that rep's name), so it travels in that rep's morning file
(office/scope.py) and waits on their Notice screen, ready to send.
"""

from __future__ import annotations

from fieldcrm import outreach
from fieldcrm.model import Notice
from fieldcrm.office.scope import rep_of
from fieldcrm.rules import notices as rules
from fieldcrm.rules.notices import Recipient


def team_notice(work, master, notice: Notice) -> tuple[Notice, list[Recipient], dict[str, int]]:
    """Save the notice (for the team) and every customer's message; returns the notice,
    everyone chosen, and how many messages each rep (by name) receives."""
    outreach.check(notice)
    notice.audience = rules.clean_audience(notice.audience)
    notice.team = True
    roster = master.roster()
    owners: dict[str, str] = {}
    groups: dict[str, list] = {}
    for person in outreach.people(work):
        doc = master.doc("customers", person.customer.id)
        owner = rep_of("customers", doc, roster.rep_of_replica, master.base_hlc) if doc else ""
        owners[person.customer.id] = owner
        groups.setdefault(owner, []).append(person)
    template = outreach.template(notice.kind)
    found: list[Recipient] = []
    for owner, people in groups.items():
        entry = roster.reps.get(owner)
        found += rules.recipients(notice, template, people, entry.name if entry else work.store.rep.name)
    if not found:
        raise outreach.NoticeError("No customer matches this audience; nothing was saved.")
    found.sort(key=lambda r: (r.left_out != "", r.name.casefold(), r.customer_id))
    records = outreach.outreach_for(notice, found, lambda cid: owners[cid])
    work.add_many([notice, *records])
    per_rep: dict[str, int] = {}
    for record in records:
        if record.status == "pending":
            entry = roster.reps.get(record.rep_id)
            name = entry.name if entry else record.rep_id
            per_rep[name] = per_rep.get(name, 0) + 1
    return notice, found, per_rep
