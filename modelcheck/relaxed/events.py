"""Guarded events: what the unroller produces and the encoder constrains.

Every goroutine's paths form a tree of events: ``parent`` is the event just before in program
order, or for a goroutine's first event the ``go`` event that started it, so the ancestor
relation is program order plus rule S2. An event happens only if its ``guard`` (path
condition) holds; events of different paths of one goroutine exclude each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import z3

from modelcheck.syntax.nodes import Span

# Kinds of event.
READ, WRITE, RMW = "read", "write", "rmw"  # rmw: an atomic read-modify-write
PRINT, GO, EXIT, RETURN, PANIC, SPIN, BLOCK, BOUND = (
    "print",
    "go",
    "exit",
    "return",
    "panic",
    "spin",
    "block",
    "bound",
)
LOCK, UNLOCK, TRY_FAIL = "lock", "unlock", "trylock-fail"
WG_ADD, WG_WAIT = "wg-add", "wg-wait"
ONCE_RUN, ONCE_DONE, ONCE_END = "once-run", "once-done", "once-end"
SEND, RECEIVE, RECEIVE_CLOSED, CLOSE = "send", "receive", "receive-closed", "close"
FATAL = "fatal"
SELECT_DEFAULT = "select-default"
RW_ANNOUNCE, RW_ACQUIRE, RW_TRYLOCK = "rw-lock", "rw-acquire", "rw-trylock"  # Lock: announce, then acquire
RW_UNLOCK, RW_RLOCK, RW_RUNLOCK = "rw-unlock", "rw-rlock", "rw-runlock"
FAIL = "fail"  # the operation panics here (``cause``): send on or close of a closed channel, ...

MEMORY_KINDS = frozenset({READ, WRITE, RMW})
SYNC_KINDS = frozenset(
    {
        LOCK,
        UNLOCK,
        TRY_FAIL,
        WG_ADD,
        WG_WAIT,
        ONCE_RUN,
        ONCE_DONE,
        ONCE_END,
        SEND,
        RECEIVE,
        RECEIVE_CLOSED,
        CLOSE,
        FAIL,
        RW_ANNOUNCE,
        RW_ACQUIRE,
        RW_TRYLOCK,
        RW_UNLOCK,
        RW_RLOCK,
        RW_RUNLOCK,
    }
)
END_KINDS = frozenset({RETURN, PANIC, FATAL})
# Markers of how a path of a goroutine ends (no memory effect).
TERMINAL_KINDS = frozenset({EXIT, RETURN, PANIC, FATAL, SPIN, BLOCK, BOUND})


@dataclass(frozen=True, eq=False)
class Event:
    """One guarded event. ``location`` is a cell (block, offset), a sync object or a channel;
    ``value`` is the written value (WRITE, RMW), the read variable (READ), the sent value, the
    WaitGroup delta, or the received value; ``read_value`` the read half of an RMW;
    ``spin_reads`` for a SPIN marker, the reads of the iteration that found nothing changed."""

    id: int
    goroutine: int
    depth: int
    parent: int | None
    guard: z3.BoolRef
    kind: str
    location: tuple | None = None
    value: object = None
    read_value: object = None
    atomic: bool = False
    initialize: bool = False  # fills a fresh block (treated as atomic: nobody can race with it)
    sort: str = "int"
    name: str = ""
    span: Span | None = None
    text: object = None  # PRINT: str or Text; PANIC: message
    ok: object = None  # RECEIVE: the ok flag
    spin_reads: tuple = ()
    cause: str = ""  # FAIL: "unlock", "negative", "send" or "close"; "try" for a TryLock
    group: int | None = None  # the alternatives of one select share it
    reach: object = None  # the guard without the solver's choice among alternatives of one operation

    @property
    def reads(self) -> bool:
        return self.kind in (READ, RMW)

    @property
    def writes(self) -> bool:
        return self.kind in (WRITE, RMW)

    @property
    def synchronizes(self) -> bool:
        return self.kind in SYNC_KINDS or (self.atomic and self.kind in MEMORY_KINDS)


@dataclass(frozen=True)
class GoroutineInfo:
    """A goroutine instance: one ``go`` statement on one path (main is 0)."""

    id: int
    function: str
    created_at: Span | None
    spawn: int | None  # the GO event, None for main


@dataclass
class Unrolled:
    """The unrolled program: events in creation order (parents before children), goroutines,
    the initial value of every shared cell, channel capacities, cell names and sorts."""

    events: list[Event] = field(default_factory=list)
    goroutines: list[GoroutineInfo] = field(default_factory=list)
    initial: dict = field(default_factory=dict)  # cell -> z3 term
    capacities: dict = field(default_factory=dict)  # channel -> capacity
    channel_zero: dict = field(default_factory=dict)  # channel -> zero term of its element
    names: dict = field(default_factory=dict)  # cell -> source name
    read_events: dict = field(default_factory=dict)  # read variable name -> event id
