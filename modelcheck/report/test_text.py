"""The report of a checked test, in the layout go test users know: ``--- FAIL: TestXxx`` with
the test's log underneath (the log of one failing execution, as go test would print it), what
else makes it fail, then mc's full report of the test; ``ok``/``FAIL`` per package."""

from __future__ import annotations

from modelcheck.report.text import leak_line, render
from modelcheck.semantics.outcomes import Result
from modelcheck.semantics.verdict import FAILED, LEAKED, RACED, failures_of

KIND_TEXT = {
    FAILED: "the test reports a failure (t.Error, t.Fatal, ...)",
    "panic": "the test panics",
    "fatal": "a fatal error",
    "deadlock": "every goroutine blocks: go test would hang until its -timeout",
    "hang": "a loop can never exit: go test would hang until its -timeout",
    LEAKED: "a goroutine is still blocked when the test returns (a leak)",
    RACED: "a data race (go test -race fails the test)",
}


def status_of_test(result: Result) -> str:
    """FAIL, PASS, or PASS? when nothing failed but the search was incomplete."""
    if failures_of(result):
        return "FAIL"
    return "PASS" if result.complete else "PASS?"


def failure_lines(result: Result) -> list[str]:
    """Why the test fails, each way once, with the log of its first witness."""
    lines: list[str] = []
    failures = failures_of(result)
    shown: set[str] = set()
    for failure in failures:
        if failure.kind in shown:
            continue
        shown.add(failure.kind)
        count = sum(1 for f in failures if f.kind == failure.kind and f.finding is not None)
        executions = (
            f" (in {count} of {len(result.findings)} outcomes)" if failure.kind not in (LEAKED, RACED) else ""
        )
        lines.append(f"    mc: {KIND_TEXT[failure.kind]}{executions}")
        if failure.kind == FAILED and failure.finding is not None:
            log = failure.finding.outcome.output.split("--- FAIL: ", 1)[-1].split("\n")[1:-2]
            lines += log  # go test's own lines, already indented
        if failure.kind == LEAKED and failure.finding is not None:
            lines += [
                f"    {leak_line(b, 'the test').removeprefix('warning: ')}" for b in failure.finding.blocked
            ]
    return lines


def render_test(result: Result, timing: bool = True) -> str:
    """``--- FAIL: TestXxx`` (or PASS), why, then the full report of the test's executions."""
    status = status_of_test(result)
    head = f"--- {status}: {result.test}"
    if status == "PASS?":
        head = f"--- PASS: {result.test} (so far: the search was incomplete)"
    lines = [head, *failure_lines(result)]
    if status != "PASS":
        lines += ["", render(result, timing), ""]
    return "\n".join(lines)


def package_line(path: str, results: list[Result]) -> str:
    """go test's last line for a package: ``ok  \\tPATH`` or ``FAIL\\tPATH``."""
    if not results:
        return f"ok  \t{path}\t[no tests to run]"
    if any(failures_of(r) for r in results):
        return f"FAIL\t{path}"
    if not all(r.complete for r in results):
        return f"?   \t{path}\t[incomplete search: nothing failed so far]"
    return f"ok  \t{path}"
