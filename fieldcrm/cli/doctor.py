"""``fieldcrm doctor``: what was set aside, and whether every part of the book reads.

It opens the book read-only (it works while the app has it open), lists the
changes set aside in ``quarantine.jsonl`` and any found now, then walks every
record through what the screens, the exports and the report use. Exit 1 when
anything was set aside or failed.
"""

from __future__ import annotations

import traceback

from fieldcrm.paths import resolve_book
from fieldcrm.terminal_text import visible


def add_command(commands, db_option) -> None:
    commands.add_parser("doctor", parents=[db_option], help="check the book end to end",
                        description="List changes set aside as not fieldcrm's, and check that every record "
                                    "reads in every screen, export and report. Changes nothing.")


def run(args) -> int:
    from fieldcrm.store import Store
    from fieldcrm.store.quarantine import QUARANTINE_NAME, key_of, read_set_aside

    with Store.open(resolve_book(getattr(args, "db", None)), read_only=True) as store:
        kept = read_set_aside(store.folder)
        known = {key_of(item) for item in kept}
        found = kept + [item for item in store.set_aside if key_of(item) not in known]
        for item in found:
            print(visible(f"Set aside from {item.get('where')}"
                          f"{' on ' + item['on'] if item.get('on') else ''}: {item.get('problem')}",
                          newlines=False))
        failures = list(_walk(store))
        for failure in failures:
            print(visible(failure, newlines=False))
        if found:
            print(f"{len(found)} change(s) set aside; they are kept in {store.folder / QUARANTINE_NAME} "
                  "(delete that file once you have read it).")
        if failures:
            print(f"{len(failures)} check(s) failed: the book needs a look.")
        if not found and not failures:
            print(f"{store.folder}: every record reads in every screen, export and report.")
    return 1 if found or failures else 0


def _walk(store):
    """One line for each part of the book that does not read."""
    from fieldcrm.model import RECORD_TYPES, Customer

    for kind in RECORD_TYPES:
        try:
            store.all(kind, include_deleted=True)
        except Exception as error:  # noqa: BLE001 - the point is to find what breaks
            yield f"{kind.TABLE}: a record cannot be read ({_why(error)})"
    checks = [("the agenda and the screens' data", _screens), ("the report", _report),
              ("the vCard export", _vcard), ("the CSV export", _csv), ("the calendar export", _ics)]
    try:
        from fieldcrm.workbook import Workbook
        work = Workbook(store)
    except Exception as error:  # noqa: BLE001
        yield f"the book cannot be loaded for the app ({_why(error)})"
        return
    customers = sorted(store.all(Customer), key=lambda c: c.name)
    for what, check in checks:
        try:
            check(work, customers)
        except Exception as error:  # noqa: BLE001
            yield f"{what} fails ({_why(error)})"


def _why(error: Exception) -> str:
    where = traceback.extract_tb(error.__traceback__)[-1]
    return f"{type(error).__name__}: {str(error)[:80]} at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}"


def _screens(work, customers) -> None:
    from fieldcrm.model import Complaint, FollowUp, Interaction, Purchase, Referral

    plan = work.agenda()
    for item in plan.items[:50]:
        work.message(item)
    work.tiers()
    work.stages()
    work.store.conflicts()
    for customer in customers:  # what the profile shows
        for kind in (FollowUp, Complaint, Referral, Purchase, Interaction):
            work.store.for_customer(kind, customer.id)


def _report(work, customers) -> None:
    from fieldcrm.report_view import render
    for period in ("week", "month"):
        report = work.report(period)
        render(report, work.settings.currency)
        report.to_json()


def _vcard(work, customers) -> None:
    from fieldcrm.interop.vcard import customer_card
    "".join(customer_card(c) for c in customers).encode("utf-8")


def _csv(work, customers) -> None:
    from fieldcrm.interop.csvfile import write_csv
    write_csv(customers, work.tiers())


def _ics(work, customers) -> None:
    from fieldcrm.interop.calendar_events import calendar_for
    calendar_for(work)[0].encode("utf-8")
