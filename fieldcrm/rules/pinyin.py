"""Pinyin for customer names, and matching typed letters against it.

A name becomes a row of tokens: each Chinese character is the set of all its
readings (pypinyin, heteronyms on: 行 is xing, hang and heng), a run of Latin
letters is one token read as itself (mixed names: "Lily 张丽"). Typed letters
match when they split into non-empty prefixes of the readings of consecutive
tokens: so ``zhangxiuying``, ``zxy`` and ``zhangxy`` all find 张秀英, starting
at any token (``xiuying`` too).

A name's first characters are read as a surname where the surname reading
differs (单 is shan as a surname, dan otherwise): every reading stays indexed,
the surname one is added.

pypinyin takes about half a second to import: it is imported on the first name
read, never at start-up (the TUI warms the index in a worker thread).
"""

from __future__ import annotations

from functools import lru_cache

# Surnames whose reading as a surname pypinyin's per-character readings may not
# give (黑 is hei, but he as a surname), and the common polyphonic and compound
# ones, so what is indexed for a surname never depends on pypinyin's data alone.
SURNAMES = {
    "曾": "zeng", "单": "shan", "仇": "qiu", "解": "xie", "区": "ou", "查": "zha", "朴": "piao",
    "覃": "qin", "黑": "he", "乐": "yue", "盖": "ge", "缪": "miao", "员": "yun", "秘": "bi",
    "种": "chong", "召": "shao", "繁": "po", "句": "gou", "谌": "chen", "翟": "zhai", "祭": "zhai",
    "褚": "chu", "宓": "fu", "柏": "bai", "能": "nai", "蕃": "pi", "莘": "shen", "贲": "ben",
    "薄": "bo", "适": "kuo", "要": "yao", "牟": "mou", "长": "chang", "重": "chong", "沈": "shen",
    "尉迟": "yu chi", "万俟": "mo qi", "长孙": "zhang sun", "澹台": "tan tai", "令狐": "ling hu",
    "单于": "chan yu", "鲜于": "xian yu", "仉督": "zhang du", "亓官": "qi guan", "乐正": "yue zheng",
    "皇甫": "huang fu", "欧阳": "ou yang", "上官": "shang guan", "司马": "si ma", "诸葛": "zhu ge",
    "宇文": "yu wen", "东方": "dong fang", "夏侯": "xia hou", "慕容": "mu rong", "钟离": "zhong li",
}

# Every distinct set of readings gets a small number: names are stored as rows
# of numbers, and a query remembers what it found for each number.
READINGS: list[tuple[str, ...]] = []
_NUMBERS: dict[tuple[str, ...], int] = {}


def is_han(ch: str) -> bool:
    return ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
            or "\U00020000" <= ch <= "\U0003134f")


def _number(readings: tuple[str, ...]) -> int:
    number = _NUMBERS.get(readings)
    if number is None:
        number = _NUMBERS[readings] = len(READINGS)
        READINGS.append(readings)
    return number


@lru_cache(maxsize=None)
def char_readings(ch: str) -> tuple[str, ...]:
    """Every reading of one character, without tones; ü also typed as u (吕: lv, lu)."""
    from pypinyin import Style, pinyin
    found = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    out: list[str] = []
    for reading in (found[0] if found else []):
        for form in (reading, reading.replace("v", "u")):
            if form.isascii() and form.isalpha() and form not in out:
                out.append(form)
    return tuple(out)


def _surname(chars: str) -> list[str] | None:
    """The surname readings for the first characters of a Chinese name, one per character."""
    for length in (2, 1):
        reading = SURNAMES.get(chars[:length]) if len(chars) >= length else None
        if reading:
            return reading.split()
    return None


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[int, ...] | None:
    """The name as token numbers, or None when it holds no Chinese (those are matched as text only).

    ``name`` is already folded (lower case, accents off)."""
    if not any(is_han(ch) for ch in name):
        return None
    tokens: list[int] = []
    word = ""
    surname: list[str] | None = None
    first_han = True
    for i, ch in enumerate(name):
        if ch.isascii() and ch.isalnum():
            word += ch
            continue
        if word:
            tokens.append(_number((word,)))
            word = ""
        if not is_han(ch):
            continue
        if first_han:
            surname = _surname(name[i:i + 2])
            first_han = False
        readings = char_readings(ch)
        if surname:
            readings = tuple(dict.fromkeys((surname.pop(0), *readings)))  # the surname reading first
        tokens.append(_number(readings))
    if word:
        tokens.append(_number((word,)))
    return tuple(tokens)


def first_letters(tokens: tuple[int, ...]) -> str:
    """Every letter a reading of the name begins with: a quick no for most queries."""
    return "".join(sorted({r[0] for t in tokens for r in READINGS[t] if r}))


def query_letters(folded: str) -> str | None:
    """The letters of a query typed as pinyin (spaces and apostrophes dropped: xi'an), else None."""
    letters = "".join(ch for ch in folded if ch not in " '")
    return letters if letters and letters.isascii() and letters.isalpha() else None


class PinyinQuery:
    """Typed letters, matched against token rows; remembers each step for the rest of the search.

    A state is a bit set of how many letters have been used up so far (bit i: the
    first i letters); a token moves each of them on by the length of every
    prefix of one of its readings that the letters continue with."""

    def __init__(self, letters: str):
        self.letters = letters
        self.done = 1 << len(letters)
        self._steps: dict[int, int] = {}
        self._ends: dict[int, list[int]] = {}

    def _ends_of(self, token: int) -> list[int]:
        ends = self._ends.get(token)
        if ends is None:
            q, m = self.letters, len(self.letters)
            ends = []
            for i in range(m):
                mask = 0
                for reading in READINGS[token]:
                    j = 0
                    while j < len(reading) and i + j < m and reading[j] == q[i + j]:
                        j += 1
                        mask |= 1 << (i + j)
                ends.append(mask)
            self._ends[token] = ends
        return ends

    def _step(self, token: int, state: int) -> int:
        key = (state << 24) | token
        after = self._steps.get(key)
        if after is None:
            ends = self._ends_of(token)
            after, i = 0, 0
            while state >> i:
                if state >> i & 1 and i < len(ends):
                    after |= ends[i]
                i += 1
            self._steps[key] = after
        return after

    def match(self, tokens: tuple[int, ...]) -> int:
        """0: no match; 1: the letters read the name from its first token; 2: from a later one."""
        done, step = self.done, self._step
        state = 0
        for token in tokens:
            state = step(token, state | 1)
            if state & done:
                break
        else:
            return 0
        state = 1
        for token in tokens:
            state = step(token, state)
            if state & done:
                return 1
            if not state:
                break
        return 2
