"""User text never reaches the terminal with control characters in it."""

from fieldcrm.terminal_text import visible


def test_escape_sequences_become_visible_symbols():
    assert visible("Kate\x1b[2J") == "Kate␛[2J"
    assert visible("x\x1b]52;c;ZXZpbA==\x07") == "x␛]52;c;ZXZpbA==␇"
    assert visible("a\x9bb\x7f") == "a\ufffdb␡"


def test_bidi_overrides_are_dropped_and_ordinary_text_kept():
    assert visible("abc\u202edcba") == "abcdcba"
    assert visible("张秀英 Müller\tok\nnext") == "张秀英 Müller\tok\nnext"
    assert visible("one\ntwo", newlines=False) == "one two"


def test_a_wrapped_stream_shows_control_characters():
    import io

    from fieldcrm.terminal_text import VisibleStream
    raw = io.StringIO()
    out = VisibleStream(raw)
    print("Kate\x1b]0;pwned\x07 Li\r\nnext", file=out)
    assert raw.getvalue() == "Kate␛]0;pwned␇ Li\nnext\n"
    assert out.raw is raw
