"""The command line in Chinese: what a rep reads when the language is zh, from the
environment (FIELDCRM_LANGUAGE) or from ``[app] language`` in the settings file.
Each runs fieldcrm as a rep does, in a subprocess, so the language is chosen at start."""

import os
import subprocess
import sys

from fieldcrm.model import Customer
from fieldcrm.store import Store
from tests.conftest import folder_bytes


def run(*args, language="zh", env=None):
    environment = {k: v for k, v in os.environ.items() if k not in ("FIELDCRM_LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    environment["LANG"] = "C.UTF-8"  # the language comes from fieldcrm's own setting, not the locale
    if language:
        environment["FIELDCRM_LANGUAGE"] = language
    return subprocess.run([sys.executable, "-m", "fieldcrm", *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env={**environment, **(env or {})})


def test_a_refused_sync_file_is_one_chinese_sentence_and_the_book_is_unchanged(demo_book, tmp_path):
    bad = tmp_path / "from-a-friend.fieldsync"
    bad.write_text("this is not a sync file\n", encoding="utf-8")
    Store.open(demo_book).close()  # a first open for writing starts the change log
    before = folder_bytes(demo_book)
    result = run("sync", "import", str(bad), "--db", str(demo_book))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"fieldcrm: {bad} 不是 fieldcrm 同步文件；未做任何更改。"
    assert folder_bytes(demo_book) == before


def test_a_missing_book_is_said_in_chinese(tmp_path):
    result = run("agenda", "--db", str(tmp_path / "typo"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"fieldcrm: {tmp_path / 'typo'} 没有 fieldcrm 账本。"


def test_the_sync_export_says_what_it_wrote_in_chinese(demo_book, tmp_path):
    nothing = run("sync", "export", "--db", str(demo_book), "-o", str(tmp_path / "none.fieldsync"))
    assert nothing.returncode == 0 and nothing.stdout == "无需导出：这本账本里还没有你做的改动。\n"  # no office yet
    with Store.open(demo_book) as store:
        store.add(Customer(name="陈静"))
    out = tmp_path / "evening.fieldsync"
    first = run("sync", "export", "--db", str(demo_book), "-o", str(out))
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"已写入 {out}（1 条改动）。\n"
    again = run("sync", "export", "--db", str(demo_book), "-o", str(out))
    assert again.returncode == 1 and "已存在；请换个名字，或加 --force 替换它。" in again.stderr


def test_the_settings_file_alone_makes_the_roster_chinese(tmp_path):
    office = tmp_path / "office"
    Store.create(office, [])
    config = tmp_path / "config.toml"
    config.write_text('[app]\nlanguage = "zh"\n', encoding="utf-8")
    result = run("office", "rep", "list", "--master", str(office), language=None,
                 env={"FIELDCRM_CONFIG": str(config)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "还没有业务员：用 `fieldcrm office rep add NAME` 添加。"
    english = run("office", "rep", "list", "--master", str(office), language=None)
    assert english.stdout.strip() == "No reps yet: add one with `fieldcrm office rep add NAME`."


def test_a_contacts_import_preview_reads_in_chinese(tmp_path):
    cards = tmp_path / "phone.vcf"
    cards.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:张秀英\r\nTEL:13800138000\r\nEND:VCARD\r\n"
                     "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nEND:VCARD\r\n", encoding="utf-8")
    book = tmp_path / "book"
    Store.create(book, [Customer(name="王芳", phones=["13900139000"])])
    result = run("import", "vcard", str(cards), "--db", str(book))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{cards}：2 张名片。"
    assert lines[1] == "2 个联系人：1 位新客户，0 位账本中已有，0 位与已有客户相似（暂不添加），1 个被拒绝。"
    assert "  被拒绝：第 2 张名片：没有姓名、单位、邮箱或电话" in lines
    assert lines[-1] == "未添加任何客户：加 --yes 再运行一次即可添加新客户。"


def test_argument_help_is_chinese(tmp_path):
    result = run("sync", "export", "--help")
    assert result.returncode == 0
    assert "写出办公室还没有的改动" not in result.stdout  # the parent's help line, not this page's
    assert "若 FILE 已存在则替换" in result.stdout


def test_a_bad_argument_is_one_chinese_line_with_argparse_words_too():
    result = run("demo", "--customers", "zero")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].startswith("用法：fieldcrm demo")
    assert result.stderr.splitlines()[-1] == "fieldcrm demo：错误：参数 --customers：'zero' 不是整数"


def test_the_agenda_table_reads_in_chinese_and_keeps_its_columns(demo_book):
    from fieldcrm.textwidth import cells

    result = run("agenda", "--db", str(demo_book), "--date", "2026-11-27")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2026年11月27日 星期五：今日清单 ")
    header, rows = lines[2], [line for line in lines[3:] if line[:2].strip().isdigit()]
    # " #", time (5), customer (22), tier (4), do (8), two cells between: the columns of the English table
    assert rows and cells(header[:header.index("原因")]) == 51
    for row in rows:
        action = next(word for word in ("拜访", "电话", "消息", "问候") if word in row)
        assert cells(row[:row.index(action)]) == 41, row


def test_who_a_notice_leaves_out_is_said_in_chinese(demo_book):
    result = run("notice", "new", "--kind", "promotion", "--title", "冬茶", "--start", "2026-12-01",
                 "--end", "2026-12-10", "--db", str(demo_book))
    assert result.returncode == 0, result.stderr
    left_out = [line for line in result.stdout.splitlines() if line.startswith("  ")]
    assert left_out and all(line.startswith("  不发送：") for line in left_out), result.stdout
