from fieldcrm.interop.vcard import rep_card
from fieldcrm.model import Rep


def test_the_reps_card_is_a_vcard_3_with_its_required_fields():
    card = rep_card(Rep(name="Alex Chen", phone="+86 138", email="a@b.c", company="Harbour; Co", title="AM"))
    assert card.endswith("\r\n")
    lines = card.split("\r\n")[:-1]
    assert lines == ["BEGIN:VCARD", "VERSION:3.0", "FN:Alex Chen", "N:Chen;Alex;;;", "ORG:Harbour\\; Co",
                     "TITLE:AM", "TEL;TYPE=CELL:+86 138", "EMAIL;TYPE=INTERNET:a@b.c", "END:VCARD"]


def test_chinese_names_split_family_first_with_two_character_surnames():
    # RFC 6350 6.2.2: N is family;given. Chinese writes the family name first, no space.
    assert "N:陈;立;;;" in rep_card(Rep(name="陈立")).split("\r\n")
    assert "N:欧阳;修;;;" in rep_card(Rep(name="欧阳修")).split("\r\n")
    assert "N:司马;相如;;;" in rep_card(Rep(name="司马相如")).split("\r\n")
    assert "N:诸葛;亮;;;" in rep_card(Rep(name="诸葛亮")).split("\r\n")
    assert "N:;Madonna;;;" in rep_card(Rep(name="Madonna")).split("\r\n")
