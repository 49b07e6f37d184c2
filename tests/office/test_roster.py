"""The office's roster: a rep's name is one plain line, whatever was typed on the command line."""

from fieldcrm.office.roster import Roster


def test_a_reps_name_added_or_renamed_keeps_no_control_characters():
    roster = Roster()
    entry = roster.add("王芳\x1b[31m  Wang")
    assert entry.name == "王芳 Wang"
    roster.rename(entry.rep_id, "Kate\x1b]0;pwned\x07 Lin")
    assert roster.reps[entry.rep_id].name == "Kate Lin"
