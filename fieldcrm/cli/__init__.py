"""The ``fieldcrm`` command. Textual is imported only when the app opens, so the
other subcommands start fast."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

from fieldcrm import __version__
from fieldcrm.paths import ENV_VAR, resolve_book
from fieldcrm.store.errors import BookError

# Heavier modules (the store, TinyDB, the rules, Textual) are imported by the
# subcommand that needs them, so the app's first frame and quick commands
# do not wait for them.


def build_parser() -> argparse.ArgumentParser:
    # --db is accepted before or after the subcommand.
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                           help=f"the book folder (default: ${ENV_VAR}, else your user data folder)")
    parser = argparse.ArgumentParser(
        prog="fieldcrm", parents=[db_option],
        description="A keyboard-driven CRM for field reps. With no subcommand, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"fieldcrm {__version__}")
    parser.add_argument("--read-only", action="store_true",
                        help="open the book without changing it (works while another fieldcrm has it open)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", parents=[db_option], help="write a demo book",
                               description="Write a realistic demo book (seeded: same seed, same book).")
    demo.add_argument("--customers", type=_positive, default=None, metavar="N",
                      help="how many customers (default 300; with --team, per rep, default 40)")
    demo.add_argument("--team", type=_positive, default=None, metavar="N",
                      help="an office book and N reps' books (1 to 20) in the folder --db names, "
                           "to try the evening/morning loop")
    demo.add_argument("--seed", type=int, default=7, metavar="S")
    demo.add_argument("--replace", action="store_true", help="rebuild an existing demo book (never a real one)")
    demo.add_argument("--open", action="store_true", help="open the app on the demo book afterwards")

    agenda = commands.add_parser("agenda", parents=[db_option], help="print the day's visit list and why",
                                 description="Who to see or call, and why. Reads the book without changing it.")
    agenda.add_argument("--date", type=_day, default=None, metavar="DAY",
                        help="the day to plan, as in the app: tomorrow, fri, +3d or 2026-12-01 (default: today)")
    agenda.add_argument("--json", action="store_true", help="print JSON")

    from fieldcrm.cli import office, sync
    sync.add_commands(commands, db_option)
    office.add_commands(commands)
    from fieldcrm.cli import contacts as interop_cli, report as report_cli
    interop_cli.add_commands(commands, db_option)
    report_cli.add_command(commands, db_option)
    from fieldcrm.cli import doctor as doctor_cli
    doctor_cli.add_command(commands, db_option)
    from fieldcrm.cli import notice as notice_cli
    notice_cli.add_commands(commands, db_option)

    bench = commands.add_parser("bench", help="measure speed on a large book",
                                description="Build a large book in a temp folder and measure the store.")
    bench.add_argument("--customers", type=_positive, default=10_000, metavar="N")
    bench.add_argument("--interactions", type=_positive, default=100_000, metavar="M")
    bench.add_argument("--purchases", type=_positive, default=20_000, metavar="P")
    bench.add_argument("--saves", type=_positive, default=200, metavar="K", help="note saves to time")
    bench.add_argument("--json", action="store_true", help="print one JSON object")
    bench.add_argument("--no-startup", action="store_true",
                       help="skip the start-up timing in a real terminal (needs tmux)")
    bench.add_argument("--pg", action="store_true",
                       help="also time the office on PostgreSQL in a throwaway cluster (needs initdb, pg_ctl)")
    bench.add_argument("--pg-customers", type=_positive, default=1_000_000, metavar="N",
                       help="customers of the synthetic company the PostgreSQL reports run on")
    bench.add_argument("--team", type=_positive, nargs=3, default=None, metavar=("REPS", "CUSTOMERS", "CHANGES"),
                       help="the team office: reps, customers of each, changes of each in a day "
                            "(default 50 500 500)")
    bench.add_argument("--team-large", type=_positive, nargs="*", default=None,
                       metavar="N", help="also time 500 reps × 500 changes, 50 customers each "
                                         "(a minute more; or give REPS CUSTOMERS CHANGES)")
    return parser


# The agenda looks a year back and weeks ahead of the day it plans; beyond these
# the calendar arithmetic overflows, and no rep plans a day there anyway.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


def _day(text: str) -> dt.date:
    """A day typed as the app takes it (``fieldcrm.when.parse_day``), within the range planned."""
    from fieldcrm.when import parse_day
    try:
        day = parse_day(text, dt.date.today())
    except OverflowError:  # "+99999999d"
        day = None
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(
            f"{text!r} is out of range: fieldcrm plans days from {FIRST_DAY} to {LAST_DAY}.")
    return day


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def main(argv: list[str] | None = None) -> int:
    _choose_language()  # before any screen or message is made
    args = build_parser().parse_args(argv)
    if args.command is not None:  # the app draws with its own escapes; every command prints data
        _print_text_safely()
    try:
        code = _dispatch(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit where it cannot be caught
        return code
    except BookError as error:
        print(f"fieldcrm: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _reader_went_away()


def _choose_language() -> None:
    from fieldcrm.config import configured_language
    from fieldcrm.i18n import choose_language, set_language
    set_language(choose_language(configured_language()))


def _print_text_safely() -> None:
    """Whatever a command prints (a customer's name from a vCard or a sync file among
    it) reaches the terminal with its control characters shown, never obeyed."""
    from fieldcrm.terminal_text import VisibleStream
    if not isinstance(sys.stdout, VisibleStream):
        sys.stdout, sys.stderr = VisibleStream(sys.stdout), VisibleStream(sys.stderr)


def _reader_went_away() -> int:
    """``fieldcrm agenda | head``: the reader stopped reading. Say nothing (it is not
    listening) and exit 1, as Python's docs advise: the output was cut short, and a
    command that writes may not have got to its change. Python flushes stdout again
    at exit; pointing it at devnull keeps that flush from printing a second error."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 1


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "demo":
        return _demo(args)
    if args.command == "agenda":
        from fieldcrm.cli.agenda import run_agenda
        return run_agenda(args)
    if args.command == "report":
        from fieldcrm.cli.report import run as run_report
        return run_report(args)
    if args.command in ("import", "export"):
        from fieldcrm.cli.contacts import run as run_interop
        return run_interop(args)
    if args.command == "doctor":
        from fieldcrm.cli.doctor import run as run_doctor
        return run_doctor(args)
    if args.command == "sync":
        from fieldcrm.cli.sync import run
        return run(args)
    if args.command == "notice":
        from fieldcrm.cli.notice import run as run_notice
        return run_notice(args)
    if args.command == "office":
        from fieldcrm.cli.office import run as run_office
        return run_office(args)
    if args.command == "bench":
        from fieldcrm.bench import run_bench
        return run_bench(args)
    return _open_app(args)


