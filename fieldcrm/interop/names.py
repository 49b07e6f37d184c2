"""Splitting and joining people's names: Chinese family name first, "Last, First" for the rest."""

from __future__ import annotations

# Two-character Chinese surnames (复姓) that are still in use; any other name's first character is the family.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 闻人 赫连 澹台 "
    "公冶 宗政 濮阳 淳于 单于 太叔 申屠 仲孙 万俟 司空 端木 西门 南宫 百里 呼延 独孤 东郭 拓跋 "
    "歐陽 諸葛 司馬 皇甫 尉遲 長孫 令狐 鍾離 夏侯 軒轅".split()
)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def is_cjk(text: str) -> bool:
    return any(_is_han(ch) for ch in text)


def split_name(name: str) -> tuple[str, str]:
    """(family, given) of a display name: 欧阳修 -> 欧阳/修, 王芳 -> 王/芳, Alex Chen -> Chen/Alex.

    A name that cannot be split with confidence goes whole into the given name, as a
    single word does: a card's N (RFC 6350 6.2.2, family;given) then holds it as typed,
    and nothing is called a family name that is not one.
    """
    name = name.strip()
    han = is_cjk(name)
    if han and any(ch.isalpha() and not _is_han(ch) for ch in name):
        # "Alex Chen 陈立", "Li Na 李娜": two renderings of one name, and the Latin one
        # may be written family first or last; which word is the family is a guess.
        return "", name
    if han:
        return _split_chinese(name)
    if "," in name:
        family, _, given = name.partition(",")  # "Last, First"
        return family.strip(), given.strip()
    if " " not in name:
        return "", name
    given, _, family = name.rpartition(" ")
    return family, given


def _split_chinese(name: str) -> tuple[str, str]:
    """Family first: the first character, or a compound surname (复姓); "陈 立" as 陈立."""
    words = name.replace(",", " ").replace("，", " ").split()
    if len(words) > 1:
        if len(words[0]) == 1 or words[0] in COMPOUND_SURNAMES:
            return words[0], "".join(words[1:])
        return "", name  # two words neither of which is plainly a surname: not a guess to make
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    if len(name) >= 2:
        return name[0], name[1:]
    return name, ""


def join_name(family: str, given: str, middle: str = "") -> str:
    """A display name from its parts: family first and no space for Chinese, given first otherwise."""
    family, given, middle = family.strip(), given.strip(), middle.strip()
    if is_cjk(family + given) and not (family + given).isascii():
        return family + middle + given
    return " ".join(p for p in (given, middle, family) if p)


def display_name(text: str) -> str:
    """A one-field name as people type it: "Lovelace, Ada" -> "Ada Lovelace"."""
    text = " ".join(text.split())
    if text.count(",") == 1 and not is_cjk(text) and "@" not in text:
        family, given = split_name(text)
        if family and given:
            return f"{given} {family}"
    return text
