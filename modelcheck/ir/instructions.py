"""The IR: per function, a list of register-machine instructions.

Two kinds of instruction. Local ones (arithmetic, jumps, calls, allocation of fresh blocks)
touch only the goroutine's own registers and fresh memory, so they run without a scheduling
point. Event instructions (``EVENT_INSTRUCTIONS``) read or write shared memory or
synchronize; each is exactly one event of SEMANTICS.md §2, and both engines understand them.
Registers are small integers indexing the frame's register list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from modelcheck.syntax.nodes import Span
from modelcheck.syntax.types import Type

instruction = dataclass(frozen=True, slots=True)


@instruction
class Instr:
    """Base class; ``span`` is the source construct the instruction implements."""


# ---------------------------------------------------------------- local instructions


@instruction
class Const(Instr):
    dst: int
    value: object
    span: Span | None = None


@instruction
class Move(Instr):
    dst: int
    src: int
    span: Span | None = None


@instruction
class Unary(Instr):
    """op in ``- + ! ^``; ``type`` is the operand type (integer wrapping)."""

    dst: int
    op: str
    src: int
    type: Type
    span: Span | None = None


@instruction
class Binary(Instr):
    """Arithmetic, bitwise, string concatenation, comparison, ``min``/``max``. ``type`` is
    the operand type. Division by zero panics; shifts by a negative count panic."""

    dst: int
    op: str
    left: int
    right: int
    type: Type
    span: Span | None = None


@instruction
class Convert(Instr):
    dst: int
    src: int
    source: Type
    target: Type
    span: Span | None = None


@instruction
class Jump(Instr):
    target: int
    span: Span | None = None


@instruction
class Branch(Instr):
    condition: int
    if_true: int
    if_false: int
    span: Span | None = None


@instruction
class Pack(Instr):
    """dst = tuple of the sources (a struct, array or multi-result value)."""

    dst: int
    sources: tuple[int, ...]
    span: Span | None = None


@instruction
class Unpack(Instr):
    """dst = src[index]; index is a register when ``dynamic`` (arrays held in registers)."""

    dst: int
    src: int
    index: int
    dynamic: bool = False
    length: int = 0
    span: Span | None = None


@instruction
class Alloc(Instr):
    """A fresh block for a value of ``type`` (zeroed); dst = pointer to it. ``name`` names
    the variable for reports; ``private`` blocks belong to a variable no other goroutine can
    reach, so their accesses are not events."""

    dst: int
    type: Type
    name: str
    private: bool = False
    span: Span | None = None


@instruction
class FieldAddress(Instr):
    """dst = base + offset (a field of a struct); a nil base panics."""

    dst: int
    base: int
    offset: int
    span: Span | None = None


@instruction
class ArrayElementAddress(Instr):
    """dst = address of element ``index`` of the array at ``base``; bounds checked."""

    dst: int
    base: int
    index: int
    length: int
    element_size: int
    span: Span | None = None


@instruction
class SliceElementAddress(Instr):
    dst: int
    slice: int
    index: int
    element_size: int
    span: Span | None = None


@instruction
class StringIndex(Instr):
    dst: int
    string: int
    index: int
    span: Span | None = None


@instruction
class Length(Instr):
    """len or cap (``which``) of a string, slice or array (``kind``); local."""

    dst: int
    src: int
    kind: str
    which: str = "len"
    span: Span | None = None


@instruction
class MakeSlice(Instr):
    dst: int
    element_type: Type
    length: int
    capacity: int | None
    name: str
    span: Span | None = None


@instruction
class Reslice(Instr):
    """dst = base[low:high:max] for kind "slice", "string" or "array" (base is then a pointer
    to the array, of ``array_length`` elements)."""

    dst: int
    kind: str
    base: int
    low: int | None
    high: int | None
    max: int | None
    array_length: int = 0
    element_size: int = 1
    span: Span | None = None


@instruction
class AppendPrepare(Instr):
    """dst = the slice grown by ``count`` elements; when capacity is short it is a fresh
    zeroed array, and ``copied`` = the number of old elements the caller must copy into it
    (loads of the old array: reads that race like any other), else 0. The caller then stores
    the new elements."""

    dst: int
    copied: int
    slice: int
    count: int
    element_type: Type
    name: str
    span: Span | None = None


@instruction
class MakeMap(Instr):
    dst: int
    name: str
    span: Span | None = None


@instruction
class MakeChan(Instr):
    dst: int
    element_type: Type
    capacity: int | None
    span: Span | None = None


@instruction
class MakeClosure(Instr):
    dst: int
    function: str
    captured: tuple[int, ...]
    span: Span | None = None


@instruction
class Call(Instr):
    """Call ``function`` (by name) or the closure in register ``callee``; results to dsts."""

    results: tuple[int, ...]
    function: str | None
    callee: int | None
    arguments: tuple[int, ...]
    span: Span | None = None


@instruction
class Return(Instr):
    values: tuple[int, ...]
    span: Span | None = None


@instruction
class RunDefers(Instr):
    """Run the frame's deferred calls, last first, then fall through."""

    span: Span | None = None


