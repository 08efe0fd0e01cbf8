"""The state of one execution: heap, channels, goroutines, happens-before clocks, output.

A State is copied at every scheduling point the explorer may come back to, so everything in
it is either immutable (tuples, frozen dataclasses) or copied by ``State.copy``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from modelcheck.syntax.types import Type

# Goroutine statuses.
RUNNABLE = "runnable"  # stopped at an event instruction (its pending event)
WAITING = "waiting"  # arrived at an unbuffered channel operation or a blocking select
SPINNING = "spinning"  # a loop iteration changed nothing: blocked until what it read changes
CRASHING = "crashing"  # an unrecovered panic reached the bottom of its stack
EXITING = "exiting"  # main returned: the program ends with the next step
BOUNDED = "bounded"  # reached a bound (bounds.py): the execution is cut
DONE = "done"


@dataclass(frozen=True, slots=True)
class BlockInfo:
    """What reports need to name a block's cells."""

    name: str
    type: Type
    private: bool


@dataclass(frozen=True, slots=True)
class Channel:
    capacity: int
    buffer: tuple = ()  # (value, sender hb clock) pairs
    closed: bool = False
    sends: int = 0
    receive_clocks: tuple = ()  # hb clock of the k-th receive, for rule S7
    close_clock: tuple = ()
    element_zero: object = None


@dataclass(slots=True)
class Frame:
    function: object  # ir.Function
    registers: list
    pc: int = 0
    defers: tuple = ()  # (function name or closure, arguments) pairs, last deferred last
    returns_to: str = "call"  # "call", "defer", "panic-defer", "goroutine"
    loops: dict = field(default_factory=dict)  # loop id -> LoopRecord

    def copy(self) -> Frame:
        return Frame(
            self.function, list(self.registers), self.pc, self.defers, self.returns_to, dict(self.loops)
        )


@dataclass(frozen=True, slots=True)
class LoopRecord:
    """Spin detection and the unroll bound for one running loop statement."""

    iterations: int
    local_iterations: int
    live_values: tuple
    effects: int
    events: int
    reads_start: int


@dataclass(frozen=True, slots=True)
class PanicState:
    value: object
    type: object
    message: str
    recovered: bool = False
    span: object = None  # where the panic started, for reports


@dataclass(slots=True)
class Goroutine:
    id: int  # 0-based index; Go's number is id + 1 (main is 1)
    frames: list
    status: str = RUNNABLE
    clock: tuple = ()  # happens-before vector clock
    function: str = ""  # display name of the function it was started with
    created_at: object = None  # Span of the go statement
    panicking: PanicState | None = None
    effects: int = 0  # writes and synchronizations so far (spin detection)
    events: int = 0  # events so far
    reads: list = field(default_factory=list)  # (object, observation) since the innermost loop began
    await_set: tuple = ()  # (object, observation) pairs a spinning goroutine waits to change
    spurious: bool = False  # the current loop iteration took a TryLock failure on a free mutex
    crash_message: str = ""
    crash_span: object = None
    format_reads: tuple = ()  # (cell, value) pairs the pending fmt call has read so far
    format_next: tuple | None = None  # the shared cell it reads next (found by formatting)
    shared_below: int = 0  # frames[:shared_below] may be shared with other copies

    def copy(self) -> Goroutine:
        """A copy that shares every frame but the top one: only the top frame is ever
        changed, and a frame that becomes the top again is copied first (``pop_frame``), so
        a step costs one frame copy however deep the stack is."""
        frames = list(self.frames)
        if frames:
            frames[-1] = frames[-1].copy()
        self.shared_below = max(len(frames) - 1, 0)
        return Goroutine(
            self.id,
            frames,
            self.status,
            self.clock,
            self.function,
            self.created_at,
            self.panicking,
            self.effects,
            self.events,
            list(self.reads),
            self.await_set,
            self.spurious,
            self.crash_message,
            self.crash_span,
            self.format_reads,
            self.format_next,
            self.shared_below,
        )

    def pop_frame(self) -> Frame:
        """Pop the top frame; the frame under it, now the top, is first copied if other
        copies of this goroutine may share it."""
        frame = self.frames.pop()
        top = len(self.frames) - 1
        if 0 <= top < self.shared_below:
            self.frames[top] = self.frames[top].copy()
            self.shared_below = top
        return frame

    @property
    def frame(self) -> Frame:
        return self.frames[-1]


