"""A preferred contact written the way the form suggests it, in either language, decides the action."""

import pytest

from fieldcrm.rules.agenda import agenda
from fieldcrm.rules.festivals import prefers_messages
from fieldcrm.rules.gatherings import matches
from fieldcrm.rules.settings import Settings
from tests.rules.helpers import DAY, NOW, contact, customer, facts_of

OVERDUE = "2026-08-17T10:00:00Z"  # tier C, every 90 days: 9 days overdue on DAY


@pytest.mark.parametrize("channel, action", [
    ("电话", "call"), ("拜访", "visit"), ("短信", "message"), ("邮件", "message"), ("微信", "message"),
    ("Phone", "call"), (" call ", "call"), ("E-mail", "message"), ("WeChat", "message"),
    # Words the app does not know: the tier's default, never no action at all.
    ("看心情", "call"), ("", "call"),
])
def test_the_preferred_contact_chooses_the_action_in_either_language(channel, action):
    ann = customer(preferred_channel=channel, created="2026-01-01T00:00:00Z")
    plan = agenda(facts_of([ann], [contact(ann, OVERDUE)]), DAY, Settings(agenda_size=100), now=NOW)
    item, = plan.items + plan.also_due
    assert item.action == action
    assert [r.action for r in item.reasons] == [action]
    assert item.reasons[0].text.startswith(action)


@pytest.mark.parametrize("channel", ["短信", "微信", "SMS", "message", "WeChat"])
def test_written_messages_in_either_language_get_season_care(channel):
    assert prefers_messages(customer(preferred_channel=channel))


def test_an_invitation_by_channel_finds_the_channel_however_it_is_written():
    wang = customer("王芳", preferred_channel="微信")
    assert matches(wang, {"channel": ["WeChat"]}, "C", "prospect", set())
    assert not matches(wang, {"channel": ["电话"]}, "C", "prospect", set())
