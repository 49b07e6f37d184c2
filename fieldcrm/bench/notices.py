"""The notices' figures for ``fieldcrm bench``: building and personalising a notice to 5,000
customers, and a keystroke in the new-notice form (the preview rebuilt and drawn)."""

from __future__ import annotations

import asyncio
import statistics
import time

AUDIENCE_SIZE = 5_000
RUNS = 7
# Typing an area into the form, then clearing it, then a tier: each keystroke rebuilds the preview.
KEYSTROKES = [("f-area", v) for v in ("N", "No", "Nor", "Nort", "North", "")] + \
             [("f-tier", v) for v in ("A", "", "B", "")] + [("title", v) for v in ("W", "Wi", "Win")]


def phase_notices(book: str) -> dict:
    from fieldcrm import outreach
    from fieldcrm.model import Notice
    from fieldcrm.rules.notices import recipients
    from fieldcrm.store import Store
    from fieldcrm.workbook import Workbook

    with Store.open(book, read_only=True) as store:
        work = Workbook(store)
        started = time.perf_counter()
        people = outreach.people(work)  # once per change of the book (outreach.People caches it)
        people_ms = (time.perf_counter() - started) * 1000
        chosen = people[:AUDIENCE_SIZE]
        notice = Notice(kind="promotion", title="the winter tea sale", starts="2026-02-01", ends="2026-02-10")
        template = outreach.template(notice.kind)
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            found = recipients(notice, template, chosen, work.store.rep.name)
            timings.append((time.perf_counter() - started) * 1000)
        keystroke = asyncio.run(_keystrokes(work))
    return {"notice_customers": len(found), "notice_build_ms": round(statistics.median(timings), 1),
            "notice_people_ms": round(people_ms, 1), **keystroke}


async def _keystrokes(work) -> dict:
    from textual.widgets import Input

    from fieldcrm.tui.app import FieldCRM
    from fieldcrm.tui.screens.notice_form import NoticeForm
    from fieldcrm.tui.widgets.rowlist import RowList

    app = FieldCRM(work=work)
    timings = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        app.push_screen(NoticeForm())  # the book is open read-only here: the form only previews
        await pilot.pause()
        form = app.screen
        rows = form.query_one("#recipients", RowList)
        for field, value in KEYSTROKES:
            box = form.query_one(f"#{field}", Input)
            started = time.perf_counter()
            with box.prevent(Input.Changed):
                box.value = value
            form.refresh_preview()
            for y in range(rows.size.height):
                rows.render_line(y)
            timings.append((time.perf_counter() - started) * 1000)
    return {"notice_keystroke_ms": round(statistics.median(timings), 1),
            "notice_keystroke_max_ms": round(max(timings), 1)}
