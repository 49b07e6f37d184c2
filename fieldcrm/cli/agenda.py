"""``fieldcrm agenda``: today's list on the command line, as a table or JSON."""

from __future__ import annotations

import json
import sys

from fieldcrm.config import load_settings
from fieldcrm.i18n import _, day_label, listed, ngettext
from fieldcrm.paths import resolve_book
from fieldcrm.store import Store
from fieldcrm.rules.labels import kind_label, tier_label
from fieldcrm.terminal_text import visible
from fieldcrm.textwidth import fit

ALSO_DUE_SHOWN = 15
# What to do, as the rep reads it (the agenda keeps the English key; --json prints the key).


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
    head = ngettext("{day}: {count} on the list, {also} also due", "{day}: {count} on the list, {also} also due",
                    len(agenda.items))
    lines = [head.format(day=day_label(agenda.day, with_year=True), count=len(agenda.items),
                         also=agenda.also_due_count), ""]
    columns = (fit(_("time"), 5), fit(_("customer"), 22), fit(_("tier"), 4), fit(_("do"), 8), _("why"))
    lines.append(" #  " + "  ".join(columns))
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
    why = listed(r.text for r in item.reasons)
    # Names are data: control characters shown, not obeyed; widths in terminal cells.
    name = fit(visible(item.name, newlines=False), 22)
    return f"{number:>2}  {item.time or '':5}  {name}  {fit(tier_label(item.tier), 4)}  {fit(kind_label(item.action), 8)}  {why}"
