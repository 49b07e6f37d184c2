"""The user's settings file (TOML): read it, check each key, fall back per key.

A bad value never stops the app: the warning names the key, and that key
alone takes its default.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from pathlib import Path
from typing import Any, Callable

import platformdirs

from fieldcrm.i18n import N_, _
from fieldcrm.rules.festivals import FESTIVALS, SOLAR_TERMS, STAGES
from fieldcrm.rules.settings import Settings

ENV_VAR = "FIELDCRM_CONFIG"


def config_path() -> Path:
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    return Path(platformdirs.user_config_dir("fieldcrm", appauthor=False)) / "config.toml"


def _whole(low: int, high: int) -> Callable[[Any], int | None]:
    def check(value: Any) -> int | None:
        ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        return value if ok else None
    check.describe = N_("a whole number from {low} to {high}")  # type: ignore[attr-defined]
    check.describe_args = {"low": low, "high": high}  # type: ignore[attr-defined]
    return check


def _amount(value: Any) -> float | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
    return float(value) if ok else None


_amount.describe = N_("a number, 0 or more")  # type: ignore[attr-defined]


def _short_text(value: Any) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= 8 else None


_short_text.describe = N_("a short text, such as \"¥\"")  # type: ignore[attr-defined]

def _name(value: Any) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= 40 else None


_name.describe = N_("a name such as \"nord\"")  # type: ignore[attr-defined]


def _several(choices: tuple[str, ...], aliases: dict[str, str] | None = None,
             example: str = "") -> Callable[[Any], tuple[str, ...] | None]:
    """A list of names (or one text with commas between, as the Settings screen sends it);
    "none" or an empty list turns the thing off."""
    aliases = aliases or {}

    def check(value: Any) -> tuple[str, ...] | None:
        if isinstance(value, str):
            value = [] if value.strip().lower() == "none" else value.replace("，", ",").split(",")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None
        names = [aliases.get(v.strip(), v.strip()) for v in value if v.strip()]
        if any(name not in choices for name in names):
            return None
        return tuple(dict.fromkeys(names))
    check.describe = N_("a list of names from: {choices} (e.g. {example}), or \"none\"")  # type: ignore[attr-defined]
    check.describe_args = {"choices": ", ".join(choices), "example": example}  # type: ignore[attr-defined]
    return check


_FESTIVAL_NAMES = {zh: key for key, (_en, zh, _l, _s) in FESTIVALS.items()}
_FESTIVAL_NAMES.update({zh.removesuffix("节"): key for zh, key in list(_FESTIVAL_NAMES.items())})


def _language(value: Any) -> str | None:
    return value if value in ("en", "zh") else None


_language.describe = N_("\"en\" or \"zh\" (Simplified Chinese)")  # type: ignore[attr-defined]


def configured_language(path: Path | None = None) -> str | None:
    """``[app] language`` alone, read fast at start-up (the rest of the file is checked later)."""
    try:
        raw = tomllib.loads((path or config_path()).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    app = raw.get("app")
    return _language(app.get("language")) if isinstance(app, dict) else None


def configured_office_master(path: Path | None = None) -> str | None:
    """``[office] master``: the office's master (a book folder or ``postgresql://…``), for ``fieldcrm office``."""
    return office_master_setting(path)[0]


def office_master_setting(path: Path | None = None) -> tuple[str | None, str | None]:
    """(``[office] master``, None), or (None, why the settings file cannot tell) when it is there but
    unreadable or the value is not text; (None, None) when it is simply not set."""
    path = path or config_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, None
    except (OSError, UnicodeDecodeError) as error:
        return None, _("{path} could not be read ({why})").format(path=path, why=error)
    except tomllib.TOMLDecodeError as error:
        return None, _("{path} is not valid TOML ({why})").format(path=path, why=error)
    office = raw.get("office")
    master = office.get("master") if isinstance(office, dict) else None
    if master is not None and not isinstance(master, str):
        return None, _("{path}: [office] master must be text in quotes").format(path=path)
    return (master.strip() or None if isinstance(master, str) else None), None


# Read by other commands, not part of the app's settings: never "unknown".
OTHER_KEYS = frozenset({"office.master"})


# Keys the whole app relies on (quit, the palette, help, forms, lists) or that a
# screen uses for its own actions: a screen-switch key set to one of them would
# silently take it away, so such a setting is refused with a warning.
RESERVED_KEYS = frozenset({
    "q", "ctrl+q", "ctrl+c", "ctrl+p", "ctrl+s", "question_mark", "?", "escape", "enter", "tab",
    "shift+tab", "space", "up", "down", "left", "right", "home", "end", "pageup", "pagedown", "f8",
    "a", "d", "e", "h", "i", "l", "m", "n", "s", "v", "w", "x", "plus", "1", "2",
    "b", "j", "g", "f9", "f10", "f11", "f12",  # notices, events, the team report, help
})
_ONE_KEY = re.compile(r"((ctrl|alt|shift)\+)*([a-z0-9]|f([1-9]|1[0-9]|2[0-4]))", re.ASCII)


