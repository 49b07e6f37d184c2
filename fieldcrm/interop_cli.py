"""``fieldcrm import vcard|csv`` and ``fieldcrm export vcard|csv|ics``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fieldcrm.paths import resolve_book
from fieldcrm.store.errors import BookError


def add_commands(commands, db_option) -> None:
    imp = commands.add_parser("import", help="bring in contacts from vCard or CSV",
                              description="Shows what would be added; --yes adds it. Contacts that look like "
                                          "customers you have (same phone or e-mail) are never added twice.")
    kinds = imp.add_subparsers(dest="format", metavar="FORMAT", required=True)
    for name, help_text in (("vcard", "a .vcf file (vCard 3.0 or 4.0)"), ("csv", "Google or Outlook CSV")):
        sub = kinds.add_parser(name, parents=[db_option], help=help_text)
        sub.add_argument("file", type=Path, metavar="FILE")
        sub.add_argument("--yes", action="store_true", help="add the new customers (without it: preview only)")
        if name == "csv":
            sub.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                             help="read a column the importer does not know, e.g. --map \"Handy=phones\"")
    exp = commands.add_parser("export", help="write customers as vCard or CSV, or a calendar (ICS)")
    kinds = exp.add_subparsers(dest="format", metavar="FORMAT", required=True)
    for name, help_text in (("vcard", "customers as a .vcf"), ("csv", "customers as a spreadsheet"),
                            ("ics", "appointments, follow-ups, birthdays and anniversaries")):
        sub = kinds.add_parser(name, parents=[db_option], help=help_text)
        sub.add_argument("-o", "--output", type=Path, metavar="FILE", help="where to write (never overwrites)")
        if name != "ics":
            sub.add_argument("--tier", choices=["A", "B", "C"], help="only this tier")


def run(args) -> int:
    from fieldcrm.store import Store
    from fieldcrm.workbook import ChangingBook, Workbook

    contacts = _read_contacts(args) if args.command == "import" else None  # the file's problems first
    folder = resolve_book(getattr(args, "db", None))
    if args.command == "import" and args.yes:
        with ChangingBook(folder) as book:  # closing it leaves the app a fresh Today
            return _import(book.work, args, contacts)
    with Store.open(folder, read_only=True) as store:
        work = Workbook(store)
        if args.command == "import":
            return _import(work, args, contacts)
        return _export(work, args)


def _read_contacts(args) -> list:
    from fieldcrm.interop.vcard import ContactsError

    path: Path = args.file
    if not path.is_file():
        raise BookError(f"{path} is not a file.")
    try:
        data = path.read_bytes()
        if args.format == "vcard":
            from fieldcrm.interop.vcard import read_cards
            return read_cards(data, str(path))
        from fieldcrm.interop.csvfile import parse_map, read_csv
        return read_csv(data, parse_map(args.map), str(path))
    except ContactsError as error:
        raise BookError(str(error)) from None


def _import(work, args, contacts: list) -> int:
    from fieldcrm.interop.contacts import plan_contacts
    from fieldcrm.model import Customer
    from fieldcrm.progress import Progress

    path: Path = args.file
    plan = plan_contacts(contacts, work.store.all(Customer), work.today().isoformat())
    print(f"{path}: {len(contacts)} contacts.")
    print("\n".join(plan.lines()))
    if not args.yes:
        print("Nothing was added: run again with --yes to add the new customers.")
        return 0
    progress = Progress("Adding", len(plan.new))
    for n, customer in enumerate(plan.new, start=1):
        work.add(customer)
        progress.update(n)
    progress.done()
    print(f"Added {len(plan.new)} customers.")
    return 0


def _export(work, args) -> int:
    from fieldcrm.model import Customer

    today = work.today()
    suffix = {"vcard": "vcf", "csv": "csv", "ics": "ics"}[args.format]
    path = args.output or _free_name(Path.cwd(), "fieldcrm" if args.format == "ics" else "customers", today, suffix)
    if path.exists():
        raise BookError(f"{path} already exists; choose another name with -o (nothing was written).")
    customers = sorted(work.store.all(Customer), key=lambda c: c.name)
    tiers = work.tiers()
    if getattr(args, "tier", None):
        customers = [c for c in customers if tiers.get(c.id) == args.tier]
    if args.format == "vcard":
        from fieldcrm.interop.vcard import customer_card
        data = "".join(customer_card(c) for c in customers).encode("utf-8")
        what = f"{len(customers)} customers"
    elif args.format == "csv":
        from fieldcrm.interop.csvfile import write_csv
        data = write_csv(customers, tiers)
        what = f"{len(customers)} customers"
    else:
        from fieldcrm.interop.calendar_events import calendar_for
        text, count = calendar_for(work)
        data, what = text.encode("utf-8"), f"{count} events"
    from fieldcrm.store.files import atomic_write
    atomic_write(path, data)
    print(f"Wrote {path} ({what}).")
    return 0


def _free_name(folder: Path, stem: str, day: dt.date, suffix: str) -> Path:
    path, n = folder / f"{stem}-{day.isoformat()}.{suffix}", 2
    while path.exists():
        path, n = folder / f"{stem}-{day.isoformat()}-{n}.{suffix}", n + 1
    return path
