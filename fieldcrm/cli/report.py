"""``fieldcrm report``: the rep's own numbers on the command line."""

from __future__ import annotations

import json

from fieldcrm.i18n import _
from fieldcrm.paths import resolve_book


def add_command(commands, db_option) -> None:
    report = commands.add_parser("report", parents=[db_option], help=_("your activity and your book's numbers"),
                                 description=_("Activity per week, revenue concentration, tier moves, the "
                                               "referral funnel and complaints."))
    period = report.add_mutually_exclusive_group()
    period.add_argument("--week", action="store_const", const="week", dest="period", help=_("the last 7 days"))
    period.add_argument("--month", action="store_const", const="month", dest="period",
                        help=_("this calendar month (the default)"))
    report.add_argument("--json", action="store_true", help=_("print JSON"))


def run(args) -> int:
    import shutil

    from fieldcrm.report_view import render
    from fieldcrm.store import Store
    from fieldcrm.workbook import Workbook

    with Store.open(resolve_book(getattr(args, "db", None)), read_only=True) as store:
        work = Workbook(store)
        report = work.report(args.period or "month")
        if args.json:
            print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
        else:
            print(render(report, work.settings.currency, shutil.get_terminal_size().columns).plain)
    return 0
