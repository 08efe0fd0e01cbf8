"""The human-readable report of ``mc check``: outcomes, races in the layout of Go's race
detector (both accesses, then where each goroutine was created), deadlocks with what each
goroutine waits on, leaks, notes, completeness and statistics."""

from __future__ import annotations

from modelcheck.semantics.outcomes import (
    END_DEADLOCK,
    END_FATAL,
    END_HANG,
    END_PANIC,
    Access,
    Finding,
    Race,
    Result,
)

RULE = "=================="


def quote(text: str) -> str:
    """A Go-style double-quoted string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def describe_outcome(finding: Finding) -> str:
    outcome = finding.outcome
    ending = {
        END_PANIC: f"panic: {outcome.message}",
        END_FATAL: f"fatal error: {outcome.message}",
        END_DEADLOCK: f"fatal error: {outcome.message}",
        END_HANG: "hangs (a loop can never exit)",
    }.get(outcome.end, "exits normally")
    relaxed = "  [relaxed: only the Go memory model allows it]" if finding.relaxed else ""
    return f"prints {quote(outcome.output)}, {ending}{relaxed}"


def access_lines(access: Access, previous: bool) -> list[str]:
    kind = access.operation.capitalize() if not previous else f"Previous {access.operation}"
    atomic = " (atomic)" if access.atomic else ""
    goroutine = access.goroutine
    return [f"{kind}{atomic} at {goroutine.function} by goroutine {goroutine.number}:", f"  {access.location}"]


def race_block(race: Race) -> list[str]:
    lines = ["WARNING: DATA RACE", f"on variable {race.variable}"]
    lines += access_lines(race.second, previous=False)
    lines.append("")
    lines += access_lines(race.first, previous=True)
    for access in (race.second, race.first):
        goroutine = access.goroutine
        lines.append("")
        if goroutine.created_at is None:
            lines.append(f"Goroutine {goroutine.number} ({goroutine.function}) is the main goroutine.")
        else:
            lines.append(f"Goroutine {goroutine.number} ({goroutine.function}) created at:")
            lines.append(f"  {goroutine.created_at}")
    lines.append(RULE)
    return lines


def deadlock_lines(finding: Finding) -> list[str]:
    lines = [f"fatal error: {finding.outcome.message}", ""]
    for blocked in finding.blocked:
        goroutine = blocked.goroutine
        lines.append(f"goroutine {goroutine.number} [{blocked.waiting_on}]:")
        lines.append(f"  {goroutine.function} at {blocked.location}")
    return lines


def render(result: Result) -> str:
    lines: list[str] = []
    count = len(result.findings)
    lines.append(f"{result.file}: {count} outcome{'s' if count != 1 else ''} under the {result.model} model")
    for index, finding in enumerate(result.findings, 1):
        lines.append(f"  {index}. {describe_outcome(finding)}")
    for race in result.races:
        lines.append("")
        lines += race_block(race)
    if result.races:
        lines.append(f"Found {len(result.races)} data race{'s' if len(result.races) != 1 else ''}.")
    for finding in result.findings:
        if finding.outcome.end == END_DEADLOCK:
            lines.append("")
            lines += deadlock_lines(finding)
    for leak in result.leaks:
        for blocked in leak.blocked:
            lines.append("")
            lines.append(
                f"warning: goroutine leak: goroutine {blocked.goroutine.number} ({blocked.goroutine.function}) "
                f"is still blocked [{blocked.waiting_on}] at {blocked.location} when main returns"
            )
    for note in result.notes:
        lines.append("")
        lines.append(f"note: {note}")
    lines.append("")
    if result.complete:
        lines.append("Search complete: every execution was explored.")
    else:
        reasons = "; ".join(result.incomplete_reasons)
        lines.append(f"Search INCOMPLETE ({reasons}): outcomes not listed may still be possible.")
    statistics = result.statistics
    lines.append(
        f"{statistics.complete} executions, {statistics.redundant} redundant, {statistics.blocked} blocked, "
        f"{statistics.bounded} cut by bounds, {statistics.events} events, {statistics.seconds:.2f}s"
    )
    return "\n".join(lines)