@instruction
class Go(Instr):
    """Start a goroutine running ``function``/``callee`` with the evaluated arguments."""

    function: str | None
    callee: int | None
    arguments: tuple[int, ...]
    span: Span | None = None


@instruction
class Defer(Instr):
    function: str | None
    callee: int | None
    arguments: tuple[int, ...]
    span: Span | None = None


@instruction
class Recover(Instr):
    dst: int
    span: Span | None = None


@instruction
class Panic(Instr):
    """panic(value); ``type`` formats the value in the message."""

    value: int
    type: Type
    span: Span | None = None


@instruction
class Goexit(Instr):
    """runtime.Goexit(): run the goroutine's deferred calls (recover returns nil in them), then
    end the goroutine."""

    span: Span | None = None


@instruction
class Format(Instr):
    """dst = the text fmt would produce: ``kind`` is "Sprint", "Sprintln", "Sprintf" (first
    argument the format), "print" or "println" (the builtins). ``names``: each argument's
    source text, which names the memory fmt reads through it in reports."""

    dst: int
    kind: str
    arguments: tuple[int, ...]
    types: tuple[Type, ...]
    span: Span | None = None
    names: tuple[str, ...] = ()


@instruction
class LoopEnter(Instr):
    """Entry of a loop statement: resets its iteration count and spin detection."""

    loop: int
    live: tuple[int, ...]
    span: Span | None = None


@instruction
class LoopBack(Instr):
    """End of one iteration. An iteration that wrote nothing, synchronized nothing and left
    the live registers unchanged blocks the goroutine until what it read changes; otherwise
    the iteration counts toward the unroll bound."""

    loop: int
    live: tuple[int, ...]
    span: Span | None = None


@instruction
class LoopIteration(Instr):
    """Start of a loop body: an iteration beyond the unroll bound cuts the execution."""

    loop: int
    span: Span | None = None


@instruction
class Fail(Instr):
    """A runtime panic the lowering knows statically (e.g. a nil map literal write)."""

    message: str
    span: Span | None = None


# ---------------------------------------------------------------- event instructions


@instruction
class Load(Instr):
    """dst = the cell at ``address``. ``atomic`` for sync/atomic loads."""

    dst: int
    address: int
    atomic: bool = False
    name: str = ""
    span: Span | None = None


@instruction
class Store(Instr):
    """``initialize``: the write fills a fresh block no other goroutine can reach yet, so it
    needs no scheduling point (it is still recorded for race detection)."""

    address: int
    src: int
    atomic: bool = False
    name: str = ""
    initialize: bool = False
    span: Span | None = None


@instruction
class AtomicUpdate(Instr):
    """Atomic read-modify-write: op "add" (dst = new value), "swap" (dst = old value) or
    "cas" (operand = old, operand2 = new; dst = swapped)."""

    dst: int | None
    address: int
    op: str
    operand: int
    operand2: int | None
    type: Type
    name: str = ""
    span: Span | None = None


