from fieldcrm.interop.vcard import rep_card
from fieldcrm.model import Rep


def test_the_reps_card_is_a_vcard_3_with_its_required_fields():
    card = rep_card(Rep(name="Alex Chen", phone="+86 138", email="a@b.c", company="Harbour; Co", title="AM"))
    assert card.endswith("\r\n")
    lines = card.split("\r\n")[:-1]
    assert lines == ["BEGIN:VCARD", "VERSION:3.0", "FN:Alex Chen", "N:Chen;Alex;;;", "ORG:Harbour\\; Co",
                     "TITLE:AM", "TEL;TYPE=CELL:+86 138", "EMAIL;TYPE=INTERNET:a@b.c", "END:VCARD"]


def test_a_name_without_spaces_is_kept_whole():
    assert "N:;陈立;;;" in rep_card(Rep(name="陈立")).split("\r\n")
