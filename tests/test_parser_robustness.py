"""Whatever the input, the parser answers with a tree or a SourceError: never anything else."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelcheck.syntax import decode_source, load_source
from modelcheck.syntax.diagnostics import SourceError
from modelcheck.syntax.limits import run_deep
from modelcheck.syntax.parser import parse
from modelcheck.syntax.printer import format_tree

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "specs" / "seed" / "can_this_print_0.gol").read_text(encoding="utf-8")

VALID = """package main

import (
\t"fmt"
\t"sync"
)

type T struct {
\tx, y int
\tc    chan int
}

const (
\tA = iota
\tB
)

var mu sync.Mutex

func (t *T) add(d int) (int, bool) {
\tmu.Lock()
\tdefer mu.Unlock()
\tt.x += d
\treturn t.x, t.x > 0
}

func main() {
\tt := &T{c: make(chan int, 1)}
\tgo func() { t.c <- 1 }()
\tfor i := 0; i < 3; i++ {
\t\tif v, ok := t.add(i); ok && v%2 == 0 {
\t\t\tfmt.Println(v, "even", 'x', `raw`)
\t\t}
\t}
\tselect {
\tcase v := <-t.c:
\t\tfmt.Println(v)
\tdefault:
\t}
\tswitch s := []int{1, 2}; len(s) {
\tcase 2:
\t\tfmt.Println(s[1:])
\t}
}
"""

EDIT_ALPHABET = "(){}[];:=,.<-+*&|^!\"'`/\n\t 0x1_9aZ"


def assert_parses_or_reports(source: str) -> None:
    """``parse`` returns a tree or raises SourceError whose diagnostics are clean and positioned."""
    try:
        tree = parse(source, "fuzz.gol")
    except SourceError as error:
        assert error.diagnostics, "a SourceError must carry diagnostics"
        for diagnostic in error.diagnostics:
            assert diagnostic.line >= 1 and diagnostic.column >= 1
            assert not diagnostic.message.startswith("internal error"), diagnostic
        error.render()
        return
    format_tree(tree)


def edit(source: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply (position, kind, text) edits: 0 inserts, 1 deletes a character, 2 replaces one."""
    for position, kind, text in edits:
        index = position % (len(source) + 1)
        if kind == 0:
            source = source[:index] + text + source[index:]
        elif kind == 1:
            source = source[:index] + source[index + 1 :]
        else:
            source = source[:index] + text + source[index + 1 :]
    return source


edits_strategy = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(0, 2), st.text(EDIT_ALPHABET, min_size=1, max_size=3)),
    min_size=1,
    max_size=4,
)


def test_the_valid_base_program_parses():
    parse(VALID, "valid.gol")
    parse(SEED, "seed.gol")


@settings(max_examples=150)
@given(st.binary(max_size=300))
def test_random_bytes(data):
    try:
        source = decode_source(data, "fuzz.gol")
    except SourceError:
        return
    assert_parses_or_reports(source)


@settings(max_examples=150)
@given(st.text(max_size=200))
def test_random_text(source):
    assert_parses_or_reports(source)


@settings(max_examples=200)
@given(st.sampled_from([VALID, SEED]), edits_strategy)
def test_valid_programs_with_random_edits(base, edits):
    assert_parses_or_reports(edit(base, edits))


@settings(max_examples=60)
@given(st.sampled_from([VALID, SEED]), edits_strategy)
def test_whole_front_end_with_random_edits(base, edits):
    """Parser and checker together (when the checker exists) raise nothing but SourceError."""
    pytest.importorskip("modelcheck.syntax.checker")
    try:
        run_deep(load_source, edit(base, edits), "fuzz.gol")
    except SourceError as error:
        assert error.diagnostics


@pytest.mark.parametrize(
    "source",
    [
        "",
        "}",
        "{",
        "\x00\x01\x02",
        '"unterminated',
        "`unterminated raw",
        "/* unterminated comment",
        "'",
        "package",
        "func",
        "func main() {",
        "func main() { if x {",
        "\ufeffpackage main",
        "x\ufeffy",
        "var x = 0x" + "f" * 5000,
        "var x = " + "9" * 5000,
        "\r\n" * 100,
    ],
)
def test_nasty_inputs(source):
    assert_parses_or_reports(source)


def test_three_thousand_nested_parentheses_through_the_front_end():
    nested = "(" * 3000 + "1" + ")" * 3000
    source = f"package main\n\nfunc main() {{\n\tx := {nested}\n\tprint(x)\n}}\n"
    tree = parse(source, "deep.gol")
    assert "ParenExpr" in format_tree(tree)
    pytest.importorskip("modelcheck.syntax.checker")
    run_deep(load_source, source, "deep.gol")


def test_deeply_nested_blocks_unary_operators_and_types():
    for body in ("{" * 2000 + "}" * 2000, "x := " + "- " * 3000 + "1\n_ = x", "var s " + "[]" * 2000 + "int"):
        assert_parses_or_reports(f"func main() {{\n{body}\n}}\n")


def test_unbalanced_nesting_is_an_error_not_a_crash():
    with pytest.raises(SourceError):
        parse("func main() {\n\tx := " + "(" * 3000 + "\n}\n", "deep.gol")


def test_a_one_megabyte_file():
    filler = "// " + "x" * 1000 + "\n"
    source = SEED + filler * 1000 + "var s = `" + "y" * 50_000 + "`\n"
    assert len(source) > 1_000_000
    parse(source, "big.gol")
    garbage = "@#$" * 400_000
    with pytest.raises(SourceError) as info:
        parse(garbage, "big.gol")
    assert len(info.value.diagnostics) <= 10
