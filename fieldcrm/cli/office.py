"""``fieldcrm office``: the merge and each rep's morning file, the roster, assignments, handovers."""

from __future__ import annotations

import sys
from pathlib import Path

from fieldcrm.i18n import _, ngettext


def add_commands(commands) -> None:
    office = commands.add_parser("office", help=_("the office: merge reps' files, roster, assignments"),
                                 description=_("The office's side of sync, run on the office's master book."))
    actions = office.add_subparsers(dest="office_command", metavar="ACTION", required=True)
    master = _master_option()

    merge = actions.add_parser("merge", parents=[master], help=_("merge reps' files, write each rep's morning file"),
                               description=_("Import every rep's file into the master book (created if missing), "
                                             "then write one morning file per rep into the folder: only that rep's "
                                             "customers and what is new for them. With no FILE, only the morning "
                                             "files are written (a new rep's first file)."))
    merge.add_argument("files", nargs="*", type=Path, metavar="FILE")
    merge.add_argument("-o", "--output", type=Path, metavar="DIR", default=Path("."),
                       help=_("the folder for the morning files (default: here)"))
    merge.add_argument("--force", action="store_true", help=_("replace morning files of the same name"))

    rep = actions.add_parser("rep", help=_("the roster: add, list, rename reps"))
    rep_actions = rep.add_subparsers(dest="rep_command", metavar="ACTION", required=True)
    add = rep_actions.add_parser("add", parents=[master], help=_("add a rep (their first morning file starts their book)"))
    add.add_argument("name", metavar="NAME")
    rep_actions.add_parser("list", parents=[master], help=_("every rep, their laptops and customers"))
    rename = rep_actions.add_parser("rename", parents=[master], help=_("rename a rep"))
    rename.add_argument("rep", metavar="REP", help=_("the rep's name or id"))
    rename.add_argument("name", metavar="NEW_NAME")
    role = rep_actions.add_parser("role", parents=[master], help=_("let a database role read reports as this rep "
                                                                 "(PostgreSQL office)"))
    role.add_argument("rep", metavar="REP", help=_("the rep's name or id"))
    role.add_argument("role", metavar="ROLE", help=_("the database role (created if missing; set its password)"))
    role.add_argument("--manager-of", action="append", default=[], metavar="REP", dest="team",
                      help=_("a rep in this rep's team (repeat); a manager's role reads the whole team"))

    assign = actions.add_parser("assign", parents=[master], help=_("give customers to a rep"),
                                description=_("Give customers to a rep: by id, name, area or tag (any of them, "
                                              "together they add up). Their laptops learn it from the next "
                                              "morning files."))
    assign.add_argument("--to", required=True, metavar="REP", help=_("the rep's name or id"))
    assign.add_argument("--id", action="append", default=[], metavar="ID", dest="ids")
    assign.add_argument("--name", action="append", default=[], metavar="NAME", dest="names")
    assign.add_argument("--area", action="append", default=[], metavar="AREA", dest="areas")
    assign.add_argument("--tag", action="append", default=[], metavar="TAG", dest="tags")

    handover = actions.add_parser("handover", parents=[master], help=_("a rep leaves: every customer to another rep"),
                                  description=_("Move all of a rep's customers, with their open follow-ups and "
                                                "complaints, to another rep, and take the leaving rep off the roster "
                                                "(their work stays in the book and in past reports)."))
    handover.add_argument("--from", required=True, metavar="REP", dest="from_rep")
    handover.add_argument("--to", required=True, metavar="REP", dest="to_rep")
    notice = actions.add_parser("notice", parents=[master], help="a notice for the whole team",
                                description="One notice for every rep's customers it concerns: each rep receives "
                                            "their customers' personalised messages in the next morning file, "
                                            "ready to send from the Notice screen.")
    from fieldcrm.cli.notice import add_notice_options
    add_notice_options(notice)
    _add_report(actions, master)
    event = actions.add_parser("event", parents=[master], help="a gathering for the whole team",
                               description="Create an event for the whole team and invite the customers the "
                                           "filters reach (all without --where): each rep receives their own "
                                           "customers' invitations, personalised, in the next morning file.")
    event.add_argument("title", metavar="TITLE")
    event.add_argument("--day", required=True, metavar="DAY", help=_("fri, +7d or 2026-12-05"))
    event.add_argument("--time", default="", metavar="HH:MM")
    event.add_argument("--place", default="", metavar="PLACE")
    event.add_argument("--where", action="append", default=[], metavar="KEY=VALUE",
                       help="area, tier, stage, tag, product or channel (repeat)")


