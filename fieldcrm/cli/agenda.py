"""``fieldcrm agenda``: today's list on the command line, as a table or JSON."""

from __future__ import annotations

import json
import sys

from fieldcrm.config import load_settings
from fieldcrm.paths import resolve_book
from fieldcrm.store import Store
from fieldcrm.textwidth import fit

ALSO_DUE_SHOWN = 15


def run_agenda(args) -> int:
    from fieldcrm.workbook import Workbook

    settings, warnings = load_settings()
    for warning in warnings:
        print(f"fieldcrm: {warning}", file=sys.stderr)
    with Store.open(resolve_book(getattr(args, "db", None)), read_only=True) as store:
        book = Workbook(store, settings)
        agenda = book.agenda(args.date)
        if args.json:
            print(json.dumps(agenda.to_json(), ensure_ascii=False, indent=1))
        else:
            print(render_table(agenda))
    return 0


def render_table(agenda) -> str:
    day = agenda.day
    lines = [f"{day:%A} {day.day} {day:%B %Y}: {len(agenda.items)} on the list, "
             f"{agenda.also_due_count} also due", ""]
    lines.append(f" #  {'time':5}  {fit('customer', 22)}  tier  {'do':8}  why")
    for n, item in enumerate(agenda.items, start=1):
        lines.append(_row(str(n), item))
    if agenda.also_due_count:
        lines += ["", "Also due:"]
        for item in agenda.also_due[:ALSO_DUE_SHOWN]:
            lines.append(_row("", item))
        if agenda.also_due_count > ALSO_DUE_SHOWN:
            lines.append(f"    ... and {agenda.also_due_count - ALSO_DUE_SHOWN} more (--json lists all)")
    return "\n".join(lines)


def _row(number: str, item) -> str:
    why = "; ".join(r.text for r in item.reasons)
    return f"{number:>2}  {item.time or '':5}  {fit(item.name, 22)}  {item.tier:4}  {item.action:8}  {why}"
