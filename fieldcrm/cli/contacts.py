"""``fieldcrm import vcard|csv`` and ``fieldcrm export vcard|csv|ics``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fieldcrm.i18n import _, listed, ngettext
from fieldcrm.paths import resolve_book
from fieldcrm.store.errors import BookError


def add_commands(commands, db_option) -> None:
    imp = commands.add_parser("import", help=_("bring in contacts from vCard or CSV"),
                              description=_("Shows what would be added; --yes adds it. Every contact is counted: "
                                            "new, already in the book, a look-alike (same phone or e-mail, another "
                                            "name: held back) or refused with its reason."))
    kinds = imp.add_subparsers(dest="format", metavar="FORMAT", required=True)
    for name, help_text in (("vcard", _("a .vcf file (vCard 2.1, 3.0 or 4.0)")),
                            ("csv", _("Google, Outlook, Thunderbird or Chinese-header CSV"))):
        sub = kinds.add_parser(name, parents=[db_option], help=help_text)
        sub.add_argument("file", type=Path, metavar="FILE")
        sub.add_argument("--yes", action="store_true", help=_("add the new customers (without it: preview only)"))
        choice = sub.add_mutually_exclusive_group()
        choice.add_argument("--add-lookalikes", action="store_const", dest="look_alikes", const="add",
                            default="skip", help=_("add look-alikes as customers of their own"))
        choice.add_argument("--merge-lookalikes", action="store_const", dest="look_alikes", const="merge",
                            help=_("fill in what the customer each look-alike resembles lacks"))
        if name == "csv":
            sub.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                             help=_("read a column the importer does not know, e.g. --map \"Handy=phones\""))
            sub.add_argument("--date-order", choices=["dmy", "mdy"], default="",
                             help=_("how to read a/b/yyyy birthdays when the file can't tell"))
    exp = commands.add_parser("export", help=_("write customers as vCard or CSV, or a calendar (ICS)"))
    kinds = exp.add_subparsers(dest="format", metavar="FORMAT", required=True)
    for name, help_text in (("vcard", _("customers as a .vcf")), ("csv", _("customers as a spreadsheet")),
                            ("ics", _("appointments, follow-ups, birthdays and anniversaries"))):
        sub = kinds.add_parser(name, parents=[db_option], help=help_text)
        sub.add_argument("-o", "--output", type=Path, metavar="FILE",
                         help=_("where to write (never over a file, unless --force)"))
        sub.add_argument("--force", action="store_true", help=_("replace FILE if it already exists"))
        if name != "ics":
            sub.add_argument("--tier", choices=["A", "B", "C"], help=_("only this tier"))


def run(args) -> int:
    from fieldcrm.store import Store
    from fieldcrm.workbook import ChangingBook, Workbook

    contacts = _read_contacts(args) if args.command == "import" else None  # the file's problems first
    if args.command == "export":  # a refused path before the book is opened
        from fieldcrm.store.outside_files import check_output, check_output_folder
        if args.output:
            check_output(args.output, args.force)
        else:
            check_output_folder(Path.cwd())  # the default name is written here
    folder = resolve_book(getattr(args, "db", None))
    if args.command == "import" and not args.yes and not _is_book(folder):
        return _preview_without_book(args, contacts, folder)
    if args.command == "import" and args.yes:
        with ChangingBook(folder) as book:  # closing it leaves the app a fresh Today
            return _import(book.work, args, contacts)
    with Store.open(folder, read_only=True) as store:
        work = Workbook(store)
        if args.command == "import":
            return _import(work, args, contacts)
        return _export(work, args)


def _is_book(folder: Path) -> bool:
    from fieldcrm.store.layout import SNAPSHOT_NAME
    return (folder / SNAPSHOT_NAME).exists()


def _read_contacts(args):
    from fieldcrm.interop.contact import ContactsError
    from fieldcrm.store.outside_files import check_input

    path: Path = check_input(args.file)
    try:
        data = path.read_bytes()
        if args.format == "vcard":
            from fieldcrm.interop.vcard_read import read_cards
            return read_cards(data, str(path))
        from fieldcrm.interop.csvfile import parse_map, read_csv
        return read_csv(data, parse_map(args.map), str(path), args.date_order)
    except ContactsError as error:
        raise BookError(str(error)) from None
    except OSError as error:
        raise BookError(_("{path} cannot be read ({why}); nothing was changed.").format(
            path=path, why=error.strerror)) from None


def _preview_without_book(args, contacts, book: Path) -> int:
    """A preview needs no book: everyone in the file would be new (or a duplicate within it)."""
    from fieldcrm.interop.contacts import plan_contacts

    plan = plan_contacts(contacts, [], dt.date.today().isoformat(), args.look_alikes)
    _print_preview(args, contacts, plan)
    print(_("There is no book at {folder} yet: nothing was changed; --yes creates it and adds them.").format(
        folder=book))
    return 0


def _print_preview(args, contacts, plan) -> None:
    if args.format == "vcard":
        count = ngettext("{path}: {count} card.", "{path}: {count} cards.", contacts.total)
    else:
        count = ngettext("{path}: {count} row.", "{path}: {count} rows.", contacts.total)
    print(count.format(path=args.file, count=contacts.total))
    if contacts.columns:  # CSV: what each column fills
        read = [f"{header} -> {target}" for header, target in contacts.columns if target != "ignored"]
        ignored = [header for header, target in contacts.columns if target == "ignored"]
        print(_("Columns read: {columns}").format(columns=listed(read)))  # the file's text: main() shows its controls as symbols
        if ignored:
            print(_("Columns ignored: {columns}").format(columns=listed(ignored)))
    print("\n".join(plan.lines()))


def _import(work, args, contacts) -> int:
    from fieldcrm.interop.contacts import apply_plan, plan_contacts, result_line
    from fieldcrm.model import Customer
    from fieldcrm.progress import Progress

    today = work.today().isoformat()
    plan = plan_contacts(contacts, work.store.all(Customer), today, args.look_alikes)
    _print_preview(args, contacts, plan)
    if not args.yes:
        print(_("Nothing was added: run again with --yes to add the new customers."))
        return 0
    progress = Progress(_("Importing"), max(1, len(plan.new) + len(plan.matched) + len(plan.look_alikes)))
    counts = apply_plan(plan, work, today, lambda n, total: progress.update(n))
    progress.done()
    print(result_line(counts))
    return 0


def _export(work, args) -> int:
    from fieldcrm.model import Customer

    today = work.today()
    suffix = {"vcard": "vcf", "csv": "csv", "ics": "ics"}[args.format]
    path = args.output or _free_name(Path.cwd(), "fieldcrm" if args.format == "ics" else "customers", today, suffix)
    customers = sorted(work.store.all(Customer), key=lambda c: c.name)
    tiers = work.tiers()
    if getattr(args, "tier", None):
        customers = [c for c in customers if tiers.get(c.id) == args.tier]
    if args.format == "vcard":
        from fieldcrm.interop.vcard import customer_card
        data = "".join(customer_card(c) for c in customers).encode("utf-8")
        what = ngettext("{count} customer", "{count} customers", len(customers)).format(count=len(customers))
    elif args.format == "csv":
        from fieldcrm.interop.csvfile import write_csv
        data = write_csv(customers, tiers)
        what = ngettext("{count} customer", "{count} customers", len(customers)).format(count=len(customers))
    else:
        from fieldcrm.interop.calendar_events import calendar_for
        text, count = calendar_for(work)
        data, what = text.encode("utf-8"), ngettext("{count} event", "{count} events", count).format(count=count)
    from fieldcrm.store.files import atomic_write
    atomic_write(path, data)
    print(_("Wrote {path} ({what}).").format(path=path, what=what))
    return 0


def _free_name(folder: Path, stem: str, day: dt.date, suffix: str) -> Path:
    path, n = folder / f"{stem}-{day.isoformat()}.{suffix}", 2
    while path.exists():
        path, n = folder / f"{stem}-{day.isoformat()}-{n}.{suffix}", n + 1
    return path
