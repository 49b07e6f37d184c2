"""fieldcrm agenda, as the rep runs it."""

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from fieldcrm.when import parse_day

from fieldcrm.textwidth import cells
from tests.test_cli import run


def test_agenda_json_has_the_promised_fields_and_no_duplicates(demo_book):
    result = run("agenda", "--db", str(demo_book), "--date", "2026-11-24", "--json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["day"] == "2026-11-24" and len(plan["items"]) == 8
    item = plan["items"][0]
    assert set(item) >= {"customer_id", "name", "tier", "reasons", "action", "score"}
    assert item["reasons"][0]["kind"] and item["reasons"][0]["text"]
    subjects = [i["subject"] for i in plan["items"] + plan["also_due"]]
    assert len(subjects) == len(set(subjects))


def test_agenda_table_lines_up_chinese_names(demo_book):
    result = run("agenda", "--db", str(demo_book), "--date", "2026-11-24")
    assert result.returncode == 0
    rows = [line for line in result.stdout.splitlines() if line[:2].strip().isdigit()]
    assert len(rows) == 8
    # The tier column starts at the same cell in every row, whatever the script.
    starts = {cells(row[: row.index(f"  {tier}  ")]) for row in rows for tier in "ABC" if f"  {tier}  " in row}
    assert len(starts) == 1


@pytest.mark.parametrize("text", ["2026-02-30", "", " "])  # a blank --date is a slip, not today
def test_an_impossible_date_is_one_clear_line(demo_book, text):
    result = run("agenda", "--db", str(demo_book), "--date", text)
    assert result.returncode == 2 and result.stdout == ""
    assert f"{text!r} is not a day I understand" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31", "+99999999d"])
def test_a_day_out_of_range_is_one_sentence(demo_book, text):
    result = run("agenda", "--db", str(demo_book), "--date", text)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].endswith(
        f"{text!r} is out of range: fieldcrm plans days from 1900-01-01 to 2999-12-31.")


@pytest.mark.parametrize("text", ["tomorrow", "fri", "+3d"])
def test_the_date_takes_the_days_the_app_takes(demo_book, text):
    result = run("agenda", "--db", str(demo_book), "--date", text, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["day"] == parse_day(text, dt.date.today()).isoformat()


@pytest.mark.parametrize("command", [["agenda"], ["agenda", "--json"], ["report"], ["report", "--json"]])
def test_a_reader_that_stops_reading_ends_it_quietly(demo_book, command):
    """``fieldcrm agenda | head``: a pipe whose reader is gone (closed before the
    command writes, so the write always fails) gives exit 1 and no traceback."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run([sys.executable, "-m", "fieldcrm", *command, "--db", str(demo_book)],
                                stdout=writer, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    finally:
        os.close(writer)
    assert result.stderr == "" and result.returncode == 1


def test_agenda_works_while_the_app_has_the_book_open(demo_book):
    from fieldcrm.store import Store
    with Store.open(demo_book):
        result = run("agenda", "--db", str(demo_book), "--date", "2026-11-24", "--json")
    assert result.returncode == 0


def test_a_bad_config_warns_and_still_plans_the_day(demo_book, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[agenda]\nsize = -1\n")
    result = run("agenda", "--db", str(demo_book), "--date", "2026-11-24", "--json",
                 env={"FIELDCRM_CONFIG": str(config)})
    assert result.returncode == 0
    assert "agenda.size must be a whole number" in result.stderr
    assert len(json.loads(result.stdout)["items"]) == 8


def test_report_json_and_text(demo_book):
    result = run("report", "--db", str(demo_book), "--week", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["period"] == "week" and len(report["activity"]) == 8 and report["customers"] == 40
    assert 0 < report["top20_share"] <= 1 and abs(sum(report["deciles"]) - 1) < 0.01
    text = run("report", "--db", str(demo_book))
    assert "Revenue concentration" in text.stdout and "█" in text.stdout


def test_agenda_and_report_speak_chinese_when_the_language_is_zh(demo_book):
    zh = {"FIELDCRM_LANGUAGE": "zh"}
    agenda = run("agenda", "--db", str(demo_book), "--date", "2026-11-24", env=zh)
    assert agenda.returncode == 0, agenda.stderr
    lines = agenda.stdout.splitlines()
    assert lines[0].startswith("2026年11月24日 星期二：今日清单 8 位，另有")
    assert lines[2].split() == ["#", "时间", "客户", "等级", "行动", "原因"]
    rows = [line for line in lines[3:] if line[:2].strip().isdigit()]
    assert len(rows) == 8 and all(any(w in row for w in ("拜访", "电话", "消息", "问候")) for row in rows)
    assert "another" not in agenda.stdout and " due" not in agenda.stdout
    report = run("report", "--db", str(demo_book), env=zh)
    assert report.returncode == 0, report.stderr
    assert "收入集中度（近 12 个月）" in report.stdout and "Revenue" not in report.stdout
