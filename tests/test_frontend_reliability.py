"""The front end on odd input: checking is linear in nested expressions, every file starts with
its package clause, and every diagnostic is ``file:line:col: message`` with its source line and
a caret, whatever the bytes, the nesting or the constants. No test times anything: the nested
inputs are deep enough that checking a sub-expression twice per level would never finish."""

from __future__ import annotations

from collections import Counter

import pytest
from click.testing import CliRunner

from modelcheck.syntax import decode_source, load_file, load_source
from modelcheck.syntax.checker import Checker
from modelcheck.syntax.diagnostics import Diagnostic, SourceError
from modelcheck.syntax.limits import run_deep
from modelcheck.syntax.parser import parse
from modelcheck.syntax.symbols import Constant

PRELUDE = """package main

type T struct {
\tt *T
\tf func()
}

func (p *T) m() *T { return p }

func id(x int) int { return x }

func two(a, b int) {}

func main() {
%s
}
"""

DEPTH = 40  # 2^40 checks of the innermost body if each level checked its operand twice


def nest(depth: int, template: str, inner: str) -> str:
    text = inner
    for _ in range(depth):
        text = template % text
    return text


def errors(source: str, filename: str = "f.gol") -> SourceError:
    with pytest.raises(SourceError) as info:
        load_source(source, filename)
    return info.value


def messages(source: str) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.message) for d in errors(source).diagnostics]


def assert_rendered_with_caret(error: SourceError) -> None:
    """Each diagnostic renders as exactly three lines: head, source line, caret."""
    rendered = error.render().split("\n")
    assert len(rendered) == 3 * len(error.diagnostics)
    for index, diagnostic in enumerate(error.diagnostics):
        head, text, caret = rendered[3 * index : 3 * index + 3]
        assert head.startswith(f"{diagnostic.file}:{diagnostic.line}:{diagnostic.column}: ")
        assert caret.strip() == "^" and caret.index("^") <= max(len(text), diagnostic.column - 1)


# ---------------------------------------------------------------- linear checking


# Statement or expression shapes, each nesting function literals (or operands) ``depth`` deep.
def accepted_shapes(depth: int) -> dict[str, str]:
    return {
        "call": "\t" + nest(depth, "func() { %s }()", "println(1)"),
        "parenthesized call": "\t" + nest(depth, "(func() { %s })()", "println(1)"),
        "go": "\t" + nest(depth, "go func() { %s }()", "println(1)"),
        "defer": "\t" + nest(depth, "defer func() { %s }()", "println(1)"),
        "value": "\tx := " + nest(depth, "func() int { return %s }()", "1") + "\n\t_ = x",
        "conversion": "\tx := " + nest(depth, "int(func() int { return %s }())", "1") + "\n\t_ = x",
        "parenthesized conversion": "\tx := "
        + nest(depth, "(int)(func() int { return %s }())", "1")
        + "\n\t_ = x",
        "conversion chain": "\tx := " + nest(depth, "int(%s)", "func() int { return 1 }()") + "\n\t_ = x",
        "selector chain": "\tvar x T\n\t_ = x" + ".t" * depth,
        "method chain": "\tvar x T\n\t_ = x" + ".m()" * depth,
        "method of a literal's result": "\t"
        + nest(depth, "func() *T { %s; return nil }().m()", "println(1)"),
        "field call": "\t" + nest(depth, "T{f: func() { %s }}.f()", "println(1)"),
        "dereference chain": "\tvar p " + "*" * depth + "int\n\t_ = " + "*" * depth + "p",
        "argument": "\t" + nest(depth, "id(func() int { %s; return 0 }())", "println(1)"),
        "builtin argument": "\t" + nest(depth, "println(func() int { %s; return 0 }())", "println(1)"),
        "closure returning closure": "\t" + nest(depth, "func() func() { %s; return nil }()()", "println(1)"),
        "multiple results": "\t" + nest(depth, "func() (int, int) { %s; return 1, 2 }()", "println(1)"),
        "index": "\tvar a []int\n\t_ = " + nest(depth, "a[func() int { _ = %s; return 0 }()]", "1"),
        "map index": "\tvar m map[int]int\n\t_ = " + nest(depth, "m[func() int { _ = %s; return 0 }()]", "1"),
        "slice of result": "\t_ = " + nest(depth, "func() []int { _ = %s; return nil }()[:]", "1"),
        "receive": "\t_ = " + nest(depth, "<-func() chan int { _ = %s; return nil }()", "1"),
        "switch tag": "\t" + nest(depth, "switch func() int { %s; return 0 }() { case 1: }", "println(1)"),
        "if condition": "\t" + nest(depth, "if func() bool { %s; return true }() { }", "println(1)"),
        "composite elements": "\t_ = " + nest(depth, "[]func(){func() { _ = %s }}", "1"),
        "typed variable": "\tvar x int = " + nest(depth, "func() int { return %s }()", "1") + "\n\t_ = x",
        "array length": "\tvar x [" + nest(depth, "len([%s]int{})", "1") + "]int\n\t_ = x",
    }


