"""A team to try the evening/morning loop with: an office book and N reps' books.

Everything goes through the path a real team takes: the office's book holds
every customer, each given to its rep (the roster, then ``set_owner`` as
``fieldcrm office assign`` does); ``office_merge`` writes each rep's starter
morning file; each rep's book starts empty and imports its file, which tells
it whose book it is and which office it answers to. The folder:

    DIR/office     the office's master book
    DIR/<rep>      each rep's book
    DIR/morning    the office's morning files, one per rep
    DIR/evening    where the printed loop commands put each rep's export

Seeded like the one-rep demo: the same seed gives the same customers, notes and
rep ids (never the same stamps: they are the day's clock).
"""

from __future__ import annotations

import datetime as dt
import random
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from fieldcrm.demo import DEMO_TZ, DemoSize, build_demo
from fieldcrm.i18n import _, ngettext
from fieldcrm.ids import new_id
from fieldcrm.model import REP_FIELD, Complaint, Customer, Record, Rep
from fieldcrm.store.errors import BookError, BookLocked, NotABook
from fieldcrm.store.layout import SNAPSHOT_NAME
from fieldcrm.sync.fileformat import SUFFIX

MAX_REPS = 20
PER_REP = 40  # customers per rep unless told: a team's books build in a second or two
OFFICE, MORNING, EVENING = "office", "morning", "evening"
OFFICE_REP = Rep(name="Harbour Supplies office", company="Harbour Supplies")
# (name on the roster, folder): English and Chinese names, as a team here has.
REPS = [
    ("Li Na 李娜", "li-na"), ("Tom Harris", "tom-harris"), ("Wang Fang 王芳", "wang-fang"),
    ("Priya Shah", "priya-shah"), ("Zhang Wei 张伟", "zhang-wei"), ("Emma Clarke", "emma-clarke"),
    ("Chen Jing 陈静", "chen-jing"), ("Daniel Brooks", "daniel-brooks"), ("Liu Yang 刘洋", "liu-yang"),
    ("Sophie Turner", "sophie-turner"), ("Zhao Lei 赵磊", "zhao-lei"), ("James Patel", "james-patel"),
    ("Huang Min 黄敏", "huang-min"), ("Olivia Reed", "olivia-reed"), ("Sun Hao 孙浩", "sun-hao"),
    ("Ryan Murphy", "ryan-murphy"), ("Zhou Ting 周婷", "zhou-ting"), ("Grace Kim", "grace-kim"),
    ("Wu Jun 吴军", "wu-jun"), ("Lucy Ward", "lucy-ward"),
]


class NotATeamDemo(BookError):
    """The folder holds something the team demo did not make; nothing was changed."""


@dataclass
class TeamRep:
    name: str
    folder: Path
    rep_id: str
    customers: int = 0
    morning: Path | None = None


@dataclass
class TeamDemo:
    folder: Path
    reps: list[TeamRep] = field(default_factory=list)
    kept: bool = False  # an earlier team demo was found and left as it was

    @property
    def office(self) -> Path:
        return self.folder / OFFICE

    def lines(self) -> list[str]:
        """What was made, and the loop to try next, as commands to copy."""
        q = _shown
        if self.kept:
            head = [_("{folder} already holds a team demo; keeping it (--replace rebuilds it).").format(
                folder=self.folder)]
        else:
            head = [_("Wrote a team demo to {folder}: the office's book and {count} reps' books.").format(
                folder=self.folder, count=len(self.reps))]
        head.append(f"  {q(self.office)}  " + _("the office: every customer, each with its rep"))
        head += [f"  {q(r.folder)}  " + ngettext("{name}: {count} customer", "{name}: {count} customers", r.customers).format(
                     name=r.name, count=r.customers)
                 for r in self.reps]
        loop = ["", _("Try a day: open a rep's book, log a visit (n) and quit (q):"),
                f"  fieldcrm --db {q(self.reps[0].folder)}",
                _("Evening, each rep exports what the office has not had:")]
        loop += [f"  fieldcrm sync export --db {q(r.folder)} -o {q(evening_file(self.folder, r))} --force"
                 for r in self.reps]
        loop += [_("The office merges them and writes each rep's morning file:"),
                 f"  fieldcrm office merge {q(self.folder / EVENING)}/*{SUFFIX} --master {q(self.office)} "
                 f"-o {q(self.folder / MORNING)} --force",
                 _("Morning, each rep imports theirs (its name carries the day's date):")]
        loop += [f"  fieldcrm sync import --db {q(r.folder)} {q(r.morning or self.folder / MORNING)}"
                 for r in self.reps]
        loop.append(_("Then `fieldcrm office rep list --master {office}` shows the roster.").format(office=q(self.office)))
        return head + loop


