"""Run-time values as both engines see them.

Integers, booleans and strings are Python values; structs and arrays are tuples; the rest
are the small frozen classes below. ``None`` is nil for pointers, maps, channels and funcs.
"""

from __future__ import annotations

from dataclasses import dataclass

from modelcheck.syntax.types import AtomicType, SyncType, Type


@dataclass(frozen=True, slots=True)
class Pointer:
    """The address of cell ``offset`` of heap block ``block``."""

    block: int
    offset: int


@dataclass(frozen=True, slots=True)
class SliceValue:
    """A slice: ``length`` elements from cell ``offset`` of ``block`` (None for nil)."""

    block: int | None
    offset: int
    length: int
    capacity: int


NIL_SLICE = SliceValue(None, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class MapRef:
    """A map; its contents are one cell, (block, 0), holding an immutable dict snapshot."""

    block: int


@dataclass(frozen=True, slots=True)
class ChanRef:
    """A channel, by its number in the execution."""

    id: int


@dataclass(frozen=True, slots=True)
class Closure:
    """A function value: an IR function and the cells of the variables it captured."""

    function: str
    captured: tuple[Pointer, ...] = ()


@dataclass(frozen=True, slots=True)
class MutexState:
    locked: bool = False


@dataclass(frozen=True, slots=True)
class RWMutexState:
    """``writer``: a writer holds the lock or waits for readers to leave (Go then blocks new
    readers); ``writer_active``: the writer holds it."""

    writer: bool = False
    writer_active: bool = False
    readers: int = 0


@dataclass(frozen=True, slots=True)
class WaitGroupState:
    counter: int = 0


@dataclass(frozen=True, slots=True)
class OnceState:
    """0: f not started; 1: f running; 2: done."""

    phase: int = 0


def sync_zero(t: Type) -> object:
    """The zero value of a sync or atomic type."""
    if isinstance(t, AtomicType):
        return False if t.kind == "Bool" else 0
    assert isinstance(t, SyncType)
    return {
        "Mutex": MutexState(),
        "RWMutex": RWMutexState(),
        "WaitGroup": WaitGroupState(),
        "Once": OnceState(),
    }[t.kind]
