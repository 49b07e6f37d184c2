"""``fieldcrm sync export|import`` and ``fieldcrm office merge``."""

from __future__ import annotations

from pathlib import Path

from fieldcrm.paths import resolve_book


def add_commands(commands, db_option) -> None:
    sync = commands.add_parser("sync", help="end-of-day sync files: export, import",
                               description="Export your day's changes for the office; import the office's "
                                           "merged file in the morning.")
    actions = sync.add_subparsers(dest="sync_command", metavar="ACTION", required=True)
    export = actions.add_parser("export", parents=[db_option], help="write the changes the office has not yet")
    export.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="where to write (default: <rep>-<date>-<n>.fieldsync here)")
    imp = actions.add_parser("import", parents=[db_option], help="merge sync files into the book")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")
    office = commands.add_parser("office", help="the office's side of sync")
    office_actions = office.add_subparsers(dest="office_command", metavar="ACTION", required=True)
    merge = office_actions.add_parser("merge", help="merge reps' files into the master book",
                                      description="Import every rep's file into the master book (created if "
                                                  "missing) and write the merged file every rep imports next.")
    merge.add_argument("files", nargs="+", type=Path, metavar="FILE")
    merge.add_argument("--master", type=Path, required=True, metavar="PATH", help="the master book folder")
    merge.add_argument("-o", "--output", type=Path, metavar="MERGED",
                       help="the merged file (default: office-merged-<date>.fieldsync here)")


def run(args) -> int:
    from fieldcrm.workbook import ChangingBook  # closing it leaves the app a fresh Today

    if args.command == "office":
        from fieldcrm.sync.office import office_merge
        with ChangingBook(args.master) as master:
            summary, path, count = office_merge(master.store, args.files, args.output,
                                                progress=_bar("Merging"))
        print("\n".join(summary.lines()))
        print(f"Wrote {path} ({count} changes) for every rep to import.")
        return 0
    dry_run = args.sync_command == "import" and args.dry_run
    with ChangingBook(resolve_book(getattr(args, "db", None)), read_only=dry_run) as book:
        store = book.store
        if args.sync_command == "export":
            from fieldcrm.sync.exporter import export
            done = export(store, args.output)
            if done.path is None:
                print("Nothing to export: the office has every change you made.")
            elif done.repeated:
                print(f"No new changes since your last export; {done.path} repeats the {done.count} "
                      "changes the office has not confirmed yet.")
            else:
                print(f"Wrote {done.path} ({done.count} changes).")
            return 0
        from fieldcrm.sync.importer import import_files
        summary = import_files(store, args.files, dry_run=args.dry_run, progress=_bar("Importing"))
        print("\n".join(summary.lines()))
        if args.dry_run:
            print("Dry run: nothing was changed.")
        return 0


def _bar(label: str):
    """A progress callback for the terminal (silent when nobody is watching)."""
    from fieldcrm.progress import Progress
    state = {}

    def progress(done: int, total: int) -> None:
        bar = state.setdefault("bar", Progress(label, total))
        bar.update(done)
        if done >= total:
            bar.done()
    return progress
