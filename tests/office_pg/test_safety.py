"""A crash mid-merge, a bad file, a wrong address: the office database stays as it was (a bad file
is set aside, the others merge)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from fieldcrm.office.pg.master import PgMaster
from tests.office_pg.helpers import pg_canonical, pg_merge
from tests.sync.helpers import Site, merge_all, merge_beside_a_cut_file
from tests.sync.test_sync_files import _rep_files

STOP_INSIDE = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
import fieldcrm.office.pg.{module} as m
original, calls = m.{function}, []
def stop_inside(*args, **kw):
    out = original(*args, **kw)
    calls.append(1)
    if len(calls) < {nth}:
        return out
    print("INSIDE", flush=True)  # written, not committed
    sys.stdin.read()  # until killed
    return out
m.{function} = stop_inside
from tests.office_pg.helpers import pg_merge
pg_merge(sys.argv[1], [Path(p) for p in sys.argv[3:]], Path(sys.argv[2]))
"""


def _state(dsn: str) -> tuple:
    with PgMaster.open(dsn) as master:
        counts = master.conn.execute("SELECT (SELECT count(*) FROM version), (SELECT count(*) FROM doc), "
                                     "(SELECT count(*) FROM sync_file), (SELECT count(*) FROM cur_customer)"
                                     ).fetchone()
        return master.position(), counts, pg_canonical(dsn), master.facts()