def evening_file(folder: Path, rep: TeamRep) -> Path:
    return folder / EVENING / f"{rep.folder.name}{SUFFIX}"


def _shown(path: Path) -> str:
    return shlex.quote(str(path))


def make_team(folder: Path, reps: int, seed: int, today: dt.date, per_rep: int = PER_REP,
              replace: bool = False, progress=None, tz: dt.tzinfo = DEMO_TZ, language: str = "en") -> TeamDemo:
    """Build the team demo in ``folder`` (empty, missing, or an earlier team demo);
    ``progress(done, total)`` is told as each book is made."""
    if not 1 <= reps <= MAX_REPS:
        raise BookError(_("A team demo has 1 to {most} reps, not {count}.").format(most=MAX_REPS, count=reps))
    earlier = _earlier_demo(folder)
    if earlier and not replace:
        return _describe(folder)
    if earlier:
        _remove(folder, earlier)
    return _build(folder, reps, seed, today, per_rep, progress or (lambda done, total: None), tz, language)


# ------------------------------------------------------------------- the folder


def _earlier_demo(folder: Path) -> list[Path]:
    """What an earlier team demo left in ``folder`` ([] when there is nothing); refuses
    a folder holding anything else, so the demo never overwrites a real book."""
    if not folder.exists():
        return []
    if not folder.is_dir():
        raise NotABook(_("{folder} is a file; give --db a folder for the team's books.").format(folder=folder))
    ours = {OFFICE, MORNING, EVENING} | {slug for _, slug in REPS}
    found = sorted(folder.iterdir())
    for path in found:
        if path.is_symlink() or not _made_by_demo(path, ours):
            raise NotATeamDemo(_("{folder} holds {name}, which the team demo did not make; it only "
                                 "fills an empty folder or rebuilds its own. Choose another --db.").format(
                folder=folder, name=path.name))
    return found


def _made_by_demo(path: Path, ours: set[str]) -> bool:
    if path.is_file():
        return path.suffix == SUFFIX  # an export the loop wrote here
    if path.name not in ours or not path.is_dir():
        return False
    if path.name in (MORNING, EVENING):
        return all(p.is_file() and not p.is_symlink() and p.suffix == SUFFIX for p in path.iterdir())
    if not (path / SNAPSHOT_NAME).exists():
        return not any(path.iterdir())  # a book folder the demo had not filled yet
    from fieldcrm.store import Store
    with Store.open(path, read_only=True) as book:
        return book.is_demo


def _describe(folder: Path) -> TeamDemo:
    """The earlier team demo, read back from its rep books for its loop commands."""
    from fieldcrm.store import Store

    demo = TeamDemo(folder, kept=True)
    mornings = sorted((folder / MORNING).glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime)
    for _name, slug in REPS:
        if (folder / slug / SNAPSHOT_NAME).exists():
            with Store.open(folder / slug, read_only=True) as book:
                rep = TeamRep(book.rep.name, folder / slug, book.rep_id, book.count(Customer))
            mine = [p for p in mornings if p.name.startswith(_morning_slug(rep.name))]
            rep.morning = mine[-1] if mine else None
            demo.reps.append(rep)
    if not demo.reps or not (folder / OFFICE / SNAPSHOT_NAME).exists():
        raise NotATeamDemo(_("{folder} holds an unfinished team demo; add --replace to rebuild it.").format(folder=folder))
    return demo


