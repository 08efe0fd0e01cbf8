"""What was checked and what was found: races, deadlocks, panics (fatal errors included),
hangs and leaks, and whether the search was complete (only then does "none" mean none)."""

from __future__ import annotations

from modelcheck.semantics.outcomes import END_DEADLOCK, END_FATAL, END_HANG, END_PANIC, Result


def counts(result: Result) -> list[tuple[str, int]]:
    ends = [finding.outcome.end for finding in result.findings]
    return [
        ("data races", len(result.races)),
        ("deadlocks", ends.count(END_DEADLOCK)),
        ("panics", sum(1 for end in ends if end in (END_PANIC, END_FATAL))),
        ("hangs", ends.count(END_HANG)),
        ("goroutine leaks", len(result.leaks)),
    ]


def checklist_lines(result: Result) -> list[str]:
    none = "none" if result.complete else "none found so far"
    lines = ["Checked:"]
    for name, count in counts(result):
        found = f"FOUND {count}" if count else none
        lines.append(f"  [x] {name:<16} {found}")
    if result.complete:
        lines.append("  [x] search           complete: every execution was explored")
    else:
        reasons = "; ".join(result.incomplete_reasons)
        lines.append(f"  [ ] search           INCOMPLETE ({reasons}): what is not listed may still happen")
    return lines
