"""Splitting and joining people's names: Chinese family name first, "Last, First" for the rest."""

from __future__ import annotations

# Two-character Chinese surnames (复姓) that are still in use; any other name's first character is the family.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 闻人 赫连 澹台 "
    "公冶 宗政 濮阳 淳于 单于 太叔 申屠 仲孙 万俟 司空 端木 西门 南宫 百里 呼延 独孤 东郭 拓跋 "
    "歐陽 諸葛 司馬 皇甫 尉遲 長孫 令狐 鍾離 夏侯 軒轅".split()
)


def is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


def split_name(name: str) -> tuple[str, str]:
    """(family, given) of a display name: 欧阳修 -> 欧阳/修, 王芳 -> 王/芳, Alex Chen -> Chen/Alex."""
    name = name.strip()
    if "," in name and not is_cjk(name):
        family, _, given = name.partition(",")  # "Last, First"
        return family.strip(), given.strip()
    if is_cjk(name) and " " not in name:
        if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
            return name[:2], name[2:]
        if len(name) >= 2:
            return name[0], name[1:]
        return name, ""
    if " " not in name:
        return "", name
    given, _, family = name.rpartition(" ")
    return family, given


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
