"""The ``// expect`` language: parsing every form, errors with their positions, and evaluation
against hand-built results (including incomplete ones, where nothing may be called impossible)."""

from __future__ import annotations

import pytest

from modelcheck.semantics.outcomes import (
    Access,
    Finding,
    GoroutineInfo,
    Outcome,
    Race,
    Result,
    SourceLocation,
)
from modelcheck.spectest.expectations import (
    Expectation,
    evaluate,
    go_quote,
    parse_expectations,
    printed_lines,
)
from modelcheck.syntax.diagnostics import SourceError


def parse_one(line: str) -> Expectation:
    (expectation,) = parse_expectations(line, "spec.gol")
    return expectation


def parse_error(text: str) -> SourceError:
    with pytest.raises(SourceError) as caught:
        parse_expectations(text, "spec.gol")
    return caught.value


# ------------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    "line, kind, argument",
    [
        ('// expect: outputs "hello\\n" | ""', "outputs", ("hello\n", "")),
        ('// expect: outputs "1 0\\n"', "outputs", ("1 0\n",)),
        ('// expect: may output "1 0\\n"', "may output", "1 0\n"),
        ('// expect: never output "1 0\\n"', "never output", "1 0\n"),
        ('// expect: may print "0"', "may print", "0"),
        ('// expect: never print "0"', "never print", "0"),
        ("// expect: race on a", "race on", "a"),
        ("// expect: race on t.x", "race on", "t.x"),
        ("// expect: race on a[2]", "race on", "a[2]"),
        ("// expect: no race", "no race", None),
        ("// expect: no race on count", "no race on", "count"),
        ("// expect: may deadlock", "may deadlock", None),
        ("// expect: no deadlock", "no deadlock", None),
        ('// expect: may panic "close of closed channel"', "may panic", "close of closed channel"),
        ("// expect: may panic", "may panic", None),
        ("// expect: no panic", "no panic", None),
        ("// expect: may hang", "may hang", None),
        ("// expect: no hang", "no hang", None),
        ("// expect: may leak", "may leak", None),
        ("// expect: no leak", "no leak", None),
        ("// expect: complete", "complete", None),
        ("//expect:no   race", "no race", None),
        ("// expect:\tmay\tdeadlock  ", "may deadlock", None),
    ],
)
def test_every_form_parses(line: str, kind: str, argument):
    expectation = parse_one(line)
    assert (expectation.model, expectation.kind, expectation.argument) == ("go", kind, argument)


def test_models_restrict_an_expectation():
    sc, go, default = parse_expectations(
        '// expect[sc]: never output "1 0\\n"\n// expect[go]: may output "1 0\\n"\n// expect: no race\n'
    )
    assert (sc.model, go.model, default.model) == ("sc", "go", "go")


def test_string_literals_follow_go_syntax():
    expectation = parse_one(r'// expect: outputs "a\tb\\c\"d\x41\u00e9\101\n" | `raw\n` | ""')
    assert expectation.argument == ('a\tb\\c"dAé' + "A\n", "raw\\n", "")


def test_positions_are_one_based_lines_and_columns_of_the_comment():
    source = 'package main\n\nfunc main() {\n\tx := 1 // expect: no race\n}\n\n// expect: may print "1"\n'
    first, second = parse_expectations(source)
    assert (first.line, first.column) == (4, 9)
    assert (second.line, second.column) == (7, 1)


def test_text_that_is_not_an_expectation_is_ignored():
    source = (
        'x := "// expect: bogus"\n'  # inside a string literal
        "// expected: this is prose\n"
        "// we expect the worst\n"
        "/* // expect: bogus */ y := 1\n"
        "// expectations below\n"
    )
    assert parse_expectations(source) == []


def test_describe_round_trips():
    for line in [
        '// expect[sc]: outputs "1\\n" | ""',
        "// expect: race on t.x",
        '// expect: may panic "boom"',
    ]:
        expectation = parse_one(line)
        assert parse_one("// " + expectation.describe()) == expectation


def test_go_quote_escapes_what_needs_escaping():
    assert go_quote('a"b\\c\n\t\x01') == '"a\\"b\\\\c\\n\\t\\x01"'


