"""CI must run exactly the README's test line."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_line():
    readme = (ROOT / "README.md").read_text()
    line = 'pip install -e ".[test]" && pytest'
    assert f"```\n{line}\n```" in readme
    assert line in (ROOT / ".ci" / "run").read_text().splitlines()
