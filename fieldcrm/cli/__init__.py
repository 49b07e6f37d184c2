"""The ``fieldcrm`` command. Textual is imported only when the app opens, so the
other subcommands start fast."""

from __future__ import annotations

import argparse
import os
import sys

from fieldcrm import __version__
from fieldcrm.i18n import _
from fieldcrm.paths import ENV_VAR
from fieldcrm.cli.app import create_book_when_asked, saved_lists  # noqa: F401 (the command line's API)
from fieldcrm.cli.args import FIRST_DAY, LAST_DAY, _day, _positive  # noqa: F401
from fieldcrm.store.errors import BookError

# Heavier modules (the store, TinyDB, the rules, Textual) are imported by the
# subcommand that needs them, so the app's first frame and quick commands
# do not wait for them.


def build_parser() -> argparse.ArgumentParser:
    # --db is accepted before or after the subcommand.
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                           help=_("the book folder (default: ${env_var}, else your user data folder)").format(env_var=ENV_VAR))
    parser = argparse.ArgumentParser(
        prog="fieldcrm", parents=[db_option],
        description=_("A keyboard-driven CRM for field reps. With no subcommand, opens the app."),
    )
    parser.add_argument("--version", action="version", version=f"fieldcrm {__version__}",
                        help=_("show the version of fieldcrm and exit"))
    parser.add_argument("--read-only", action="store_true",
                        help=_("open the book without changing it (works while another fieldcrm has it open)"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    agenda = commands.add_parser("agenda", parents=[db_option], help=_("print the day's visit list and why"),
                                 description=_("Who to see or call, and why. Reads the book without changing it."))
    agenda.add_argument("--date", type=_day, default=None, metavar="DAY",
                        help=_("the day to plan, as in the app: tomorrow, fri, +3d or 2026-12-01 (default: today)"))
    agenda.add_argument("--json", action="store_true", help=_("print JSON"))

    from fieldcrm.cli import office, sync
    sync.add_commands(commands, db_option)
    office.add_commands(commands)
    from fieldcrm.cli import contacts as interop_cli, report as report_cli
    interop_cli.add_commands(commands, db_option)
    report_cli.add_command(commands, db_option)
    from fieldcrm.cli import event as event_cli
    event_cli.add_command(commands, db_option)
    from fieldcrm.cli import doctor as doctor_cli
    doctor_cli.add_command(commands, db_option)
    from fieldcrm.cli import bench, demo
    demo.add_command(commands, db_option)
    bench.add_command(commands)
    from fieldcrm.cli import notice as notice_cli
    notice_cli.add_commands(commands, db_option)

    return parser


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
        from fieldcrm import progress
        progress.clear()
        print(f"fieldcrm: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # an OSError too: caught first
        return _reader_went_away()
    except OSError as error:
        if error.filename is None:
            raise  # not a path the system refused: a fault of fieldcrm's, shown as one
        from fieldcrm import progress
        progress.clear()  # a path given on the command line or in the config that the system refuses outright
        print("fieldcrm: " + _("The system refuses the path {path} ({why}).").format(
            path=_shortened(os.fsdecode(error.filename)), why=error.strerror or error), file=sys.stderr)
        return 1


def _shortened(path: str, limit: int = 80) -> str:
    """A path short enough for one line: its start and its end."""
    return path if len(path) <= limit else f"{path[:limit // 2 - 1]}…{path[-(limit // 2):]}"


def _choose_language() -> None:
    from fieldcrm.config import configured_language
    from fieldcrm.i18n import choose_language, set_language
    set_language(choose_language(configured_language()))
    from fieldcrm.cli.argparse_zh import speak_the_interface_language
    speak_the_interface_language()


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
        from fieldcrm.cli.demo import run as run_demo
        return run_demo(args)
    if args.command == "agenda":
        from fieldcrm.cli.agenda import run_agenda
        return run_agenda(args)
    if args.command == "report":
        from fieldcrm.cli.report import run as run_report
        return run_report(args)
    if args.command == "event":
        from fieldcrm.cli.event import run as run_event
        return run_event(args)
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
    from fieldcrm.cli.app import open_app
    return open_app(args)


