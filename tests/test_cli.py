"""The fieldcrm command as a user runs it: subprocesses, exit codes, messages."""

import json
import os
import shutil
import subprocess
import sys

from fieldcrm.model import Customer
from fieldcrm.store import Store


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "fieldcrm", *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})})


def test_help_lists_the_subcommands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("demo", "bench", "--db", "--read-only"):
        assert command in result.stdout


def test_demo_writes_a_book_and_never_overwrites_a_real_one(tmp_path):
    demo = tmp_path / "demo"
    first = run("demo", "--db", str(demo), "--customers", "25")
    assert first.returncode == 0 and "25 customers" in first.stdout
    with Store.open(demo, read_only=True) as book:
        assert book.count(Customer) == 25 and book.is_demo

    again = run("demo", "--db", str(demo))
    assert again.returncode == 0 and "keeping it" in again.stdout

    real = tmp_path / "real"
    Store.create(real, [Customer(name="Keep me")])
    before = (real / "book.json").read_bytes()
    refused = run("--db", str(real), "demo", "--replace")
    assert refused.returncode == 1 and "holds a real book" in refused.stderr
    assert (real / "book.json").read_bytes() == before


def test_demo_replace_rebuilds_a_demo_book(tmp_path):
    demo = tmp_path / "demo"
    run("demo", "--db", str(demo), "--customers", "5")
    rebuilt = run("demo", "--db", str(demo), "--customers", "9", "--replace")
    assert rebuilt.returncode == 0
    with Store.open(demo, read_only=True) as book:
        assert book.count(Customer) == 9


def test_the_environment_variable_chooses_the_book(tmp_path):
    result = run("demo", "--customers", "3", env={"FIELDCRM_DB": str(tmp_path / "env-book")})
    assert result.returncode == 0 and (tmp_path / "env-book" / "book.json").exists()


def test_bad_arguments_are_one_clear_line():
    result = run("demo", "--customers", "zero")
    assert result.returncode == 2 and "'zero' is not a whole number" in result.stderr
    assert "Traceback" not in result.stderr


def test_subcommands_other_than_the_app_do_not_import_textual(tmp_path):
    code = (
        "import sys\nfrom fieldcrm.cli import main\n"
        f"main(['demo', '--db', {str(tmp_path / 'b')!r}, '--customers', '3'])\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_bench_prints_the_promised_figures_as_json():
    result = run("bench", "--customers", "50", "--interactions", "300", "--purchases", "60",
                 "--saves", "20", "--team", "3", "20", "40", "--team-large", "4", "5", "30", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    for key in ("open_s", "save_note_p50_ms", "save_note_p95_ms", "naive_tinydb_insert_ms",
                "save_speedup", "peak_rss_mb", "agenda_ms", "facts_s"):
        assert figures[key] > 0, key
    assert figures["save_note_p50_ms"] <= figures["save_note_p95_ms"]
    assert figures["search_ms"] > 0 and figures["pinyin_import_ms"] > 0 and "pinyin_index_ms" in figures
    for key in ("open_customers_ratio", "open_referrals_ratio", "open_customers_again_ratio", "bare_screen_ms"):
        assert figures[key] > 0, key  # opening a screen, against a bare Textual screen in the same run
    assert figures["notice_build_ms"] > 0 and figures["notice_keystroke_ms"] > 0  # notices (issue 15)
    if shutil.which("tmux"):  # start-up is timed in a real terminal, against the bare app
        for key in ("startup_ratio", "startup_cold_ratio", "startup_after_import_ratio"):
            assert figures[key] > 0, key
    assert figures["save_speedup"] == round(figures["naive_tinydb_insert_ms"] / figures["save_note_p95_ms"], 1)
    # The team office (issue 12): the merge with every rep's morning file, and their size.
    for key in ("office_merge_s", "morning_file_kb", "whole_company_file_kb", "morning_file_pct",
                "office_merge_500_s", "morning_file_500_kb", "master_merge_s"):
        assert figures[key] > 0, key
    assert figures["team_reps"] == 3 and figures["team_customers"] == 60 and figures["team_changes"] == 120
    assert figures["morning_file_kb"] < figures["whole_company_file_kb"]


def test_bench_refuses_a_large_team_of_two_numbers():
    result = run("bench", "--team-large", "5", "5")
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "three numbers" in result.stderr
