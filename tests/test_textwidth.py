"""Wrapping counts terminal cells: a Chinese character takes two, and Chinese breaks between characters."""

from fieldcrm.textwidth import cells, wrap


def test_latin_text_breaks_after_spaces_within_the_width():
    lines = wrap("Talked over tea. Stock of the main line is low; expects to reorder soon.", 30)
    assert lines == ["Talked over tea. Stock of the", "main line is low; expects to", "reorder soon."]


def test_chinese_breaks_between_characters_and_keeps_its_punctuation_off_a_line_start():
    lines = wrap("客户说上次送货晚了三天，这次希望提前安排。Price is fine.", 20)
    assert all(cells(line) <= 20 for line in lines) and "".join(lines) == "客户说上次送货晚了三天，这次希望提前安排。Price is fine."
    assert not any(line[0] in "，。" for line in lines), lines


def test_a_word_wider_than_a_line_is_cut_and_empty_text_is_one_empty_line():
    assert wrap("a" * 25 + " bb", 10) == ["a" * 10, "a" * 10, "aaaaa bb"]
    assert wrap("", 10) == [""]