@dataclass(slots=True)
class State:
    heap: dict  # block id -> tuple of cell values
    blocks: dict  # block id -> BlockInfo
    channels: dict  # channel id -> Channel
    goroutines: list
    sync_clocks: dict = field(default_factory=dict)  # (object key) -> hb clock released there
    access_history: dict = field(default_factory=dict)  # cell -> tuple of AccessRecord
    output: tuple = ()  # printed strings, in order
    races: tuple = ()  # Race values found in this execution
    ended: object = None  # the Outcome once the program ended
    next_block: int = 0
    next_channel: int = 0
    bounded: str | None = None  # the bound a goroutine reached (bounds.py): the execution is cut
    owned: set = field(default_factory=set)  # goroutines this state may change in place
    steps: int = 0  # instructions run so far (--max-steps)
    allocated: int = 0  # memory cells allocated so far (--max-alloc)

    def copy(self) -> State:
        """A copy sharing the goroutines until one is changed (see ``mutable``)."""
        return State(
            dict(self.heap),
            self.blocks,  # copied on write (allocation replaces it)
            dict(self.channels),
            list(self.goroutines),
            dict(self.sync_clocks),
            dict(self.access_history),
            self.output,
            self.races,
            self.ended,
            self.next_block,
            self.next_channel,
            self.bounded,
            set(),
            self.steps,
            self.allocated,
        )

    def mutable(self, goroutine: int) -> Goroutine:
        """Goroutine number ``goroutine`` of this state, copied first if still shared."""
        if goroutine not in self.owned:
            self.goroutines[goroutine] = self.goroutines[goroutine].copy()
            self.owned.add(goroutine)
        return self.goroutines[goroutine]


def join(left: tuple, right: tuple) -> tuple:
    """Pointwise maximum of two vector clocks."""
    if len(left) < len(right):
        left, right = right, left
    if not right:
        return left
    if left == right:
        return left
    return tuple(map(max, left, right)) + left[len(right) :]


def tick(clock: tuple, goroutine: int) -> tuple:
    """The clock with goroutine's own component advanced by one."""
    if len(clock) <= goroutine:
        clock = clock + (0,) * (goroutine + 1 - len(clock))
    return clock[:goroutine] + (clock[goroutine] + 1,) + clock[goroutine + 1 :]


def component(clock: tuple, goroutine: int) -> int:
    return clock[goroutine] if goroutine < len(clock) else 0


def freeze(value) -> object:
    """A hashable image of a run-time value (dicts and lists become tuples)."""
    if isinstance(value, dict):
        return ("dict", tuple(sorted(((freeze(k), freeze(v)) for k, v in value.items()), key=repr)))
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def hashable(value) -> object:
    """value itself when hashable, else its frozen image."""
    try:
        hash(value)
    except TypeError:
        return freeze(value)
    return value


def fingerprint(state: State) -> tuple:
    """Everything that determines the future of an execution, hashable: two executions that
    reach equal fingerprints have the same continuations, outcomes and races."""
    goroutines = tuple(
        (
            g.status,
            tuple(
                (
                    f.function.name,
                    f.pc,
                    hashable(tuple(f.registers)),
                    f.defers,
                    f.returns_to,
                    frozenset(f.loops.items()),
                )
                for f in g.frames
            ),
            g.clock,
            g.panicking,
            g.effects,
            g.events,
            hashable(tuple(g.reads)),
            hashable(g.await_set),
            g.spurious,
            hashable(g.format_reads),
        )
        for g in state.goroutines
    )
    return (
        frozenset((block, hashable(cells)) for block, cells in state.heap.items()),
        frozenset(state.channels.items()),
        goroutines,
        frozenset(state.sync_clocks.items()),
        frozenset(state.access_history.items()),
        tuple(state.output),
        frozenset(race.key() for race in state.races),
        state.ended,
    )
