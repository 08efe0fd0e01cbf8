"""go_quote prints a string the way Go's strconv.Quote does (expected values from Go 1.19)."""

import pytest

from modelcheck.syntax.quoting import go_quote


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("", '""'),
        ('a"b', r'"a\"b"'),
        ("back\\slash", r'"back\\slash"'),
        ("\n", r'"\n"'),
        ("\t", r'"\t"'),
        ("\r\a\b\f\v", r'"\r\a\b\f\v"'),
        ("\x00", r'"\x00"'),
        ("\x1b\x7f", r'"\x1b\x7f"'),
        ("é", '"é"'),
        ("héllo, 世界 😀", '"héllo, 世界 😀"'),
        ("\u2028", r'"\u2028"'),
        ("\u00a0\u200b\ufeff", r'"\u00a0\u200b\ufeff"'),
        ("\U000e0001", r'"\U000e0001"'),
    ],
)
def test_go_quote_matches_strconv_quote(text, quoted):
    assert go_quote(text) == quoted


def test_a_lone_surrogate_is_quoted_as_its_bytes():
    assert go_quote("\ud800") == r'"\xed\xa0\x80"'
