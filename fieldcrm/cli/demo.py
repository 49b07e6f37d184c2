"""``fieldcrm demo``: a seeded demo book, or a team of them with an office."""

from __future__ import annotations

import argparse
import datetime as dt

from fieldcrm.cli.args import _positive
from fieldcrm.i18n import LANGUAGES, _, language, ngettext
from fieldcrm.paths import resolve_book
from fieldcrm.store.errors import BookError


def add_command(commands, db_option) -> None:
    demo = commands.add_parser("demo", parents=[db_option], help=_("write a demo book"),
                               description=_("Write a realistic demo book (seeded: same seed, same book)."))
    demo.add_argument("--customers", type=_positive, default=None, metavar="N",
                      help=_("how many customers (default 300; with --team, per rep, default 40)"))
    demo.add_argument("--team", type=_positive, default=None, metavar="N",
                      help=_("an office book and N reps' books (1 to 20) in the folder --db names, "
                             "to try the evening/morning loop"))
    demo.add_argument("--seed", type=int, default=7, metavar="S")
    demo.add_argument("--language", choices=LANGUAGES, default=None,
                      help=_("the customers' and notes' language: en or zh (default: the interface language)"))
    demo.add_argument("--replace", action="store_true", help=_("rebuild an existing demo book (never a real one)"))
    demo.add_argument("--open", action="store_true", help=_("open the app on the demo book afterwards"))


def run(args: argparse.Namespace) -> int:
    from fieldcrm.demo import DemoSize, build_demo, demo_rep, write_demo
    from fieldcrm.workbook import local_tz
    from fieldcrm.store.layout import SNAPSHOT_NAME

    from fieldcrm.store import Store

    if args.team is not None:
        return _team_demo(args)
    args.customers = args.customers or 300
    words = args.language or language()
    folder = resolve_book(getattr(args, "db", None))
    if (folder / SNAPSHOT_NAME).exists():
        with Store.open(folder, read_only=True) as existing:
            is_demo = existing.is_demo
        if not is_demo:
            raise BookError(_("{folder} holds a real book; the demo never overwrites one. Choose another --db.").format(
                folder=folder))
        if args.replace:
            _delete_demo(folder)
        else:
            print(_("{folder} already holds the demo book; keeping it (--replace rebuilds it).").format(folder=folder))
    if not (folder / SNAPSHOT_NAME).exists():
        from fieldcrm.progress import Progress
        bar = Progress(_("Building the demo book"), 2)
        records = build_demo(DemoSize(args.customers), seed=args.seed, today=dt.date.today(), tz=local_tz(),
                             language=words)
        bar.update(1)
        write_demo(folder, records, demo_rep(words))
        bar.update(2)
        bar.done()
        print(ngettext("Wrote a demo book of {count} customer to {folder}",
                       "Wrote a demo book of {count} customers to {folder}", args.customers).format(count=args.customers, folder=folder))
    if args.open:
        args.read_only = False
        from fieldcrm.cli.app import open_app
        return open_app(args)
    return 0


def _team_demo(args: argparse.Namespace) -> int:
    from pathlib import Path

    from fieldcrm.demo_team import PER_REP, make_team
    from fieldcrm.workbook import local_tz

    if not getattr(args, "db", None):
        raise BookError(_("fieldcrm demo --team needs --db DIR, the folder for the office's and the reps' books."))
    from fieldcrm.cli.sync import progress_bar
    team = make_team(Path(args.db).expanduser(), args.team, seed=args.seed, today=dt.date.today(), tz=local_tz(),
                     per_rep=args.customers or PER_REP, replace=args.replace, language=args.language or language(),
                     progress=progress_bar(_("Building the team's books")))
    print("\n".join(team.lines()))
    if args.open:
        args.db, args.read_only = str(team.reps[0].folder), False
        from fieldcrm.cli.app import open_app
        return open_app(args)
    return 0


def _delete_demo(folder) -> None:
    """Delete the demo book only if no fieldcrm has it open: deleted under a running
    app, the book that app saves into would be left unopenable."""
    import shutil

    from fieldcrm.store.errors import BookLocked
    from fieldcrm.store.lock import BookLock

    lock = BookLock(folder)
    try:
        lock.acquire()
    except BookLocked:
        raise BookLocked(_("The demo book at {folder} is open in another fieldcrm; close it there "
                           "before rebuilding it (nothing was changed).").format(folder=folder)) from None
    try:
        shutil.rmtree(folder)
    finally:
        lock.release()
