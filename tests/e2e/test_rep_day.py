"""A rep's whole day in a real terminal: the installed ``fieldcrm`` in tmux, driven by the keyboard.

Each step does what a rep does and asserts on what the rep sees (a notification, a
new row, a line of a dialog). A traceback, an exception's name on the screen or a
program that ended fails the step at once. A failed step is recorded with its screen
and the day goes on from Today, so one run names every broken step; the test fails
at the end with all of them. Finally the book is read back (the CLI and the Store) to
check that every action landed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from fieldcrm.i18n import WEEKDAYS_ZH
from fieldcrm.model import AgendaMark, Complaint, Customer, FollowUp, Interaction, Referral, Rep
from fieldcrm.store import Store
from fieldcrm.store.layout import book_fingerprint
from fieldcrm.store.sidefiles import SideFiles
from fieldcrm.textwidth import cells
from fieldcrm.when import parse_day
from tests.ci_skips import require_in_ci
from tests.e2e.tmux import START_DEADLINE_S, ScreenError, Terminal, flat, inside_box, line_with, rows_below, tmux_missing

FIELDCRM = Path(sys.executable).parent / "fieldcrm"  # the installed console script
CUSTOMERS = 40  # a small demo book: the day, not the speed, is under test
NEW_NAME = "张秀英"
NEW_COMPANY = "秀英茶行"
LEAD = "Kate Lin"
NOTE = "Showed the spring catalogue; wants samples."
CONFLICTED = "周婷"  # made before the day, changed by Bob and by the rep; refers a lead and complains
COMPANY = "周氏五金"


# What the rep sees, in each language the day is lived in: every wait looks for these.
WORDS = {
    "en": {
        "today": "Today ·", "on the list": "on the list", "yes": "y: yes", "customer col": "customer",
        "time col": "time", "done": "Done: {name}", "until when": "until when?",
        "comes back": "{name} comes back on {day}.", "note for": "Note for {name}", "greeting": "greeting",
        "note saved": "Note saved with 3 more.", "tier any": "tier any", "form of address": "Form of address",
        "saved": "Saved {name}.", "hard data": "Hard data", "one customer": "1 customer ", "company col": "company",
        "referred by col": "referred by", "new referral": "New referral", "lead added": "{lead} added",
        "new": "new", "contacted": "cont", "meeting": "meet", "won": "won",  # cut at 80 columns
        "thanked": "Thanked {name}.", "complaints": "Complaints: open first", "log a complaint": "Log a complaint",
        "promised col": "promised", "tick a step": "tick a step", "fix promised": "Fix promised by?",
        "promised": "promised {day}", "resolved": "resolved {day}", "satisfied": "satisfied {day}",
        "confirmed": "confirmed", "settings": "Settings: ctrl+s saves", "tier A": "tier A", "saved to": "Saved to",
        "sync": "Sync ·", "conflicts": "Conflicts:", "last export": "last export:", "field col": "field",
        "settled": "{name}: email settled.",
    },
    "zh": {
        "today": "今日 ·", "on the list": "清单上", "yes": "y：是", "customer col": "客户",
        "time col": "时间", "done": "已完成：{name}", "until when": "推迟到哪天？",
        "comes back": "{name}将于 {day} 重新出现。", "note for": "{name} 的拜访记录", "greeting": "问候",
        "note saved": "拜访记录已保存，另有 3 项。", "tier any": "等级 全部", "form of address": "称呼",
        "saved": "已保存{name}。", "hard data": "硬信息", "one customer": "1 位客户", "company col": "公司",
        "referred by col": "介绍人", "new referral": "新转介绍", "lead added": "已添加{lead}",
        "new": "新线索", "contacted": "已联系", "meeting": "已约见", "won": "已成交",
        "thanked": "已感谢{name}。", "complaints": "投诉：未结的在前", "log a complaint": "登记投诉",
        "promised col": "承诺日期", "tick a step": "勾选步骤", "fix promised": "承诺何时解决？",
        "promised": "承诺 {day}", "resolved": "解决于 {day}", "satisfied": "满意于 {day}",
        "confirmed": "已确认", "settings": "设置：ctrl+s 保存", "tier A": "A 级客户", "saved to": "已保存到",
        "sync": "同步 ·", "conflicts": "冲突：", "last export": "上次导出：", "field col": "字段",
        "settled": "{name}：email 已解决。",
    },
}


def day_heading(language: str, day: dt.date, today: bool) -> str:
    """The start of Today's heading for ``day``: "Plan · Friday 27 November", "计划 · 2026年11月27日 星期五"."""
    if language == "zh":
        return f"{'今日' if today else '计划'} · {day.year}年{day.month}月{day.day}日 {WEEKDAYS_ZH[day.weekday()]}"
    return f"{'Today' if today else 'Plan'} · {day:%A} {day.day} {day:%B}"