@instruction
class MapGet(Instr):
    dst: int
    ok: int | None
    map: int
    key: int
    zero: object
    span: Span | None = None
    name: str = ""  # the map as written, naming it in race reports


@instruction
class MapSet(Instr):
    map: int
    key: int
    value: int
    span: Span | None = None
    name: str = ""  # the map as written, naming it in race reports


@instruction
class MapDelete(Instr):
    map: int
    key: int
    span: Span | None = None
    name: str = ""  # the map as written, naming it in race reports


@instruction
class MapLength(Instr):
    dst: int
    map: int
    span: Span | None = None


@instruction
class MapNext(Instr):
    """One step of ``range`` over a map: ``ok`` = whether an entry is produced, and if so
    ``key`` and ``value`` = that entry. ``iterator`` holds the iteration so far (None before
    the first step); the machine updates it. Which entry comes next is the event's branch:
    Go leaves the order unspecified, skips entries deleted before they are reached, and may
    produce or skip entries created during the iteration."""

    key: int
    value: int
    ok: int
    map: int
    iterator: int
    span: Span | None = None


@instruction
class Send(Instr):
    channel: int
    value: int
    span: Span | None = None
    name: str = ""  # the channel as written, naming it in race reports


@instruction
class Receive(Instr):
    dst: int | None
    ok: int | None
    channel: int
    zero: object
    span: Span | None = None


@instruction
class Close(Instr):
    channel: int
    span: Span | None = None
    name: str = ""  # the channel as written, naming it in race reports


@instruction
class ChannelLength(Instr):
    dst: int
    channel: int
    which: str = "len"
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class SelectCase:
    kind: str  # "send" or "receive"
    channel: int
    value: int | None = None  # the value register of a send
    zero: object = None  # the zero value a receive yields on a closed channel
    span: Span | None = None


@instruction
class Select(Instr):
    """dst = index of the chosen case (-1 for default); ``value``/``ok`` receive results."""

    dst: int
    value: int | None
    ok: int | None
    cases: tuple[SelectCase, ...]
    has_default: bool
    span: Span | None = None


@instruction
class SyncOp(Instr):
    """An operation of a sync object at ``address``: "Mutex.Lock", "Mutex.Unlock",
    "Mutex.TryLock", "RWMutex.Lock" (first phase: announce the writer), "RWMutex.Acquire"
    (second phase: wait for readers to leave), "RWMutex.Unlock", "RWMutex.RLock",
    "RWMutex.RUnlock", "RWMutex.TryLock", "RWMutex.TryRLock", "WaitGroup.Add",
    "WaitGroup.Wait", "Once.Begin" (dst = whether to run f), "Once.End"."""

    dst: int | None
    address: int
    operation: str
    argument: int | None = None
    span: Span | None = None


@instruction
class Print(Instr):
    text: int
    span: Span | None = None


EVENT_INSTRUCTIONS = (
    Load,
    Store,
    AtomicUpdate,
    MapGet,
    MapSet,
    MapDelete,
    MapLength,
    MapNext,
    Send,
    Receive,
    Close,
    ChannelLength,
    Select,
    SyncOp,
    Print,
)


@dataclass
class Function:
    """One IR function. Parameters arrive in registers ``0..len(params)-1``; ``epilogue``
    is where a recovered panic resumes (it runs the remaining defers and returns)."""

    name: str
    display_name: str
    param_count: int
    result_count: int
    register_count: int
    code: list[Instr]
    epilogue: int
    span: Span | None = None


@dataclass
class ProgramIR:
    """A lowered program: its functions by name, and ``entry``, the function the main
    goroutine runs (package initialization, init functions, then main)."""

    file: str
    source: str
    functions: dict[str, Function] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # every file's text by name
    entry: str = "$entry"
    global_blocks: list[tuple[str, Type]] = field(default_factory=list)
