"""``mc explain``: pick the execution a question asks about and tell it as a witness.

A selector names what to explain (an output, a printed line, a race, a deadlock, a panic, a
leak, a hang); without one, the most important finding is chosen. The answer is a value, an
Explanation (modelcheck/report/explanation.py), which the reporting layer renders.
"""

from __future__ import annotations

from modelcheck.check import check_entry, selected_tests
from modelcheck.explore import Options
from modelcheck.explore.race_witness import race_witness
from modelcheck.ir import lower
from modelcheck.report.explanation import (
    FOUND,
    INCOMPLETE,
    NONE,
    NOTHING_WRONG,
    Explanation,
    Selector,
)
from modelcheck.report.story import tell
from modelcheck.semantics.outcomes import END_DEADLOCK, END_FATAL, END_HANG, END_PANIC, Finding, Result
from modelcheck.semantics.verdict import failures_of
from modelcheck.spectest.expectations import printed_lines, race_matches
from modelcheck.syntax import load_file
from modelcheck.syntax.diagnostics import Diagnostic, SourceError
from modelcheck.syntax.limits import run_deep


def explain_file(
    path: str, selector: Selector, model: str = "go", options: Options | None = None, run: str | None = None
) -> Explanation:
    """Check ``path`` (in a package with tests, the first test ``-run`` selects) and explain
    what ``selector`` asks for; raises SourceError on bad input."""
    options = options or Options()
    checked = run_deep(load_file, path)
    tests = selected_tests(checked, run)
    if checked.tests and not tests:
        raise SourceError([Diagnostic(path, 1, 1, f"no test matches -run {run}")])
    test = tests[0] if tests else None
    result = check_entry(checked, test, model, options)
    program = run_deep(lower, checked, test)
    return explain_result(program, result, selector, options)


def explain_result(program, result: Result, selector: Selector, options: Options) -> Explanation:
    """Explain ``selector`` from a finished check of ``program``."""
    kind = selector.kind or default_kind(result)
    if kind is None:
        return Explanation(selector, result, NOTHING_WRONG)
    if kind == "race":
        explanation = explain_race(program, selector, result, options)
    else:
        explanation = explain_finding(program, selector, result, options, kind)
    explanation.chosen = kind
    return explanation


def explain_finding(program, selector: Selector, result: Result, options: Options, kind: str) -> Explanation:
    finding = choose(candidates(kind, selector.argument, result))
    if finding is None:
        return Explanation(selector, result, NONE if result.complete else INCOMPLETE)
    story = None if finding.relaxed else tell(program, finding.schedule, options.unroll, finding.blocked)
    return Explanation(selector, result, FOUND, finding=finding, story=story, source=program.source)


def default_kind(result: Result) -> str | None:
    """Panic or fatal error, else deadlock, else race, else an outcome only the relaxed model allows."""
    ends = {finding.outcome.end for finding in result.findings}
    if ends & {END_PANIC, END_FATAL}:
        return "panic"
    if END_DEADLOCK in ends:
        return "deadlock"
    if result.test is not None and failures_of(result):
        return "fail"
    if result.races:
        return "race"
    if any(finding.relaxed for finding in result.findings):
        return "relaxed"
    return None


def candidates(kind: str, argument: str | None, result: Result) -> list[Finding]:
    findings = result.findings
    if kind == "output":
        return [f for f in findings if f.outcome.output == argument]
    if kind == "prints":
        return [f for f in findings if argument in printed_lines(f.outcome.output)]
    if kind == "panic":
        panics = [f for f in findings if f.outcome.end in (END_PANIC, END_FATAL)]
        if argument is None:
            return panics
        exact = [f for f in panics if f.outcome.message == argument]
        return exact or [f for f in panics if argument in (f.outcome.message or "")]
    if kind == "deadlock":
        return [f for f in findings if f.outcome.end == END_DEADLOCK]
    if kind == "hang":
        return [f for f in findings if f.outcome.end == END_HANG]
    if kind == "leak":
        return list(result.leaks)
    if kind == "relaxed":
        return [f for f in findings if f.relaxed]
    if kind == "fail":
        return [failure.finding for failure in failures_of(result) if failure.finding is not None]
    raise ValueError(f"unknown selector {kind!r}")


def choose(findings: list[Finding]) -> Finding | None:
    """An interleaving witness before a relaxed one; then the shortest schedule."""
    if not findings:
        return None
    return min(findings, key=lambda f: (f.relaxed, len(f.schedule)))


def explain_race(program, selector: Selector, result: Result, options: Options) -> Explanation:
    variable = selector.argument
    races = [race for race in result.races if variable is None or race_matches(variable, race.variable)]
    if not races:
        return Explanation(selector, result, NONE if result.complete else INCOMPLETE)
    keys = {race.key() for race in races}
    witness = race_witness(program, options, lambda race: race.key() in keys)
    if witness is None:  # the bounded re-search stopped before meeting it
        return Explanation(selector, result, FOUND, race=races[0])
    story = tell(program, witness.schedule, options.unroll)
    return Explanation(selector, result, FOUND, race=witness.race, story=story)


def selector_from(chosen: dict) -> Selector:
    """The Selector of the command-line options given (kind -> value; True for flags); at most one."""
    if len(chosen) > 1:
        raise ValueError(
            "choose at most one of --output, --prints, --race, --deadlock, --panic, --leak, --hang, --fail"
        )
    if not chosen:
        return Selector()
    ((kind, value),) = chosen.items()
    if kind == "output":
        return Selector(kind, unescape(value))
    if kind == "prints":
        return Selector(kind, unescape(value))
    if kind == "panic":
        return Selector(kind, value or None)
    if kind == "race":
        return Selector(kind, value)
    return Selector(kind)


def unescape(text: str) -> str:
    """Go-style escapes in a command-line string: \\n, \\t, \\", \\\\."""
    if "\\" not in text:
        return text
    replacements = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    out, index = [], 0
    while index < len(text):
        if text[index] == "\\" and index + 1 < len(text) and text[index + 1] in replacements:
            out.append(replacements[text[index + 1]])
            index += 2
        else:
            out.append(text[index])
            index += 1
    return "".join(out)
