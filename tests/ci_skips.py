"""In CI a skipped test is a failure: CI must not pass with a test left out.

Locally a test may skip when the machine lacks something (tmux, later PostgreSQL),
with the reason shown. Where the environment variable CI is true (CI services set
it, and so does ``.ci/run``), every skip becomes a failure that names the reason,
unless the test is marked ``@pytest.mark.may_skip_in_ci("why")``. ``xfail`` is
left alone: it is an expectation, not a missing test.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

ALLOW = "may_skip_in_ci"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def require_in_ci(reason: str) -> NoReturn:
    """Skip this test for ``reason``; in CI fail instead, saying why."""
    if in_ci():
        pytest.fail(f"{reason}; CI must run this test (CI=true), so it fails instead of skipping.",
                    pytrace=False)
    pytest.skip(reason)


def _reason(longrepr) -> str:
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # (path, line, "Skipped: why")
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", f"{ALLOW}(reason): this test may skip in CI too, for the reason given")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if (in_ci() and report.skipped and not hasattr(report, "wasxfail")
            and item.get_closest_marker(ALLOW) is None):
        report.outcome = "failed"
        report.longrepr = (f"skipped in CI: {_reason(report.longrepr)}\n"
                           f"CI (CI=true) must run every test; mark it @pytest.mark.{ALLOW}(reason) "
                           "only if CI may really go without it.")
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    report = yield
    if in_ci() and report.skipped:  # a whole module skipped (importorskip, allow_module_level)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI: {_reason(report.longrepr)}\nCI (CI=true) must run every test."
    return report
