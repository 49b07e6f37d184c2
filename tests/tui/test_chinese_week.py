"""A Chinese rep's week, run in its own process in Chinese: see tests/tui_zh/zh_week.py."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_chinese_reps_week():
    command = [sys.executable, "-m", "pytest", "tests/tui_zh/zh_week.py", "-q",
               "-p", "no:cacheprovider", "-p", "no:randomly"]
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "FIELDCRM_LANGUAGE": "zh"},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