def short_day(language: str, day: dt.date) -> str:
    """A day in a notification: "Fri 27 Nov", "11月27日 星期五"."""
    if language == "zh":
        return f"{day.month}月{day.day}日 {WEEKDAYS_ZH[day.weekday()]}"
    return f"{day:%a} {day.day} {day:%b}"


def shown_day(language: str, day: dt.date, today: dt.date) -> str:
    """A day in a row or a summary: "27 Nov" (11月27日), with its year when not this year's."""
    if language == "zh":
        return f"{day.year}年{day.month}月{day.day}日" if day.year != today.year else f"{day.month}月{day.day}日"
    return f"{day.day} {day:%b}" + (f" {day.year}" if day.year != today.year else "")


class Aborted(Exception):
    """The program is gone or the screen cannot be brought back to Today: the day stops."""


class Day:
    """The rep's day in one terminal: steps, and the failures with their screens."""

    def __init__(self, term: Terminal, book: Path, language: str = "en"):
        self.term, self.book, self.language = term, book, language
        self.failures: list[str] = []
        self.today = dt.date.today()  # the app runs on the real clock
        self.fri = parse_day("fri", self.today)

    def w(self, key: str, **values) -> str:
        """What the rep sees for ``key``, in the day's language."""
        return WORDS[self.language][key].format(**values)

    def shown(self, when: dt.date) -> str:
        return shown_day(self.language, when, self.today)

    def open_app(self) -> None:
        self.term.start([str(FIELDCRM), "--db", str(self.book)])

    @contextlib.contextmanager
    def step(self, name: str):
        try:
            yield
        except (ScreenError, AssertionError) as error:
            if isinstance(error, ScreenError):
                message = str(error)
            else:
                self.term.screen()
                message = str(self.term.fail(f"{error}"))
            self.failures.append(f"[{name}] {message}")
            self.back_to_today()

    def back_to_today(self) -> None:
        """After a failed step: close dialogs and forms (dropping what was typed), then Today."""
        term = self.term
        if term.dead()[0]:
            raise Aborted("the program ended")
        for _ in range(4):
            screen = term.screen()
            if self.w("yes") in screen:  # "Drop your changes?" / "Discard this note?"
                term.press("y")
            else:
                term.press("Escape")
            term.press("F1", "t")  # Today, and on it the day itself ("t": back to today)
            try:
                term.wait(lambda s: self.w("today") in s and self.w("yes") not in s and self.w("on the list") in s,
                          "Today", deadline_s=3)
                return
            except ScreenError:
                continue
        raise Aborted(f"could not get back to Today:\n{term.last}")

    def cursor_to(self, header: str, text: str) -> None:
        """Put a table's cursor on the row holding ``text`` (the table scrolled to its top)."""
        term = self.term
        term.press("C-Home")
        screen = term.wait(lambda s: rows_below(s, header, text) is not None, f"a row holding {text!r}")
        for _ in range(rows_below(screen, header, text)):
            term.press("Down")


