"""fieldcrm agenda, as the rep runs it."""

import json

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


def test_an_impossible_date_is_one_clear_line(demo_book):
    result = run("agenda", "--db", str(demo_book), "--date", "2026-02-30")
    assert result.returncode == 2
    assert "'2026-02-30' is not a real date" in result.stderr and "Traceback" not in result.stderr


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