def _add_report(actions, master) -> None:
    from fieldcrm.cli import _day
    report = actions.add_parser("report", parents=[master], help=_("the team's numbers per rep, with charts"),
                                description=_("Per rep: contacts and follow-ups done per week, referrals, open "
                                              "complaints, coverage; key accounts at risk and customers two reps "
                                              "both hold. Reads the master without changing it."))
    period = report.add_mutually_exclusive_group()
    period.add_argument("--week", action="store_const", const="week", dest="period",
                        help=_("the last 7 days, and the last 8 weeks (the default)"))
    period.add_argument("--month", action="store_const", const="month", dest="period",
                        help=_("this calendar month, week by week"))
    report.add_argument("--date", type=_day, default=None, metavar="DAY",
                        help=_("the report's last day: yesterday, fri, -7d or 2026-11-30 (default: today)"))
    report.add_argument("--json", action="store_true", help=_("print JSON"))
    report.add_argument("--out-of-scope", action="store_true",
                        help=_("instead: the changes that arrived for customers outside their sender's scope "
                               "(kept, not sent on; an office in PostgreSQL)"))

    migrate = actions.add_parser("migrate", help=_("move a TinyDB office book into PostgreSQL"),
                                 description=_("Copy the office's master book, every version of every field, "
                                               "the roster and each laptop's position, into an empty PostgreSQL "
                                               "database; the book itself is left as it is."))
    migrate.add_argument("--from", required=True, type=Path, metavar="BOOK", dest="from_book")
    migrate.add_argument("--to", required=True, metavar="DSN", dest="to_dsn", help="postgresql://...")


def _master_option():
    import argparse
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--master", metavar="PATH|DSN",
                        help=_("the office's master book folder, or its PostgreSQL database (postgresql://...); "
                               "default: [office] master in the config file"))
    return parent


def run(args) -> int:
    from fieldcrm.office.pg.connect import check_master, is_dsn
    from fieldcrm.workbook import ChangingBook  # closing it leaves the master a fresh Today

    command = args.office_command
    if command == "migrate":
        return _migrate(args)
    if not args.master:
        from fieldcrm.config import config_path, office_master_setting
        args.master, problem = office_master_setting()
        if problem:
            print(_("fieldcrm: {problem}: give --master, or mend the file; nothing was changed.").format(
                problem=problem), file=sys.stderr)
            return 1
        if not args.master:
            print(_("fieldcrm: which office? Give --master (a book folder or postgresql://…) or set "
                    "[office] master in {path}; nothing was changed.").format(path=config_path()), file=sys.stderr)
            return 1
    check_master(args.master)
    if command == "merge":
        _check_merge_paths(args)
    if is_dsn(getattr(args, "master", "")):
        return _on_postgresql(args)
    args.master = Path(args.master).expanduser()
    if command == "merge":
        return _merge(args)
    if command == "report":
        return _report(args)
    read_only = command == "rep" and args.rep_command == "list"
    creates = command == "rep" and args.rep_command == "add"  # a new office starts with its first rep
    with ChangingBook(args.master, read_only=read_only, create=creates) as book:
        from fieldcrm.office.master import BookMaster
        master = BookMaster(book.store)
        if command == "rep":
            return _rep(master, args)
        if command == "assign":
            return _assign(master, args)
        if command == "event":
            return _team_event(book.work, master, args)
        if command == "notice":
            return _notice(book.work, master, args)
        return _handover(master, args)