ACCEPTED_SHAPES = accepted_shapes(DEPTH)

# Shapes whose every level is an error: the diagnostics must come out once each, quickly too.
REJECTED_SHAPES = {
    "too few arguments": (
        "\t" + nest(DEPTH, "two(func() int { %s; return 0 }())", "println(1)"),
        "not enough arguments",
    ),
    "too many arguments": (
        "\t" + nest(DEPTH, "main(func() int { %s; return 0 }())", "println(1)"),
        "too many arguments",
    ),
    "unused index": (
        "\t_ = " + nest(DEPTH, "func() []int { %s; return nil }()[0]", "println(1)"),
        "is not used",
    ),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED_SHAPES))
def test_nested_shapes_check_in_linear_time(name):
    load_source(PRELUDE % ACCEPTED_SHAPES[name], "nested.gol")


@pytest.mark.parametrize("name", sorted(REJECTED_SHAPES))
def test_nested_errors_check_in_linear_time(name):
    body, message = REJECTED_SHAPES[name]
    error = errors(PRELUDE % body)
    found = [d for d in error.diagnostics if message in d.message]
    assert len(found) == DEPTH - 1 or len(found) == DEPTH


def test_the_reported_generator_at_depth_40_checks():
    body = "println(1)"
    for _ in range(40):
        body = f"func() {{ {body} }}()"
    checked = load_source(f"package main\n\nfunc main() {{\n\t{body}\n}}\n", "gen.gol")
    assert len(checked.captures) == 40


@pytest.fixture
def dispatches(monkeypatch):
    """Count how often the checker types each expression node."""
    counts: Counter[int] = Counter()
    original = Checker.dispatch

    def counting(self, e):
        counts[id(e)] += 1
        return original(self, e)

    monkeypatch.setattr(Checker, "dispatch", counting)
    return counts


@pytest.mark.parametrize("name", sorted(ACCEPTED_SHAPES))
def test_each_expression_is_checked_once(dispatches, name):
    load_source(PRELUDE % accepted_shapes(3)[name], "nested.gol")
    assert dispatches and max(dispatches.values()) == 1


def test_long_call_chains_are_checked():
    """3,000 levels: typing them used to rebuild the callee's text at every level (quadratic)."""
    depth = 3000
    run_deep(load_source, PRELUDE % ("\tvar x T\n\t_ = x" + ".m()" * depth), "chain.gol")
    run_deep(load_source, PRELUDE % ("\t_ = " + "int(" * depth + "1" + ")" * depth), "conversions.gol")