def _morning_slug(name: str) -> str:
    """How the office names a rep's morning file (fieldcrm/office/morning.py)."""
    import re
    return re.sub(r"[^\w]+", "-", name.lower()).strip("-") + "-morning-"


def _remove(folder: Path, found: list[Path]) -> None:
    """Delete an earlier team demo, only if none of its books is open in a fieldcrm."""
    from fieldcrm.store.lock import BookLock

    locks = []
    try:
        for path in found:
            if path.is_dir() and (path / SNAPSHOT_NAME).exists():
                lock = BookLock(path)
                try:
                    lock.acquire()
                except BookLocked:
                    raise BookLocked(_("The team demo's book {path} is open in another fieldcrm; close it "
                                       "there before rebuilding (nothing was changed).").format(path=path)) from None
                locks.append(lock)
        for path in found:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
    finally:
        for lock in locks:
            lock.release()


# ------------------------------------------------------------------- building


def _build(folder: Path, count: int, seed: int, today: dt.date, per_rep: int, progress, tz: dt.tzinfo,
           language: str) -> TeamDemo:
    from fieldcrm.office.master import BookMaster
    from fieldcrm.office.merge import office_merge
    from fieldcrm.store import Store
    from fieldcrm.store.files import ensure_private_dir
    from fieldcrm.workbook import ChangingBook

    ensure_private_dir(folder)
    for name in (MORNING, EVENING):
        ensure_private_dir(folder / name)
    rng = random.Random(seed)
    now_ms = int(dt.datetime.combine(today, dt.time(9), dt.timezone.utc).timestamp() * 1000)
    demo = TeamDemo(folder, [TeamRep(name, folder / slug, new_id(ms=now_ms, rng=rng))
                             for name, slug in REPS[:count]])
    books = [_rep_records(rep, build_demo(DemoSize(per_rep), seed=seed * 1000 + i, today=today, tz=tz,
                                          language=language))
             for i, rep in enumerate(demo.reps)]
    _met_by_two_reps(books)
    progress(1, count + 2)

    Store.create(demo.office, [], rep=Rep(**OFFICE_REP.to_dict()), demo=True)
    with ChangingBook(demo.office) as book:  # closing it leaves the office a warm first start
        master = BookMaster(book.store)
        roster = master.roster()
        for rep in demo.reps:
            roster.add(rep.name, rep_id=rep.rep_id)
        master.save(roster)
        book.store.add_many([record for records in books for record in records])
        for rep, records in zip(demo.reps, books):
            # Customers are given to their rep as the office assigns them.
            ids = [r.id for r in records if isinstance(r, Customer)]
            rep.customers = master.set_owner(ids, rep.rep_id)
        run = office_merge(book.store, [], folder / MORNING)
    progress(2, count + 2)
    mornings = {m.rep.rep_id: m.path for m in run.mornings}
    for done, rep in enumerate(demo.reps, start=3):
        rep.morning = mornings[rep.rep_id]
        _start_rep_book(rep)
        progress(done, count + 2)
    return demo


def _rep_records(rep: TeamRep, records: list[Record]) -> list[Record]:
    """A rep's history, written by that rep (the customers go to them by assignment)."""
    for record in records:
        if isinstance(record, Complaint):
            record.owner = rep.name
        if not isinstance(record, Customer):
            setattr(record, REP_FIELD[record.TABLE], rep.rep_id)
    return records


def _met_by_two_reps(books: list[list[Record]]) -> None:
    """One shop both the first two reps call on, under two names: the office's report
    finds such likely duplicates by phone and e-mail."""
    if len(books) < 2:
        return
    first = next(r for r in books[0] if isinstance(r, Customer))
    second = next(r for r in reversed(books[1]) if isinstance(r, Customer))
    second.phones, second.email = list(first.phones), first.email


def _start_rep_book(rep: TeamRep) -> None:
    """A fresh book that imports its starter morning file: it learns its rep and office from it."""
    from fieldcrm.store import Store
    from fieldcrm.sync.importer import import_files
    from fieldcrm.workbook import ChangingBook

    Store.create(rep.folder, [], rep=Rep(), demo=True)
    with ChangingBook(rep.folder) as book:
        import_files(book.store, [rep.morning])
