"""Shared fixtures: a frozen clock everywhere, and small books in temp folders."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest

from fieldcrm import i18n
from fieldcrm.cli import main
from fieldcrm.clock import FrozenClock
from fieldcrm.demo import DemoSize, build_demo, demo_rep
from fieldcrm.store import Store
# In CI (CI=true) a skip fails: the hooks are registered here, the helper is for tests.
from tests.ci_skips import (pytest_configure, pytest_make_collect_report,  # noqa: F401
                            pytest_runtest_makereport, require_in_ci)

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def private_environment(tmp_path_factory, monkeypatch):
    """Tests never read the developer's own settings or book (subprocesses inherit this)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("FIELDCRM_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("FIELDCRM_DB", str(home / "default-book"))
    monkeypatch.setenv("HOME", str(home))  # the app's sync files go to ~/fieldcrm-sync


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock("2026-11-24T09:30:00+00:00")


@pytest.fixture
def book_path(tmp_path: Path) -> Path:
    return tmp_path / "book"


@pytest.fixture
def demo_book(book_path: Path, clock: FrozenClock) -> Path:
    """A 40-customer demo book, closed, ready to open."""
    Store.create(book_path, build_demo(DemoSize(40), seed=3, today=TODAY),
                 rep=demo_rep(), clock=clock, demo=True)
    return book_path


@pytest.fixture
def store(demo_book: Path, clock: FrozenClock):
    with Store.open(demo_book, clock=clock) as opened:
        yield opened


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, to prove nothing changed."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class FullDisk:
    """Stands in for ``open`` in fieldcrm.store.files: the file object the writer
    streams into, every write of which fails as on a full disk."""

    def __init__(self, fd, *args, **kwargs):
        os.close(fd)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def chinese():
    """The interface in Chinese for one test (pure functions: screens fix theirs at start)."""
    i18n.set_language("zh")
    try:
        yield
    finally:
        i18n.set_language("en")


@pytest.fixture
def run(capsys):
    """``run("import", "vcard", path, ...)`` -> (exit code, stdout, stderr): a command run in this process."""
    def _run(*args):
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return _run
