"""A throwaway PostgreSQL cluster: for the tests and the bench, never for an office's data.

``initdb`` + ``pg_ctl`` in a private folder, listening only on a unix socket in
that folder (a private port number names the socket), removed on ``stop``.
PostgreSQL refuses to run as root, so as root the server runs as the user
``postgres`` (``runuser``), with the folder handed to it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SEARCH = ("/usr/local/bin", "/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin",
          "/usr/lib/postgresql/15/bin")
SUPERUSER = "fieldcrm"


def server_binaries() -> tuple[str, str] | None:
    """(initdb, pg_ctl), or None where no PostgreSQL server is installed."""
    for folder in ("", *SEARCH):
        initdb = shutil.which("initdb", path=folder or None)
        pg_ctl = shutil.which("pg_ctl", path=folder or None)
        if initdb and pg_ctl:
            return initdb, pg_ctl
    return None


def why_not() -> str | None:
    """Why no throwaway cluster can start here (None: it can)."""
    if server_binaries() is None:
        return "no PostgreSQL server here (initdb and pg_ctl not found)"
    if os.geteuid() == 0 and (shutil.which("runuser") is None or _uid("postgres") is None):
        return "running as root, and there is no user postgres (or no runuser) to run the server as"
    return None


def _uid(name: str) -> int | None:
    import pwd
    try:
        return pwd.getpwnam(name).pw_uid
    except KeyError:
        return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """``with Cluster() as c: c.dsn("dbname")``; ``fast`` turns fsync off (tests only)."""

    def __init__(self, fast: bool = True):
        self.fast = fast
        self.folder: Path | None = None
        self.port = 0

    def _run(self, argv: list[str]) -> None:
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed: {(done.stderr or done.stdout).strip()[-800:]}")

    def start(self) -> "Cluster":
        found = server_binaries()
        if found is None:
            raise RuntimeError(why_not())
        initdb, pg_ctl = found
        self.folder = Path(tempfile.mkdtemp(prefix="fieldcrm-pg-"))
        if os.geteuid() == 0:
            os.chown(self.folder, _uid("postgres"), -1)
        data, self.port = self.folder / "data", _free_port()
        self._run([initdb, "-D", str(data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                   "--locale=C", "--no-sync", "--no-instructions"])
        options = f"-k {self.folder} -p {self.port} -c listen_addresses=''"
        if self.fast:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run([pg_ctl, "-D", str(data), "-l", str(self.folder / "log"), "-w", "-o", options, "start"])
        return self

    def dsn(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@/{dbname}?host={self.folder}&port={self.port}"

    def create_database(self, name: str) -> str:
        import psycopg
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.dsn(name)

    def stop(self) -> None:
        if self.folder is None:
            return
        found = server_binaries()
        try:
            if found and (self.folder / "data" / "postmaster.pid").exists():
                self._run([found[1], "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop"])
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self) -> "Cluster":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
