"""``office notice`` and ``office event`` on PostgreSQL: the same messages and invitations, for the same
reps, as on the TinyDB office book; each rep's morning file brings exactly theirs."""

from __future__ import annotations

import orjson

from fieldcrm.cli import main
from fieldcrm.model import Customer
from fieldcrm.office.master import BookMaster
from fieldcrm.office.merge import office_merge
from fieldcrm.office.pg.master import PgMaster
from fieldcrm.office.pg.migrate import migrate
from fieldcrm.store import Store
from tests.office.team import Team
from tests.office_pg.helpers import changes_in
from tests.sync.helpers import import_into

NOTICE = ["office", "notice", "--kind", "promotion", "--title", "冬季茶叶优惠", "--start", "2026-12-01",
          "--end", "2026-12-10", "--area", "Pudong"]
EVENT = ["office", "event", "Spring product day", "--day", "2026-12-01", "--place", "the showroom",
         "--where", "area=Pudong"]


def _team(tmp_path, pg_dsn) -> Team:
    """Ann and Bob, their customers in Pudong and elsewhere, one promotion-averse; the office moved
    into PostgreSQL after the first evening."""
    team = Team(tmp_path, ["Ann", "Bob"])
    rep = team.rep_ids
    with team.office.open() as master:
        master.add(Customer(name="李伟", form_of_address="李总", owner=rep["Ann"], area="Pudong"))
        master.add(Customer(name="Wu Fang", owner=rep["Ann"], area="Pudong"))
        master.add(Customer(name="Zhao Min", owner=rep["Bob"], area="Pudong"))
        master.add(Customer(name="Chen Jie", owner=rep["Bob"], area="Pudong", promo_attitude="不喜欢推销"))
        master.add(Customer(name="Far Away", owner=rep["Bob"], area="Xuhui"))
    team.loop()
    migrate(team.office.folder, pg_dsn)
    return team


def _what_each_rep_gets(master, out) -> dict[str, set]:
    """From each rep's morning file: the new records, as (table, fields) without ids and times."""
    run = office_merge(master, [], out)
    got = {}
    for morning in run.mornings:
        got[morning.rep.name] = {
            (c["t"], orjson.dumps({k: v for k, v in sorted(c["f"].items())
                                   if k not in ("created", "notice_id", "event_id", "id")}))
            for c in changes_in(morning.path) if c["t"] in ("notices", "events", "outreach", "invitations")}
    return got


def _said(capsys) -> str:
    out = capsys.readouterr().out
    return out.split("): ", 1)[-1] if out.startswith("Team notice") else out  # the notice's id differs


def test_a_team_notice_and_event_reach_the_same_reps_on_both_engines(tmp_path, pg_dsn, capsys):
    team = _team(tmp_path, pg_dsn)
    said = []
    for command in (NOTICE, EVENT):
        assert main([*command, "--master", str(team.office.folder)]) == 0
        said.append(_said(capsys))
        assert main([*command, "--master", pg_dsn]) == 0
        assert _said(capsys) == said[-1]
    assert said[0].startswith("3 messages to send (Ann 2, Bob 1), 1 left out;")
    assert said[1] == "Spring product day on 2026-12-01: 2 invitations for Ann, 2 invitations for Bob.\n"
    with Store.open(team.office.folder) as store:
        book = _what_each_rep_gets(BookMaster(store), tmp_path / "book-morning")
    with PgMaster.open(pg_dsn) as master:
        pg = _what_each_rep_gets(master, tmp_path / "pg-morning")
    assert pg == book
    assert {t for t, _ in pg["Ann"]} == {"notices", "events", "outreach", "invitations"}
    assert not any(b"Far Away" in fields for _, fields in pg["Bob"])


def test_the_morning_file_brings_each_rep_their_own_messages(tmp_path, pg_dsn, capsys):
    from fieldcrm import outreach
    from fieldcrm.workbook import Workbook
    team = _team(tmp_path, pg_dsn)
    assert main([*NOTICE, "--master", pg_dsn]) == 0
    assert "3 messages to send (Ann 2, Bob 1), 1 left out" in capsys.readouterr().out
    with PgMaster.open(pg_dsn, clock=team.office.clock) as master:
        run = office_merge(master, [], tmp_path / "morning")
    for morning in run.mornings:
        import_into(team.laptops[morning.rep.name], [morning.path])
    for name, customers in (("Ann", {"李伟", "Wu Fang"}), ("Bob", {"Zhao Min"})):
        with team.laptops[name].open() as store:
            work = Workbook(store)
            (notice,) = outreach.notices(work)
            waiting = [o for o in outreach.messages_of(work, notice.id) if o.status == "pending"]
            assert {work.name_of(o.customer_id) for o in waiting} == customers
            assert all(o.message.endswith(name) for o in waiting)  # signed with their own name


def test_a_notice_nobody_matches_or_for_a_tier_that_does_not_exist_changes_nothing_on_postgresql(tmp_path, pg_dsn, capsys):
    team = _team(tmp_path, pg_dsn)
    with PgMaster.open(pg_dsn) as master:
        before = master.position()
    assert main([*NOTICE[:-1], "Nowhere", "--master", pg_dsn]) == 1
    assert capsys.readouterr().err == "fieldcrm: No customer matches this audience; nothing was saved.\n"
    assert main([*EVENT[:-1], "area=Mars", "--master", pg_dsn]) == 1
    assert capsys.readouterr().err == "fieldcrm: No customer matches; nothing was changed.\n"
    assert main([*NOTICE, "--tier", "Q", "--master", pg_dsn]) == 1
    assert capsys.readouterr().err == "fieldcrm: Q is not a tier: use A, B or C; nothing was saved.\n"
    assert main([*EVENT[:-1], "stage=vip", "--master", pg_dsn]) == 1
    assert capsys.readouterr().err.startswith("fieldcrm: vip is not a stage: use prospect")
    with PgMaster.open(pg_dsn) as master:
        assert master.position() == before
    assert team.day == 1
