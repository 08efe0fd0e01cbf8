"""One entry point for checking a file: front end, IR, then the engines the model needs."""

from __future__ import annotations

import re

from modelcheck.explore import DEFAULT_UNROLL, Options, explore
from modelcheck.explore.explorer import timeout_reason
from modelcheck.ir import lower
from modelcheck.relaxed import Unsupported, explore_relaxed
from modelcheck.semantics.outcomes import Finding, Outcome, Result
from modelcheck.syntax import load_file

try:
    from modelcheck.syntax.limits import run_deep
except ImportError:  # pragma: no cover - until the front end ships it

    def run_deep(function, *arguments):
        return function(*arguments)


RELAXED_NOT_EXPLORED = (
    "the program has data races: outcomes that only the Go memory model allows (and no interleaving "
    "produces) were not explored"
)
DRF_SC = "no data race in any execution: the go outcomes are the sc outcomes (DRF-SC)"


def check_file(
    path: str, model: str = "go", unroll: int | None = None, options: Options | None = None
) -> Result:
    """Check one main program (a .gol or .go file, or a directory) under ``model`` ("sc" or
    "go"); raises SourceError on bad input. A package of tests: its first test."""
    options = options or Options(unroll=unroll if unroll is not None else DEFAULT_UNROLL)
    checked = run_deep(load_file, path)
    return check_entry(checked, checked.tests[0] if checked.tests else None, model, options)


def selected_tests(checked, run: str | None) -> list:
    """The tests ``go test -run REGEXP`` would run (all of them without a pattern): a test runs
    when the pattern's first slash-separated part matches somewhere in its name."""
    if run is None:
        return list(checked.tests)
    pattern = re.compile(run.split("/", 1)[0])
    return [test for test in checked.tests if pattern.search(test.name)]


def load_checked(path: str):
    """The checked package at ``path`` (SourceError on bad input)."""
    return run_deep(load_file, path)


def check_entry(checked, test, model: str, options: Options) -> Result:
    """Check the main program of ``checked`` or, given ``test``, that test as go test runs it."""
    program = run_deep(lower, checked, test)
    result = check_program(program, model, options)
    result.test = test.name if test is not None else None
    if checked.packages:
        result.file = checked.packages[-1].path  # the file or directory as given
    return result


def check_program(program, model: str, options: Options) -> Result:
    """Explore a lowered program under ``model``: the interleavings, then (under go, when they
    race) what only the Go memory model allows."""
    result = explore(program, options, model="sc")
    result.model = model
    if model == "go":
        if result.races:
            add_relaxed_outcomes(program, result, options)
        else:
            result.notes.append(DRF_SC)
    return result


def add_relaxed_outcomes(program, result: Result, options: Options) -> None:
    """Under go with races: the outcomes the Go memory model allows beyond the interleavings,
    searched in what is left of --timeout."""
    timeout = options.timeout
    if timeout is not None:
        timeout = max(timeout - result.statistics.seconds, 0.0)
    try:
        relaxed = run_deep(explore_relaxed, program, "go", options.unroll, timeout, options.limits)
    except Unsupported as unsupported:
        reason = unsupported.reason
        result.notes.append(f"{RELAXED_NOT_EXPLORED}: the relaxed engine does not support {reason}")
        # The interleavings are all there, but the go model's answer is not: nothing may be
        # called impossible under it.
        result.complete = False
        result.incomplete_reasons.append(f"relaxed engine: does not support {reason}")
        return
    known = set(result.outcomes)
    new = sorted((o for o in relaxed.outcomes if o not in known), key=Outcome.order)
    added = [Finding(outcome, relaxed=True, witness=relaxed.outcomes[outcome]) for outcome in new]
    result.findings.extend(added)
    if not relaxed.complete:
        result.complete = False
        for reason in relaxed.incomplete_reasons:
            if reason.startswith("stopped after --timeout"):
                reason = timeout_reason(options)  # the whole search's --timeout, not what was left
            result.incomplete_reasons.append(f"relaxed engine: {reason}")
    variables = ", ".join(sorted(result.race_variables))
    if added:
        result.notes.append(
            f"the Go memory model allows {len(added)} outcome(s) that no interleaving produces, "
            f"because of the data races on {variables}"
        )
    else:
        result.notes.append(
            f"the data races on {variables} allow no outcome beyond the interleavings "
            "under the Go memory model"
        )
