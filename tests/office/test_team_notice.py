"""The office's notice for the whole team: each rep receives exactly their customers' messages,
signed with their own name, ready to send from their Notice screen."""

import datetime as dt
import subprocess
import sys

from fieldcrm import outreach
from fieldcrm.model import Customer, Notice, Outreach
from fieldcrm.office.master import BookMaster
from fieldcrm.office.notices import team_notice
from fieldcrm.workbook import Workbook
from tests.office.team import Team


def test_each_rep_receives_exactly_their_customers_messages(tmp_path):
    team = Team(tmp_path, ["Ann", "Bob"])
    rep = team.rep_ids
    with team.office.open() as master:
        mine = {
            "Ann": [master.add(Customer(name="李伟", form_of_address="李总", owner=rep["Ann"], area="Pudong")).id,
                    master.add(Customer(name="Wu Fang", owner=rep["Ann"], area="Pudong")).id],
            "Bob": [master.add(Customer(name="Zhao Min", owner=rep["Bob"], area="Pudong")).id],
        }
        averse = master.add(Customer(name="Chen Jie", owner=rep["Bob"], area="Pudong",
                                     promo_attitude="不喜欢推销")).id
        elsewhere = master.add(Customer(name="Far Away", owner=rep["Bob"], area="Xuhui")).id
    team.loop()
    with team.office.open() as store:
        work = Workbook(store, tz=dt.timezone.utc)
        notice, found, per_rep = team_notice(work, BookMaster(store), Notice(
            kind="promotion", title="冬季茶叶优惠", starts="2026-12-01", ends="2026-12-10",
            audience={"area": ["Pudong"]}))
    assert per_rep == {"Ann": 2, "Bob": 1}
    assert elsewhere not in {r.customer_id for r in found}
    team.loop()
    for name in ("Ann", "Bob"):
        assert team.holds(name) == team.expected(name)
        with team.laptops[name].open() as store:
            work = Workbook(store, tz=dt.timezone.utc)
            (held,) = outreach.notices(work)
            assert held.id == notice.id and held.team
            messages = outreach.messages_of(work, notice.id)
            waiting = {o.customer_id for o in messages if o.status == "pending"}
            assert waiting == set(mine[name])  # theirs, and nobody else's
            assert all(o.message.endswith(f"——{name}") or o.message.endswith(f"— {name}")
                       for o in messages if o.status == "pending")
            assert all(o.rep_id == rep[name] for o in messages)
    with team.laptops["Bob"].open() as store:
        skipped = [o for o in store.all(Outreach) if o.status == "skipped"]
        assert [o.customer_id for o in skipped] == [averse] and "不喜欢推销" in skipped[0].left_out
    with team.laptops["Ann"].open() as store:
        li = next(o for o in store.all(Outreach) if o.customer_id == mine["Ann"][0])
        assert li.message.startswith("李总您好！") and "冬季茶叶优惠" in li.message


def test_office_notice_on_the_command_line(tmp_path):
    team = Team(tmp_path, ["Ann"])
    with team.office.open() as master:
        master.add(Customer(name="Li", owner=team.rep_ids["Ann"], area="Pudong"))
    result = subprocess.run([sys.executable, "-m", "fieldcrm", "office", "notice", "--master", team.office.folder,
                             "--kind", "weather", "--title", "Typhoon Haikui", "--start", "2026-11-25",
                             "--area", "Pudong"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "1 message to send (Ann 1)" in result.stdout
    bad = subprocess.run([sys.executable, "-m", "fieldcrm", "office", "notice", "--master", team.office.folder,
                          "--title", "x", "--area", "Nowhere"], capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stderr.strip() == "fieldcrm: No customer matches this audience; nothing was saved."


def test_office_notice_for_a_tier_or_stage_that_does_not_exist_names_it_and_changes_nothing(tmp_path):
    team = Team(tmp_path, ["Ann"])
    with team.office.open() as master:
        master.add(Customer(name="Li", owner=team.rep_ids["Ann"], area="Pudong"))
    before = (team.office.folder / "changes.jsonl").read_bytes()
    for option, value, said in (("--tier", "Q", "Q is not a tier: use A, B or C"),
                                ("--stage", "vip", "vip is not a stage: use prospect, first-time buyer, repeat buyer "
                                                   "or advocate")):
        bad = subprocess.run([sys.executable, "-m", "fieldcrm", "office", "notice", "--master", team.office.folder,
                              "--kind", "weather", "--title", "Typhoon Haikui", "--start", "2026-11-25",
                              "--area", "Pudong", option, value], capture_output=True, text=True,
                             stdin=subprocess.DEVNULL)
        assert bad.returncode == 1 and bad.stderr == f"fieldcrm: {said}; nothing was saved.\n"
    assert (team.office.folder / "changes.jsonl").read_bytes() == before
