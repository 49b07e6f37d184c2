"""A throwaway PostgreSQL cluster for the session, a fresh database per test.

Where no PostgreSQL server is installed the tests skip with the reason; in CI
(CI=true) that skip is a failure (tests/ci_skips.py).
"""

from __future__ import annotations

import itertools

import pytest

from tests.ci_skips import require_in_ci

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster():
    try:
        import psycopg  # noqa: F401
    except ImportError:
        require_in_ci('psycopg is not installed (pip install -e ".[test]" brings it)')
    from fieldcrm.office.pg.cluster import Cluster, why_not
    reason = why_not()
    if reason:
        require_in_ci(f"PostgreSQL tests need a throwaway server: {reason}")
    cluster = Cluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_dsn(pg_cluster) -> str:
    """A fresh, empty database."""
    return pg_cluster.create_database(f"t{next(_names)}")


def reset(dsn: str) -> None:
    """Empty a database again (between Hypothesis examples)."""
    import psycopg
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
