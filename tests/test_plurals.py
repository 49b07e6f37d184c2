"""A count of one reads in the singular ("Added 1 customer", not "1 customers"), and Chinese keeps its one form."""

from pathlib import Path

import pytest

from fieldcrm import i18n
from fieldcrm.interop.contacts import result_line
from fieldcrm.sync.exporter import Exported


@pytest.fixture
def chinese():
    i18n.set_language("zh")
    yield
    i18n.set_language("en")


def test_one_of_something_is_singular_and_more_are_plural():
    one = {"added": 1, "filled": 1, "merged": 1, "skipped": 1, "refused": 1}
    assert result_line(one) == ("Added 1 customer; 1 matched customer got details they lacked; 1 look-alike merged; "
                                "1 look-alike skipped; 1 refused contact set aside (not added).")
    assert result_line({**one, "added": 2, "filled": 0, "merged": 0, "skipped": 0, "refused": 0}) == "Added 2 customers."
    assert Exported(Path("ann.fieldsync"), 1, False).message() == "Wrote ann.fieldsync (1 change)."
    assert Exported(Path("ann.fieldsync"), 3, False).message() == "Wrote ann.fieldsync (3 changes)."


def test_counted_messages_keep_their_chinese(chinese):
    assert result_line({"added": 1, "filled": 0, "merged": 0, "skipped": 0}).startswith("已添加 1 位客户")
    assert Exported(Path("ann.fieldsync"), 1, False).message() == "已写入 ann.fieldsync（1 条改动）。"


# The office's and the notice commands' counted lines: each count has its own plural, none says "(s)". ----------

from fieldcrm.cli import main  # noqa: E402
from fieldcrm.model import Complaint, Customer, FollowUp  # noqa: E402
from fieldcrm.office.merge import OfficeRun  # noqa: E402
from fieldcrm.office.morning import Morning  # noqa: E402
from fieldcrm.office.roster import RepEntry  # noqa: E402
from fieldcrm.store import Store  # noqa: E402
from fieldcrm.sync.importer import Summary  # noqa: E402
from tests.office.team import Team  # noqa: E402


@pytest.fixture
def chinese_cli(monkeypatch):
    """The command line in Chinese for one test (``main`` chooses the language from the environment)."""
    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    yield
    i18n.set_language("en")


def _office(tmp_path, customers: dict[str, str]) -> tuple[Team, dict[str, str]]:
    """An office of Ann and Bob; ``customers`` is name -> owner; returns the team and name -> id."""
    team = Team(tmp_path, ["Ann", "Bob"])
    with team.office.open() as master:
        ids = {name: master.add(Customer(name=name, owner=team.rep_ids[owner], area="Pudong")).id
               for name, owner in customers.items()}
    return team, ids


def _said(capsys) -> str:
    return capsys.readouterr().out.strip()


def test_assigning_one_customer_says_customer_and_two_say_customers(tmp_path, capsys):
    team, ids = _office(tmp_path, {"Li": "Ann", "Wu": "Ann"})
    master = ["--master", str(team.office.folder)]
    assert main(["office", "assign", "--to", "Bob", "--id", ids["Li"], *master]) == 0
    assert _said(capsys) == "1 of 1 customer now belongs to Bob."
    assert main(["office", "assign", "--to", "Bob", "--id", ids["Li"], "--id", ids["Wu"], *master]) == 0
    assert _said(capsys) == "1 of 2 customers now belongs to Bob (the others already did)."
    assert main(["office", "assign", "--to", "Ann", "--area", "Pudong", *master]) == 0
    assert _said(capsys) == "2 of 2 customers now belong to Ann."


def test_assigning_in_chinese(tmp_path, capsys, chinese_cli):
    team, ids = _office(tmp_path, {"Li": "Ann"})
    assert main(["office", "assign", "--to", "Bob", "--id", ids["Li"], "--master", str(team.office.folder)]) == 0
    assert _said(capsys) == "1 位客户中有 1 位现归 Bob 负责。"


def test_a_handover_counts_customers_and_open_work_each_in_its_own_plural(tmp_path, capsys):
    team, ids = _office(tmp_path, {"Li": "Bob", "Wu": "Ann", "Zhao": "Ann"})
    with team.office.open() as store:
        store.add(FollowUp(customer_id=ids["Li"], due="2026-11-26", reason="samples"))
    assert main(["office", "handover", "--from", "Bob", "--to", "Ann", "--master", str(team.office.folder)]) == 0
    assert _said(capsys) == ("1 customer of Bob now belongs to Ann, with 1 open follow-up or complaint. "
                             "Bob is off the roster; their work stays in the book.")
    with team.office.open() as store:
        for name in ("Wu", "Zhao"):
            store.add(Complaint(customer_id=ids[name], opened="2026-11-20"))
    assert main(["office", "rep", "add", "Cy", "--master", str(team.office.folder)]) == 0  # Bob left: not him
    capsys.readouterr()
    assert main(["office", "handover", "--from", "Ann", "--to", "Cy", "--master", str(team.office.folder)]) == 0
    assert _said(capsys).startswith("3 customers of Ann now belong to Cy, with 3 open follow-ups and complaints. ")


def test_a_handover_in_chinese(tmp_path, capsys, chinese_cli):
    team, _ids = _office(tmp_path, {"Li": "Bob"})
    assert main(["office", "handover", "--from", "Bob", "--to", "Ann", "--master", str(team.office.folder)]) == 0
    assert _said(capsys) == ("Bob 的 1 位客户现归 Ann 负责，连同 0 条未完成的跟进和投诉。"
                             "Bob 已移出名册；其工作记录仍保留在账本中。")


