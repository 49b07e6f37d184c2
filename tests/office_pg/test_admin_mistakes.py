"""An office admin's first mistakes, on both engines: each is refused in one sentence with nothing changed,
or said plainly (the rep a name was meant for, the day a word means, a role that stops reading)."""

from __future__ import annotations

import psycopg
import pytest

from fieldcrm.cli import main


@pytest.fixture(params=["book", "pg"])
def master(request, tmp_path) -> str:
    """An office of Li Na 李娜 and Wang Fang 王芳, as a TinyDB book or a PostgreSQL database."""
    where = str(tmp_path / "office") if request.param == "book" else request.getfixturevalue("pg_dsn")
    for name in ("Li Na 李娜", "Wang Fang 王芳"):
        assert main(["office", "rep", "add", name, "--master", where]) == 0
    return where


def _roster(master: str, capsys) -> str:
    capsys.readouterr()
    assert main(["office", "rep", "list", "--master", master]) == 0
    return capsys.readouterr().out


def _refused(capsys, argv: list[str]) -> str:
    """The one sentence a refused command says (exit 1, no traceback, nothing on stdout)."""
    capsys.readouterr()
    assert main(argv) == 1
    said = capsys.readouterr()
    assert said.out == "" and said.err.count("\n") == 1 and "Traceback" not in said.err, said
    return said.err


def test_a_handover_from_a_rep_to_the_same_rep_is_refused_and_she_stays(master, capsys):
    before = _roster(master, capsys)
    err = _refused(capsys, ["office", "handover", "--from", "Li Na 李娜", "--to", "li na 李娜", "--master", master])
    assert err == ("fieldcrm: Li Na 李娜 would hand over to themselves: a handover moves a leaving rep's customers "
                   "to another rep; nothing was changed.\n")
    assert _roster(master, capsys) == before and "(left)" not in before


def test_a_second_handover_from_a_rep_who_left_is_refused(master, capsys):
    assert main(["office", "handover", "--from", "Li Na 李娜", "--to", "Wang Fang 王芳", "--master", master]) == 0
    before = _roster(master, capsys)
    err = _refused(capsys, ["office", "handover", "--from", "Li Na 李娜", "--to", "Wang Fang 王芳",
                            "--master", master])
    assert err == ("fieldcrm: Li Na 李娜 has left already and holds no customers; nothing was changed.\n")
    assert _roster(master, capsys) == before
    err = _refused(capsys, ["office", "handover", "--from", "Wang Fang 王芳", "--to", "Li Na 李娜",
                            "--master", master])
    assert err == "fieldcrm: Li Na 李娜 has left: hand the customers to a rep on the roster; nothing was changed.\n"
    assert _roster(master, capsys) == before


@pytest.mark.parametrize("given, meant", [("Wang Fang", "Wang Fang 王芳"), ("wang", "Wang Fang 王芳"),
                                          ("李娜", "Li Na 李娜")])
def test_a_rep_named_in_part_is_suggested_by_every_command_that_takes_a_rep(master, capsys, given, meant):
    for argv in (["assign", "--to", given, "--area", "x"], ["handover", "--from", given, "--to", "nobody"],
                 ["rep", "rename", given, "New"]):
        err = _refused(capsys, ["office", *argv, "--master", master])
        assert err == f"fieldcrm: No rep called {given!r}: did you mean {meant}? Nothing was changed.\n"


def test_a_name_part_of_two_reps_names_is_not_guessed(master, capsys):
    err = _refused(capsys, ["office", "assign", "--to", "n", "--area", "x", "--master", master])
    assert err == "fieldcrm: No rep called 'n'; `fieldcrm office rep list` shows the roster.\n"


@pytest.mark.parametrize("value", ["mysql://x@y/z", "sqlite:///tmp/office.db", "https://office.example.com/db"])
def test_a_master_address_of_another_database_is_one_sentence_naming_the_schemes(tmp_path, capsys, value,
                                                                                   monkeypatch):
    monkeypatch.chdir(tmp_path)
    err = _refused(capsys, ["office", "rep", "list", "--master", value])
    assert err == (f"fieldcrm: --master {value} is not a PostgreSQL address: give postgresql://… or "
                   "postgres://…, or the office book's folder; nothing was changed.\n")
    assert list(tmp_path.iterdir()) == []


