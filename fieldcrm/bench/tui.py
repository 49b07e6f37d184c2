"""The TUI's figures for ``fieldcrm bench``: a search keystroke, and time to a usable first screen.

Start-up is measured in a real terminal (tmux, 120x40) against a bare Textual
app with an empty DataTable, in the same run, alternating, median of five each
(of ten for the bare app, which is timed beside each of the two kinds of start).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BARE_APP = """
from textual.app import App
from textual.widgets import DataTable, Footer, Header
class Bare(App):
    def compose(self):
        yield Header(); yield DataTable(); yield Footer()
    def on_mount(self):
        self.query_one(DataTable).add_columns("READY-BARE")
Bare().run()
"""
READY_MARK = "on the list"  # Today's heading, once the list is on screen
# A tmux server of its own per bench run: two benches at once (CI and a developer) must not share one.
TMUX = ["tmux", "-L", f"fieldcrm-bench-{os.getpid()}"]
RUNS = 5


def phase_search(book: str) -> dict:
    """A search keystroke at full size: filter every customer, replace the list's rows
    and draw every line in view (Pilot's own event scheduling, ~60 ms even for a key
    that does nothing, is left out). Also the time to read every name's pinyin."""
    return asyncio.run(_search(book))


QUERIES = ["w", "wa", "wan", "wang", "wan", "wa", "w", "", "王", "", "s", "sm", "smi", "smit",
           "smith", "", "138", "1380", "", "harbour", "z", "zx", "zxy", "", "zhang x", "zhang xy"]


async def _search(book: str) -> dict:
    from textual.widgets import Input

    from fieldcrm.store import Store
    from fieldcrm.tui.app import FieldCRM
    from fieldcrm.tui.widgets.rowlist import RowList
    from fieldcrm.workbook import Workbook

    with Store.open(book, read_only=True) as store:
        work = Workbook(store)
        # The pinyin of every name, read from nothing (the app does it in a worker
        # thread once the book is open): loading pypinyin, then reading the names.
        started = time.perf_counter()
        import pypinyin  # noqa: F401
        loaded = time.perf_counter()
        work.search.warm()
        index_ms = (time.perf_counter() - loaded) * 1000
        import_ms = (loaded - started) * 1000
        bare = await _bare_screen_s()  # before the app, never beside it
        app = FieldCRM(work=work)
        timings = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("c")
            await pilot.pause()
            screen = app.screen
            search, rows = screen.query_one("#search", Input), screen.query_one(RowList)
            for query in QUERIES:
                started = time.perf_counter()
                with search.prevent(Input.Changed):
                    search.value = query
                screen.refilter(new_search=True)
                for y in range(rows.size.height):
                    rows.render_line(y)
                timings.append((time.perf_counter() - started) * 1000)
            opening = await _screen_visits(app, pilot, bare)
            # The Reports screen again, the book unchanged: as fast as a screen that reads nothing.
            await app.switch_mode("reports")
            await pilot.pause()
            reports = app.screen
            work._report_key = None  # as after a change: built again
            started = time.perf_counter()
            reports.show()
            built = time.perf_counter() - started
            started = time.perf_counter()
            reports.show()
            again = time.perf_counter() - started
    return {**opening, "reports_again_ratio": round(again / built, 3),
            "search_ms": round(statistics.median(timings), 1), "search_max_ms": round(max(timings), 1),
            "pinyin_import_ms": round(import_ms, 1), "pinyin_index_ms": round(index_ms, 1)}


VISITS = 5


async def _timed(pilot, go) -> float:
    started = time.perf_counter()
    await go()
    await pilot.pause()
    return time.perf_counter() - started


async def _bare_screen_s() -> float:
    """Textual's own cost of opening a screen (Header, DataTable, Footer), in a bare app of
    the same size: median of ``VISITS``, opened and closed."""
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Header

    class Bare(Screen):
        def compose(self):
            yield Header()
            yield DataTable()
            yield Footer()

    class BareApp(App):
        def compose(self):
            yield Header()
            yield DataTable()
            yield Footer()

    app = BareApp()
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(VISITS):
            times.append(await _timed(pilot, lambda: app.push_screen(Bare())))
            await _timed(pilot, app.pop_screen)
    return statistics.median(times)


