"""The checker never fails with anything but SourceError: valid programs with random token
edits either check or produce diagnostics, never a traceback or an internal error."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from modelcheck.syntax import SourceError, load_source
from modelcheck.syntax.parser import parse

SPECS = sorted((Path(__file__).parent.parent / "specs").glob("**/*.gol"))
SOURCES = [path.read_text() for path in SPECS]
TOKEN = re.compile(r"\s+|[A-Za-z_]\w*|\d+|\"[^\"\n]*\"|.")
WORDS = sorted(
    {"nil", "iota", "_", "int8", "uint", "string", "len", "make", "append", "close", "recover"}
    | {"0", "1", "300", "-", "&", "*", "<-", ":=", "=", "(", ")", "{", "}", "[", "]", ",", ".", "..."}
    | {"go", "defer", "return", "break", "continue", "for", "range", "select", "switch", "case"}
    | {"struct{}", "chan", "map[int]int", "func()", "[]int", "sync.Mutex", "x", "main", "fmt"}
)


def check_only_source_errors(source: str) -> None:
    try:
        parse(source, "fuzz.gol")
    except SourceError:
        return
    try:
        load_source(source, "fuzz.gol")
    except SourceError as error:
        assert not any("internal error" in d.message for d in error.diagnostics), error.render()


@settings(max_examples=300)
@given(
    st.integers(min_value=0, max_value=max(0, len(SOURCES) - 1)),
    st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(("delete", "replace", "insert")), st.sampled_from(WORDS)),
        min_size=1,
        max_size=4,
    ),
)
def test_edited_programs_give_only_diagnostics(index, edits):
    tokens = TOKEN.findall(SOURCES[index])
    for where, action, word in edits:
        position = min(int(where * len(tokens)), len(tokens) - 1)
        if action == "delete":
            del tokens[position]
        elif action == "replace":
            tokens[position] = word
        else:
            tokens.insert(position, word + " ")
    check_only_source_errors("".join(tokens))


def test_deeply_nested_expressions_are_diagnosed_or_accepted():
    depth = 3000
    source = (
        "package main\n\nfunc main() {\n\tx := " + "(" * depth + "1" + ")" * depth + "\n\tprintln(x)\n}\n"
    )
    check_only_source_errors(source)
