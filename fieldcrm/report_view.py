"""The report as text with terminal charts (block characters): for the command line and the app."""

from __future__ import annotations

from rich.text import Text

from fieldcrm.model import INTERACTION_KINDS
from fieldcrm.rules.reports import Report
from fieldcrm.terminal_text import visible
from fieldcrm.textwidth import fit

EIGHTHS = " ▏▎▍▌▋▊▉█"
BAR = 40


def bar(value: float, top: float, width: int = BAR) -> str:
    """A horizontal bar in eighths of a character."""
    if top <= 0 or value <= 0:
        return ""
    eighths = round(value / top * width * 8)
    return "█" * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else "")


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def render(report: Report, currency: str = "¥") -> Text:
    out = Text()
    out.append(f"Report: {report.period} {report.start} to {report.end}\n", style="bold")
    out.append("\nActivity per week\n", style="bold")
    out.append(f"  {'week of':10}  " + "  ".join(f"{k[:5]:>5}" for k in INTERACTION_KINDS) + "  f-ups  total\n",
               style="dim")
    totals = [sum(w.by_kind.values()) for w in report.activity]
    for week, total in zip(report.activity, totals):
        counts = "  ".join(f"{week.by_kind[k]:>5}" for k in INTERACTION_KINDS)
        out.append(f"  {week.week_of}  {counts}  {week.followups_done:>5}  {total:>5} ")
        out.append(bar(total, max(totals, default=0), 20) + "\n", style="green")
    out.append("\nRevenue concentration (last 12 months)\n", style="bold")
    out.append(f"  {currency}{report.revenue_12m:,.0f} from {report.customers} customers; the top 20% bring "
               f"{pct(report.top20_share)}\n")
    running = 0.0
    for n, share in enumerate(report.deciles, start=1):
        running += share
        label = fit("top 10%" if n == 1 else f"{(n - 1) * 10}–{n * 10}%", 9)  # each tenth of customers
        out.append(f"  {label} {pct(share):>4} ")
        out.append(fit(bar(share, max(report.deciles), 30), 31), style="cyan")
        out.append(f" cum. {pct(running)}\n", style="dim")
    out.append("\nTier moves this month\n", style="bold")
    if not (report.moved_up or report.moved_down):
        out.append("  none\n", style="dim")
    for name, was, now in report.moved_up:  # names from the book: control characters shown, not obeyed
        out.append(f"  ▲ {visible(name, newlines=False)}: {was} → {now}\n", style="green")
    for name, was, now in report.moved_down:
        out.append(f"  ▼ {visible(name, newlines=False)}: {was} → {now}\n", style="red")
    out.append("\nReferral funnel\n", style="bold")
    top = max(report.funnel.values(), default=0)
    for step in ("asked", "received", "contacted", "won"):
        count = report.funnel.get(step, 0)
        out.append(f"  {step:10} {count:>4} ")
        out.append(bar(count, top, 30) + "\n", style="magenta")
    out.append(f"  referrers thanked within 2 days: {pct(report.thanked_on_time)}\n")
    out.append("\nComplaints\n", style="bold")
    median = "—" if report.median_days_to_resolve is None else f"{report.median_days_to_resolve:g} days"
    out.append(f"  open {report.complaints_open} · resolved {report.complaints_resolved} · "
               f"median time to resolve {median}\n")
    out.append(f"  promised dates kept {pct(report.promises_kept)}")
    if report.promises_due:
        out.append(f" ({report.promises_met} of {report.promises_due}")
        if report.promises_broken_open:
            out.append(f"; {report.promises_broken_open} still open past the promised date",
                       style="bold red")
        out.append(")")
    out.append("\n")
    return out