def test_iota_still_repeats_in_implicit_constant_lines():
    source = "package main\n\nconst (\n\ta = iota * 10\n\tb\n\tc\n)\n\nfunc main() { println(a, b, c) }\n"
    checked = load_source(source, "iota.gol")
    values = {s.name: s.value for s in checked.symbols.values() if isinstance(s, Constant) and s.span}
    assert values == {"a": 0, "b": 10, "c": 20}


# ---------------------------------------------------------------- the package clause


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("func main() {}\n", (1, 1, "expected 'package', found 'func'")),
        ('import "fmt"\npackage main\n', (1, 1, "expected 'package', found 'import'")),
        ("\n\nmain()\n", (3, 1, "expected 'package', found main")),
        ("  42\n", (1, 3, "expected 'package', found 42")),
        ("(", (1, 1, "expected 'package', found '('")),
        ("", (1, 1, "expected 'package', found 'EOF'")),
        ("   \n\t\n", (3, 1, "expected 'package', found 'EOF'")),
        ("// only a comment\n/* and another */\n", (3, 1, "expected 'package', found 'EOF'")),
        ("/* unfinished line", (1, 1, "comment not terminated")),
        ("#func main() {}\n", (1, 1, "invalid character U+0023 '#'")),
        ("\ufeff", (1, 1, "expected 'package', found 'EOF'")),
    ],
)
def test_a_file_must_start_with_its_package_clause(source, expected):
    error = errors(source)
    assert [(d.line, d.column, d.message) for d in error.diagnostics][0] == expected
    assert_rendered_with_caret(error)


def test_missing_package_is_rendered_like_go():
    assert errors("func main() {}\n", "prog.gol").render() == (
        "prog.gol:1:1: expected 'package', found 'func'\nfunc main() {}\n^"
    )
    assert errors("", "empty.gol").render() == "empty.gol:1:1: expected 'package', found 'EOF'\n\n^"


def test_parse_alone_still_accepts_fragments():
    assert parse("func main() {}\n", "fragment.gol").package is None


def test_mc_parse_exits_2_without_a_package_clause(tmp_path):
    from modelcheck.cli import main

    path = tmp_path / "nopkg.gol"
    path.write_text("func main() {}\n")
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 2
    assert f"{path}:1:1: expected 'package', found 'func'\nfunc main() {{}}\n^" in result.output


def test_only_a_package_clause_has_no_main():
    for source in ("package main", "package main\n", "package main;"):
        error = errors(source)
        assert messages(source) == [(1, 1, "function main is undeclared in the main package")]
        assert error.render().endswith("package main" + source[12:].strip("\n") + "\n^")


# ---------------------------------------------------------------- odd bytes


MAIN = "package main\n\nfunc main() {\n\t%s\n}\n"


@pytest.mark.parametrize(
    "source",
    [
        "\ufeffpackage main\n\nfunc main() {}\n",
        "package main\r\n\r\nfunc main() {\r\n\tprintln(1)\r\n}\r\n",
        "package main\n\nfunc main() {\r println(1) }\n",
        "package main\n\nfunc main() {\n\tprintln(`a\r\nb`)\n}\n",
        MAIN % ("var " + "v" * 100_000 + " = 1\n\t_ = " + "v" * 100_000),
        MAIN % ('println("' + "x" * 1_000_000 + '")'),
        "package main\n" + "".join(f"var v{i} = {i}\n" for i in range(5000)) + "func main() {}\n",
        "package main\nconst (\n\ta = iota\n"
        + "".join(f"\tb{i}\n" for i in range(5000))
        + ")\nfunc main() {}\n",
    ],
    ids=[
        "bom",
        "crlf",
        "cr-in-line",
        "cr-in-raw-string",
        "long-identifier",
        "huge-string",
        "many-vars",
        "many-consts",
    ],
)
def test_odd_but_valid_files_are_accepted(source):
    load_source(source, "odd.gol")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("\x00package main\n", (1, 1, "invalid NUL character")),
        (MAIN % "println(1)\x00", (4, 12, "invalid NUL character")),
        (MAIN % 'println("a\x00b")', (4, 12, "invalid NUL character")),
        (MAIN % "println('\x00')", (4, 11, "invalid NUL character")),
        (MAIN % "// a\x00b", (4, 6, "invalid NUL character")),
        (MAIN % "/* a\n\x00 */", (5, 1, "invalid NUL character")),
        (MAIN % "println(`a\n\x00`)", (5, 1, "invalid NUL character")),
        (MAIN % "println(1)\ufeff", (4, 12, "invalid BOM in the middle of the file")),
        (MAIN % 'println("\ufeff")', (4, 11, "invalid BOM in the middle of the file")),
        (MAIN % 'println("\udcff")', (4, 11, "invalid UTF-8 encoding")),
        (
            "package main\r\rfunc main() {}\r",
            (1, 15, "syntax error: unexpected keyword func, expected semicolon or newline"),
        ),
        (MAIN % "x\u2028 := 1", (4, 3, "invalid character U+2028")),
    ],
)
def test_odd_bytes_are_positioned_diagnostics(source, expected):
    error = errors(source)
    assert (error.diagnostics[0].line, error.diagnostics[0].column, error.diagnostics[0].message) == expected
    assert_rendered_with_caret(error)


