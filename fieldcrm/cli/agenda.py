"""``fieldcrm agenda``: today's list on the command line, as a table or JSON."""

from __future__ import annotations

import json
import sys

from fieldcrm.config import load_settings
from fieldcrm.i18n import N_, _, day_label, language
from fieldcrm.paths import resolve_book
from fieldcrm.store import Store
from fieldcrm.textwidth import fit

ALSO_DUE_SHOWN = 15
# What to do, as the rep reads it (the agenda keeps the English key; --json prints the key).
ACTIONS = {"visit": N_("visit"), "call": N_("call"), "message": N_("message"), "greeting": N_("greeting")}


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
    shown = day_label(day, with_year=True) if language() == "zh" else f"{day:%A} {day.day} {day:%B %Y}"
    lines = [_("{day}: {count} on the list, {also} also due").format(
        day=shown, count=len(agenda.items), also=agenda.also_due_count), ""]
    time, customer, tier, do, why = _("time"), _("customer"), _("tier"), _("do"), _("why")
    lines.append(f" #  {fit(time, 5)}  {fit(customer, 22)}  {fit(tier, 4)}  {fit(do, 8)}  {why}")
    for n, item in enumerate(agenda.items, start=1):
        lines.append(_row(str(n), item))
    if agenda.also_due_count:
        lines += ["", _("Also due:")]
        for item in agenda.also_due[:ALSO_DUE_SHOWN]:
            lines.append(_row("", item))
        if agenda.also_due_count > ALSO_DUE_SHOWN:
            lines.append("    " + _("... and {count} more (--json lists all)").format(
                count=agenda.also_due_count - ALSO_DUE_SHOWN))
    return "\n".join(lines)


def _row(number: str, item) -> str:
    why = "; ".join(r.text for r in item.reasons)
    action = _(ACTIONS[item.action]) if item.action in ACTIONS else item.action
    return f"{number:>2}  {item.time or '':5}  {fit(item.name, 22)}  {item.tier:4}  {fit(action, 8)}  {why}"