def _notice(work, master, args) -> int:
    from fieldcrm.cli.notice import left_out_lines, notice_from
    from fieldcrm.office.notices import team_notice
    from fieldcrm.outreach import messages_to_send, notices

    notice, found, per_rep = team_notice(work, master, notice_from(args, work.today(), notices(work)))
    reps = ", ".join(f"{name} {count}" for name, count in sorted(per_rep.items())) or _("none")
    to_send = sum(per_rep.values())
    print(_("Team notice {id} ({title}): {to_send} ({reps}), {left_out} left out; each rep gets theirs in the next "
            "morning file.").format(id=notice.id[-8:], title=notice.title, to_send=messages_to_send(to_send),
                                    reps=reps, left_out=len(found) - to_send))
    for line in left_out_lines(found):
        print(line)
    return 0


def _on_postgresql(args) -> int:
    from fieldcrm.office.pg.connect import OfficeDbError, driver, first_line

    psycopg = driver()  # one sentence if it is not installed
    try:
        return _with_pg_master(args)
    except psycopg.errors.InsufficientPrivilege as error:
        raise OfficeDbError(_("The office database refused ({why}): the office's own role is needed here (a "
                              "rep's or manager's role reads the report views with SQL); nothing was changed."
                              ).format(why=first_line(error))) from None
    except psycopg.Error as error:
        if args.office_command != "merge":
            raise OfficeDbError(_("The office database failed ({why}); nothing was changed.").format(
                why=first_line(error))) from None
        raise OfficeDbError(_("The office database failed ({why}); the file being merged, if any, "
                              "was rolled back and the files before it are kept.").format(
            why=first_line(error))) from None


def _with_pg_master(args) -> int:
    from fieldcrm.office.pg.master import PgMaster

    starts = args.office_command == "rep" and args.rep_command == "add"  # as a new TinyDB office does
    with PgMaster.open(args.master, create=starts, waiting=_say_waiting) as master:
        command = args.office_command
        if command == "merge":
            return _merge_into(master, args)
        if command == "rep":
            return _rep(master, args)
        if command == "assign":
            return _assign(master, args)
        if command in ("event", "notice"):
            return _on_office_records(master, args)
        if command == "report" and args.out_of_scope:
            from fieldcrm.office.pg.reports import print_reports
            return print_reports(master, out_of_scope=True)
        if command == "report":
            return _team_report(master, args)
        return _handover(master, args)


def _say_waiting(holder) -> None:
    """Another office command holds the office database: say so before waiting, never hang in silence."""
    if holder is None:  # it finished meanwhile
        return
    pid, client, since = holder
    print(_("fieldcrm: another office command is using the office database (server process {pid}, from {client} "
            "since {since}); waiting for it to finish. If that command was stopped, end its session in psql: "
            "SELECT pg_terminate_backend({pid});").format(pid=pid, client=client, since=since),
          file=sys.stderr, flush=True)


def _on_office_records(master, args) -> int:
    """``office notice`` / ``office event`` on PostgreSQL: run on a copy of the office's records; what
    they add is written into the database when they succeed (and only then is it said)."""
    import contextlib
    import io

    from fieldcrm.config import load_settings
    from fieldcrm.office.pg.workbook import office_workbook

    said = io.StringIO()
    with office_workbook(master, load_settings()[0]) as work, contextlib.redirect_stdout(said):
        code = _notice(work, master, args) if args.office_command == "notice" else _team_event(work, master, args)
    print(said.getvalue(), end="")
    return code


def _migrate(args) -> int:
    from fieldcrm.office.pg.connect import OfficeDbError, driver, first_line, is_dsn

    if not is_dsn(args.to_dsn):
        raise OfficeDbError(_("--to must be a PostgreSQL address (postgresql://...); nothing was changed."))
    psycopg = driver()  # one sentence if it is not installed
    from fieldcrm.office.pg.migrate import migrate
    try:
        print(migrate(args.from_book, args.to_dsn))
    except psycopg.errors.InsufficientPrivilege as error:
        raise OfficeDbError(_("The office database refused ({why}): the office's role must own the database and "
                              "may create roles (CREATEROLE); nothing was changed.").format(why=first_line(error))) \
            from None
    except psycopg.Error as error:
        raise OfficeDbError(_("The office database failed ({why}); nothing was changed.").format(
            why=first_line(error))) from None
    return 0


