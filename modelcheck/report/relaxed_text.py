"""The text of a relaxed witness: an outcome no interleaving produces, so no order of steps
explains it. Shown as each goroutine's events in program order, the reads-from edges, and for
each stale read the missing happens-before edge and the synchronization that would forbid it.

The relaxed engine's witness object is read through a small protocol (see ``witness_parts``),
so that this layer does not depend on the engine's internals.
"""

from __future__ import annotations

from modelcheck.report.text import describe_outcome
from modelcheck.semantics.outcomes import Finding


def witness_parts(witness) -> tuple[list, list, list]:
    """(events, reads_from, missing) of a relaxed witness: ``events`` with ``goroutine``,
    ``location`` and ``description``; ``reads_from`` as (write or None, read) pairs; ``missing``
    as objects with ``write``, ``read`` and ``suggestion`` (or (write, read, suggestion) tuples)."""
    events = list(getattr(witness, "events", []) or [])
    reads_from = list(getattr(witness, "reads_from", []) or [])
    missing = list(getattr(witness, "missing_hb", None) or getattr(witness, "missing", None) or [])
    return events, reads_from, missing


def event_text(event) -> str:
    if event is None:
        return "the initial value"
    location = getattr(event, "location", None)
    line = f"line {location.line}: " if location is not None else ""
    description = getattr(event, "description", None) or str(event)
    return f"{line}{description} (goroutine {getattr(event, 'goroutine', '?')})"


def relaxed_lines(finding: Finding) -> list[str]:
    lines = [
        f"Outcome: {describe_outcome(finding)}",
        "No interleaving of the steps produces this outcome; the Go memory model allows it:",
        "",
    ]
    witness = finding.witness
    if witness is None:
        return lines + ["(the relaxed engine gave no witness detail)"]
    events, reads_from, missing = witness_parts(witness)
    if not events and hasattr(witness, "describe"):
        return lines + witness.describe().splitlines()
    by_goroutine: dict = {}
    for event in events:
        by_goroutine.setdefault(getattr(event, "goroutine", "?"), []).append(event)
    for goroutine, own in sorted(by_goroutine.items(), key=lambda item: str(item[0])):
        lines.append(f"goroutine {goroutine}, in program order:")
        lines += [f"  {event_text(event)}" for event in own]
    if reads_from:
        lines += ["", "Reads from:"]
        lines += [f"  {event_text(read)} reads from {event_text(write)}" for write, read in pairs(reads_from)]
    if missing:
        lines += ["", "Missing happens-before:"]
        for item in missing:
            write, read, suggestion = missing_triple(item)
            lines.append(f"  nothing makes {event_text(write)} happen before {event_text(read)}")
            if suggestion:
                lines.append(f"    would be forbidden by: {suggestion}")
    return lines


def pairs(reads_from) -> list[tuple]:
    if isinstance(reads_from, dict):
        return [(write, read) for read, write in reads_from.items()]
    return [tuple(pair) for pair in reads_from]


def missing_triple(item) -> tuple:
    if isinstance(item, tuple):
        return (item + (None, None, None))[:3]
    return getattr(item, "write", None), getattr(item, "read", None), getattr(item, "suggestion", None)