@pytest.mark.parametrize(
    "line, column, message",
    [
        ("// expect: bogus", 12, "unknown expectation 'bogus'"),
        ("// expect: may", 12, "unknown expectation 'may'"),
        ("// expect:", 11, "missing expectation"),
        ("// expect[arm]: no race", 11, "unknown model 'arm'"),
        ("// expect[sc: no race", 10, "unterminated model"),
        ("// expect no race", 10, "expected ':'"),
        ('// expect: outputs "a\\q"', 22, "unknown escape sequence"),
        ('// expect: outputs "a\\x4"', 22, "invalid escape sequence"),
        ('// expect: may print "abc', 22, "unterminated string literal"),
        ("// expect: may print `abc", 22, "unterminated raw string literal"),
        ("// expect: may print", 21, "missing string after 'may print'"),
        ("// expect: may print 0", 22, "expected a Go string literal"),
        ('// expect: outputs "a" |', 25, "missing string after 'outputs'"),
        ("// expect: race on", 19, "missing variable"),
        ("// expect: race on 9x", 20, "missing variable"),
        ("// expect: no deadlock please", 24, "unexpected text"),
        ('// expect: may panic boom"', 22, "expected a Go string literal"),
    ],
)
def test_malformed_expectations_are_errors_at_their_column(line: str, column: int, message: str):
    error = parse_error("package main\n" + line + "\n")
    (diagnostic,) = error.diagnostics
    assert (diagnostic.file, diagnostic.line, diagnostic.column) == ("spec.gol", 2, column)
    assert message in diagnostic.message


def test_every_malformed_line_is_reported_with_a_caret():
    error = parse_error("// expect: bogus\n// expect: no race\n// expect: may print\n")
    assert [(d.line, d.column) for d in error.diagnostics] == [(1, 12), (3, 21)]
    rendered = error.render()
    assert "spec.gol:1:12: unknown expectation 'bogus'" in rendered
    assert "// expect: bogus\n           ^" in rendered


# ------------------------------------------------------------------------------- evaluation


def race(variable: str) -> Race:
    goroutine = GoroutineInfo(1, "main", None)
    location = SourceLocation("spec.gol", 3, 1)
    return Race(variable, Access("write", goroutine, location), Access("read", goroutine, location))


def result(*outcomes: Outcome, races=(), leaks=0, complete=True) -> Result:
    return Result(
        "spec.gol",
        "go",
        complete=complete,
        incomplete_reasons=[] if complete else ["--unroll 4 cut a loop"],
        findings=[Finding(outcome) for outcome in outcomes],
        races=[race(variable) for variable in races],
        leaks=[Finding(Outcome("")) for _ in range(leaks)],
    )


def check(line: str, checked: Result):
    return evaluate(parse_one(line), checked)


OK_10 = Outcome("1 0\n")
OK_11 = Outcome("1 1\n")


def test_outputs_is_the_exact_set():
    both = result(OK_10, OK_11, Outcome("1 0\n", "panic", "boom"))
    assert check('// expect: outputs "1 0\\n" | "1 1\\n"', both).passed
    missing = check('// expect: outputs "1 0\\n" | "1 1\\n" | "0 0\\n"', both)
    assert not missing.passed and 'never printed: "0 0\\n"' in missing.explanation
    extra = check('// expect: outputs "1 0\\n"', both)
    assert not extra.passed and 'also printed: "1 1\\n"' in extra.explanation


def test_may_and_never_output_compare_whole_outputs():
    checked = result(Outcome("0\n1\n"))
    assert check('// expect: may output "0\\n1\\n"', checked).passed
    assert not check('// expect: may output "0\\n"', checked).passed
    assert check('// expect: never output "0\\n"', checked).passed
    assert not check('// expect: never output "0\\n1\\n"', checked).passed


def test_print_looks_for_a_whole_line():
    checked = result(Outcome("10\nhello world\n"), Outcome(""))
    assert check('// expect: may print "10"', checked).passed
    assert check('// expect: may print "hello world"', checked).passed
    assert not check('// expect: may print "0"', checked).passed
    assert check('// expect: never print "0"', checked).passed
    assert not check('// expect: never print "10"', checked).passed
    assert check('// expect: may print ""', result(Outcome("\n"))).passed
    assert not check('// expect: may print ""', result(Outcome(""))).passed


