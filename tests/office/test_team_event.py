"""The office runs a gathering for the whole team: each rep receives exactly their customers' invitations."""

from fieldcrm import gatherings
from fieldcrm.cli import main
from fieldcrm.model import Customer, Event, Interaction, Invitation, Outreach
from fieldcrm.rules.settings import Settings
from fieldcrm.store import Store
from fieldcrm.workbook import Workbook
from tests.office.team import Team


def test_each_rep_receives_their_customers_invitations(tmp_path, capsys):
    team = Team(tmp_path, ["Ann", "Bob"])
    rep = team.rep_ids
    with team.office.open() as master:
        li = master.add(Customer(name="李伟", owner=rep["Ann"], area="Pudong", form_of_address="李总"))
        wu = master.add(Customer(name="Wu Fang", owner=rep["Ann"], area="Pudong"))
        zhao = master.add(Customer(name="赵敏", owner=rep["Bob"], area="Pudong"))
        master.add(Customer(name="Far Away", owner=rep["Bob"], area="Minhang"))
    team.loop()  # day 0: each laptop starts from its morning file

    assert main(["office", "event", "Spring product day", "--day", "2026-12-01", "--place", "the showroom",
                 "--where", "area=Pudong", "--master", str(team.office.folder)]) == 0
    assert capsys.readouterr().out == ("Spring product day on 2026-12-01: 2 invitations for Ann, "
                                       "1 invitation for Bob.\n")
    team.advance(days=1)
    team.loop()
    for name in team.laptops:
        assert team.holds(name) == team.expected(name)
    def held(name, kind):
        with team.laptops[name].open() as store:
            return {r.customer_id for r in store.all(kind)}
    assert held("Ann", Invitation) == held("Ann", Outreach) == {li.id, wu.id}
    assert held("Bob", Invitation) == held("Bob", Outreach) == {zhao.id}  # not Far Away, not Ann's

    # On Ann's laptop: the team event, her two invitations, personalised and signed by her, ready to send.
    with team.laptops["Ann"].open() as store:
        work = Workbook(store, Settings())
        event = gatherings.events(work)[0]
        assert (event.title, event.team) == ("Spring product day", True)
        ready = gatherings.pending(work, event.id)
        assert [c.name for c, _m in ready] == ["Wu Fang", "李伟"]
        assert ready[1][1].message.startswith("李总您好！") and ready[1][1].message.endswith("——Ann")
        assert gatherings.mark_all_sent(work, event.id, "clipboard") == 2
        assert [i.kind for i in store.for_customer(Interaction, li.id) if i.notice_id == event.id] == ["message"]


def test_a_team_event_nobody_matches_changes_nothing(tmp_path, capsys):
    team = Team(tmp_path, ["Ann"])
    with team.office.open() as master:
        master.add(Customer(name="Li", owner=team.rep_ids["Ann"], area="Pudong"))
    assert main(["office", "event", "Gala", "--day", "2026-12-01", "--where", "area=Mars",
                 "--master", str(team.office.folder)]) == 1
    assert capsys.readouterr().err == "fieldcrm: No customer matches; nothing was changed.\n"
    with Store.open(team.office.folder, read_only=True) as store:
        assert store.count(Event) == store.count(Invitation) == store.count(Outreach) == 0


def test_a_team_event_for_a_tier_that_does_not_exist_names_it_and_changes_nothing(tmp_path, capsys):
    team = Team(tmp_path, ["Ann"])
    with team.office.open() as master:
        master.add(Customer(name="Li", owner=team.rep_ids["Ann"], area="Pudong"))
    before = (team.office.folder / "changes.jsonl").read_bytes()
    assert main(["office", "event", "Gala", "--day", "2026-12-01", "--where", "tier=Q",
                 "--master", str(team.office.folder)]) == 1
    assert capsys.readouterr().err == "fieldcrm: Q is not a tier: use A, B or C; nothing was saved.\n"
    assert (team.office.folder / "changes.jsonl").read_bytes() == before
