"""What pip installs: every package listed, assets shipped."""

import tomllib
from pathlib import Path

from fieldcrm.resources import asset_toml

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_folder_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "fieldcrm").rglob("__init__.py")}
    assert found | {"fieldcrm.assets"} == listed


def test_assets_load_through_the_package():
    words = asset_toml("demo_words.toml")
    assert len(words["surnames_zh"]) >= 20 and words["items"]
