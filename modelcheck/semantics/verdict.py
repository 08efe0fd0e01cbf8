"""Whether a test passes: what ``go test -race`` would say of the executions a search found.

A test fails in an execution when the testing model prints its ``FAIL`` line (``t.Error``,
``t.Fatal`` and friends), when the execution panics, hits a fatal error, deadlocks or hangs, or
when the test returns with goroutines still blocked (the leak ``goleak`` reports); and it fails
when any two of its accesses race (``-race``). A main program has no verdict of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from modelcheck.semantics.outcomes import END_OK, Finding, Result

FAIL_LINE = "FAIL"  # the testing model's last line for a failed test (nothing prints after it)

FAILED = "failed"  # t.Error, t.Fatal, ...
LEAKED = "leak"
RACED = "race"


@dataclass(frozen=True)
class Failure:
    """One way the test fails: ``kind`` is "failed", an execution end ("panic", "fatal",
    "deadlock", "hang"), "leak" or "race"; ``finding`` is a witness, None for races."""

    kind: str
    finding: Finding | None = None


def reported_failure(output: str) -> bool:
    """Whether the testing model reported the test failed in this output."""
    return output.endswith(f"\n{FAIL_LINE}\n") or output == f"{FAIL_LINE}\n"


def failures_of(result: Result) -> list[Failure]:
    """Every way the test of ``result`` fails, most telling first: reported failures, then
    abnormal ends, leaks and races."""
    failures = [
        Failure(FAILED, f)
        for f in result.findings
        if f.outcome.end == END_OK and reported_failure(f.outcome.output)
    ]
    failures += [Failure(f.outcome.end, f) for f in result.findings if f.outcome.end != END_OK]
    failures += [Failure(LEAKED, f) for f in result.leaks]
    if result.races:
        failures.append(Failure(RACED))
    return failures


def passes_every_execution(result: Result) -> bool:
    """The test passes in every execution the search saw (all of them, if it was complete)."""
    return not failures_of(result)
