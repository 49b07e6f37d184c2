"""Starting an office on PostgreSQL: only on purpose, with a clear sentence when the address or the role
will not do (what a new office's IT person met following the README)."""

from __future__ import annotations

import psycopg

from fieldcrm.cli import main
from fieldcrm.office.master import BookMaster
from tests.sync.helpers import Site, merge_all
from tests.sync.test_sync_files import _rep_files


def _has_tables(dsn: str) -> bool:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT to_regclass('meta')").fetchone()[0] is not None


def test_a_database_with_no_office_is_refused_by_every_command_but_rep_add(tmp_path, pg_dsn, capsys):
    files = _rep_files(tmp_path, 2, [(0, "edit", 0, 1)])
    for command in (["rep", "list"], ["report"], ["merge", str(files[0]), "-o", str(tmp_path / "morning")]):
        assert main(["office", *command, "--master", pg_dsn]) == 1
        err = capsys.readouterr().err
        assert "holds no fieldcrm office: move one in with `fieldcrm office migrate`" in err, err
        assert err.count("\n") == 1
    assert not _has_tables(pg_dsn)  # nothing was started there
    assert not (tmp_path / "morning").exists()
    assert main(["office", "rep", "add", "Mei", "--master", pg_dsn]) == 0  # a new office starts with its first rep
    assert main(["office", "rep", "list", "--master", pg_dsn]) == 0
    assert "Mei" in capsys.readouterr().out


def test_a_role_without_the_rights_it_needs_is_told_what_it_needs_and_nothing_is_moved(tmp_path, pg_cluster,
                                                                                      capsys):
    files = _rep_files(tmp_path, 2, [(0, "edit", 0, 1), (1, "note", 1, 2)])
    book = Site(tmp_path / "office-book")
    merge_all(book, files, tmp_path / "out")
    with psycopg.connect(pg_cluster.dsn(), autocommit=True) as conn:
        conn.execute("CREATE ROLE weak_office LOGIN")
        conn.execute("CREATE DATABASE weak_db")  # not the office role's: it may create nothing there
    dsn = pg_cluster.dsn("weak_db", user="weak_office")
    assert main(["office", "migrate", "--from", str(book.folder), "--to", dsn]) == 1
    err = capsys.readouterr().err
    assert err.startswith("fieldcrm: The office database refused (") and "(CREATEROLE)" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not _has_tables(dsn)


def test_a_reps_book_is_not_moved_as_the_office(tmp_path, pg_dsn, capsys):
    files = _rep_files(tmp_path, 2, [(0, "edit", 0, 1)])
    office = Site(tmp_path / "office-book")
    mornings = merge_all(office, files, tmp_path / "out")
    laptop = Site(tmp_path / "laptop")
    with laptop.open() as store:  # a laptop that has taken a morning file knows its office
        from fieldcrm.sync.importer import import_files
        import_files(store, [mornings[next(iter(mornings))]])
        assert isinstance(store.meta.get("office"), str)
    assert main(["office", "migrate", "--from", str(laptop.folder), "--to", pg_dsn]) == 1
    assert "is a rep's book (it syncs with an office)" in capsys.readouterr().err
    assert not _has_tables(pg_dsn)
    with office.open() as store:
        assert isinstance(BookMaster(store).roster().reps, dict)
    assert main(["office", "migrate", "--from", str(office.folder), "--to", pg_dsn]) == 0
    out = capsys.readouterr().out
    assert "[office] master = \"" in out and f"--master '{pg_dsn}'" in out
    assert out.startswith("Moved 3 records (7 versions), 1 rep and their laptops' positions into PostgreSQL;")


def test_an_unreadable_settings_file_is_named_not_taken_for_no_setting(tmp_path, capsys, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("[office]\nmaster = postgresql://office@db/x\n", encoding="utf-8")
    monkeypatch.setenv("FIELDCRM_CONFIG", str(config))
    assert main(["office", "rep", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"fieldcrm: {config} is not valid TOML (") and "give --master, or mend the file" in err
    config.write_text("[office]\nmaster = 5\n", encoding="utf-8")
    assert main(["office", "rep", "list"]) == 1
    assert "[office] master must be text in quotes" in capsys.readouterr().err