async def _screen_visits(app, pilot, bare: float) -> dict:
    """Customers and Referrals opened from Today on the big book (the first time, then again:
    median of ``VISITS``), each against a bare Textual screen opened in a bare app in the same
    run (``_bare_screen_s``): what fieldcrm's screens cost beyond Textual's own work."""
    figures = {"bare_screen_ms": round(bare * 1000, 1)}

    async def home() -> None:
        await app.run_action("switch_mode('today')")

    await home()
    await pilot.pause()
    for mode in ("customers", "referrals"):
        async def go(mode=mode) -> None:
            await app.run_action(f"switch_mode('{mode}')")

        first = await _timed(pilot, go)
        await _timed(pilot, home)
        again = []
        for _ in range(VISITS):
            again.append(await _timed(pilot, go))
            await _timed(pilot, home)
        figures[f"open_{mode}_ratio"] = round(first / bare, 2)
        figures[f"open_{mode}_again_ratio"] = round(statistics.median(again) / bare, 2)
    return figures


def phase_startup(book: str) -> dict:
    """Seconds to a usable Today against a bare Textual app's first frame: from the list
    saved at the last close; cold (no saved list: the book loads first); and after a
    ``fieldcrm sync import`` on the command line between the last close and the start."""
    if shutil.which("tmux") is None:
        return {"startup_ratio": None, "startup_note": "tmux is not installed"}
    import tempfile

    from fieldcrm.bench.sync import rep_files
    from fieldcrm.store import Store
    from fieldcrm.workbook import Workbook

    Workbook(Store.open(book)).close()  # what quitting the app does: checkpoint, save the lists
    views = Path(book) / "views" / "agenda.json"
    ours = [sys.executable, "-m", "fieldcrm", "--db", book, "--read-only"]
    bare = [sys.executable, "-c", BARE_APP]
    bare_s, warm_s, cold_s, after_import_s = [], [], [], []
    # A private tmux server, kept up by an idle session for the whole measurement:
    # it leaves the user's own tmux alone and never restarts between runs.
    subprocess.run(TMUX + ["new-session", "-d", "-s", "keeper", "sleep 3600"], check=True)
    try:
        for _ in range(RUNS):
            bare_s.append(_time_to(bare, "READY-BARE"))
            warm_s.append(_time_to(ours, READY_MARK))
            saved = views.read_bytes()
            views.unlink()
            cold_s.append(_time_to(ours, READY_MARK))
            views.write_bytes(saved)
        with tempfile.TemporaryDirectory() as tmp:
            for sync_file in rep_files(Path(book), Path(tmp), count=RUNS):  # another rep's day each
                bare_s.append(_time_to(bare, "READY-BARE"))
                subprocess.run([sys.executable, "-m", "fieldcrm", "sync", "import", "--db", book,
                                str(sync_file)], check=True, capture_output=True)
                after_import_s.append(_time_to(ours, READY_MARK))
    finally:
        subprocess.run(TMUX + ["kill-server"], stderr=subprocess.DEVNULL)
    bare_m, warm_m, cold_m, after_m = (statistics.median(x) for x in (bare_s, warm_s, cold_s, after_import_s))
    return {"bare_first_frame_s": round(bare_m, 3), "startup_s": round(warm_m, 3),
            "startup_ratio": round(warm_m / bare_m, 2), "startup_cold_s": round(cold_m, 3),
            "startup_cold_ratio": round(cold_m / bare_m, 2), "startup_after_import_s": round(after_m, 3),
            "startup_after_import_ratio": round(after_m / bare_m, 2)}


def _time_to(command: list[str], marker: str, timeout: float = 30.0) -> float:
    """Launch ``command`` in a detached 120x40 tmux session; seconds until ``marker`` shows."""
    session = f"fieldcrm-bench-{time.monotonic_ns()}"
    started = time.perf_counter()
    pane = subprocess.run(TMUX + ["new-session", "-d", "-P", "-F", "#{pane_pid}", "-s", session, "-x", "120",
                                  "-y", "40", " ".join(_quote(c) for c in command)],
                          check=True, capture_output=True, text=True).stdout
    try:
        while time.perf_counter() - started < timeout:
            screen = subprocess.run(TMUX + ["capture-pane", "-p", "-t", session],
                                    capture_output=True, text=True).stdout
            if marker in screen:
                return time.perf_counter() - started
            time.sleep(0.003)  # polling the screen, not timing a result
        raise RuntimeError(f"{marker!r} never appeared on screen:\n{screen}")
    finally:
        subprocess.run(TMUX + ["kill-session", "-t", session], stderr=subprocess.DEVNULL)
        _wait_gone(int(pane))


def _wait_gone(pid: int, timeout: float = 30.0) -> None:
    """Wait until the measured process has ended: one still loading its book in the
    background would take the CPU from the next run (two cores measure one at a time)."""
    import os
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.01)  # waiting for an exit, not timing anything


def _quote(part: str) -> str:
    import shlex
    return shlex.quote(part)
