"""The app in Chinese, run in its own process (the language is fixed when the screens'
classes are made): snapshots of Today, a profile, the note form and Reports, and the
column layout with wide characters. See tests/tui_zh/zh_screens.py."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_screens_in_chinese(request):
    command = [sys.executable, "-m", "pytest", "tests/tui_zh/zh_screens.py", "-q",
               "-p", "no:cacheprovider", "-p", "no:randomly"]
    if request.config.getoption("--snapshot-update", default=False):
        command.append("--snapshot-update")
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "FIELDCRM_LANGUAGE": "zh"},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