def test_printed_lines_drop_only_the_final_newline():
    assert printed_lines("") == []
    assert printed_lines("a\n\nb") == ["a", "", "b"]
    assert printed_lines("a\n") == ["a"]


def test_a_race_on_a_field_or_element_is_a_race_on_the_variable():
    checked = result(OK_10, races=["t.x", "a[1]", "count"])
    for variable in ("t", "t.x", "a", "a[1]", "count"):
        assert check(f"// expect: race on {variable}", checked).passed, variable
    for variable in ("t.y", "a[2]", "coun", "x"):
        verdict = check(f"// expect: race on {variable}", checked)
        assert not verdict.passed and "races reported on: a[1], count, t.x" in verdict.explanation
    assert not check("// expect: no race", checked).passed
    assert check("// expect: no race", result(OK_10)).passed
    assert check("// expect: no race on x", checked).passed
    assert not check("// expect: no race on t", checked).passed


def test_deadlock_panic_fatal_and_hang_are_told_apart():
    deadlock = Outcome("", "deadlock", "all goroutines are asleep - deadlock!")
    fatal = Outcome("", "fatal", "sync: unlock of unlocked mutex")
    panic = Outcome("x\n", "panic", "close of closed channel")
    hang = Outcome("", "hang")
    assert check("// expect: may deadlock", result(OK_10, deadlock)).passed
    assert not check("// expect: may deadlock", result(OK_10, fatal, panic, hang)).passed
    assert check("// expect: no deadlock", result(OK_10, fatal, panic, hang)).passed
    assert not check("// expect: may panic", result(OK_10, deadlock, hang)).passed
    assert check("// expect: may panic", result(fatal)).passed
    assert check('// expect: may panic "sync: unlock of unlocked mutex"', result(fatal)).passed
    assert check('// expect: may panic "close of closed channel"', result(fatal, panic)).passed
    wrong = check('// expect: may panic "close of nil channel"', result(panic))
    assert not wrong.passed and "panic: close of closed channel" in wrong.explanation
    assert check("// expect: no panic", result(OK_10, deadlock, hang)).passed
    assert not check("// expect: no panic", result(OK_10, fatal)).passed
    assert check("// expect: may hang", result(hang)).passed
    assert not check("// expect: may hang", result(deadlock)).passed
    assert not check("// expect: no hang", result(OK_10, hang)).passed


def test_leaks():
    assert check("// expect: may leak", result(OK_10, leaks=1)).passed
    assert not check("// expect: may leak", result(OK_10)).passed
    assert check("// expect: no leak", result(OK_10)).passed
    assert not check("// expect: no leak", result(OK_10, leaks=2)).passed


@pytest.mark.parametrize(
    "line",
    [
        '// expect: outputs "1 0\\n"',
        '// expect: never output "0 0\\n"',
        '// expect: never print "0"',
        "// expect: no race",
        "// expect: no race on y",
        "// expect: no deadlock",
        "// expect: no panic",
        "// expect: no hang",
        "// expect: no leak",
        "// expect: complete",
    ],
)
def test_an_incomplete_search_cannot_show_that_something_never_happens(line: str):
    incomplete = result(OK_10, complete=False)
    assert check(line, result(OK_10)).passed  # the same claim holds on a complete search
    verdict = check(line, incomplete)
    assert not verdict.passed
    assert "incomplete" in verdict.explanation and "--unroll 4 cut a loop" in verdict.explanation


def test_an_incomplete_search_can_still_show_that_something_happens():
    incomplete = result(
        OK_10, Outcome("", "deadlock", "all goroutines are asleep - deadlock!"), races=["x"], complete=False
    )
    assert check('// expect: may output "1 0\\n"', incomplete).passed
    assert check('// expect: may print "1 0"', incomplete).passed
    assert check("// expect: may deadlock", incomplete).passed
    assert check("// expect: race on x", incomplete).passed
    not_found = check("// expect: may panic", incomplete)
    assert not not_found.passed and "incomplete" in not_found.explanation