def _open_app(args: argparse.Namespace) -> int:
    """Open the app at once; the book loads behind the first screen.

    What can be checked without loading the book (a file given as the book, a
    book open in another fieldcrm) is refused here, before the screen opens.
    """
    from fieldcrm.config import load_settings
    from fieldcrm.store.layout import SNAPSHOT_NAME
    from fieldcrm.store.errors import NotABook
    from fieldcrm.store.lock import BookLock
    from fieldcrm.store.snapshot import quick_check

    folder = resolve_book(getattr(args, "db", None))
    if folder.exists() and not folder.is_dir():
        raise NotABook(f"{folder} is a file, not a fieldcrm book folder; it was left untouched.")
    first_run = not (folder / SNAPSHOT_NAME).exists()
    if first_run:
        if args.read_only:
            raise NotABook(f"There is no fieldcrm book at {folder}.")
        create_book_when_asked(folder)
    lock = None
    if not args.read_only and folder.is_dir():
        lock = BookLock(folder)
        lock.acquire()
    if (folder / SNAPSHOT_NAME).exists():
        quick_check(folder / SNAPSHOT_NAME)
    settings, warnings = load_settings()
    preview = saved_lists(folder)

    def opener():
        from fieldcrm.store import Store
        from fieldcrm.workbook import Workbook
        return Workbook(Store.open(folder, read_only=args.read_only, lock=lock), settings)

    from fieldcrm.tui.app import run_app  # Textual loads only here
    failure = run_app(opener, preview, notices=warnings, settings=settings, first_run=first_run)
    if failure:
        raise BookError(failure)
    return 0


