"""Every message marked for translation has its Chinese, with the same placeholders,
and the compiled catalogs the app loads match their sources."""

import gettext
import io
import re
from pathlib import Path

import pytest

from fieldcrm import i18n

babel = pytest.importorskip("babel", reason="Babel extracts the messages (a test dependency)")
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

PACKAGE = Path(i18n.__file__).parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _marked() -> dict[str, str]:
    """Every marked message in the package -> where it is."""
    found = {}
    for filename, line, message, _comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS):
        for text in (message if isinstance(message, tuple) else (message,)):
            if text:  # a pgettext message is looked up as gettext does: context, EOT, message
                found.setdefault(f"{context}\x04{text}" if context else text, f"{filename}:{line}")
    return found


def _catalogs():
    for po in sorted((i18n.LOCALE_DIR / "zh" / "LC_MESSAGES").glob("*.po")):
        with open(po, "rb") as handle:
            yield po, read_po(handle)


def _translated() -> dict[str, str]:
    out = {}
    for _po, catalog in _catalogs():
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for msgid in ids:
                if all(strings):
                    out[f"{message.context}\x04{msgid}" if message.context else msgid] = strings[0]
    return out


def test_every_marked_message_has_its_chinese():
    translated = _translated()
    missing = [f"{where}: {text!r}" for text, where in sorted(_marked().items(), key=lambda kv: kv[1])
               if text not in translated]
    assert not missing, f"{len(missing)} message(s) without Chinese:\n" + "\n".join(missing[:50])


def test_translations_keep_the_placeholders():
    wrong = [f"{msgid!r} -> {text!r}" for msgid, text in _translated().items()
             if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(text))]
    assert not wrong, "\n".join(wrong)


def _messages_of(mo_bytes: bytes) -> dict:
    """What gettext reads from a compiled catalog, without the line naming the Babel that wrote it
    (a newer Babel writes another version there and nothing else)."""
    catalog = dict(gettext.GNUTranslations(io.BytesIO(mo_bytes))._catalog)
    catalog[""] = "".join(line for line in catalog.get("", "").splitlines(keepends=True)
                          if not line.startswith("Generated-By:"))
    return catalog


def test_the_compiled_catalogs_match_their_sources():
    for po, catalog in _catalogs():
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        mo = po.with_suffix(".mo")
        assert mo.exists() and _messages_of(mo.read_bytes()) == _messages_of(compiled.getvalue()), \
            f"{mo.name} is stale: run `python -m fieldcrm.i18n compile`"


def test_a_catalog_compiled_by_another_babel_is_not_stale_but_a_changed_translation_is():
    po, catalog = next(_catalogs())
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    ours = _messages_of(compiled.getvalue())
    other_babel = compiled.getvalue().replace(b"Generated-By: Babel 2.", b"Generated-By: Babel 9.")  # same length
    assert other_babel != compiled.getvalue() and _messages_of(other_babel) == ours
    message = next(m for m in catalog if m.id and isinstance(m.id, str) and m.string)
    message.string += "!"
    changed = io.BytesIO()
    write_mo(changed, catalog)
    assert _messages_of(changed.getvalue()) != ours


def test_the_language_follows_the_setting_then_the_environment(monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", i18n.ENV_VAR):
        monkeypatch.delenv(name, raising=False)
    assert i18n.choose_language() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.choose_language() == "zh" and i18n.choose_language("en") == "en"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert i18n.choose_language("zh") == "zh"


def test_dates_read_in_chinese(monkeypatch):
    import datetime as dt
    try:
        i18n.set_language("zh")
        assert i18n.day_label(dt.date(2026, 11, 27)) == "11月27日 星期五"
    finally:
        i18n.set_language("en")
    assert i18n.day_label(dt.date(2026, 11, 27)) == "Friday 27 Nov"


def test_a_message_in_two_catalogs_reads_the_same_in_both():
    """Catalogs are chained, so the first one holding a message wins: a second, different
    translation of the same words would silently never show."""
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for po, catalog in _catalogs():
        for message in catalog:
            if isinstance(message.id, str) and message.id and message.string:
                first = seen.setdefault((message.context, message.id), (po.name, message.string))
                if first[1] != message.string:
                    clashes.append(f"{message.id!r}: {first[0]} {first[1]!r}, {po.name} {message.string!r}")
    assert not clashes, "\n".join(clashes)


def test_a_list_shown_in_chinese_is_joined_with_the_chinese_semicolon(chinese):
    """Today read "今天过生日（满55岁）; 客户个人信息…" with an ASCII "; "."""
    assert i18n.listed(["今天过生日（满55岁）", "客户个人信息需要确认"]) == "今天过生日（满55岁）；客户个人信息需要确认"


def test_a_list_shown_in_english_is_joined_with_a_semicolon():
    assert i18n.listed(["birthday today", "check their details"]) == "birthday today; check their details"


NAME_NEXT_TO_CHINESE = re.compile(r"\{(?:name|referrer|lead|whose|customer)\}[\u4e00-\u9fff]"
                                  r"|[\u4e00-\u9fff]\{(?:name|referrer|lead|whose|customer)\}")


def test_a_name_in_chinese_text_stands_apart_from_it(chinese):
    """"Margaret Müller将于 11月30日 星期一 重新出现。": a Latin name ran into the Chinese after it."""
    stuck = [text for text in _translated().values() if NAME_NEXT_TO_CHINESE.search(text)]
    assert not stuck, "\n".join(stuck)
    assert i18n._("{name} comes back on {day}.").format(
        name="Margaret Müller", day="11月30日 星期一") == "Margaret Müller 将于 11月30日 星期一 重新出现。"
