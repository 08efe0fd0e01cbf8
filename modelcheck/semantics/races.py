"""Data-race detection with vector clocks: two accesses to one cell, at least one a write and
at least one plain, not ordered by happens-before (SEMANTICS.md §3)."""

from __future__ import annotations

from dataclasses import dataclass

from modelcheck.ir.layout import cell_path
from modelcheck.semantics.machine import LocalMachine
from modelcheck.semantics.outcomes import Access, GoroutineInfo, Race, SourceLocation
from modelcheck.semantics.state import Goroutine, State, component


@dataclass(frozen=True, slots=True)
class AccessRecord:
    goroutine: int
    epoch: int
    write: bool
    atomic: bool
    span: object
    name: str


def location_of(span) -> SourceLocation | None:
    return SourceLocation(span.file, span.line, span.column) if span is not None else None


def goroutine_info(g: Goroutine) -> GoroutineInfo:
    return GoroutineInfo(g.id + 1, g.function, location_of(g.created_at))


class RaceRecorder(LocalMachine):
    """Mixin: keeps, per cell, the latest access of each (goroutine, source position, kind)
    and reports each access that races with one of them."""

    def record_access(
        self, state: State, g: Goroutine, pointer, write: bool, atomic: bool, instruction
    ) -> None:
        cell = (pointer.block, pointer.offset)
        history = state.access_history.get(cell, ())
        epoch = component(g.clock, g.id)
        span = instruction.span
        info = state.blocks[pointer.block]
        name = (info.name or getattr(instruction, "name", "") or "?") + cell_path(info.type, pointer.offset)
        for previous in history:
            if previous.goroutine == g.id or not (previous.write or write):
                continue
            if previous.atomic and atomic:
                continue
            if previous.epoch <= component(g.clock, previous.goroutine):
                continue  # previous happens before this access
            other = state.goroutines[previous.goroutine]
            state.races.append(
                Race(
                    previous.name,
                    Access(
                        "write" if previous.write else "read",
                        goroutine_info(other),
                        location_of(previous.span),
                        previous.atomic,
                    ),
                    Access("write" if write else "read", goroutine_info(g), location_of(span), atomic),
                )
            )
        kept = tuple(
            r
            for r in history
            if not (r.goroutine == g.id and r.span == span and r.write == write and r.atomic == atomic)
        )
        state.access_history[cell] = kept + (AccessRecord(g.id, epoch, write, atomic, span, name),)