def test_a_lone_carriage_return_does_not_start_a_line():
    rendered = errors("package main\r\rfunc main() {}\r").render().split("\n")
    assert rendered[1] == "package main  func main() {}"
    assert rendered[2] == " " * 14 + "^"


@pytest.mark.parametrize(
    ("data", "line", "column", "shown"),
    [
        (b"\xffpackage main\n", 1, 1, "\ufffdpackage main"),
        (b'package main\n\nfunc main() {\n\tprintln("\xc3\xa9\xff")\n}\n', 4, 12, ' println("\u00e9\ufffd")'),
        (b"package main\n\xc3", 2, 1, "\ufffd"),
    ],
)
def test_invalid_utf8_points_at_the_character(data, line, column, shown):
    with pytest.raises(SourceError) as info:
        decode_source(data, "bytes.gol")
    assert [(d.line, d.column) for d in info.value.diagnostics] == [(line, column)]
    assert info.value.render().split("\n")[1:] == [shown, " " * (column - 1) + "^"]


def test_load_file_reports_invalid_utf8_with_a_caret(tmp_path):
    path = tmp_path / "bad.gol"
    path.write_bytes(b"\xfe\xffpackage main\n")
    with pytest.raises(SourceError) as info:
        load_file(path)
    assert_rendered_with_caret(info.value)


# ---------------------------------------------------------------- rendering


@pytest.mark.parametrize(
    ("line", "column", "tail"),
    [
        (1, 1, "package main\n^"),
        (2, 5, "\n    ^"),  # the EOF after the last newline: an empty line
        (9, 3, "\n  ^"),  # past the end
        (1, 40, "package main\n" + " " * 39 + "^"),  # past the end of the line
        (1, 0, "package main\n^"),
    ],
)
def test_every_position_renders_a_line_and_a_caret(line, column, tail):
    rendered = SourceError([Diagnostic("f.gol", line, column, "m")], "package main\n").render()
    assert rendered == f"f.gol:{line}:{column}: m\n{tail}"


def test_only_newlines_end_lines_when_rendering():
    source = "package main\n/* \f \u2028 \x85 \x0b */ x\n"
    rendered = SourceError([Diagnostic("f.gol", 2, 18, "m")], source).render()
    assert rendered == "f.gol:2:18: m\n/*         */ x\n                 ^"


def test_controls_and_invisible_characters_show_as_spaces():
    source = "package main\n\tx\x00\u202e\ufeffy\n"
    rendered = SourceError([Diagnostic("f.gol", 2, 6, "m")], source).render()
    assert rendered == "f.gol:2:6: m\n x   y\n     ^"


