"""The text of a relaxed witness: an outcome no interleaving produces, so no order of steps
explains it. Shown as each goroutine's events in program order, what each read saw, and for
each read of a stale or initial value the happens-before edge that is missing and the
synchronization that would forbid the outcome.

The relaxed engine's witness is read through a small protocol (``witness_parts``): events with
``goroutine``, ``location``, ``description``; ``reads_from`` as (write or None, read) pairs;
``missing`` edges with ``write``, ``read`` and an optional ``suggestion``.
"""

from __future__ import annotations

from modelcheck.report.text import describe_outcome
from modelcheck.report.values import go_description
from modelcheck.semantics.outcomes import Finding

SOURCE_WIDTH = 34


def witness_parts(witness) -> tuple[list, list, list]:
    """(events, reads_from, missing) of a relaxed witness."""
    events = list(getattr(witness, "events", []) or [])
    reads_from = list(getattr(witness, "reads_from", []) or [])
    missing = list(getattr(witness, "missing", None) or [])
    return events, reads_from, missing


def pairs(reads_from) -> list[tuple]:
    if isinstance(reads_from, dict):
        return [(write, read) for read, write in reads_from.items()]
    return [tuple(pair) for pair in reads_from]


def missing_triple(item) -> tuple:
    if isinstance(item, tuple):
        return (item + (None, None, None))[:3]
    return getattr(item, "write", None), getattr(item, "read", None), getattr(item, "suggestion", None)


def description(event) -> str:
    return go_description(str(getattr(event, "description", event)))


def where(event) -> str:
    location = getattr(event, "location", None)
    if location is None:
        return "?"
    return f"{location.file.rsplit('/', 1)[-1]}:{location.line}"


def seen(write) -> str:
    if write is None:
        return "from the initial value"
    return f"from the write at {where(write)} by goroutine {write.goroutine}"


def variable_of(event) -> str:
    """``x`` of "reads x = 0"."""
    words = description(event).split(" ")
    if words and words[0] == "atomically":
        words = words[1:]
    return words[1] if len(words) > 1 else "the variable"


def forbidding(write, read) -> str:
    """The synchronization that would order ``write`` before ``read``, in Go terms."""
    after = write.location.line if write.location else "?"
    before = read.location.line if read.location else "?"
    return (
        f"a channel send after line {after} (goroutine {write.goroutine}) received before line {before} "
        f"(goroutine {read.goroutine}); or one sync.Mutex held around both; or sync/atomic for "
        f"{variable_of(read)} and whatever it publishes"
    )


def relaxed_lines(finding: Finding, source_lines: list[str] | None = None) -> list[str]:
    lines = [
        f"Outcome: {describe_outcome(finding)}",
        "No interleaving of the goroutines produces this outcome; the Go memory model allows it.",
        "",
    ]
    witness = finding.witness
    if witness is None:
        return lines + ["(the relaxed engine gave no witness detail)"]
    events, reads_from, missing = witness_parts(witness)
    observed = {id(read): write for write, read in pairs(reads_from)}
    lines += program_order_lines(events, observed, source_lines or [])
    if missing:
        lines += ["", "Missing happens-before:"]
        for item in missing:
            lines += missing_lines(*missing_triple(item)[:2])
    return lines


def missing_lines(write, read) -> list[str]:
    return [
        f"  the write at {where(write)} ({description(write)}, goroutine {write.goroutine})",
        f"  does not happen before the read at {where(read)} ({description(read)}, "
        f"goroutine {read.goroutine}),",
        "  so the read may miss it. The outcome is forbidden by, for example:",
        f"    {forbidding(write, read)}",
    ]


def program_order_lines(events: list, observed: dict, source_lines: list[str]) -> list[str]:
    """Each goroutine's events in program order; each read with the write it saw."""
    by_goroutine: dict = {}
    for event in events:
        by_goroutine.setdefault(getattr(event, "goroutine", 0), []).append(event)
    lines: list[str] = []
    for goroutine, own in sorted(by_goroutine.items()):
        lines.append(f"goroutine {goroutine}, in program order:")
        lines += [event_line(event, observed, source_lines) for event in own]
    return lines


def event_line(event, observed: dict, source_lines: list[str]) -> str:
    """``line  source text  what it did`` (reads: and what they saw)."""
    from modelcheck.report.story import without_comment

    location = getattr(event, "location", None)
    line = location.line if location else None
    source = ""
    if line and line <= len(source_lines):
        source = without_comment(source_lines[line - 1]).strip()
    if len(source) > SOURCE_WIDTH:
        source = source[: SOURCE_WIDTH - 1] + "…"
    text = description(event)
    if id(event) in observed:
        text += " " + seen(observed[id(event)])
    number = f"{line:>4}" if line else "    "
    return f"  {number}  {source:<{SOURCE_WIDTH}}  {text}".rstrip()
