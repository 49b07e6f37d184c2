"""Read files shipped in ``assets/`` (installed as the ``fieldcrm.assets`` package)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files


def asset_text(name: str) -> str:
    return files("fieldcrm.assets").joinpath(name).read_text(encoding="utf-8")


@cache
def asset_toml(name: str) -> dict:
    return tomllib.loads(asset_text(name))
