"""Every selector finds its witness or says that none exists: for each spec in specs/, each
expectation it states (may print, race on, may deadlock, never output, no leak, ...) becomes an
`mc explain` question; a "may" answers with a witness whose replay ends in the asked-for
outcome, a "never"/"no" with "no execution does that". Expectations the engine itself does
not meet yet (outcomes only the relaxed engine finds) are skipped, with that reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelcheck.check import check_file
from modelcheck.explain import explain_result
from modelcheck.explore import DEFAULT_UNROLL, Options
from modelcheck.ir import lower
from modelcheck.report.explanation import FOUND, INCOMPLETE, NONE, Selector
from modelcheck.spectest import expectations as e
from modelcheck.syntax import SourceError, load_file
from modelcheck.syntax.limits import run_deep

SPECS = sorted((Path(__file__).resolve().parent.parent / "specs").rglob("*.gol"))
OPTIONS = Options(unroll=DEFAULT_UNROLL, max_executions=20000)

QUESTIONS = {
    e.MAY_OUTPUT: ("output", True),
    e.NEVER_OUTPUT: ("output", False),
    e.MAY_PRINT: ("prints", True),
    e.NEVER_PRINT: ("prints", False),
    e.RACE_ON: ("race", True),
    e.NO_RACE_ON: ("race", False),
    e.NO_RACE: ("race", False),
    e.MAY_DEADLOCK: ("deadlock", True),
    e.NO_DEADLOCK: ("deadlock", False),
    e.MAY_PANIC: ("panic", True),
    e.NO_PANIC: ("panic", False),
    e.MAY_HANG: ("hang", True),
    e.NO_HANG: ("hang", False),
    e.MAY_LEAK: ("leak", True),
    e.NO_LEAK: ("leak", False),
}


def questions_of(expectation) -> list[tuple[Selector, bool]]:
    if expectation.kind == e.OUTPUTS:
        return [(Selector("output", text), True) for text in expectation.argument]
    if expectation.kind not in QUESTIONS:
        return []
    kind, possible = QUESTIONS[expectation.kind]
    return [(Selector(kind, expectation.argument), possible)]


def check_answer(explanation, possible: bool) -> None:
    if not possible:
        assert explanation.status == (NONE if explanation.result.complete else INCOMPLETE)
        return
    assert explanation.status == FOUND
    if explanation.relaxed:
        assert explanation.finding.witness is not None
        return
    if explanation.race is not None:
        last = explanation.story.steps[-1]  # the witness ends with the second racing access
        sides = {(a.goroutine.number, a.location) for a in (explanation.race.first, explanation.race.second)}
        assert (last.goroutine, last.location) in sides
    else:
        assert explanation.story is not None


@pytest.mark.parametrize("path", SPECS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_expectation_is_explained(path: Path):
    try:
        program = run_deep(lower, run_deep(load_file, str(path)))
    except SourceError:
        pytest.skip("the front end rejects this spec")
    stated = e.parse_expectations(path.read_text(), str(path))
    for model in e.MODELS:
        own = [expectation for expectation in stated if expectation.model == model]
        if not own:
            continue
        result = check_file(str(path), model, options=OPTIONS)
        for expectation in own:
            if not e.evaluate(expectation, result).passed:
                continue  # the engine does not meet it yet (relaxed outcomes): nothing to explain
            for selector, possible in questions_of(expectation):
                check_answer(explain_result(program, result, selector, OPTIONS), possible)
