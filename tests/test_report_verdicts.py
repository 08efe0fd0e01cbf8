"""herd-style verdicts and the checklist: Always/Sometimes/Never from outcome counts, and no
claim about every execution when the search was incomplete."""

from __future__ import annotations

from modelcheck.report.checklist import checklist_lines
from modelcheck.report.verdicts import verdict_lines
from modelcheck.semantics.outcomes import DEADLOCK_MESSAGE, END_DEADLOCK, Finding, Outcome, Result


def result(*outcomes: Outcome, complete: bool = True) -> Result:
    return Result(
        "p.gol",
        "sc",
        complete=complete,
        findings=[Finding(o) for o in outcomes],
        incomplete_reasons=[] if complete else ["stopped after --max-executions 1"],
    )


def test_one_line_per_printed_line_and_problem():
    lines = verdict_lines(result(Outcome("0\n"), Outcome("1\n"), Outcome("", END_DEADLOCK, DEADLOCK_MESSAGE)))
    assert lines == [
        'Observation p.gol may-print "0" Sometimes 1 2',
        'Observation p.gol may-print "1" Sometimes 1 2',
        "Observation p.gol deadlock Sometimes 1 2",
        "Observation p.gol panic Never 0 3",
        "Observation p.gol hang Never 0 3",
        "Observation p.gol leak Never 0 3",
    ]


def test_always_needs_every_outcome():
    assert 'Observation p.gol may-print "a" Always 1 0' in verdict_lines(result(Outcome("a\n")))


def test_an_incomplete_search_claims_neither_never_nor_always():
    lines = verdict_lines(result(Outcome("a\n"), complete=False))
    assert 'Observation p.gol may-print "a" Sometimes 1 0' in lines
    assert "Observation p.gol deadlock Unknown 0 1" in lines


def test_checklist():
    lines = checklist_lines(result(Outcome("", END_DEADLOCK, DEADLOCK_MESSAGE), complete=False))
    assert "  [x] deadlocks        FOUND 1" in lines
    assert "  [x] data races       none found so far" in lines
    assert lines[-1].startswith("  [ ] search           INCOMPLETE (stopped after --max-executions 1)")
