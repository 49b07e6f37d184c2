"""A count of one reads in the singular ("Added 1 customer", not "1 customers"), and Chinese keeps its one form."""

from pathlib import Path

import pytest

from fieldcrm import i18n
from fieldcrm.interop.contacts import result_line
from fieldcrm.sync.exporter import Exported


@pytest.fixture
def chinese():
    i18n.set_language("zh")
    yield
    i18n.set_language("en")


def test_one_of_something_is_singular_and_more_are_plural():
    one = {"added": 1, "filled": 1, "merged": 1, "skipped": 1, "refused": 1}
    assert result_line(one) == ("Added 1 customer; 1 matched customer got details they lacked; 1 look-alike merged; "
                                "1 look-alike skipped; 1 refused contact set aside (not added).")
    assert result_line({**one, "added": 2, "filled": 0, "merged": 0, "skipped": 0, "refused": 0}) == "Added 2 customers."
    assert Exported(Path("ann.fieldsync"), 1, False).message() == "Wrote ann.fieldsync (1 change)."
    assert Exported(Path("ann.fieldsync"), 3, False).message() == "Wrote ann.fieldsync (3 changes)."


def test_counted_messages_keep_their_chinese(chinese):
    assert result_line({"added": 1, "filled": 0, "merged": 0, "skipped": 0}).startswith("已添加 1 位客户")
    assert Exported(Path("ann.fieldsync"), 1, False).message() == "已写入 ann.fieldsync（1 条改动）。"
