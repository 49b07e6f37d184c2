"""``fieldcrm event``: run a gathering from the command line (the Events screen does the same)."""

from __future__ import annotations

from pathlib import Path

from fieldcrm.paths import resolve_book


def add_command(commands, db_option) -> None:
    event = commands.add_parser("event", parents=[db_option], help="gatherings: invite, replies, attendance, feedback",
                                description="Run a gathering: a new event, its invite list and invitations, "
                                            "replies, who came, and what they said.")
    actions = event.add_subparsers(dest="event_command", metavar="ACTION", required=True)
    new = actions.add_parser("new", parents=[db_option], help="a new event")
    new.add_argument("title", metavar="TITLE")
    new.add_argument("--day", required=True, metavar="DAY", help="fri, +7d or 2026-12-05")
    new.add_argument("--time", default="", metavar="HH:MM")
    new.add_argument("--place", default="", metavar="PLACE")
    actions.add_parser("list", parents=[db_option], help="every event with its replies and attendance")
    invite = actions.add_parser("invite", parents=[db_option], help="build the invite list; send by CSV",
                                description="Invite the customers the filters reach (all of them without "
                                            "--where) and print each personalised invitation; with --csv, write "
                                            "the invitations not yet sent (name, phone, text) and mark them sent.")
    invite.add_argument("event", metavar="EVENT", help="the event's title or id")
    invite.add_argument("--where", action="append", default=[], metavar="KEY=VALUE",
                        help="area, tier, stage, tag, product or channel (repeat; values with commas)")
    invite.add_argument("--csv", type=Path, metavar="FILE", help="write the invitations to send to this new file")
    reply = actions.add_parser("reply", parents=[db_option], help="a customer's reply")
    reply.add_argument("event", metavar="EVENT")
    reply.add_argument("customer", metavar="CUSTOMER", help="the invited customer's name or id")
    reply.add_argument("answer", choices=("yes", "no", "maybe"))
    attend = actions.add_parser("attend", parents=[db_option], help="a customer came (or, with --no, did not)")
    attend.add_argument("event", metavar="EVENT")
    attend.add_argument("customer", metavar="CUSTOMER")
    attend.add_argument("--no", action="store_true", help="they did not come")
    feedback = actions.add_parser("feedback", parents=[db_option], help="what an attendee said, tagged")
    feedback.add_argument("event", metavar="EVENT")
    feedback.add_argument("customer", metavar="CUSTOMER")
    feedback.add_argument("text", metavar="TEXT")
    feedback.add_argument("--tags", default="other", metavar="TAGS", help="product, service, delivery, price, other")
    feedback.add_argument("--product", default="", metavar="PRODUCT")


def run(args) -> int:
    from fieldcrm.workbook import ChangingBook

    read_only = args.event_command == "list"
    with ChangingBook(resolve_book(getattr(args, "db", None)), read_only=read_only, create=False) as book:
        return ACTIONS[args.event_command](book.work, args)


def event_day(work, text: str) -> str:
    """An event's day from what was typed (fri, +7d, 明天, 2026-12-05), counted from the book's today;
    a day it cannot read is one sentence."""
    from fieldcrm.store.errors import BookError
    from fieldcrm.when import parse_day
    try:
        return parse_day(text, work.today(), blank_is_today=False).isoformat()
    except ValueError as error:
        raise BookError(str(error)) from None


def _new(work, args) -> int:
    from fieldcrm import gatherings
    from fieldcrm.i18n import _
    event = gatherings.new_event(work, args.title, event_day(work, args.day), args.time, args.place)
    print(_("Event {title} on {day} ({id}).").format(title=event.title, day=event.day, id=event.id))
    return 0


def _list(work, args) -> int:
    from fieldcrm import gatherings
    from fieldcrm.i18n import _
    from fieldcrm.rules.gatherings import tally
    for event in gatherings.events(work):
        counts = tally(gatherings.invitations(work, event.id))
        print(f"{event.day} {event.time:5} {event.title}  {event.place}  " + _(
            "{invited} invited · {sent} sent · {yes} yes · {maybe} maybe · {no} no · {waiting} no reply · "
            "{came} came").format(**counts))
    return 0


def _invite(work, args) -> int:
    from fieldcrm import gatherings
    from fieldcrm.i18n import _, ngettext
    from fieldcrm.rules.gatherings import parse_audience
    from fieldcrm.store.errors import BookError
    event = gatherings.find_event(work, args.event)
    try:
        audience = parse_audience(args.where)
    except ValueError as error:
        raise BookError(str(error)) from None
    chosen = gatherings.audience(work, audience)
    if not chosen:
        raise BookError(_("No customer matches; nobody was invited."))
    made = gatherings.invite(work, event, chosen)
    print(ngettext("{count} customer invited.", "{count} customers invited.", len(made)).format(count=len(made)))
    if args.csv:
        count = gatherings.send_csv(work, event.id, args.csv)
        print(ngettext("Wrote {path} ({count} invitation); it is marked sent.",
                       "Wrote {path} ({count} invitations); they are marked sent.", count).format(
            path=args.csv, count=count))
    else:
        for customer, message in gatherings.pending(work, event.id):
            print(f"{customer.name}: {message.message}")
    return 0


def _reply(work, args) -> int:
    from fieldcrm import gatherings
    from fieldcrm.i18n import _
    from fieldcrm.rules.gatherings import reply_words
    event = gatherings.find_event(work, args.event)
    invitation = gatherings.reply(work, gatherings.find_invitation(work, event, args.customer), args.answer)
    print(_("{name}: {reply}").format(name=work.name_of(invitation.customer_id), reply=reply_words(args.answer)))
    return 0


def _attend(work, args) -> int:
    from fieldcrm import gatherings
    from fieldcrm.i18n import _
    event = gatherings.find_event(work, args.event)
    invitation = gatherings.attend(work, gatherings.find_invitation(work, event, args.customer), not args.no)
    name = work.name_of(invitation.customer_id)
    print((_("{name} did not come.") if args.no else _("{name} came.")).format(name=name))
    return 0


def _feedback(work, args) -> int:
    from fieldcrm import gatherings
    from fieldcrm.i18n import _
    from fieldcrm.store.errors import BookError
    event = gatherings.find_event(work, args.event)
    try:
        tags = gatherings.parse_tags(args.tags)
    except ValueError as error:
        raise BookError(str(error)) from None
    gatherings.feedback(work, gatherings.find_invitation(work, event, args.customer), args.text, tags, args.product)
    print(_("Feedback saved."))
    return 0


ACTIONS = {"new": _new, "list": _list, "invite": _invite, "reply": _reply, "attend": _attend, "feedback": _feedback}
