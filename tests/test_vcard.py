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


def _n_line(name: str) -> str:
    return next(line for line in rep_card(Rep(name=name)).split("\r\n") if line.startswith("N:"))


def test_a_name_mixing_latin_and_chinese_is_not_split_into_a_made_up_family():
    """"Alex Chen 陈立" made 陈立 the family and "Alex Chen" the given name. Which word is
    the family in the Latin part depends on the writer ("Li Na 李娜" is family first), so a
    mixed name goes whole into N's given name and the phone shows it as FN writes it."""
    for name in ("Alex Chen 陈立", "陈立 Alex", "Li Na 李娜", "陈立Alex"):
        lines = rep_card(Rep(name=name)).split("\r\n")
        assert f"FN:{name}" in lines
        assert _n_line(name) == f"N:;{name};;;"


def test_chinese_written_with_a_space_keeps_the_family_first():
    assert _n_line("陈 立") == "N:陈;立;;;"
    assert _n_line("欧阳 修") == "N:欧阳;修;;;"
    assert _n_line("陈") == "N:陈;;;;"


def test_latin_and_single_word_names_split_as_before():
    assert _n_line("Alex Chen") == "N:Chen;Alex;;;"
    assert _n_line("Mary Ann Smith") == "N:Smith;Mary Ann;;;"
    assert _n_line("Lovelace, Ada") == "N:Lovelace;Ada;;;"
    assert _n_line("Madonna") == "N:;Madonna;;;"
    assert _n_line("") == "N:;;;;"


def test_the_demo_reps_qr_card_keeps_the_mixed_name_whole_at_every_size():
    from fieldcrm.demo import demo_rep
    from fieldcrm.interop.qrcard import cards

    for card, _left_out in cards(demo_rep()):
        lines = card.split("\r\n")
        assert "FN:Alex Chen 陈立" in lines and "N:;Alex Chen 陈立;;;" in lines
