"""The witness of a relaxed outcome: which events ran, what each read saw, the order used, and
for every read of a stale or initial value the happens-before edge that is missing."""

from __future__ import annotations

from dataclasses import dataclass

import z3

from modelcheck.relaxed import events as ev
from modelcheck.relaxed.values import concrete
from modelcheck.semantics.outcomes import SourceLocation

SHOWN_KINDS = ev.MEMORY_KINDS | ev.SYNC_KINDS | {ev.PRINT, ev.GO, ev.RETURN, ev.PANIC, ev.SPIN}


@dataclass(frozen=True)
class WitnessEvent:
    goroutine: int  # Go's numbering: main is 1
    location: SourceLocation | None
    description: str

    def __str__(self) -> str:
        where = f" at {self.location}" if self.location else ""
        return f"goroutine {self.goroutine}: {self.description}{where}"


@dataclass(frozen=True)
class MissingEdge:
    """``write`` does not happen before ``read``, which therefore may miss it."""

    write: WitnessEvent
    read: WitnessEvent
    suggestion: str | None = None


@dataclass(frozen=True)
class Witness:
    events: tuple[WitnessEvent, ...]
    reads_from: tuple[tuple[WitnessEvent | None, WitnessEvent], ...]
    order: tuple[WitnessEvent, ...]  # the synchronization order (every event under sc)
    missing: tuple[MissingEdge, ...]
    explanations: tuple[str, ...]  # "read of a at f.gol:13 sees the initial value: ..."

    def describe(self) -> str:
        return "\n".join([str(e) for e in self.events] + list(self.explanations))


def location(span) -> SourceLocation | None:
    return SourceLocation(span.file, span.line, span.column) if span is not None else None


def build_witness(encoding, model: z3.ModelRef, interner) -> Witness:
    events = encoding.events
    on = {e.id for e in events if z3.is_true(model.eval(encoding.executed[e.id], model_completion=True))}
    numbers: dict = {}
    for e in events:
        if e.id in on and e.goroutine not in numbers:
            numbers[e.goroutine] = len(numbers) + 1
    numbers.setdefault(0, 1)

    def value(term, sort):
        return concrete(model.eval(term, model_completion=True), sort, interner)

    shown: dict = {}
    for e in events:
        if e.id in on and e.kind in SHOWN_KINDS:
            shown[e.id] = WitnessEvent(numbers.get(e.goroutine, 0), location(e.span), describe(e, value))
    reads_from, missing, explanations = [], [], []
    for read_id, chosen in encoding.reads_from.items():
        if read_id not in on:
            continue
        seen = next((w for w, flag in chosen if z3.is_true(model.eval(flag, model_completion=True))), None)
        read_event = shown[read_id]
        reads_from.append((shown.get(seen) if seen is not None else None, read_event))
        read = events[read_id]
        for write in encoding.by_location_writes(read.location):
            if write.id == seen or write.id == read_id or write.id not in on:
                continue
            ordered = encoding.happens_before(write.id, read_id) if encoding.clocks else False
            if isinstance(ordered, z3.ExprRef):
                ordered = z3.is_true(model.eval(ordered, model_completion=True))
            if ordered or value(write.value, read.sort) == value(encoding.read_term(read), read.sort):
                continue
            missing.append(MissingEdge(shown[write.id], read_event, "synchronize the write before the read"))
            what = "the initial value" if seen is None else f"the write at {shown[seen].location}"
            explanations.append(
                f"read of {read.name} at {read_event.location} sees {what}: "
                f"the write at {shown[write.id].location} does not happen before it"
            )
    ordered_events = sorted(
        (e for e in encoding.ordered if e.id in on and e.id in shown),
        key=lambda e: model.eval(encoding.pos(e), model_completion=True).as_long(),
    )
    return Witness(
        tuple(shown.values()),
        tuple(reads_from),
        tuple(shown[e.id] for e in ordered_events),
        tuple(missing),
        tuple(explanations),
    )


def describe(e: ev.Event, value) -> str:
    kind = e.kind
    if kind == ev.READ:
        return f"{'atomically ' if e.atomic else ''}reads {e.name} = {value(e.value, e.sort)!r}"
    if kind == ev.WRITE:
        atomically = "atomically " if e.atomic and not e.initialize else ""
        return f"{atomically}writes {e.name} = {value(e.value, e.sort)!r}"
    if kind == ev.RMW:
        return f"atomically updates {e.name}: {value(e.read_value, e.sort)!r} -> {value(e.value, e.sort)!r}"
    if kind == ev.PRINT:
        return "prints"
    if kind == ev.PANIC:
        return f"panics: {e.text}" if isinstance(e.text, str) else "panics"
    if kind in (ev.SEND, ev.RECEIVE):
        verb = "sends" if kind == ev.SEND else "receives"
        return f"{verb} {value(e.value, e.sort)!r}"
    names = {
        ev.GO: "starts a goroutine", ev.RETURN: "main returns", ev.SPIN: "spins forever",
        ev.RECEIVE_CLOSED: "receives from a closed channel", ev.CLOSE: "closes a channel",
        ev.LOCK: f"Lock {e.name}", ev.UNLOCK: f"Unlock {e.name}", ev.TRY_FAIL: f"TryLock {e.name} fails",
        ev.WG_ADD: f"Add({e.value}) {e.name}", ev.WG_WAIT: f"Wait {e.name}",
        ev.ONCE_RUN: f"Do {e.name}: runs f",
        ev.ONCE_DONE: f"Do {e.name}: already done", ev.ONCE_END: f"Do {e.name}: f completes",
    }  # fmt: skip
    return names.get(kind, kind)
