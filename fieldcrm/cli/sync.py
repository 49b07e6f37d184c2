"""``fieldcrm sync export|import|office``: the rep's side of sync."""

from __future__ import annotations

from pathlib import Path

from fieldcrm.i18n import _
from fieldcrm.paths import resolve_book


def add_commands(commands, db_option) -> None:
    sync = commands.add_parser("sync", help=_("end-of-day sync files: export, import"),
                               description=_("Export your day's changes for the office; import the office's "
                                             "merged file in the morning."))
    actions = sync.add_subparsers(dest="sync_command", metavar="ACTION", required=True)
    export = actions.add_parser("export", parents=[db_option], help=_("write the changes the office has not yet"))
    export.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help=_("where to write (default: <rep>-<date>-<n>.fieldsync here)"))
    export.add_argument("--force", action="store_true", help=_("replace FILE if it already exists"))
    imp = actions.add_parser("import", parents=[db_option], help=_("merge sync files into the book"))
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help=_("say what would change, change nothing"))
    add_office_command(actions, db_option)


def run(args) -> int:
    from fieldcrm.workbook import ChangingBook  # closing it leaves the app a fresh Today

    _check_paths(args)  # before the book is opened: a refused path changes nothing
    dry_run = args.sync_command == "import" and args.dry_run
    read_only = dry_run or (args.sync_command == "office" and args.office_replica is None)
    with ChangingBook(resolve_book(getattr(args, "db", None)), read_only=read_only) as book:
        store = book.store
        if args.sync_command == "office":
            return run_office(store, args)
        if args.sync_command == "export":
            from fieldcrm.sync.exporter import export
            # Room for the book first: a full disk fails here, before a file is written or announced.
            store.checkpoint()
            done = export(store, args.output)
            print(done.message())
            return 0
        from fieldcrm.sync.importer import import_files
        summary = import_files(store, args.files, dry_run=args.dry_run, progress=progress_bar(_("Importing")))
        print("\n".join(summary.lines()))
        if args.dry_run:
            print(_("Dry run: nothing was changed."))
        return 0


def _check_paths(args) -> None:
    """Refuse an output that would overwrite a file or land in a book, and inputs that are not files."""
    from fieldcrm.store.outside_files import check_input, check_output, check_output_folder

    writes = args.sync_command == "export"
    if writes and args.output is not None:
        check_output(args.output, args.force)
    elif writes:
        check_output_folder(Path.cwd())  # the default name is written here
    for path in getattr(args, "files", None) or []:
        check_input(path)


def add_office_command(actions, db_option) -> None:
    office = actions.add_parser("office", parents=[db_option], help=_("show or set the office whose files confirm yours"),
                                description=_("Only merged files from your office may confirm (ack) the changes "
                                              "you exported. It is learnt from the first merged file you import."))
    office.add_argument("--set", metavar="REPLICA", dest="office_replica",
                        help=_("the replica id of the office's book (when the office starts a new book)"))


def run_office(store, args) -> int:
    import re

    from fieldcrm.store.errors import BookError
    from fieldcrm.sync.acks import office

    wanted = args.office_replica
    if wanted is not None:
        if not re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", wanted):
            raise BookError(_("{wanted!r} is not a replica id (like 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b); "
                              "nothing was changed.").format(wanted=wanted))
        store.set_meta(office=wanted)
    current = office(store)
    if current:
        print(_("Your office is replica {replica}: only its merged files confirm the changes you export.").format(
            replica=current))
    else:
        print(_("No office yet: the first merged file you import names it."))
    return 0


def progress_bar(label: str):
    """A progress callback for the terminal (silent when nobody is watching)."""
    from fieldcrm.progress import Progress
    state = {}

    def progress(done: int, total: int) -> None:
        bar = state.setdefault("bar", Progress(label, total))
        bar.update(done)
        if done >= total:
            bar.done()
    return progress