def test_a_message_stays_on_one_line():
    error = errors('package main\n\nimport "a\\nb"\n\nfunc main() {}\n')
    assert error.diagnostics[0].message == 'import of package "a\\nb" is not supported'
    raw = errors("package main\n\nvar x = `a\nb` + 1\n\nfunc main() {}\n")
    assert "\n" in raw.diagnostics[0].message
    assert_rendered_with_caret(raw)


def test_huge_lines_show_a_window_around_the_column():
    source = "package main\n" + "x" * 10_000 + "\n"
    text, caret = SourceError([Diagnostic("f.gol", 2, 5000, "m")], source).render().split("\n")[1:]
    assert len(text) == 200 and caret == " " * 99 + "^"


# ---------------------------------------------------------------- constants and limits


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ("const x = 1 << 1000000000", "invalid shift count 1000000000"),
        ("const x = 1 << 100000", "invalid shift count 100000"),
        ("const x = 0 << 1075", "invalid shift count 1075"),
        ("const x = 1 << 1000 << 1000", "constant shift overflow"),
        ("const m = 1 << 511\nconst x = m + m", "constant addition overflow"),
        ("const m = -(1 << 511)\nconst x = m - 1<<511", "constant subtraction overflow"),
        ("const x = " + " * ".join(["1000000000000"] * 200), "constant multiplication overflow"),
        ("const x = " + "9" * 100_000, "integer literal too large"),
        ("const x = 0x" + "f" * 100_000, "integer literal too large"),
    ],
)
def test_huge_constants_are_rejected_without_computing_them(declaration, message):
    error = errors(f"package main\n\n{declaration}\n\nfunc main() {{ println(x) }}\n")
    assert message in [d.message for d in error.diagnostics]
    assert_rendered_with_caret(error)


def test_shifts_up_to_gos_bound_are_constants():
    checked = load_source("package main\n\nconst x = 0 << 1074\n\nfunc main() { println(x) }\n", "s.gol")
    assert 0 in checked.constants.values()


def test_doubling_a_string_constant_stops_at_the_limit():
    lines = ['const s0 = "x"'] + [f"const s{i + 1} = s{i} + s{i}" for i in range(40)]
    source = "package main\n\n" + "\n".join(lines) + "\n\nfunc main() { println(len(s40)) }\n"
    error = errors(source)
    assert [(d.line, d.message) for d in error.diagnostics][0] == (28, "constant string too long")


@pytest.mark.parametrize(
    "body",
    [
        "var x " + "[]" * 5000 + "int\n\t_ = x",
        "var x " + "*" * 5000 + "int\n\t_ = x",
        "var x " + "map[int]" * 3000 + "int\n\t_ = x",
        "var x " + "[1]" * 5000 + "int\n\t_ = x",
        "x := " + "(" * 5000 + "1" + ")" * 5000 + "\n\t_ = x",
        "x := " + "+".join(["1"] * 10000) + "\n\t_ = x",
        "{" * 3000 + "}" * 3000,
    ],
    ids=["slices", "pointers", "maps", "arrays", "parentheses", "sum", "blocks"],
)
def test_deep_nesting_checks_with_a_deep_stack_and_is_a_diagnostic_without(body):
    source = MAIN % body
    run_deep(load_source, source, "deep.gol")
    try:
        load_source(source, "deep.gol")  # the default stack: a diagnostic at worst, never a crash
    except SourceError as error:
        assert_rendered_with_caret(error)


def test_many_errors_render_quickly_enough_to_finish():
    """20,000 errors in a 20,000-line file: rendering and positions split the source once."""
    source = "package main\n\nfunc main() {\n\tx := 1\n\t_ = x\n" + "\tx := 1\n" * 20_000 + "}\n"
    error = errors(source)
    assert len(error.diagnostics) == 20_000
    assert error.render().count("\n^") == 0 and error.render().count("^") == 20_000
