"""``fieldcrm doctor``: what was set aside, and whether every part of the book reads.

It opens the book read-only (it works while the app has it open), lists the
changes set aside in ``quarantine.jsonl`` and any found now, then walks every
record through what the screens, the exports and the report use. Exit 1 when
anything was set aside or failed.
"""

from __future__ import annotations

import traceback

from fieldcrm.i18n import _, ngettext
from fieldcrm.paths import resolve_book
from fieldcrm.terminal_text import visible


def add_command(commands, db_option) -> None:
    commands.add_parser("doctor", parents=[db_option], help=_("check the book end to end"),
                        description=_("List changes set aside as not fieldcrm's, and check that every record "
                                      "reads in every screen, export and report. Changes nothing."))


def run(args) -> int:
    from fieldcrm.store import Store
    from fieldcrm.store.quarantine import QUARANTINE_NAME, key_of, read_set_aside

    with Store.open(resolve_book(getattr(args, "db", None)), read_only=True) as store:
        kept = read_set_aside(store.folder)
        known = {key_of(item) for item in kept}
        found = kept + [item for item in store.set_aside if key_of(item) not in known]
        for item in found:
            text = (_("Set aside from {where} on {day}: {problem}") if item.get("on")
                    else _("Set aside from {where}: {problem}"))
            print(visible(text.format(where=item.get("where"), day=item.get("on"), problem=item.get("problem")),
                          newlines=False))
        failures = list(_walk(store))
        for failure in failures:
            print(visible(failure, newlines=False))
        if found:
            print(ngettext("{count} change set aside; it is kept in {path} "
                           "(delete that file once you have read it).",
                           "{count} changes set aside; they are kept in {path} "
                           "(delete that file once you have read it).", len(found)).format(
                count=len(found), path=store.folder / QUARANTINE_NAME))
        if failures:
            print(ngettext("{count} check failed: the book needs a look.",
                           "{count} checks failed: the book needs a look.", len(failures)).format(
                count=len(failures)))
        if not found and not failures:
            print(_("{folder}: every record reads in every screen, export and report.").format(folder=store.folder))
    return 1 if found or failures else 0


def _walk(store):
    """One line for each part of the book that does not read."""
    from fieldcrm.model import RECORD_TYPES, Customer

    for kind in RECORD_TYPES:
        try:
            store.all(kind, include_deleted=True)
        except Exception as error:  # noqa: BLE001 - the point is to find what breaks
            yield _("{table}: a record cannot be read ({why})").format(table=kind.TABLE, why=_why(error))
    checks = [(_("the agenda and the screens' data"), _screens), (_("the report"), _report),
              (_("the vCard export"), _vcard), (_("the CSV export"), _csv), (_("the calendar export"), _ics)]
    try:
        from fieldcrm.workbook import Workbook
        work = Workbook(store)
    except Exception as error:  # noqa: BLE001
        yield _("the book cannot be loaded for the app ({why})").format(why=_why(error))
        return
    customers = sorted(store.all(Customer), key=lambda c: c.name)
    for what, check in checks:
        try:
            check(work, customers)
        except Exception as error:  # noqa: BLE001
            yield _("{what} fails ({why})").format(what=what, why=_why(error))


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
