"""``fieldcrm notice new|list|send``: one message to many customers, from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fieldcrm.i18n import _, ngettext
from fieldcrm.paths import resolve_book

if TYPE_CHECKING:
    from fieldcrm.model import Notice

KINDS = ("promotion", "weather", "new_product", "price_change", "holiday_hours", "other")


def add_notice_options(parser) -> None:
    """What a notice says and who it is for (shared with ``fieldcrm office notice``)."""
    parser.add_argument("--kind", choices=KINDS, default="other", help="which library message (default other)")
    parser.add_argument("--title", required=True, help="what it is about, as every message names it")
    parser.add_argument("--start", default="", metavar="DAY", help="from (today, fri, 1 Dec, 2026-12-01)")
    parser.add_argument("--end", default="", metavar="DAY", help="until (a promotion, holiday hours)")
    parser.add_argument("--text", default="", help="your own message instead of the library's: {address} {name} "
                                                   "{product} {title} {dates} {start} {end} {rep}")
    for key, words in (("area", "AREA"), ("tier", "A|B|C"), ("stage", "STAGE"), ("tag", "TAG"),
                       ("product", "PRODUCT"), ("channel", "CHANNEL")):
        parser.add_argument(f"--{key}", action="append", default=[], metavar=words,
                            help=f"only customers with this {key} (repeat for any of several)")
    parser.add_argument("--like", default="", metavar="NOTICE",
                        help="the same customers as an earlier notice (its id or title): a saved audience")
    parser.add_argument("--include-averse", action="store_true",
                        help="a promotion reaches customers who dislike being sold to too")


def add_commands(commands, db_option) -> None:
    notice = commands.add_parser("notice", help="one message to many customers, each personalised",
                                 description="Build a notice (a promotion told in advance, a weather warning, a new "
                                             "product, a price change, holiday hours), list them, or send one's "
                                             "messages as a CSV file for a bulk-messaging tool.")
    actions = notice.add_subparsers(dest="notice_command", metavar="ACTION", required=True)
    new = actions.add_parser("new", parents=[db_option], help="build a notice and its personalised messages")
    add_notice_options(new)
    actions.add_parser("list", parents=[db_option], help="every notice, with its messages to send and sent")
    send = actions.add_parser("send", parents=[db_option], help="write a notice's waiting messages to a CSV file",
                              description="Write the messages waiting to be sent (name, phone, message) to a CSV "
                                          "file for a bulk-messaging tool; each is then logged as sent.")
    send.add_argument("notice", metavar="NOTICE", help="the notice's id (or its start) or title")
    send.add_argument("--csv", required=True, type=Path, metavar="FILE")
    send.add_argument("--force", action="store_true", help="replace FILE if it exists")


def notice_from(args, today, earlier=()) -> "Notice":
    from fieldcrm.model import Notice
    from fieldcrm.outreach import NoticeError
    from fieldcrm.when import parse_day

    days = {}
    for name, text in (("starts", args.start), ("ends", args.end)):
        try:
            days[name] = parse_day(text, today).isoformat() if text.strip() else ""
        except ValueError as error:
            raise NoticeError(_("{error} Nothing was saved.").format(error=error)) from None
    audience = {key: getattr(args, key) for key in ("area", "tier", "stage", "tag", "product", "channel")}
    for key, values in audience.items():
        if any(not value.strip() for value in values):  # --tier '' is a slip, not "everyone"
            raise NoticeError(_("--{key} was given an empty value: give it one, or leave --{key} out to reach "
                                "every customer; nothing was saved.").format(key=key), key)
    if args.like:
        like = find(earlier, args.like)
        audience = {key: audience[key] or like.audience.get(key, []) for key in audience}
    return Notice(kind=args.kind, title=args.title.strip(), text=args.text, audience=audience,
                  include_promo_averse=args.include_averse, **days)


def find(notices, wanted: str):
    from fieldcrm.outreach import NoticeError

    wanted = wanted.strip()
    found = [n for n in notices if wanted and (n.id.startswith(wanted.lower()) or n.id.endswith(wanted.lower())
                                               or n.title.casefold() == wanted.casefold())]
    if len(found) != 1:
        raise NoticeError(_("No notice is called {wanted!r}; see fieldcrm notice list.").format(wanted=wanted)
                          if not found else _("{count} notices are called {wanted!r}; give its id instead.").format(
                              count=len(found), wanted=wanted))
    return found[0]


def short(notice_id: str) -> str:
    """The id's random end: ids made the same minute share their start."""
    return notice_id[-8:]


def left_out_lines(found) -> list[str]:
    return ["  " + _("left out: {why}").format(why=f"{r.name} ({r.left_out})") for r in found if not r.included]


def run(args) -> int:
    from fieldcrm import outreach
    from fieldcrm.workbook import ChangingBook

    folder = resolve_book(getattr(args, "db", None))
    read_only = args.notice_command == "list"
    with ChangingBook(folder, read_only=read_only, create=False) as book:
        work = book.work
        if args.notice_command == "list":
            return _list(work)
        if args.notice_command == "new":
            notice, found = outreach.create(work, notice_from(args, work.today(), outreach.notices(work)))
            included = sum(r.included for r in found)
            print(_("Notice {id} ({title}): {to_send}, {left_out} left out.").format(
                id=short(notice.id), title=notice.title, to_send=outreach.messages_to_send(included),
                left_out=len(found) - included))
            for line in left_out_lines(found):
                print(line)
            print(_("Send them from the app (b, then s for each) or: fieldcrm notice send {id} --csv FILE").format(
                id=short(notice.id)))
            return 0
        notice = find(outreach.notices(work), args.notice)
        written, no_phone = outreach.export_csv(work, notice.id, args.csv, force=args.force)
        said = ngettext("Wrote {count} message to {path}; it is logged as sent.",
                        "Wrote {count} messages to {path}; they are logged as sent.", written).format(
            count=written, path=args.csv)
        if no_phone:
            said += " " + ngettext("{count} without a phone number waits in the app.",
                                   "{count} without a phone number wait in the app.", no_phone).format(count=no_phone)
        print(said)
        return 0


def _list(work) -> int:
    from fieldcrm import outreach
    from fieldcrm.rules.labels import notice_kind_label

    tally = outreach.counts(work)
    found = outreach.notices(work)
    if not found:
        print(_("No notices yet: fieldcrm notice new --title ... (or b in the app)."))
    for notice in found:
        counts = tally.get(notice.id, outreach.Counts())
        days = [d for d in (notice.starts, notice.ends) if d]
        dates = _("{start} to {end}").format(start=days[0], end=days[1]) if len(days) == 2 else (days or ["-"])[0]
        who = _("office") if notice.team else _("mine")
        print(_("{id}  {title}  [{kind}, {dates}, {who}]  {pending} to send, {sent} sent, {left_out} left out").format(
            id=short(notice.id), title=notice.title, kind=notice_kind_label(notice.kind), dates=dates, who=who,
            pending=counts.pending, sent=counts.sent, left_out=counts.skipped))
    return 0