def _keys(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip() or len(value) > 40:
        return None
    keys = [key.strip().lower() for key in value.split(",")]
    if any(not _ONE_KEY.fullmatch(key) or key in RESERVED_KEYS for key in keys):
        return None
    return ",".join(keys)


_keys.describe = N_("keys such as \"f1,t\" (letters, digits or F1-F24, with ctrl+/alt+; not a key the app "
                    "already uses, such as q, ctrl+q, ?, enter or a screen's own letters)")  # type: ignore[attr-defined]

# Screens whose keys the rep may change: [keys] today = "f1,t"
KEY_IDS = ("today", "customers", "referrals", "complaints", "sync", "reports", "settings")

# "section.key" in the file -> (Settings field, check)
KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "cadence.A": ("cadence_days.A", _whole(1, 730)),
    "cadence.B": ("cadence_days.B", _whole(1, 730)),
    "cadence.C": ("cadence_days.C", _whole(1, 730)),
    "agenda.size": ("agenda_size", _whole(1, 100)),
    "agenda.greeting_days": ("greeting_days", _whole(0, 31)),
    "after_sale.amount": ("after_sale_amount", _amount),
    "after_sale.days": ("after_sale_days", _whole(1, 90)),
    "referrals.hot_hours": ("referral_hot_hours", _whole(1, 720)),
    "soft_data.max_age_days": ("soft_data_days", _whole(30, 3650)),
    "money.currency": ("currency", _short_text),
    "app.theme": ("theme", _name),
    "app.language": ("language", _language),
    "greetings.festivals": ("festivals", _several(tuple(FESTIVALS), _FESTIVAL_NAMES, '["spring_festival", "mid_autumn"]')),
    "greetings.tiers": ("festival_tiers", _several(("A", "B", "C"), example='["A", "B"]')),
    "greetings.stages": ("festival_stages", _several(STAGES, example='["repeat buyer", "advocate"]')),
    "greetings.days_ahead": ("festival_days", _whole(0, 31)),
    "greetings.spring_festival_days_ahead": ("spring_festival_days", _whole(0, 31)),
    "greetings.season_terms": ("season_terms", _several(SOLAR_TERMS, example='["立春", "立夏", "立秋", "立冬"]')),
    **{f"keys.{key_id}": (f"keys.{key_id}", _keys) for key_id in KEY_IDS},
}


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """Settings from the file (defaults when there is none) and one warning per bad key."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), []
    except (OSError, UnicodeDecodeError) as error:
        return Settings(), [_("{path} could not be read ({why}); using the default settings.").format(path=path, why=error)]
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Settings(), [_("{path} is not valid TOML ({why}); using the default settings.").format(path=path, why=error)]
    return settings_from(raw, str(path))


def settings_from(raw: dict, source: str = "config") -> tuple[Settings, list[str]]:
    defaults = Settings()
    values: dict[str, Any] = {"cadence_days": dict(defaults.cadence_days), "keys": {}}
    warnings = []
    for dotted, value in _flatten(raw):
        if dotted in OTHER_KEYS:
            continue
        if dotted not in KEYS:
            warnings.append(_("{source}: unknown setting {key!r} was ignored.").format(source=source, key=dotted))
            continue
        target, check = KEYS[dotted]
        checked = check(value)
        if checked is None:
            default = _get(defaults, target)
            what = _(check.describe).format(**getattr(check, "describe_args", {}))
            warnings.append(_("{source}: {key} must be {what} (got {value!r}); using {default!r}.").format(
                source=source, key=dotted, what=what, value=value, default=default))
            continue
        if target.startswith("cadence_days."):
            values["cadence_days"][target.split(".")[1]] = checked
        elif target.startswith("keys."):
            taken = {k for keys in values["keys"].values() for k in keys.split(",")}
            clash = sorted(taken & set(checked.split(",")))
            if clash:
                warnings.append(_("{source}: {key} uses {clash!r}, already set for another screen; "
                                  "using the usual keys.").format(source=source, key=dotted, clash=clash[0]))
                continue
            values["keys"][target.split(".")[1]] = checked
        else:
            values[target] = checked
    return dataclasses.replace(defaults, **values), warnings


def _flatten(raw: dict, prefix: str = ""):
    for key, value in raw.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flatten(value, dotted + ".")
        else:
            yield dotted, value


def _get(settings: Settings, target: str) -> Any:
    if target.startswith("cadence_days."):
        return settings.cadence_days[target.split(".")[1]]
    if target.startswith("keys."):
        return "the usual keys"
    return getattr(settings, target)


def to_toml(settings: Settings) -> str:
    """The settings as a config file (every key, so the rep sees what can be set)."""
    lines = ["# fieldcrm settings. Any key may be left out: it takes its default.", ""]
    sections: dict[str, list[str]] = {}
    for dotted, (target, _check) in KEYS.items():
        section, key = dotted.split(".", 1)
        value = _get(settings, target) if not target.startswith("keys.") else settings.keys.get(key)
        if value is None or value == "":
            continue
        sections.setdefault(section, []).append(f"{_toml_key(key)} = {_toml_value(value)}")
    for section, entries in sections.items():
        lines += [f"[{section}]", *entries, ""]
    return "\n".join(lines)


def _toml_key(key: str) -> str:
    return key if key.replace("_", "").isalnum() and key.isascii() else _toml_value(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings file atomically (the folder is made if needed)."""
    from fieldcrm.store.files import atomic_write

    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = to_toml(settings)
    master = configured_office_master(path)  # not a setting of the app's, but the file's: kept
    if master:
        text += f"\n[office]\nmaster = {_toml_value(master)}\n"
    atomic_write(path, text.encode("utf-8"))
    return path
