"""The report as text with terminal charts (block characters): for the command line and the app."""

from __future__ import annotations

from rich.text import Text

from fieldcrm.i18n import N_, _, ngettext
from fieldcrm.model import INTERACTION_KINDS
from fieldcrm.rules.calendar import short_date
from fieldcrm.rules.labels import kind_label, step_label
from fieldcrm.rules.reports import Report
from fieldcrm.terminal_text import visible
from fieldcrm.textwidth import cells, fit

EIGHTHS = " ▏▎▍▌▋▊▉█"
BAR = 40
SHORT_KINDS = {"message": N_("msgs"), "greeting": N_("greet")}  # as the team report heads them


def bar(value: float, top: float, width: int = BAR) -> str:
    """A horizontal bar in eighths of a character."""
    if top <= 0 or value <= 0:
        return ""
    eighths = round(value / top * width * 8)
    return "█" * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else "")


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def right(text: str, width: int) -> str:
    """``text`` right-aligned in ``width`` terminal cells (a Chinese character takes two)."""
    return " " * max(0, width - cells(text)) + text


def heading(text: str, width: int) -> str:
    """A column heading cut to ``width`` cells ("messa"), right-aligned."""
    while cells(text) > width:
        text = text[:-1]
    return right(text, width)


def room(width: int, used: int, most: int) -> int:
    """A bar's width: what the line has left after ``used`` cells, at most ``most``. A bar
    wider than that wrapped onto the next line at 80×24."""
    return max(0, min(most, width - used))


def render(report: Report, currency: str = "¥", width: int = 80) -> Text:
    """The report; no line of a table is wider than ``width`` cells (the terminal's
    columns, less any scroll bar): the bars take what is left."""
    out = Text()
    title = (_("Report: week {start} to {end}") if report.period == "week"
             else _("Report: month {start} to {end}")).format(start=short_date(report.start), end=short_date(report.end))
    out.append(title + "\n", style="bold")
    _activity(out, report, width)
    _concentration(out, report, currency, width)
    _tier_moves(out, report)
    _referrals(out, report, width)
    _complaints(out, report)
    _outreach(out, report, width)
    if report.feedback is not None:
        from fieldcrm.feedback_view import render_feedback
        render_feedback(out, report.feedback)
    return out


def _outreach(out: Text, report: Report, width: int) -> None:
    out.append("\n" + _("Notices and gatherings per week") + "\n", style="bold")
    columns = (fit(_("week of"), 10), heading(_("sent"), 5), heading(_("came"), 5))
    out.append("  " + "  ".join(columns) + "\n", style="dim")
    top = max((w.sent for w in report.outreach), default=0)
    rows = [f"  {fit(short_date(week.week_of), 10)}  {week.sent:>5}  {week.attended:>5} " for week in report.outreach]
    bar_w = room(width, max(map(cells, rows), default=0), 20)
    for week, row in zip(report.outreach, rows):
        out.append(row)
        out.append(bar(week.sent, top, bar_w) + "\n", style="blue")


def kind_heading(kind: str) -> str:
    """A kind's column heading in 5 cells: "message" was cut to "messa"."""
    return _(SHORT_KINDS[kind]) if kind in SHORT_KINDS else kind_label(kind)


def _activity(out: Text, report: Report, width: int) -> None:
    out.append("\n" + _("Activity per week") + "\n", style="bold")
    kinds = "  ".join(heading(kind_heading(k), 5) for k in INTERACTION_KINDS)
    columns = (fit(_("week of"), 10), kinds, heading(_("f-ups"), 5), heading(_("total"), 5))
    out.append("  " + "  ".join(columns) + "\n", style="dim")
    totals = [sum(w.by_kind.values()) for w in report.activity]
    rows = [f"  {fit(short_date(week.week_of), 10)}  {'  '.join(f'{week.by_kind[k]:>5}' for k in INTERACTION_KINDS)}"
            f"  {week.followups_done:>5}  {total:>5} " for week, total in zip(report.activity, totals)]
    bar_w = room(width, max(map(cells, rows), default=0), 20)
    for row, total in zip(rows, totals):
        out.append(row)
        out.append(bar(total, max(totals, default=0), bar_w) + "\n", style="green")