def first_row_name(screen: str, language: str = "en") -> str:
    """The customer in Today's first row (after the time column, which may be empty)."""
    lines = screen.splitlines()
    words = WORDS[language]
    # The left columns' headers: a notification may cover the right of the line.
    top = next(n for n, line in enumerate(lines) if words["time col"] in line and words["customer col"] in line)
    fields = re.split(r"\s{2,}", lines[top + 1].strip())
    return fields[1] if re.fullmatch(r"\d\d:\d\d", fields[0]) else fields[0]


def _top_is_not(screen: str, name: str, language: str) -> bool:
    try:
        return first_row_name(screen, language) != name
    except (StopIteration, IndexError):
        return False  # no list on screen yet


def detail_name(screen: str) -> str:
    """The customer Today's detail pane (below the rule) shows: the row under the cursor."""
    lines = screen.splitlines()
    rule = next(n for n, line in enumerate(lines) if line.count("─") > 40)
    return lines[rule + 1].split(" (", 1)[0].strip()


def _cursor_on_top(screen: str, done: str, language: str) -> bool:
    """The list's first row is under the cursor, and it is no longer the customer just done."""
    try:
        return _top_is_not(screen, done, language) and detail_name(screen) == first_row_name(screen, language)
    except (StopIteration, IndexError):
        return False


