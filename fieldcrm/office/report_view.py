"""The team report as text with terminal charts: for ``fieldcrm office report`` and the office's app.

Names are data: every one goes through ``visible`` and is padded by terminal
cells (``fit``), so Chinese names keep the columns straight.
"""

from __future__ import annotations

from rich.text import Text

from fieldcrm.i18n import N_, _, ngettext
from fieldcrm.model import CONTACT_KINDS
from fieldcrm.office.report import FUNNEL, TeamReport
from fieldcrm.report_view import bar, heading, pct
from fieldcrm.rules.labels import step_label
from fieldcrm.terminal_text import visible
from fieldcrm.textwidth import cells, fit

SPARK = " ▁▂▃▄▅▆▇█"
MAX_BAR = 40  # wider bars are no easier to compare
HEADINGS = {"visit": N_("visits"), "call": N_("calls"), "message": N_("msgs"), "greeting": N_("greet")}


def _name(text: str) -> str:
    return visible(text, newlines=False)


def rep_label(line) -> str:
    return _("{name} (left)").format(name=_name(line.name)) if line.left else _name(line.name)


def spark(values: list[int]) -> str:
    """One character per value, its height against the largest."""
    top = max(values, default=0)
    return "".join(SPARK[0 if not v else max(1, round(v / top * 8))] for v in values) if top else " " * len(values)


def render(report: TeamReport, width: int = 80) -> Text:
    """The report; ``width`` (the terminal's columns, at least 60) sizes the bars."""
    width = max(60, width)
    name_w = min(22, max([cells(rep_label(line)) for line in report.reps] + [8]))
    out = Text()
    title = (_("Team report: week {start} to {end}") if report.period == "week"
             else _("Team report: month {start} to {end}"))
    out.append(title.format(start=report.start, end=report.end), style="bold")
    count = len(report.reps)
    out.append("  " + ngettext("({count} rep)", "({count} reps)", count).format(count=count) + "\n"
               if report.reps else "\n")
    if not report.reps:
        out.append("  " + _("No reps on the roster yet: add one with `fieldcrm office rep add NAME`.") + "\n",
                   style="dim")
        return out
    _activity(out, report, name_w, width)
    _weekly(out, report, name_w)
    _coverage(out, report, name_w, width)
    _funnel(out, report, name_w)
    _complaints(out, report, name_w)
    _at_risk(out, report)
    _duplicates(out, report)
    return out


def _activity(out: Text, report: TeamReport, name_w: int, width: int) -> None:
    out.append("\n" + (_("Contacts this week, per rep") if report.period == "week"
                       else _("Contacts this month, per rep")), style="bold")
    out.append("  " + _("(the bar: visits)") + "\n", style="dim")
    counts = "".join(heading(_(HEADINGS[k]), 7) for k in CONTACT_KINDS)
    out.append(f"  {'':{name_w}}{counts}  " + _("f-ups") + "\n", style="dim")
    top = max((line.period["visit"] for line in report.reps), default=0)
    bar_w = min(MAX_BAR, max(8, width - name_w - 4 * 7 - 7 - 4))
    for line in report.reps:
        numbers = "".join(f"{line.period[k]:>7}" for k in CONTACT_KINDS)
        out.append(f"  {fit(rep_label(line), name_w)}{numbers}  {line.period['followups_done']:>5} ")
        out.append(bar(line.period["visit"], top, bar_w) + "\n", style="green")


def _weekly(out: Text, report: TeamReport, name_w: int) -> None:
    out.append("\n" + _("Contacts per week"), style="bold")
    out.append("  " + _("(visits, calls, messages, greetings; week of)") + "\n", style="dim")
    out.append(f"  {'':{name_w}}" + "".join(f"{w[5:]:>6}" for w in report.weeks) + "\n", style="dim")
    for line in report.reps:
        totals = [sum(w.by_kind.values()) for w in line.weeks]
        out.append(f"  {fit(rep_label(line), name_w)}" + "".join(f"{t:>6}" for t in totals) + "  ")
        out.append(spark(totals) + "\n", style="green")


def _coverage(out: Text, report: TeamReport, name_w: int, width: int) -> None:
    out.append("\n" + _("Coverage"), style="bold")
    out.append("  " + _("(customers contacted, by anyone, within their cadence)") + "\n", style="dim")
    bar_w = min(MAX_BAR, max(8, width - name_w - 20))
    for line in report.reps:
        if line.customers == 0 and line.left:
            continue  # handed over: nothing left to cover
        out.append(f"  {fit(rep_label(line), name_w)} {line.covered:>4}/{line.customers:<4} {pct(line.coverage):>4} ")
        out.append(bar(line.coverage or 0, 1.0, bar_w) + "\n", style="cyan")


def _funnel(out: Text, report: TeamReport, name_w: int) -> None:
    out.append("\n" + _("Referrals received in the period"), style="bold")
    out.append("  " + _("(by the referrer's rep)") + "\n", style="dim")
    out.append(f"  {'':{name_w}}" + "".join(heading(step_label(step), 10) for step in FUNNEL) + "\n", style="dim")
    for line in report.reps:
        out.append(f"  {fit(rep_label(line), name_w)}" + "".join(f"{line.funnel[s]:>10}" for s in FUNNEL) + "\n")


def _complaints(out: Text, report: TeamReport, name_w: int) -> None:
    out.append("\n" + _("Complaints open"), style="bold")
    out.append("  " + _("(by the customer's rep)") + "\n", style="dim")
    for line in report.reps:
        if not line.complaints_open and line.left:
            continue
        out.append(f"  {fit(rep_label(line), name_w)} " + _("{count} open").format(count=f"{line.complaints_open:>4}"))
        if line.complaints_past_promise:
            out.append(_(", {count} past the promised date").format(count=line.complaints_past_promise),
                       style="bold red")
        out.append("\n")


def _at_risk(out: Text, report: TeamReport) -> None:
    out.append("\n" + _("Key accounts at risk"), style="bold")
    out.append("  " + _("(tier A, not contacted within their cadence)") + "\n", style="dim")
    if not report.at_risk:
        out.append("  " + _("none") + "\n", style="dim")
    name_w = min(24, max(cells(_name(r.name)) for r in report.at_risk) if report.at_risk else 8)
    for r in report.at_risk:
        since = (_("never contacted (every {cadence} days)") if r.days_since is None
                 else _("{days} days since contact (every {cadence} days)"))
        out.append(f"  {fit(_name(r.name), name_w)}  {fit(_name(r.owner), 14)}  ")
        out.append(since.format(days=r.days_since, cadence=r.cadence) + "\n", style="red")


def _duplicates(out: Text, report: TeamReport) -> None:
    out.append("\n" + _("Likely the same customer at two reps"), style="bold")
    out.append("  " + _("(same phone or e-mail)") + "\n", style="dim")
    if not report.duplicates:
        out.append("  " + _("none") + "\n", style="dim")
    for dup in report.duplicates:
        key = f"…{dup.key}" if dup.by == "phone" else _name(dup.key)
        who = " · ".join(f"{_name(c['name'])} ({_name(c['owner'])})" for c in dup.customers)
        by = _("phone") if dup.by == "phone" else _("e-mail") if dup.by == "e-mail" else dup.by
        out.append(f"  {by} {key}: ", style="dim")
        out.append(who + "\n")
