"""The human-readable report of ``mc check``: outcomes, races in the layout of Go's race
detector, deadlocks like Go's goroutine dump, leaks, herd-style verdict lines, a checklist of
what was checked, notes and statistics. Plain text; colour is added by ``console``."""

from __future__ import annotations

from modelcheck.report.checklist import checklist_lines
from modelcheck.report.race_text import race_block, race_summary
from modelcheck.report.verdicts import verdict_lines
from modelcheck.semantics.outcomes import END_DEADLOCK, END_FATAL, END_HANG, END_PANIC, Finding, Result
from modelcheck.syntax.quoting import go_quote


def describe_outcome(finding: Finding) -> str:
    outcome = finding.outcome
    ending = {
        END_PANIC: f"panic: {outcome.message}",
        END_FATAL: f"fatal error: {outcome.message}",
        END_DEADLOCK: f"fatal error: {outcome.message}",
        END_HANG: "hangs (a loop can never exit)",
    }.get(outcome.end, "exits normally")
    relaxed = "  [relaxed: only the Go memory model allows it]" if finding.relaxed else ""
    return f"prints {go_quote(outcome.output)}, {ending}{relaxed}"


def deadlock_lines(finding: Finding) -> list[str]:
    """Go's dump: the fatal error, then each blocked goroutine, what it waits on, and where."""
    lines = [f"fatal error: {finding.outcome.message}"]
    for blocked in finding.blocked:
        goroutine = blocked.goroutine
        lines += [
            "",
            f"goroutine {goroutine.number} [{blocked.waiting_on}]:",
            f"{goroutine.function}()",
            f"\t{blocked.location}",
        ]
    return lines


def leak_line(blocked, ender: str = "main") -> str:
    goroutine = blocked.goroutine
    return (
        f"warning: goroutine leak: goroutine {goroutine.number} ({goroutine.function}) is still blocked "
        f"[{blocked.waiting_on}] at {blocked.location} when {ender} returns"
    )


def outcome_lines(result: Result) -> list[str]:
    count = len(result.findings)
    lines = [f"{result.file}: {count} outcome{'s' if count != 1 else ''} under the {result.model} model"]
    lines += [f"  {index}. {describe_outcome(finding)}" for index, finding in enumerate(result.findings, 1)]
    return lines


def problem_lines(result: Result) -> list[str]:
    lines: list[str] = []
    for race in result.races:
        lines += [""] + race_block(race)
    if result.races:
        lines.append(race_summary(len(result.races)))
    for finding in result.findings:
        if finding.outcome.end == END_DEADLOCK:
            lines += [""] + deadlock_lines(finding)
    ender = "main" if result.test is None else "the test"
    for leak in result.leaks:
        lines += ["", *(leak_line(blocked, ender) for blocked in leak.blocked)]
    return lines


def statistics_line(result: Result) -> str:
    statistics = result.statistics
    return (
        f"{statistics.complete} executions, {statistics.redundant} redundant, {statistics.blocked} blocked, "
        f"{statistics.bounded} cut by bounds, {statistics.events} events, {statistics.seconds:.2f}s"
    )


def render(result: Result, timing: bool = True) -> str:
    """The whole report; ``timing=False`` leaves out the seconds (for stable, comparable text)."""
    lines = outcome_lines(result) + problem_lines(result)
    for note in result.notes:
        lines += ["", f"note: {note}"]
    lines += [""] + verdict_lines(result)
    lines += [""] + checklist_lines(result)
    line = statistics_line(result)
    lines.append(line if timing else line.rsplit(", ", 1)[0])
    return "\n".join(lines)
