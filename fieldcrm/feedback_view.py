"""The feedback report as text: per tag and per product, how often, recently, and customers' own words."""

from __future__ import annotations

from rich.text import Text

from fieldcrm.i18n import N_, _
from fieldcrm.rules.calendar import short_date
from fieldcrm.rules.feedback import FeedbackReport, Topic
from fieldcrm.rules.labels import complaint_words
from fieldcrm.terminal_text import visible
from fieldcrm.textwidth import fit

TAG_WORDS = {"product": N_("product"), "service": N_("service"), "delivery": N_("delivery"),
             "price": N_("price"), "other": N_("other")}
SOURCE_WORDS = {"note": N_("visit note"), "call": N_("call"), "message": N_("message"), "greeting": N_("greeting"),
                "complaint": N_("complaint"), "event": N_("event")}


def render_feedback(out: Text, report: FeedbackReport) -> None:
    out.append("\n" + _("Feedback per tag (recent: since {since})").format(since=short_date(report.since)) + "\n",
               style="bold")
    if not report.by_tag:
        out.append("  " + _("none yet: tag what customers say on a visit note, a complaint or at an event") + "\n",
                   style="dim")
    for topic in report.by_tag:
        _topic(out, _(TAG_WORDS.get(topic.name, topic.name)), topic)
    if report.by_product:
        out.append("\n" + _("Feedback per product") + "\n", style="bold")
        for topic in report.by_product:
            _topic(out, visible(topic.name, newlines=False), topic)


def _topic(out: Text, label: str, topic: Topic) -> None:
    out.append(f"  {fit(label, 16)} ", style="bold")
    out.append(_("{count} in all, {recent} recently").format(count=topic.count, recent=topic.recent) + "\n")
    for said in topic.quotes:  # customers' words from the book: control characters shown, not obeyed
        out.append(f"    {said.day} {visible(said.customer, newlines=False)} ({_(SOURCE_WORDS[said.source])}): ",
                   style="dim")
        # The rep's word for it (a complaint's category) outside the customer's quoted words.
        out.append(complaint_words(visible(said.category, newlines=False),
                                   "“" + visible(said.text, newlines=False) + "”") + "\n")