def cli(*args: str, cwd: Path) -> str:
    done = subprocess.run([str(FIELDCRM), *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0 and "Traceback" not in done.stderr, (
        f"fieldcrm {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare_book(folder: Path) -> Path:
    """A demo book, and a conflict: Bob changed a customer's e-mail on his laptop while the
    rep changed it on hers; the rep imported Bob's file with the CLI before the day starts."""
    book, bob = folder / "book", folder / "bob"
    cli("demo", "--db", str(book), "--customers", str(CUSTOMERS), cwd=folder)
    with Store.open(book) as store:
        zhou = store.add(Customer(name=CONFLICTED, company=COMPANY, email="zhou@old.cn"))
    cli("sync", "export", "--db", str(book), "-o", str(folder / "rep-0.fieldsync"), cwd=folder)
    Store.create(bob, [], rep=Rep(name="Bob Lee"))
    cli("sync", "import", str(folder / "rep-0.fieldsync"), "--db", str(bob), cwd=folder)
    with Store.open(bob) as store:
        store.update(Customer, zhou.id, email="bob@zhou.cn")
    with Store.open(book) as store:
        store.update(Customer, zhou.id, email="ann@zhou.cn")
    cli("sync", "export", "--db", str(bob), "-o", str(folder / "bob-1.fieldsync"), cwd=folder)
    out = cli("sync", "import", str(folder / "bob-1.fieldsync"), "--db", str(book), cwd=folder)
    assert "conflict" in out, out
    return book


@pytest.fixture
def terminal(request, tmp_path, monkeypatch):
    if tmux_missing():
        require_in_ci("tmux is not installed: the end-to-end day needs a real terminal")
    assert FIELDCRM.exists(), f"the installed console script is missing: {FIELDCRM} (pip install -e .)"
    width, height, language = request.param
    env = {"FIELDCRM_CONFIG": os.environ["FIELDCRM_CONFIG"], "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           "TERM": "tmux-256color", "TEXTUAL_ANIMATIONS": "none", "FIELDCRM_LANGUAGE": language,
           "HOME": os.environ["HOME"]}  # the private home: the app exports into ~/fieldcrm-sync
    term = Terminal(f"fieldcrm-e2e-{os.getpid()}-{language}-{width}x{height}", width, height, tmp_path, env)
    term.language = language
    yield term
    term.close()


@pytest.mark.parametrize("terminal", [(120, 40, "en"), (80, 24, "en"), (120, 40, "zh"), (80, 24, "zh")],
                         ids=["120x40", "80x24", "zh-120x40", "zh-80x24"], indirect=True)
def test_a_reps_day_with_the_keyboard(terminal: Terminal, tmp_path: Path):
    """The same day in English and in Chinese (FIELDCRM_LANGUAGE=zh): the same keys, each
    wait looking for the words of the interface's language."""
    book = prepare_book(tmp_path)
    day = Day(terminal, book, terminal.language)
    term = terminal
    agenda = json.loads(cli("agenda", "--db", str(book), "--json", cwd=tmp_path))
    seen: dict[str, str] = {}
    try:
        _live_the_day(day, term, agenda, seen)
    except Aborted as stop:
        day.failures.append(f"[the day stopped] {stop}\n--- the screen ---\n{term.last}")
    _check_the_book(day, book, tmp_path, seen)
    assert not day.failures, "\n\n".join(day.failures)


def _live_the_day(day: Day, term: Terminal, agenda: dict, seen: dict) -> None:
    fri, w, lang = day.fri, day.w, day.language
    with day.step("open Today"):
        day.open_app()
        screen = term.wait_for(w("today"), w("on the list"), deadline_s=START_DEADLINE_S)
        assert agenda["items"][0]["name"] in screen, "Today's first row is the CLI agenda's first item"

    with day.step("Today: → shows the next day, ← comes back"):
        tomorrow = day.today + dt.timedelta(days=1)
        term.press("Right")
        term.wait_for(day_heading(lang, tomorrow, today=False))
        term.press("Left")
        term.wait_for(day_heading(lang, day.today, today=True))

    with day.step("Today: Done"):
        term.press("C-Home")
        name = first_row_name(term.wait_for(w("on the list")), lang)
        term.press("d")
        term.wait_for_toast(w("done", name=name))
        seen["done"] = name

    with day.step("Today: Snooze to fri"):
        term.press("C-Home")
        # The list is redrawn after "done" in its own time, and a customer done with a reason
        # left moves down (the table scrolling after the cursor): read the top row once the
        # customer just done has left it and the cursor is back on it (under load, a read too
        # early named the old one, or a row of the list scrolled down).
        name = first_row_name(term.wait(lambda screen: _cursor_on_top(screen, seen["done"], lang),
                                         "the cursor on the top row, not the customer just done"), lang)
        term.press("s")
        term.wait_for(w("until when"))
        term.type("fri")
        term.press("Enter")
        term.wait_for_toast(w("comes back", name=name, day=short_day(lang, fri)))
        seen["snoozed"] = name

    with day.step("Today: a visit note with every field"):
        term.press("C-Home")
        name = first_row_name(term.screen(), lang)
        term.press("n")
        term.wait_for(w("note for", name=name))
        term.type(NOTE)  # the note takes the focus
        term.wait_for("spring catalogue")
        term.press("BTab")  # outcome
        term.type("Interested in 20 cases")
        term.press("BTab", "End", "C-u")  # when
        term.type("-30m")
        term.press("BTab", "Enter")  # kind: open its list
        term.wait_for(w("greeting"))
        term.press("Down", "Enter")  # visit -> call
        term.wait_gone(w("greeting"))
        term.press("Tab", "Tab", "Tab", "Tab")  # when, outcome, note, satisfaction
        term.type("5")
        term.press("Tab", "Space")  # asked for a referral
        term.press("Tab")
        term.type("Bring samples")
        term.press("Tab", "End", "C-u")
        term.type("fri 10:00")  # a next step with a time is an appointment
        term.press("Tab")
        term.type("王芳")
        term.press("Tab")
        term.type("139 0000 5678")
        term.press("Tab")
        term.type("Last delivery came two days late")  # "fix promised by" keeps +3d
        term.press("C-s")
        term.wait_for_toast(w("note saved"))
        term.wait_for(w("on the list"))
        seen["noted"] = name

    with day.step("Customers: a new customer with a Chinese name"):
        term.press("F2")
        term.wait_for(w("tier any"))
        term.press("C-n")
        term.wait_for(w("form of address"))
        term.type(NEW_NAME)  # the first field (Name) has the focus
        term.wait_for(NEW_NAME)
        term.press("Tab")
        term.type("张女士")
        term.press("Tab")
        term.type(NEW_COMPANY)
        term.press("Tab")
        term.type("店主")
        term.press("Tab")
        term.type("138 0013 8000")
        term.press("C-s")
        term.wait_for_toast(w("saved", name=NEW_NAME))
        term.wait_for(w("hard data"), NEW_NAME, NEW_COMPANY)  # the profile opens
        term.press("Escape")
        term.wait_for(w("tier any"))
        seen["new customer"] = NEW_NAME

    with day.step("Customers: the new customer is found, its columns aligned"):
        term.press("F2")
        term.wait_for(w("tier any"))
        term.press("slash")  # the search box (it may have the focus already)
        term.press("C-u")
        term.type(NEW_NAME)
        screen = term.wait(lambda s: NEW_NAME in line_with(s, NEW_COMPANY) and w("one customer") in s,
                           "the new row alone")
        row, header = line_with(screen, NEW_COMPANY), line_with(screen, w("company col"))
        assert cells(row[:row.index(NEW_COMPANY)]) == cells(header[:header.index(w("company col"))]), (
            "the company column is aligned under its header")
        term.press("Escape")

    with day.step("Referrals: add a lead, picking the referrer by name"):
        term.press("F3")
        term.wait_for(w("referred by col"))
        term.press("a")
        term.wait_for(w("new referral"))
        term.type(CONFLICTED[:1])
        term.wait(lambda s: COMPANY in line_with(s, CONFLICTED), "the picker offering the referrer")
        term.press("Enter")
        term.type(LEAD)
        term.press("Tab")
        term.type("139 0013 9000")
        term.press("C-s")
        term.wait_for_toast(w("lead added", lead=LEAD))
        term.wait_gone(w("new referral"))
        term.wait(lambda s: w("new") in line_with(s, LEAD), f"{LEAD}'s row")

    with day.step("Referrals: the lead through to won, and thanked"):
        day.cursor_to(w("referred by col"), LEAD)
        for status in ("contacted", "meeting", "won"):
            term.press("+")
            term.wait(lambda s, st=w(status): st in line_with(s, LEAD), f"{LEAD} {status}")
        term.press("h")
        term.wait_for_toast(w("thanked", name=CONFLICTED))
        term.wait(lambda s: day.shown(day.today) in line_with(s, LEAD), "the thank-you date on the row")
        seen["referral"] = LEAD

    with day.step("Complaints: log one, picking the customer by name"):
        term.press("F4")
        term.wait_for(w("complaints"))
        term.press("a")
        term.wait_for(w("log a complaint"))
        term.type(CONFLICTED[:1])
        term.wait(lambda s: COMPANY in line_with(s, CONFLICTED), "the picker offering the customer")
        term.press("Enter")
        term.type("late delivery")
        term.press("Tab")
        term.type("Tea arrived two weeks late")
        term.press("C-s")
        term.wait_gone(w("log a complaint"))
        term.wait(lambda s: day.shown(day.today) in line_with(s, CONFLICTED), "the new complaint's row")

    with day.step("Complaints: worked through to satisfied"):
        day.cursor_to(w("promised col"), CONFLICTED)
        term.press("Enter")
        term.wait_for(w("tick a step"))
        term.press("Down", "Space", "Down", "Space")  # empathise, apologise
        term.press("p")
        term.wait_for(w("fix promised"))
        term.type("fri")
        term.press("Enter")
        summary = lambda text: term.wait(lambda s: text in flat(inside_box(s)),  # noqa: E731
                                         f"{text!r} in the summary")
        summary(w("promised", day=day.shown(fri)))
        term.press("r")
        summary(w("resolved", day=day.shown(day.today)))
        term.press("s")
        summary(w("satisfied", day=day.shown(day.today)))
        term.press("Escape")
        term.wait_gone(w("tick a step"))
        term.wait(lambda s: w("confirmed") in line_with(s, CONFLICTED), "the complaint confirmed in its row")
        seen["complaint"] = "confirmed"

    with day.step("Settings: a cadence changed and saved"):
        term.press("F7")
        term.wait_for(w("settings"))
        # The screen shows before its first field takes the focus: keys sent then go elsewhere
        # (a loaded machine typed "1" of "21"). Textual puts the terminal cursor in the focused field.
        term.wait(lambda s: _cursor_under(term, s, w("tier A")), "the cursor in tier A's field")
        term.press("End", "C-u")
        term.type("21")
        term.wait(lambda s: "21" in "".join(s.splitlines()[_line_of(s, w("tier A")):][:4]), "21 in tier A's field")
        term.press("C-s")
        term.wait_for_toast(w("saved to"))
        term.press("F1")
        term.wait_for(w("on the list"))

    with day.step("Sync: export the day"):
        term.press("F5")
        term.wait_for(w("sync"), w("conflicts"))
        term.press("e")
        term.wait_for_toast(".fieldsync")  # the file's name, in any language
        term.wait_for(w("last export"))

    with day.step("Sync: the conflict shows who wrote each value"):
        screen = term.wait_for(CONFLICTED, "ann@zhou.cn")
        assert "Bob Lee" in screen, "the other value's author (Bob Lee) is shown"

    with day.step("Sync: keep the other value"):
        term.press("F5")
        term.wait_for(w("sync"), w("conflicts"))
        day.cursor_to(w("field col"), CONFLICTED)
        term.press("2")
        term.wait_for_toast(w("settled", name=CONFLICTED))
        term.wait_gone("ann@zhou.cn")
        seen["conflict"] = "bob@zhou.cn"

    with day.step("quit"):
        term.press("F1")
        saved = first_row_name(term.wait_for(w("on the list")), lang)
        term.press("q")
        status = term.wait_exit()
        assert status == "0", f"fieldcrm exited with status {status}"
        views = SideFiles(day.book).load("views", "agenda")
        assert views and views.get("fingerprint") == book_fingerprint(day.book), (
            "quitting left a saved list that matches the book (the next start uses it)")
        seen["first row at quit"] = saved

    with day.step("restart from the saved list"):
        day.open_app()
        screen = term.wait_for(w("today"), w("on the list"), deadline_s=START_DEADLINE_S)
        if "first row at quit" in seen:
            assert first_row_name(screen, lang) == seen["first row at quit"], "the same list as at quit"
        term.press("q")
        assert term.wait_exit() == "0"


def _line_of(screen: str, text: str) -> int:
    return next((n for n, line in enumerate(screen.splitlines()) if text in line), 0)


def _cursor_under(term, screen: str, label: str) -> bool:
    """The terminal cursor is in the text field under ``label`` (its box takes three lines)."""
    top = _line_of(screen, label)
    row = int(term.cursor().split(",")[1])
    return label in screen and top < row <= top + 3


def _check_the_book(day: Day, book: Path, cwd: Path, seen: dict) -> None:
    """Every action landed: read the book back with the CLI and the Store."""
    today, fri = day.today.isoformat(), day.fri.isoformat()
    with day.step("the book: the CLI reads it without a traceback"):
        cli("agenda", "--db", str(book), "--json", cwd=cwd)
        cli("report", "--db", str(book), cwd=cwd)
    with Store.open(book, read_only=True) as store:
        customers = {c.name: c for c in store.all(Customer)}
        marks = store.all(AgendaMark)

        def check(name: str, ok: bool, what: str) -> None:
            if not ok:
                day.failures.append(f"[the book: {name}] {what}")

        if "done" in seen:
            who = customers.get(seen["done"])
            check("Done", who is not None and any(
                m.action == "done" and m.subject == who.id and m.day == today for m in marks), "no done mark")
        if "snoozed" in seen:
            who = customers.get(seen["snoozed"])
            check("Snooze", who is not None and any(
                m.action == "snoozed" and m.subject == who.id and m.until == fri for m in marks),
                f"no snooze until {fri}")
        noted = customers.get(seen.get("noted", ""))
        notes = [n for n in store.all(Interaction) if n.note == NOTE]
        check("visit note", bool(notes) and noted is not None and notes[0].customer_id == noted.id
              and notes[0].kind == "call" and notes[0].outcome == "Interested in 20 cases"
              and notes[0].satisfaction == 5 and notes[0].referral_asked and notes[0].next_step == "Bring samples"
              and notes[0].next_step_due == fri, f"the note as saved: {notes}")
        followups = [f for f in store.all(FollowUp) if f.reason == "Bring samples"]
        check("the note's appointment", [(f.due, f.time) for f in followups] == [(fri, "10:00")],
              f"the next step as saved: {followups}")
        check("the note's referral", any(r.lead_name == "王芳" for r in store.all(Referral)), "no lead 王芳")
        check("the note's complaint",
              any(c.description == "Last delivery came two days late" for c in store.all(Complaint)),
              "no complaint from the note")
        zhang = customers.get(NEW_NAME)
        check("new customer", zhang is not None and zhang.company == NEW_COMPANY
              and zhang.phones == ["138 0013 8000"] and zhang.form_of_address == "张女士",
              f"the customer as saved: {zhang}")
        leads = [r for r in store.all(Referral) if r.lead_name == LEAD]
        zhou = customers.get(CONFLICTED)
        check("referral", len(leads) == 1 and leads[0].status == "won" and leads[0].thanked_on == today
              and zhou is not None and leads[0].referrer_id == zhou.id, f"the referral as saved: {leads}")
        check("won makes the lead a customer", bool(leads) and leads[0].lead_customer_id != ""
              and LEAD in customers, f"customers named {LEAD}: {LEAD in customers}; referral: {leads}")
        complaints = [c for c in store.all(Complaint) if c.description == "Tea arrived two weeks late"]
        check("complaint", len(complaints) == 1 and complaints[0].status == "confirmed"
              and complaints[0].confirmed_on == today and complaints[0].promised == fri
              and {"empathise", "apologise", "confirm satisfied"} <= set(complaints[0].steps_done),
              f"the complaint as saved: {complaints}")
        check("conflict", zhou is not None and zhou.email == "bob@zhou.cn" and not store.conflicts(),
              f"e-mail {zhou.email if zhou else None}, conflicts {store.conflicts()}")
    agenda = json.loads(cli("agenda", "--db", str(book), "--json", cwd=cwd))
    thanks = [i for i in agenda["items"] + agenda.get("also_due", [])
              if i.get("name") == CONFLICTED and any("thank" in r["kind"] for r in i["reasons"])]
    if thanks:
        day.failures.append(f"[the book: thanked settles] {CONFLICTED} is still to be thanked: {thanks}")
    config = Path(os.environ["FIELDCRM_CONFIG"])
    settings = tomllib.loads(config.read_text()) if config.exists() else {}
    if settings.get("cadence", {}).get("A") != 21:
        day.failures.append(f"[the book: Settings] config.toml holds {settings}")
    exported = sorted((Path(os.environ["HOME"]) / "fieldcrm-sync").glob("*.fieldsync"))
    if not exported or sorted(p.name for p in cwd.glob("*.fieldsync")) != ["bob-1.fieldsync", "rep-0.fieldsync"]:
        day.failures.append("[the book: Sync export] the app's export is not in ~/fieldcrm-sync alone")
