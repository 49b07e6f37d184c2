"""The office's gathering for the whole team: one team event, each customer's invitation with their rep.

The event is marked ``team`` (every rep holds it); each Invitation and Outreach
names the customer's owner as its rep, so the morning file brings each rep
exactly their own customers' invitations, signed with their name, ready to send.
"""

from __future__ import annotations

from fieldcrm import gatherings
from fieldcrm.model import Event
from fieldcrm.office.scope import rep_of
from fieldcrm.workbook import Workbook


def team_event(work: Workbook, master, title: str, day: str, time: str = "", place: str = "",
               audience: dict[str, list[str]] | None = None) -> tuple[Event | None, dict[str, int]]:
    """Create the team event and invite the customers the audience reaches (``work``: the office's
    records; ``master``: who owns each customer). Returns the event and how many invitations each
    rep (by name) receives; (None, {}) when nobody matches."""
    roster = master.roster()
    chosen = gatherings.audience(work, audience or {})
    if not chosen:
        return None, {}  # nothing written
    owners = {}
    for customer in chosen:
        rep_id = rep_of("customers", master.doc("customers", customer.id), roster.rep_of_replica,
                        master.base_hlc)
        entry = roster.reps.get(rep_id)
        owners[customer.id] = (rep_id, entry.name if entry else "")
    event = gatherings.new_event(work, title, day, time, place, team=True)
    gatherings.invite(work, event, chosen, owners)
    per_rep: dict[str, int] = {}
    for rep_id, name in owners.values():
        per_rep[name or rep_id] = per_rep.get(name or rep_id, 0) + 1
    return event, per_rep