def _check_merge_paths(args) -> None:
    from fieldcrm.store.outside_files import InputRefused, OutputRefused, check_input, check_output_folder

    check_output_folder(args.output, advice=_("give -o a folder elsewhere"))  # before the book is opened
    if args.output.exists() and not args.output.is_dir():
        raise OutputRefused(_("{path} is a file; give -o the folder to write the morning files into.").format(
            path=args.output))
    if not args.output.parent.is_dir():
        raise OutputRefused(_("The folder {folder} does not exist.").format(folder=args.output.parent))
    # A folder or a missing name among the files is set aside like a damaged file; only when none
    # can be read is the merge refused (nothing changed).
    args.set_aside = []
    readable = []
    for path in args.files:
        try:
            readable.append(check_input(path))
        except InputRefused as refused:
            args.set_aside.append(str(refused))
    if args.set_aside and not readable:
        from fieldcrm.office.merge import refusals
        raise InputRefused(refusals(args.set_aside))
    args.files = readable


def _merge(args) -> int:
    from fieldcrm.workbook import ChangingBook

    with ChangingBook(args.master) as book:
        return _merge_into(book.store, args)


def _merge_into(master, args) -> int:
    from fieldcrm.cli.sync import progress_bar
    from fieldcrm.office.merge import office_merge, refusals

    bar = progress_bar(_("Merging")) if args.files else None
    done = office_merge(master, args.files, args.output, progress=bar, force=args.force)
    print("\n".join(done.lines()))
    if not done.mornings:
        print(_("No reps on the roster yet: add one with `fieldcrm office rep add NAME`."))
    refused = getattr(args, "set_aside", []) + done.summary.refused
    if refused:  # the others are merged and their morning files written; these need sending again
        print(f"fieldcrm: {refusals(refused, listed=True)}", file=sys.stderr)
        return 1
    return 0


def _report(args) -> int:
    from fieldcrm.office.master import BookMaster
    from fieldcrm.store.errors import BookError
    from fieldcrm.workbook import ChangingBook

    if args.out_of_scope:
        raise BookError(_("The office book keeps every change, in scope or not, with the rest; the list of "
                          "out-of-scope changes needs an office in PostgreSQL (--master postgresql://...)."))
    with ChangingBook(args.master, read_only=True, create=False) as book:
        return _team_report(BookMaster(book.store), args)


def _team_report(master, args) -> int:
    import json
    import shutil

    from fieldcrm.config import load_settings
    from fieldcrm.office.report import team_report
    from fieldcrm.office.report_view import render
    from fieldcrm.rules.calendar import local_date
    from fieldcrm.store.errors import BookError
    from fieldcrm.workbook import local_tz

    tz = local_tz()
    if not master.roster().reps:
        raise BookError(_("{master} has no reps on its roster, so there is no team to report on: "
                          "add them with `fieldcrm office rep add NAME`.").format(master=args.master))
    day = args.date or local_date(master.now(), tz)
    report = team_report(master, day, args.period or "week", load_settings()[0], tz)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    else:
        print(render(report, shutil.get_terminal_size().columns).plain, end="")
    return 0


def _rep(master, args) -> int:
    roster = master.roster()
    if args.rep_command == "add":
        entry = roster.add(args.name)
        master.save(roster)
        print(_("Added {name} (rep {rep_id}). Assign customers with `fieldcrm office assign --to "
                "\"{name}\" ...`; the next `fieldcrm office merge` writes the file that starts their book.").format(
            name=entry.name, rep_id=entry.rep_id))
        return 0
    if args.rep_command == "role":
        from fieldcrm.office.pg.reports import grant_reader
        from fieldcrm.store.errors import BookError
        if not hasattr(master, "conn"):
            raise BookError(_("Database roles belong to an office in PostgreSQL: give --master postgresql://..."))
        entry = roster.find(args.rep)
        team = [roster.find(member) for member in args.team]
        before = grant_reader(master, entry.rep_id, args.role, [m.rep_id for m in team])
        if team:
            said = _("The database role {role} now reads reports as {name}, with {team}.")
        else:
            said = _("The database role {role} now reads reports as {name}.")
        if before:
            said += " " + _("The role {before} no longer reads as {name}.")
        print(said.format(role=args.role, name=entry.name, team=_(", ").join(m.name for m in team), before=before))
        return 0
    if args.rep_command == "rename":
        entry = roster.find(args.rep)
        old = entry.name
        roster.rename(entry.rep_id, args.name)
        master.save(roster)
        print(_("{old} is now {new}.").format(old=old, new=roster.reps[entry.rep_id].name))
        return 0
    counts = _customers_per_rep(master)
    if not roster.reps:
        print(_("No reps yet: add one with `fieldcrm office rep add NAME`."))
    for entry in sorted(roster.reps.values(), key=lambda e: e.name.casefold()):
        state = "" if entry.active else "  " + _("(left)")
        customers, laptops = counts.get(entry.rep_id, 0), len(entry.replicas)
        print(_("{name}{state}  rep {rep_id}  {customers}  {laptops}").format(
            name=entry.name, state=state, rep_id=entry.rep_id,
            customers=ngettext("{count} customer", "{count} customers", customers).format(count=customers),
            laptops=ngettext("{count} laptop", "{count} laptops", laptops).format(count=laptops)))
    return 0


