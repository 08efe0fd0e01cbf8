"""Races in the layout of Go's race detector: both accesses (the later one first, then the
``Previous`` one), each with its function and ``file:line:col``, then where each goroutine was
created. The variable's name stands where Go prints an address."""

from __future__ import annotations

import re

from modelcheck.semantics.outcomes import Access, GoroutineInfo, Race

RULE = "=================="
_CLOSURE = re.compile(r"^(.*)\.func\d+$")


def who(goroutine: GoroutineInfo) -> str:
    return "main goroutine" if goroutine.created_at is None else f"goroutine {goroutine.number}"


def access_lines(access: Access, variable: str, previous: bool) -> list[str]:
    operation = ("atomic " if access.atomic else "") + access.operation
    kind = f"Previous {operation}" if previous else operation[0].upper() + operation[1:]
    return [
        f"{kind} at {variable} by {who(access.goroutine)}:",
        f"  {access.goroutine.function}()",
        f"      {access.location}",
    ]


def creator(goroutine: GoroutineInfo) -> str | None:
    """The function holding the go statement, when the goroutine's name tells it (closures)."""
    match = _CLOSURE.match(goroutine.function)
    return match.group(1) if match else None


def creation_lines(goroutine: GoroutineInfo) -> list[str]:
    if goroutine.created_at is None:
        return []
    lines = [f"Goroutine {goroutine.number} (running) created at:"]
    function = creator(goroutine)
    if function:
        lines.append(f"  {function}()")
    lines.append(f"      {goroutine.created_at}")
    return lines


def race_block(race: Race) -> list[str]:
    """One ``WARNING: DATA RACE`` block, both sides shown."""
    lines = [RULE, "WARNING: DATA RACE"]
    lines += access_lines(race.second, race.variable, previous=False)
    lines.append("")
    lines += access_lines(race.first, race.variable, previous=True)
    seen: set[int] = set()
    for access in (race.second, race.first):
        goroutine = access.goroutine
        if goroutine.number in seen or goroutine.created_at is None:
            continue
        seen.add(goroutine.number)
        lines.append("")
        lines += creation_lines(goroutine)
    lines.append(RULE)
    return lines


def race_summary(count: int) -> str:
    return f"Found {count} data race{'s' if count != 1 else ''}."