def _killed_inside(dsn: str, out: Path, files: list[Path], module: str, function: str, nth: int = 1) -> None:
    """Merge ``files`` in a child process, SIGKILLed once ``module.function`` has written (its ``nth`` call)."""
    code = STOP_INSIDE.format(root=str(Path.cwd()), module=module, function=function, nth=nth)
    child = subprocess.Popen([sys.executable, "-c", code, dsn, str(out), *map(str, files)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "INSIDE", child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL


def test_sigkill_during_a_merge_leaves_the_database_as_before_that_file_and_a_rerun_works(tmp_path, pg_dsn):
    files = _rep_files(tmp_path, 2, [(0, "edit", 0, 1), (1, "note", 1, 2), (1, "edit", 2, 3), (0, "note", 0, 4)])
    pg_merge(pg_dsn, files[:2], tmp_path / "first")
    before = _state(pg_dsn)
    _killed_inside(pg_dsn, tmp_path / "killed", files[2:], "ingest", "copy_versions")
    assert _state(pg_dsn) == before
    pg_merge(pg_dsn, files[2:], tmp_path / "rerun")
    book = Site(tmp_path / "book-office")
    merge_all(book, files, tmp_path / "book-out")
    assert pg_canonical(pg_dsn) == book.canonical()


def test_sigkill_before_the_documents_are_derived_keeps_the_files_and_the_next_open_derives_them(tmp_path,
                                                                                                  pg_dsn):
    files = _rep_files(tmp_path, 2, [(0, "edit", 0, 1), (1, "note", 1, 2), (1, "edit", 2, 3), (0, "note", 0, 4)])
    pg_merge(pg_dsn, files[:1], tmp_path / "first")
    _killed_inside(pg_dsn, tmp_path / "killed", files[1:], "ingest", "mark_derived")
    with psycopg.connect(pg_dsn) as conn:  # not through PgMaster.open, which derives
        derived, position = conn.execute("SELECT derived, position FROM office").fetchone()
    assert derived < position  # every file's versions are in; their documents are not
    book = Site(tmp_path / "book-office")
    merge_all(book, files, tmp_path / "book-out")
    assert pg_canonical(pg_dsn) == book.canonical()  # opening derived them
    after = _state(pg_dsn)
    pg_merge(pg_dsn, files[1:], tmp_path / "rerun")
    assert _state(pg_dsn)[:3] == after[:3]  # merging them again changes nothing


def test_sigkill_in_the_middle_of_many_files_keeps_the_files_before_and_the_rest_merge_again(tmp_path, pg_dsn):
    ops = [(0, "edit", 0, 1), (1, "note", 1, 2), (1, "edit", 2, 3), (0, "note", 0, 4), (2, "edit", 0, 5),
           (2, "note", 2, 6), (0, "delete", 1, 7), (1, "edit", 1, 8), (2, "edit", 1, 9)]
    files = _rep_files(tmp_path, 3, ops)
    assert len(files) >= 4
    _killed_inside(pg_dsn, tmp_path / "killed", files, "ingest", "copy_versions", nth=3)
    kept = Site(tmp_path / "book-kept")
    merge_all(kept, files[:2], tmp_path / "kept-out")
    assert pg_canonical(pg_dsn) == kept.canonical()  # the first two files, derived by the open
    pg_merge(pg_dsn, files, tmp_path / "rerun")
    book = Site(tmp_path / "book-office")
    merge_all(book, files, tmp_path / "book-out")
    assert pg_canonical(pg_dsn) == book.canonical()


def test_a_bad_file_is_set_aside_in_one_sentence_and_the_others_merge(tmp_path, pg_dsn, capsys):
    files = _rep_files(tmp_path, 2, [(0, "edit", 0, 1), (1, "note", 1, 2)])
    pg_merge(pg_dsn, files[:2], tmp_path / "first")
    merge_beside_a_cut_file(pg_dsn, files[2], files[1], tmp_path, capsys)
    book = Site(tmp_path / "book-office")
    merge_all(book, files[:3], tmp_path / "book-out")
    assert pg_canonical(pg_dsn) == book.canonical()  # the good file merged, nothing of the bad one


def test_only_bad_files_change_nothing_and_write_no_morning_file(tmp_path, pg_dsn, capsys):
    from fieldcrm.cli import main
    files = _rep_files(tmp_path, 2, [(0, "edit", 0, 1), (1, "note", 1, 2)])
    pg_merge(pg_dsn, files[:2], tmp_path / "first")
    before = _state(pg_dsn)
    bad = tmp_path / "bad.fieldsync"
    bad.write_bytes(files[2].read_bytes()[:-20])
    capsys.readouterr()
    code = main(["office", "merge", str(bad), "--master", pg_dsn, "-o", str(tmp_path / "o")])
    assert code == 1
    assert capsys.readouterr().err == f"fieldcrm: {bad} is cut short (its last line is incomplete); ask for it " \
                                      "again. Nothing was changed.\n"
    assert _state(pg_dsn) == before and not (tmp_path / "o").exists()


def test_an_unreachable_server_is_one_sentence(tmp_path, capsys, pg_cluster):
    from fieldcrm.cli import main
    dsn = pg_cluster.dsn("no_such_database")
    assert main(["office", "rep", "list", "--master", dsn]) == 1
    err = capsys.readouterr().err
    assert err.startswith("fieldcrm: Cannot connect to the office database (") and err.count("\n") == 1
    assert "Traceback" not in err


def test_a_dsn_without_the_driver_says_what_to_install(tmp_path):
    script = ("import sys; sys.modules['psycopg'] = None\n"
              "from fieldcrm.cli import main\n"
              "sys.exit(main(['office', 'rep', 'list', '--master', 'postgresql://office@db/fieldcrm']))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert done.stderr == ('fieldcrm: An office on PostgreSQL needs the psycopg driver: run '
                           '`pip install "fieldcrm[office]"`; nothing was changed.\n')


@pytest.mark.parametrize("command", [["rep", "add", "Ann"], ["rep", "list"]])
def test_office_commands_run_on_postgresql(tmp_path, pg_dsn, capsys, command):
    from fieldcrm.cli import main
    assert main(["office", "rep", "add", "Mei", "--master", pg_dsn]) == 0
    assert main(["office", *command, "--master", pg_dsn]) == 0
    out = capsys.readouterr().out
    assert "Mei" in out


def test_the_office_database_can_be_named_once_in_the_config_file(tmp_path, pg_dsn, capsys, monkeypatch):
    from fieldcrm.cli import main
    from fieldcrm.config import load_settings
    config = tmp_path / "config.toml"
    monkeypatch.setenv("FIELDCRM_CONFIG", str(config))
    assert main(["office", "rep", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("fieldcrm: which office? Give --master") and err.count("\n") == 1
    config.write_text(f'[office]\nmaster = "{pg_dsn}"\n', encoding="utf-8")
    assert main(["office", "rep", "add", "Mei"]) == 0
    assert main(["office", "rep", "list"]) == 0
    assert "Mei" in capsys.readouterr().out
    assert load_settings(config)[1] == []  # not an unknown setting for the app


def test_sigkill_while_the_documents_are_written_beside_the_files_loses_no_file_and_the_open_derives_them(
        tmp_path, pg_dsn):
    """The documents are written on a second connection after each file commits: killed there, every
    committed file stays, the documents are never ahead of the versions, and the next open derives them."""
    from tests.office_pg.helpers import rebuilt_canonical
    ops = [(0, "edit", 0, 1), (1, "note", 1, 2), (1, "edit", 2, 3), (0, "note", 0, 4), (2, "edit", 0, 5)]
    files = _rep_files(tmp_path, 3, ops)
    _killed_inside(pg_dsn, tmp_path / "killed", files, "derived_writer", "write_derived")
    with psycopg.connect(pg_dsn) as conn:  # not through PgMaster.open, which derives
        derived, position = conn.execute("SELECT derived, position FROM office").fetchone()
    assert 0 < position and derived < position
    with PgMaster.open(pg_dsn) as master:  # the open derived the documents from the versions alone
        assert pg_canonical(pg_dsn) == rebuilt_canonical(master)
    pg_merge(pg_dsn, files, tmp_path / "rerun")
    book = Site(tmp_path / "book-office")
    merge_all(book, files, tmp_path / "book-out")
    assert pg_canonical(pg_dsn) == book.canonical()


PLANNER_STUCK = """
import multiprocessing, sys
from pathlib import Path
sys.path.insert(0, {root!r})
import fieldcrm.office.pg.merge_files as m
def never_read(receiving, box):  # the planner's pipe fills: it waits to send, as when the merge is killed
    print("INSIDE", *[p.pid for p in multiprocessing.active_children()], flush=True)
    sys.stdin.read()  # until killed
m._pump = never_read
from tests.office_pg.helpers import pg_merge
pg_merge(sys.argv[1], [Path(p) for p in sys.argv[3:]], Path(sys.argv[2]))
"""


def test_a_merge_killed_while_its_planner_works_leaves_nothing_holding_the_office(tmp_path, pg_dsn):
    """The planning process shares the merge's connection (forked): killed with a big file still
    being planned, the merge must not leave it behind, holding the merge lock, so that every later
    office command waits for ever."""
    from fieldcrm.model import Customer
    from fieldcrm.office.pg import schema
    from tests.sync.helpers import export_day

    laptop = Site(tmp_path / "laptop")
    with laptop.open() as book:
        for n in range(400):  # its plan is far more than a pipe holds
            book.add(Customer(name=f"customer {n}", phones=[f"1380000{n:04d}"]))
    files = [export_day(laptop, tmp_path / "big.fieldsync")]
    code = PLANNER_STUCK.format(root=str(Path.cwd()))
    child = subprocess.Popen([sys.executable, "-c", code, pg_dsn, str(tmp_path / "killed"), *map(str, files)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    planners: list[int] = []
    try:
        said = child.stdout.readline().split()
        assert said[:1] == ["INSIDE"], child.stderr.read()
        planners = [int(pid) for pid in said[1:]]
        assert planners  # the merge did plan in a process of its own
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute("SET lock_timeout = '20s'")  # at once when nothing holds it
            try:
                conn.execute("SELECT pg_advisory_lock(%s)", (schema.MERGE_LOCK,))
            except psycopg.errors.LockNotAvailable:
                pytest.fail("the killed merge's planning process still holds the office's merge lock")
            conn.execute("SELECT pg_advisory_unlock(%s)", (schema.MERGE_LOCK,))
    finally:
        for pid in planners:  # what the merge left behind, if anything
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if child.poll() is None:
            child.kill()
            child.wait()
    pg_merge(pg_dsn, files, tmp_path / "rerun")
    book = Site(tmp_path / "book-office")
    merge_all(book, files, tmp_path / "book-out")
    assert pg_canonical(pg_dsn) == book.canonical()


def test_a_command_waiting_for_another_says_who_holds_the_office_and_how_to_end_it(pg_dsn, capsys, monkeypatch):
    """A merge running (or a session left behind) holds the office: the next command says so in one
    sentence, naming the session and how to end it, instead of waiting in silence."""
    import fieldcrm.cli.office as office_cli
    from fieldcrm.cli import main
    from fieldcrm.office.pg import schema

    assert main(["office", "rep", "add", "Ann", "--master", pg_dsn]) == 0
    holder = psycopg.connect(pg_dsn, autocommit=True)
    holder.execute("SELECT pg_advisory_lock(%s)", (schema.MERGE_LOCK,))
    pid = holder.info.backend_pid
    told = office_cli._say_waiting

    def said_then_released(who):
        told(who)
        holder.execute("SELECT pg_advisory_unlock(%s)", (schema.MERGE_LOCK,))  # the other command ends

    monkeypatch.setattr(office_cli, "_say_waiting", said_then_released)
    capsys.readouterr()
    try:
        assert main(["office", "rep", "list", "--master", pg_dsn]) == 0
    finally:
        holder.close()
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"fieldcrm: another office command is using the office database (server process {pid}, from this server "
        f"since {err.split(' since ')[1][:16]}); waiting for it to finish. If that command was stopped, end its "
        f"session in psql: SELECT pg_terminate_backend({pid});"]
    assert out.startswith("Ann  rep ")