def create_book_when_asked(folder, ask=input, terminal: bool | None = None) -> None:
    """A typo in --db must not open an empty book as if the rep's data were gone: say
    where the new book would go and ask first, then ask the rep's name (it names the
    sync files). With nobody at a terminal to answer, nothing is created."""
    from fieldcrm.model import Rep
    from fieldcrm.store import Store
    from fieldcrm.store.book import check_creatable
    from fieldcrm.terminal_text import visible

    check_creatable(folder)  # a damaged book or a folder of other files is refused as it is
    if not (sys.stdin.isatty() if terminal is None else terminal):
        raise BookError(f"There is no fieldcrm book at {folder}; run fieldcrm in a terminal to create one "
                        "there (nothing was created).")
    try:
        answer = ask(f"There is no book at {folder}. Create a new one there? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            raise BookError("Nothing was created.")
        name = ""
        while not name:
            name = visible(ask("Your name, as the office knows you (it names your sync files): "),
                           newlines=False).strip()
    except EOFError:
        raise BookError("Nothing was created.") from None
    Store.create(folder, [], rep=Rep(name=name))
    print(f"Created a new book for {name} at {folder}.")


def saved_lists(folder) -> dict | None:
    """Today's lists saved when the book was last closed, if the book has not changed since."""
    from fieldcrm.store.layout import SNAPSHOT_NAME, book_fingerprint
    from fieldcrm.store.sidefiles import SideFiles

    if not (folder / SNAPSHOT_NAME).exists():
        return None
    saved = SideFiles(folder).load("views", "agenda")
    return saved if saved and saved.get("fingerprint") == book_fingerprint(folder) else None


def _demo(args: argparse.Namespace) -> int:
    from fieldcrm.demo import DemoSize, build_demo, write_demo
    from fieldcrm.store.layout import SNAPSHOT_NAME

    from fieldcrm.store import Store

    if args.team is not None:
        return _team_demo(args)
    args.customers = args.customers or 300
    folder = resolve_book(getattr(args, "db", None))
    if (folder / SNAPSHOT_NAME).exists():
        with Store.open(folder, read_only=True) as existing:
            is_demo = existing.is_demo
        if not is_demo:
            raise BookError(f"{folder} holds a real book; the demo never overwrites one. Choose another --db.")
        if args.replace:
            _delete_demo(folder)
        else:
            print(f"{folder} already holds the demo book; keeping it (--replace rebuilds it).")
    if not (folder / SNAPSHOT_NAME).exists():
        from fieldcrm.progress import Progress
        bar = Progress("Building the demo book", 2)
        records = build_demo(DemoSize(args.customers), seed=args.seed, today=dt.date.today())
        bar.update(1)
        write_demo(folder, records)
        bar.update(2)
        bar.done()
        print(f"Wrote a demo book of {args.customers} customers to {folder}")
    if args.open:
        args.read_only = False
        return _open_app(args)
    return 0


def _team_demo(args: argparse.Namespace) -> int:
    from pathlib import Path

    from fieldcrm.demo_team import PER_REP, make_team

    if not getattr(args, "db", None):
        raise BookError("fieldcrm demo --team needs --db DIR, the folder for the office's and the reps' books.")
    from fieldcrm.cli.sync import progress_bar
    team = make_team(Path(args.db).expanduser(), args.team, seed=args.seed, today=dt.date.today(),
                     per_rep=args.customers or PER_REP, replace=args.replace,
                     progress=progress_bar("Building the team's books"))
    print("\n".join(team.lines()))
    if args.open:
        args.db, args.read_only = str(team.reps[0].folder), False
        return _open_app(args)
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
        raise BookLocked(f"The demo book at {folder} is open in another fieldcrm; close it there "
                         "before rebuilding it (nothing was changed).") from None
    try:
        shutil.rmtree(folder)
    finally:
        lock.release()