def test_a_superuser_or_the_offices_own_role_cannot_read_as_a_rep_and_a_moved_role_is_said(pg_dsn, capsys):
    main(["office", "rep", "add", "Li Na 李娜", "--master", pg_dsn])
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        own, = conn.execute("SELECT current_user").fetchone()
        conn.execute("CREATE ROLE boss SUPERUSER")
        members = "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = %s"
        err = _refused(capsys, ["office", "rep", "role", "Li Na 李娜", own, "--master", pg_dsn])
        assert err == (f"fieldcrm: {own} is the role the office itself connects as: give the rep a role of their "
                       "own; nothing was changed.\n")
        err = _refused(capsys, ["office", "rep", "role", "Li Na 李娜", "boss", "--master", pg_dsn])
        assert err == ("fieldcrm: boss is a superuser, which reads every row whoever it reads as: give the rep a "
                       "role of their own; nothing was changed.\n")
        assert conn.execute(members, ("boss",)).fetchone() == (0,)
        assert conn.execute(members, (own,)).fetchone() == (0,)
        assert main(["office", "rep", "role", "Li Na 李娜", "lina", "--master", pg_dsn]) == 0
        assert capsys.readouterr().out == "The database role lina now reads reports as Li Na 李娜.\n"
        assert main(["office", "rep", "role", "Li Na 李娜", "lina2", "--master", pg_dsn]) == 0
        assert capsys.readouterr().out == ("The database role lina2 now reads reports as Li Na 李娜. The role lina "
                                           "no longer reads as Li Na 李娜.\n")
        assert conn.execute("SELECT db_role FROM rep").fetchall() == [("lina2",)]


@pytest.mark.parametrize("engine", ["book", "pg"])
def test_an_office_event_takes_the_day_words_a_reps_event_takes(tmp_path, capsys, monkeypatch, request, engine):
    import arrow

    from fieldcrm.clock import Clock
    from fieldcrm.model import Customer
    from fieldcrm.office.pg.migrate import migrate
    from tests.office.team import Team

    team = Team(tmp_path, ["Li Na 李娜"])
    with team.office.open() as book:
        book.add(Customer(name="Chen", owner=team.rep_ids["Li Na 李娜"], area="Pudong"))
    where = str(team.office.folder)
    if engine == "pg":
        where = request.getfixturevalue("pg_dsn")
        migrate(team.office.folder, where)
    monkeypatch.setattr(Clock, "now", lambda self: arrow.get("2026-11-25T04:00:00Z"))  # a Wednesday
    for word, day in (("tomorrow", "2026-11-26"), ("fri", "2026-11-27"), ("+7d", "2026-12-02")):
        capsys.readouterr()
        assert main(["office", "event", "Tea day", "--day", word, "--master", where]) == 0
        assert capsys.readouterr().out == f"Tea day on {day}: 1 invitation for Li Na 李娜.\n"
    err = _refused(capsys, ["office", "event", "Tea day", "--day", "someday", "--master", where])
    assert err.startswith("fieldcrm: ") and "Traceback" not in err


LOST_MID_COPY = """
import sys
import psycopg
from fieldcrm.cli import main
write = psycopg.Copy.write
def lost(self, data):  # the server goes away in the middle of the copy: the session ends, then writing fails
    pid = self.connection.info.backend_pid
    with psycopg.connect(sys.argv[1], autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        while admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone():
            pass
    for _ in range(10_000):  # until the driver notices the connection is gone
        write(self, data + b"x" * 65536)
psycopg.Copy.write = lost
sys.exit(main(["office", "merge", "--master", sys.argv[1], "-o", sys.argv[2], *sys.argv[3:]]))
"""


def test_a_connection_lost_mid_merge_is_fieldcrms_sentence_alone(tmp_path, pg_dsn):
    import subprocess
    import sys

    from tests.sync.test_sync_files import _rep_files
    files = _rep_files(tmp_path, 2, [(0, "edit", 0, 1), (1, "note", 1, 2)])
    assert main(["office", "rep", "add", "Ann", "--master", pg_dsn]) == 0
    done = subprocess.run([sys.executable, "-c", LOST_MID_COPY, pg_dsn, str(tmp_path / "out"), *map(str, files)],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert done.stderr.startswith("fieldcrm: The office database failed (") and done.stderr.count("\n") == 1, \
        done.stderr
