"""Pinyin search and ranking: what a Chinese rep types to find a customer, best match first."""

import pytest

from fieldcrm.model import Customer
from fieldcrm.rules import pinyin
from fieldcrm.rules.search import CustomerIndex


def _index(*names: str, **fields) -> CustomerIndex:
    return CustomerIndex(Customer(name=name, **fields) for name in names)


def _names(index: CustomerIndex, query: str) -> list[str]:
    return [c.name for c in index.search(query)]


@pytest.mark.parametrize("query", [
    "zhangxiuying", "zhang xiuying", "ZhangXiuying", "zxy", "zhang xy", "zhangxy", "zh x ying",
    "xiuying", "xy", "zhang",
])
def test_a_chinese_name_is_found_by_its_pinyin_in_full_by_initials_and_mixed(query):
    index = _index("张秀英", "王芳", "李伟", "Tom Baker")
    assert _names(index, query) == ["张秀英"]


def test_pinyin_must_follow_the_name_in_order_and_use_whole_letters():
    index = _index("张秀英")
    for query in ("yingxiu", "zhangy", "zhangxiuyong", "zxyy", "zhangxiuyingg", "xzy"):
        assert _names(index, query) == [], query


def test_every_reading_of_a_polyphonic_character_is_indexed():
    index = _index("行健", "银行")
    assert _names(index, "xingjian") == ["行健"]
    assert _names(index, "hangjian") == ["行健"]
    assert _names(index, "yinhang") == ["银行"]
    assert _names(index, "yinxing") == ["银行"]


@pytest.mark.parametrize("name, surname, other", [
    ("单田芳", "shantianfang", "dantianfang"),
    ("曾国藩", "zengguofan", "cengguofan"),
    ("仇英", "qiuying", "chouying"),
    ("解缙", "xiejin", "jiejin"),
    ("区永", "ouyong", "quyong"),
    ("查良镛", "zhaliangyong", "chaliangyong"),
    ("朴树", "piaoshu", "pushu"),
    ("覃敏", "qinmin", "tanmin"),
])
def test_a_surname_is_read_as_a_surname_and_every_other_reading_still_finds_it(name, surname, other):
    index = _index(name, "王芳")
    assert _names(index, surname) == [name]
    assert _names(index, other) == [name]


def test_a_compound_surname_is_read_as_one():
    index = _index("尉迟恭", "王芳")
    assert _names(index, "yuchigong") == ["尉迟恭"]
    assert _names(index, "ycg") == ["尉迟恭"]


def test_the_surname_reading_comes_from_the_surname_table_where_the_characters_own_readings_lack_it(monkeypatch):
    """Only the first characters are read as a surname: 单 read shan there even if the
    library's readings of 单 were dan alone; elsewhere in a name it stays dan."""
    real = pinyin.char_readings

    def dan_only(ch):
        return ("dan",) if ch == "单" else real(ch)

    monkeypatch.setattr(pinyin, "char_readings", dan_only)
    pinyin.name_tokens.cache_clear()
    try:
        index = _index("单田芳", "孙单")
        assert _names(index, "shantianfang") == ["单田芳"]
        assert _names(index, "sundan") == ["孙单"]
        assert _names(index, "sunshan") == []
    finally:
        pinyin.name_tokens.cache_clear()


def test_a_name_of_chinese_and_english_is_found_by_either_part_and_across_them():
    index = _index("Lily 张丽", "王David", "李伟")
    assert _names(index, "zhangli") == ["Lily 张丽"]
    assert _names(index, "lily zhang") == ["Lily 张丽"]
    assert _names(index, "lilyzl") == ["Lily 张丽"]
    assert _names(index, "wangdavid") == ["王David"]
    assert _names(index, "wd") == ["王David"]
    assert _names(index, "david") == ["王David"]


def test_a_customer_with_no_chinese_is_matched_as_text_only():
    index = _index("Tom Baker", "Zara Xu Yang")
    assert _names(index, "tb") == []  # no initials for English names
    assert _names(index, "zxy") == []
    assert _names(index, "tombaker") == []
    assert _names(index, "baker") == ["Tom Baker"]
    assert _names(index, "om ba") == ["Tom Baker"]


def test_u_with_umlaut_is_typed_as_v_or_u():
    index = _index("吕布")
    assert _names(index, "lvbu") == _names(index, "lubu") == _names(index, "lb") == ["吕布"]


def test_the_customer_named_li_comes_before_a_hundred_tag_matches():
    customers = [Customer(name=f"Aaron {i:03}", tags=["client"]) for i in range(100)]
    customers += [Customer(name="Li"), Customer(name="李伟"), Customer(name="Lisa Wong"),
                  Customer(name="Ann Oliver", company="Liberty Ltd")]
    found = [c.name for c in CustomerIndex(customers).search("Li")]
    assert found[:4] == ["Li", "Lisa Wong", "李伟", "Ann Oliver"]
    assert len(found) == 104


