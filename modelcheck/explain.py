"""``mc explain``: pick the execution a question asks about and tell it as a witness.

A selector names what to explain (an output, a printed line, a race, a deadlock, a panic, a
leak, a hang); without one, the most important finding is chosen. The answer is a value, an
Explanation, which the reporting layer renders as text, columns, JSON or DOT.
"""

from __future__ import annotations

from dataclasses import dataclass

from modelcheck.check import check_file
from modelcheck.explore import Options
from modelcheck.explore.race_witness import race_witness
from modelcheck.ir import lower
from modelcheck.report.story import Story, tell
from modelcheck.semantics.outcomes import END_DEADLOCK, END_FATAL, END_HANG, END_PANIC, Finding, Race, Result
from modelcheck.spectest.expectations import printed_lines, race_matches
from modelcheck.syntax import load_file
from modelcheck.syntax.limits import run_deep

FOUND, NONE, INCOMPLETE, NOTHING_WRONG = "found", "none", "incomplete", "nothing wrong"
SELECTORS = ("output", "prints", "race", "deadlock", "panic", "leak", "hang")
CHOSEN_NAMES = {
    "panic": "a panic or fatal error",
    "deadlock": "a deadlock",
    "race": "a data race",
    "relaxed": "an outcome only the Go memory model allows",
}


@dataclass(frozen=True)
class Selector:
    """What to explain: ``kind`` is one of SELECTORS (None: the most important finding);
    ``argument`` the output, line, variable or panic message (None where optional)."""

    kind: str | None = None
    argument: str | None = None

    def describe(self) -> str:
        from modelcheck.report.values import go_quote

        if self.kind is None:
            return "the most important finding"
        if self.kind in ("output", "prints"):
            what = "outputs" if self.kind == "output" else "prints the line"
            return f"{what} {go_quote(self.argument or '')}"
        if self.kind == "race":
            return f"a data race on {self.argument}" if self.argument else "a data race"
        if self.kind == "panic":
            return "panics" + (f" with {go_quote(self.argument)}" if self.argument else "")
        return {"deadlock": "deadlocks", "leak": "leaks a goroutine", "hang": "hangs"}[self.kind]


@dataclass
class Explanation:
    """The answer: ``status`` is FOUND, NONE (complete search, no such execution),
    INCOMPLETE (none found, but the search was cut) or NOTHING_WRONG (no selector and no
    problem). A found witness is a ``finding`` (with its story, unless relaxed) or a ``race``."""

    selector: Selector
    result: Result
    status: str
    finding: Finding | None = None
    race: Race | None = None
    story: Story | None = None
    source: str = ""  # the program text, for relaxed witnesses (which have no story)
    chosen: str | None = None  # without a selector: the kind of finding chosen

    def question(self) -> str:
        """What was asked, and for the default question what was chosen."""
        asked = self.selector.describe()
        if self.selector.kind is None and self.chosen is not None:
            return f"{asked}: {CHOSEN_NAMES[self.chosen]}"
        return asked

    @property
    def relaxed(self) -> bool:
        return self.finding is not None and self.finding.relaxed


def explain_file(
    path: str, selector: Selector, model: str = "go", options: Options | None = None
) -> Explanation:
    """Check ``path`` and explain what ``selector`` asks for; raises SourceError on bad input."""
    options = options or Options()
    result = check_file(path, model, options=options)
    program = run_deep(lower, run_deep(load_file, path))
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
            "choose at most one of --output, --prints, --race, --deadlock, --panic, --leak, --hang"
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
