"""Who looks after which customer: choosing customers, assigning them, handing a rep's book over."""

from __future__ import annotations

from fieldcrm.i18n import _
from fieldcrm.office.master import Master
from fieldcrm.office.scope import rep_of
from fieldcrm.store.errors import BookError


def choose(master: Master, ids=(), names=(), areas=(), tags=()) -> list[str]:
    """Customers by id (or its start), name, area or tag, any case; every match of every one."""
    ids = [i.strip().lower() for i in ids if i.strip()]
    names = {" ".join(n.split()).casefold() for n in names}
    areas = {a.strip().casefold() for a in areas}
    tags = {t.strip().casefold() for t in tags}
    chosen = []
    for doc in master.docs("customers"):
        if doc.get("_c") == "" or doc.get("deleted"):
            continue
        if (any(doc["id"].startswith(i) for i in ids)
                or " ".join(doc.get("name", "").split()).casefold() in names
                or doc.get("area", "").strip().casefold() in areas
                or tags & {t.strip().casefold() for t in doc.get("tags", [])}):
            chosen.append(doc["id"])
    return chosen


def assign(master: Master, customer_ids: list[str], rep_id: str) -> int:
    """Give customers to a rep (an owner version each, sent with the next morning files)."""
    roster = master.roster()
    docs = [d for d in (master.doc("customers", cid) for cid in customer_ids) if d is not None and d.get("_c") != ""]
    moving = [d["id"] for d in docs if rep_of("customers", d, roster.rep_of_replica, master.base_hlc) != rep_id]
    master.set_owner(moving, rep_id)
    return len(moving)


def handover(master: Master, leaving: str, taking: str) -> tuple[int, int]:
    """Every customer of ``leaving`` to ``taking``; the leaving rep is marked as left.

    Follow-ups and complaints belong to their customer, so they move with it. Refused (nothing changed)
    from a rep to themselves, to a rep who left, and from a rep who left and holds nothing; a rep who
    left and still holds customers (sent from their laptop since) hands those over.
    Returns (customers moved, open follow-ups and complaints among them)."""
    roster = master.roster()
    gone, heir = roster.reps[leaving], roster.reps[taking]
    if leaving == taking:
        raise BookError(_("{name} would hand over to themselves: a handover moves a leaving rep's customers to "
                          "another rep; nothing was changed.").format(name=gone.name))
    if not heir.active:
        raise BookError(_("{name} has left: hand the customers to a rep on the roster; nothing was changed.").format(
            name=heir.name))
    theirs = [doc["id"] for doc in master.docs("customers")
              if doc.get("_c") != "" and rep_of("customers", doc, roster.rep_of_replica, master.base_hlc) == leaving]
    if not gone.active and not theirs:
        raise BookError(_("{name} has left already and holds no customers; nothing was changed.").format(
            name=gone.name))
    open_work = sum(1 for cid in theirs for table, doc in master.linked(cid)
                    if table in ("followups", "complaints") and doc.get("status", "open") == "open"
                    and not doc.get("deleted"))
    moved = assign(master, theirs, taking)
    roster = master.roster()
    roster.reps[leaving].active = False
    master.save(roster)
    return moved, open_work