def test_ranks_follow_where_the_match_is():
    customers = [
        Customer(name="Zed Notes", notes="met wang at the fair"),
        Customer(name="Zed Tags", tags=["wang-fans"]),
        Customer(name="Zed Mail", email="wang@example.cn"),
        Customer(name="Zed Area", area="Wangfujing"),
        Customer(name="Zed Company", company="Wang Trading"),
        Customer(name="Swang"),  # inside the name
        Customer(name="王芳"),  # pinyin from the first character
        Customer(name="Emma Wang"),  # a word of the name starts with it
        Customer(name="Wang"),  # the whole name
    ]
    found = [c.name for c in CustomerIndex(customers).search("wang")]
    assert found == ["Wang", "Emma Wang", "王芳", "Swang", "Zed Company", "Zed Area", "Zed Mail",
                     "Zed Tags", "Zed Notes"]


def test_phone_digits_rank_after_company_and_before_email():
    customers = [Customer(name="B", email="x138@example.com"), Customer(name="A", phones=["+86 138 0000"]),
                 Customer(name="C", company="138 Co")]
    assert [c.name for c in CustomerIndex(customers).search("138")] == ["C", "A", "B"]


def test_a_name_read_from_its_first_character_ranks_before_one_read_from_the_middle():
    index = _index("方明", "王芳")
    assert _names(index, "fang") == ["方明", "王芳"]


def test_a_name_changed_or_added_is_searched_by_its_new_pinyin():
    customer = Customer(name="王芳")
    index = CustomerIndex([customer])
    index.warm()
    assert _names(index, "wf") == ["王芳"]
    customer.name = "张秀英"
    index.put(customer)
    assert _names(index, "wf") == [] and _names(index, "zxy") == ["张秀英"]


def test_the_index_is_built_without_pinyin_until_it_is_needed():
    index = _index("张秀英", "Tom Baker")
    assert all(row.tokens in ((), None) for row in index.rows)  # nothing read yet
    assert _names(index, "张") == ["张秀英"]  # Chinese typed as Chinese needs no pinyin
    assert all(row.tokens in ((), None) for row in index.rows)
    index.warm()
    assert all(row.tokens != () for row in index.rows)


def test_opening_a_book_and_searching_it_as_text_does_not_load_pypinyin(tmp_path):
    """pypinyin takes about half a second to load: start-up must not pay for it.

    The demo is made in a process of its own: closing a book computes Today's lists,
    whose ties are in pinyin order (they need pypinyin, as the Customers list does)."""
    import subprocess
    import sys
    from fieldcrm.cli import main
    assert main(["demo", "--db", str(tmp_path / "b"), "--customers", "20"]) == 0
    code = (
        "import sys\nfrom fieldcrm.store import Store\n"
        "from fieldcrm.workbook import Workbook\n"
        f"work = Workbook(Store.open({str(tmp_path / 'b')!r}, read_only=True))\n"
        "work.search.search('王'); work.search.search('138')\n"
        "print('pypinyin' in sys.modules)\n"
        "work.search.search('wang')\n"
        "print('pypinyin' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split()[-2:] == ["False", "True"], result.stderr


NAMES = ["张伟", "阿芳", "单雄信", "曾小贤", "李娜", "欧阳修", "Alex Chen 陈立", "Bob"]
IN_PINYIN_ORDER = ["阿芳", "Alex Chen 陈立", "Bob", "李娜", "欧阳修", "单雄信", "曾小贤", "张伟"]


def test_once_the_pinyin_is_read_the_list_is_in_pinyin_order():
    """As a Chinese address book: 阿芳 (a) first, 张伟 (zhang) last; 单 as the surname shan,
    曾 as zeng; not in the order of the characters' code points (单 张 曾 李 欧 阿)."""
    index = CustomerIndex(Customer(name=name, id=f"id-{n}") for n, name in enumerate(NAMES))
    index.warm()
    assert _names(index, "") == IN_PINYIN_ORDER
    index.put(Customer(name="白雪", id="id-new"))  # bai: after Alex, before Bob
    assert _names(index, "")[:4] == ["阿芳", "Alex Chen 陈立", "白雪", "Bob"]


def test_a_rebuilt_index_of_a_warm_book_keeps_the_pinyin_order():
    warm = _index("Bob")
    warm.warm()
    rebuilt = CustomerIndex((Customer(name=name) for name in NAMES), read_pinyin=warm.warmed)
    assert _names(rebuilt, "") == IN_PINYIN_ORDER


def test_matches_of_one_rank_are_in_pinyin_order_too():
    index = _index("张伟", "阿张", "李张")
    index.warm()
    assert _names(index, "张") == ["张伟", "阿张", "李张"]  # the name's start first, then a z