def _customers_per_rep(master) -> dict[str, int]:
    from fieldcrm.office.scope import rep_of
    roster = master.roster()
    counts: dict[str, int] = {}
    for doc in master.docs("customers"):
        if doc.get("_c") != "" and not doc.get("deleted"):
            owner = rep_of("customers", doc, roster.rep_of_replica, master.base_hlc)
            counts[owner] = counts.get(owner, 0) + 1
    return counts


def _assign(master, args) -> int:
    from fieldcrm.office.assign import assign, choose
    from fieldcrm.store.errors import BookError

    rep = master.roster().find(args.to)
    if not (args.ids or args.names or args.areas or args.tags):
        raise BookError(_("Say which customers: --id, --name, --area or --tag; nothing was changed."))
    chosen = choose(master, ids=args.ids, names=args.names, areas=args.areas, tags=args.tags)
    if not chosen:
        raise BookError(_("No customer matches; nothing was changed."))
    moved = assign(master, chosen, rep.rep_id)
    # Two counts, each with its own plural: the noun follows how many were chosen, the verb how many moved.
    of_count = ngettext("{moved} of {count} customer", "{moved} of {count} customers", len(chosen)).format(
        moved=moved, count=len(chosen))
    if moved < len(chosen):
        said = ngettext("{customers} now belongs to {name} (the others already did).",
                        "{customers} now belong to {name} (the others already did).", moved)
    else:
        said = ngettext("{customers} now belongs to {name}.", "{customers} now belong to {name}.", moved)
    print(said.format(customers=of_count, name=rep.name))
    return 0


def _team_event(work, master, args) -> int:
    from fieldcrm.cli.event import event_day
    from fieldcrm.office.events import team_event
    from fieldcrm.rules.gatherings import parse_audience
    from fieldcrm.store.errors import BookError
    try:
        audience = parse_audience(args.where)
    except ValueError as error:  # a bad key, tier or stage: the sentence names it
        raise BookError(str(error)) from None
    day = event_day(work, args.day)  # the reps' day words, counted from the office's today
    event, per_rep = team_event(work, master, args.title, day, args.time, args.place, audience)
    if not per_rep:
        raise BookError(_("No customer matches; nothing was changed."))
    invitations = _(", ").join(ngettext("{count} invitation for {rep}", "{count} invitations for {rep}", n).format(
        count=n, rep=rep) for rep, n in sorted(per_rep.items()))
    print(_("{title} on {day}: {invitations}.").format(title=event.title, day=event.day, invitations=invitations))
    return 0


def _handover(master, args) -> int:
    from fieldcrm.office.assign import handover

    roster = master.roster()
    leaving, taking = roster.find(args.from_rep), roster.find(args.to_rep)
    moved, open_work = handover(master, leaving.rep_id, taking.rep_id)
    customers = ngettext("{count} customer of {leaving} now belongs to {taking}",
                         "{count} customers of {leaving} now belong to {taking}", moved).format(
        count=moved, leaving=leaving.name, taking=taking.name)
    with_open = ngettext("with {count} open follow-up or complaint", "with {count} open follow-ups and complaints",
                         open_work).format(count=open_work)
    print(_("{customers}, {with_open}. {leaving} is off the roster; their work stays in the book.").format(
        customers=customers, with_open=with_open, leaving=leaving.name))
    return 0
