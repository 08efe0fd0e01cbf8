"""herd-style verdict lines that CI can grep, one per question:
``Observation FILE QUESTION Sometimes|Always|Never|Unknown POS NEG``.

POS counts the distinct outcomes that witness the question, NEG the others. ``Never`` and
``Always`` are claims about every execution, so an incomplete search can only say
``Sometimes`` (a witness was found) or ``Unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass

from modelcheck.semantics.outcomes import END_DEADLOCK, END_FATAL, END_HANG, END_PANIC, Finding, Result
from modelcheck.spectest.expectations import printed_lines
from modelcheck.syntax.quoting import go_quote


@dataclass(frozen=True)
class Verdict:
    question: str
    positive: int
    negative: int
    complete: bool

    @property
    def word(self) -> str:
        if self.positive and not self.negative and self.complete:
            return "Always"
        if self.positive:
            return "Sometimes"
        return "Never" if self.complete else "Unknown"

    def line(self, file: str) -> str:
        return f"Observation {file} {self.question} {self.word} {self.positive} {self.negative}"


def questions(result: Result) -> list[tuple[str, object]]:
    """(question, predicate on a Finding): each printed line, then the problems."""
    lines = sorted({line for finding in result.findings for line in printed_lines(finding.outcome.output)})
    asked: list[tuple[str, object]] = [(f"may-print {go_quote(line)}", prints(line)) for line in lines]
    leaking = {leak.outcome for leak in result.leaks}
    asked += [
        ("deadlock", lambda finding: finding.outcome.end == END_DEADLOCK),
        ("panic", lambda finding: finding.outcome.end in (END_PANIC, END_FATAL)),
        ("hang", lambda finding: finding.outcome.end == END_HANG),
        ("leak", lambda finding: finding.outcome in leaking),
    ]
    return asked


def prints(line: str):
    return lambda finding: line in printed_lines(finding.outcome.output)


def verdicts(result: Result) -> list[Verdict]:
    findings: list[Finding] = result.findings
    answers = []
    for question, holds in questions(result):
        positive = sum(1 for finding in findings if holds(finding))
        answers.append(Verdict(question, positive, len(findings) - positive, result.complete))
    return answers


def verdict_lines(result: Result) -> list[str]:
    return [verdict.line(result.file) for verdict in verdicts(result)]
