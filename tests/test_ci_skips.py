"""CI cannot pass with a test skipped: in CI (CI=true) a skip is a failure that names the reason."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = '''
import pytest
from tests.ci_skips import require_in_ci

def test_needs_a_tool():
    require_in_ci("the tool is not installed")

@pytest.mark.skipif(True, reason="not on this machine")
def test_marked():
    pass

@pytest.mark.may_skip_in_ci("only on Windows")
def test_allowed():
    pytest.skip("only on Windows")

@pytest.mark.xfail(reason="a known bug", strict=True)
def test_expected_to_fail():
    assert False

def test_runs():
    pass
'''


def _run(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess:
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = str(REPO)
    if ci is not None:
        env["CI"] = ci
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "tests.ci_skips", "-p", "no:cacheprovider",
                           "-rA", "test_sample.py"], cwd=tmp_path, env=env, capture_output=True, text=True)


def test_outside_ci_a_missing_tool_is_a_skip_with_its_reason(tmp_path):
    done = _run(tmp_path, ci=None)
    assert done.returncode == 0, done.stdout
    assert "3 skipped" in done.stdout and "1 xfailed" in done.stdout
    assert "the tool is not installed" in done.stdout


@pytest.mark.parametrize("ci", ["true", "1"])
def test_in_ci_a_skip_fails_the_run_and_says_why(tmp_path, ci):
    done = _run(tmp_path, ci=ci)
    assert done.returncode == 1, done.stdout
    assert "FAILED test_sample.py::test_needs_a_tool" in done.stdout
    assert "the tool is not installed; CI must run this test" in done.stdout
    assert "ERROR test_sample.py::test_marked" in done.stdout  # skipped at set-up: an error there
    assert "skipped in CI: not on this machine" in done.stdout
    # Marked as allowed: still a skip; an xfail is an expectation, not a missing test.
    assert "1 skipped" in done.stdout and "1 xfailed" in done.stdout and "1 passed" in done.stdout


def test_ci_run_script_runs_the_tests_as_ci():
    script = (REPO / ".ci" / "run").read_text()
    assert 'export CI="${CI:-true}"' in script