def test_a_team_event_counts_each_reps_invitations(tmp_path, capsys, chinese_cli):
    team, _ids = _office(tmp_path, {"Li": "Ann", "Wu": "Ann", "Zhao": "Bob"})
    assert main(["office", "event", "Tea day", "--day", "2026-12-01", "--where", "area=Pudong",
                 "--master", str(team.office.folder)]) == 0
    assert _said(capsys) == "Tea day（2026-12-01）：Ann 2 份邀请、Bob 1 份邀请。"


def _morning(count: int, withdrawn: int) -> OfficeRun:
    rep = RepEntry(rep_id="r1", name="Ann")
    return OfficeRun(Summary(), [Morning(rep=rep, since=0, withdrawn={f"c{n}" for n in range(withdrawn)},
                                         path=Path("ann.fieldsync"), count=count)])


def test_the_office_merge_counts_changes_and_withdrawn_customers():
    assert _morning(1, 1).lines() == ["Wrote ann.fieldsync for Ann: 1 change (whole scope, 1 customer withdrawn)."]
    assert _morning(5, 2).lines() == ["Wrote ann.fieldsync for Ann: 5 changes (whole scope, 2 customers withdrawn)."]
    assert _morning(1, 0).lines() == ["Wrote ann.fieldsync for Ann: 1 change (whole scope)."]


def test_the_office_merge_line_in_chinese(chinese):
    assert _morning(5, 2).lines() == ["已为 Ann 写入 ann.fieldsync：5 条改动（全部负责范围，撤回 2 位客户）。"]


def test_the_move_to_postgresql_counts_records_versions_and_reps():
    pytest.importorskip("psycopg", reason="the move to PostgreSQL needs psycopg")
    from fieldcrm.office.pg.migrate import moved_line
    assert moved_line(1, 1, 1, "postgresql://office@db/x").startswith(
        "Moved 1 record (1 version), 1 rep and their laptops' positions into PostgreSQL;")
    assert moved_line(9, 12, 2, "postgresql://office@db/x").startswith(
        "Moved 9 records (12 versions), 2 reps and their laptops' positions into PostgreSQL;")


def test_the_move_to_postgresql_in_chinese(chinese):
    pytest.importorskip("psycopg", reason="the move to PostgreSQL needs psycopg")
    from fieldcrm.office.pg.migrate import moved_line
    assert moved_line(9, 12, 1, "postgresql://office@db/x").startswith(
        "已将 9 条记录（12 个版本）、1 名业务员及其笔记本的位置迁入 PostgreSQL；")


def _rep_book(tmp_path, names: list[str]) -> Path:
    folder = tmp_path / "book"
    Store.create(folder, [])
    with Store.open(folder) as store:
        for n, name in enumerate(names):
            store.add(Customer(name=name, area="Pudong", phones=[f"+86 138 0000 000{n}"]))
    return folder


def test_a_notice_of_one_message_says_message(tmp_path, capsys):
    book = _rep_book(tmp_path, ["Li"])
    assert main(["notice", "new", "--db", str(book), "--kind", "weather", "--title", "Typhoon", "--start",
                 "2026-11-25", "--area", "Pudong"]) == 0
    assert "): 1 message to send, 0 left out." in _said(capsys)
    assert main(["notice", "send", "--db", str(book), "Typhoon", "--csv", str(tmp_path / "out.csv")]) == 0
    assert _said(capsys) == f"Wrote 1 message to {tmp_path / 'out.csv'}; it is logged as sent."


def test_a_notice_in_chinese(tmp_path, capsys, chinese_cli):
    book = _rep_book(tmp_path, ["Li", "Wu"])
    assert main(["notice", "new", "--db", str(book), "--kind", "weather", "--title", "Typhoon", "--start",
                 "2026-11-25", "--area", "Pudong"]) == 0
    assert "（Typhoon）：2 条消息待发送，0 位不发送。" in _said(capsys)


# The contacts import's summary (F8's preview, fieldcrm import contacts): "1 new customers" in a new rep's trial. ----

def _plan(new: int, look_alikes: int, total: int, hidden_lines: int = 0):
    from fieldcrm.interop.contact import Refused
    from fieldcrm.interop.contacts import ContactPlan
    return ContactPlan(total=total, new=[Customer(name=f"N{n}") for n in range(new)], look_alikes=[None] * look_alikes,
                       refused=[Refused(f"card {n}", "no name") for n in range(hidden_lines)])


def test_the_contacts_summary_counts_each_in_its_own_number():
    assert _plan(1, 1, 1).lines(look_alikes=False)[0] == (
        "1 contact: 1 new customer, 0 already in the book, 1 looks like a customer you have (held back), 0 refused.")
    assert _plan(2, 0, 3).lines()[0] == (
        "3 contacts: 2 new customers, 0 already in the book, 0 look like customers you have (held back), 0 refused.")
    assert _plan(0, 0, 6, hidden_lines=6).lines(limit=5)[-1] == "  ... and 1 more line."


def test_the_contacts_summary_in_chinese(chinese):
    assert _plan(1, 1, 2).lines(look_alikes=False)[0] == \
        "2 个联系人：1 位新客户，0 位账本中已有，1 位与已有客户相似（暂不添加），0 个被拒绝。"


def test_an_import_or_merge_summary_counts_each_thing_in_its_own_plural():
    one = Summary(files=1, new_records=1, updated_fields=1, skipped=1, conflicts=["x"])
    assert one.lines()[0] == "1 file: 1 new record, 1 updated field, 1 conflict, 1 change already here (skipped)."
    two = Summary(files=2, new_records=0, updated_fields=2, skipped=3, conflicts=["x", "y"])
    assert two.lines()[0] == ("2 files: 0 new records, 2 updated fields, 2 conflicts, 3 changes already here "
                              "(skipped).")
    assert OfficeRun(one).lines()[0] == one.lines()[0]  # the office's merge says the same
