"""Data-race detection with vector clocks: two accesses to one cell, at least one a write and
at least one plain, not ordered by happens-before (SEMANTICS.md §3)."""

from __future__ import annotations

from typing import NamedTuple

from modelcheck.ir.layout import cell_path
from modelcheck.semantics.machine import LocalMachine
from modelcheck.semantics.outcomes import Access, GoroutineInfo, Race, SourceLocation
from modelcheck.semantics.state import Goroutine, State, component


class AccessRecord(NamedTuple):
    """The latest access of one goroutine at one source position, kept per cell. A named
    tuple rather than a dataclass: one is built for every shared access."""

    goroutine: int
    epoch: int
    write: bool
    atomic: bool
    span: object
    access_name: str  # the accessing expression, naming cells of anonymous blocks


def location_of(span) -> SourceLocation | None:
    return SourceLocation(span.file, span.line, span.column) if span is not None else None


def cell_name(blocks: dict, pointer, access_name: str) -> str:
    """A cell's name in reports: its variable (or the accessing expression) and path; a
    channel's, its expression."""
    info = blocks.get(pointer.block)
    if info is None:
        return access_name or "channel"
    return (info.name or access_name or "?") + cell_path(info.type, pointer.offset)


class ChannelCell(NamedTuple):
    """The location Go's race detector gives a channel: ``close`` writes it, a send reads it,
    so a close concurrent with a send is a data race (receives synchronize with close)."""

    block: tuple
    offset: int = 0


def goroutine_info(g: Goroutine) -> GoroutineInfo:
    return GoroutineInfo(g.id + 1, g.function, location_of(g.created_at))


class RaceRecorder(LocalMachine):
    """Mixin: keeps, per cell, the latest access of each (goroutine, source position, kind)
    and reports each access that races with one of them."""

    def __init__(self, program, unroll: int, limits=None):
        super().__init__(program, unroll, limits)
        self.race_cache: dict = {}

    def record_access(
        self, state: State, g: Goroutine, pointer, write: bool, atomic: bool, instruction
    ) -> None:
        cell = (pointer.block, pointer.offset)
        history = state.access_history.get(cell, ())
        epoch = component(g.clock, g.id)
        span = instruction.span
        access_name = getattr(instruction, "name", "")
        for previous in history:
            if previous.goroutine == g.id or not (previous.write or write):
                continue
            if previous.atomic and atomic:
                continue
            if previous.epoch <= component(g.clock, previous.goroutine):
                continue  # previous happens before this access
            state.races += (self.race(state, pointer, previous, g, write, atomic, span),)
        kept = tuple(
            r
            for r in history
            if not (r.goroutine == g.id and r.span is span and r.write == write and r.atomic == atomic)
        )
        state.access_history[cell] = kept + (AccessRecord(g.id, epoch, write, atomic, span, access_name),)

    def record_channel_access(
        self, state: State, g: Goroutine, channel_id: int, write: bool, instruction
    ) -> None:
        """A send (read) or close (write) of a channel, for the race detector's channel races."""
        self.record_access(state, g, ChannelCell(("chan", channel_id)), write, False, instruction)

    def race(self, state: State, pointer, previous: AccessRecord, g: Goroutine, write, atomic, span) -> Race:
        """The Race value of two accesses; equal races are built once per search, since the
        same pair recurs in execution after execution."""
        other = state.goroutines[previous.goroutine]
        key = (
            pointer,
            state.blocks.get(pointer.block),
            previous,
            other.function,
            other.created_at,
            g.id,
            g.function,
            g.created_at,
            write,
            atomic,
            span,
        )
        race = self.race_cache.get(key)
        if race is None:
            race = Race(
                cell_name(state.blocks, pointer, previous.access_name),
                Access(
                    "write" if previous.write else "read",
                    goroutine_info(other),
                    location_of(previous.span),
                    previous.atomic,
                ),
                Access("write" if write else "read", goroutine_info(g), location_of(span), atomic),
            )
            self.race_cache[key] = race
        return race