def _concentration(out: Text, report: Report, currency: str, width: int) -> None:
    out.append("\n" + _("Revenue concentration (last 12 months)") + "\n", style="bold")
    customers = ngettext("{amount} from {count} customer; the top 20% bring {share}",
                         "{amount} from {count} customers; the top 20% bring {share}", report.customers)
    out.append("  " + customers.format(amount=f"{currency}{report.revenue_12m:,.0f}", count=report.customers,
                                       share=pct(report.top20_share)) + "\n")
    # Room for the bar: the label and share before it, the widest "cum. 100%" after it.
    bar_w = room(width, 2 + 9 + 1 + 4 + 1 + 1 + 1 + cells(_("cum. {share}").format(share="100%")), 30)
    running = 0.0
    for n, share in enumerate(report.deciles, start=1):
        running += share
        label = fit(_("top 10%") if n == 1 else f"{(n - 1) * 10}–{n * 10}%", 9)  # each tenth of customers
        out.append(f"  {label} {pct(share):>4} ")
        out.append(fit(bar(share, max(report.deciles), bar_w), bar_w + 1), style="cyan")
        out.append(" " + _("cum. {share}").format(share=pct(running)) + "\n", style="dim")


def _tier_moves(out: Text, report: Report) -> None:
    out.append("\n" + _("Tier moves this month") + "\n", style="bold")
    if not (report.moved_up or report.moved_down):
        out.append("  " + _("none") + "\n", style="dim")
    for name, was, now in report.moved_up:  # names from the book: control characters shown, not obeyed
        out.append(f"  ▲ {visible(name, newlines=False)}: {was} → {now}\n", style="green")
    for name, was, now in report.moved_down:
        out.append(f"  ▼ {visible(name, newlines=False)}: {was} → {now}\n", style="red")


def _referrals(out: Text, report: Report, width: int) -> None:
    out.append("\n" + _("Referral funnel") + "\n", style="bold")
    top = max(report.funnel.values(), default=0)
    for step in ("asked", "received", "contacted", "won"):
        count = report.funnel.get(step, 0)
        out.append(f"  {fit(step_label(step), 10)} {count:>4} ")
        out.append(bar(count, top, room(width, 2 + 10 + 1 + 4 + 1, 30)) + "\n", style="magenta")
    out.append("  " + _("referrers thanked within 2 days: {share}").format(share=pct(report.thanked_on_time)) + "\n")


def _complaints(out: Text, report: Report) -> None:
    out.append("\n" + _("Complaints") + "\n", style="bold")
    days = report.median_days_to_resolve
    median = "—" if days is None else ngettext("{count} day", "{count} days", 1 if days == 1 else 2).format(
        count=f"{days:g}")
    out.append("  " + _("open {open} · resolved {resolved} · median time to resolve {median}").format(
        open=report.complaints_open, resolved=report.complaints_resolved, median=median) + "\n")
    out.append("  " + _("promised dates kept {share}").format(share=pct(report.promises_kept)))
    if report.promises_due:
        met, due, broken = report.promises_met, report.promises_due, report.promises_broken_open
        if not broken:
            out.append(_(" ({met} of {due})").format(met=met, due=due))
        else:  # the broken promises in red, wherever the language puts them
            words = ngettext("; {count} still open past the promised date",
                             "; {count} still open past the promised date", broken).format(count=broken)
            head, _mark, tail = _(" ({met} of {due}{broken})").format(met=met, due=due, broken="\0").partition("\0")
            out.append(head)
            out.append(words, style="bold red")
            out.append(tail)
    out.append("\n")
