"""Local execution: running one goroutine's instructions up to its next event.

Everything here touches only the goroutine's registers and fresh or private memory, so it
runs without a scheduling point. Calls, defers, panics and recover, goroutine creation, and
the loop markers (spin detection and the unroll bound) live here too.
"""

from __future__ import annotations

import time
from dataclasses import replace

from modelcheck.ir import instructions as ir
from modelcheck.ir.layout import go_bytes, zero_value
from modelcheck.ir.values import ChanRef, Closure, MapRef, Pointer, SliceValue
from modelcheck.semantics import operations as ops
from modelcheck.semantics.bounds import (
    CHECK_EVERY,
    BoundReached,
    Limits,
    SearchStopped,
    alloc_reason,
    depth_reason,
    goroutines_reason,
    steps_reason,
)
from modelcheck.semantics.operations import GOEXIT, NIL_DEREFERENCE, GoPanic, runtime_panic, string_bytes
from modelcheck.semantics.state import (
    BOUNDED,
    CRASHING,
    DONE,
    EXITING,
    RUNNABLE,
    SPINNING,
    BlockInfo,
    Channel,
    Frame,
    Goroutine,
    LoopRecord,
    PanicState,
    State,
    tick,
)
from modelcheck.syntax.types import ArrayType

LOCAL_ITERATION_LIMIT = 100_000  # iterations without events of one loop statement


class LocalMachine:
    """Runs goroutines between events. Subclassed by the event layer (``events.Machine``)."""

    def __init__(self, program: ir.ProgramIR, unroll: int, limits: Limits | None = None):
        self.program = program
        self.functions = program.functions
        self.unroll = unroll
        self.limits = limits or Limits()
        self.started: list[Goroutine] = []  # a goroutine just started, for ``run`` to run
        self.local_handlers = {
            cls: getattr(self, "do_" + cls.__name__)
            for cls in (
                ir.Const,
                ir.Move,
                ir.Unary,
                ir.Binary,
                ir.Convert,
                ir.Jump,
                ir.Branch,
                ir.Pack,
                ir.Unpack,
                ir.Alloc,
                ir.FieldAddress,
                ir.ArrayElementAddress,
                ir.SliceElementAddress,
                ir.StringIndex,
                ir.Length,
                ir.MakeSlice,
                ir.Reslice,
                ir.AppendPrepare,
                ir.MakeMap,
                ir.MakeChan,
                ir.MakeClosure,
                ir.Call,
                ir.Return,
                ir.RunDefers,
                ir.Go,
                ir.Defer,
                ir.Recover,
                ir.Panic,
                ir.Goexit,
                ir.Format,
                ir.LoopEnter,
                ir.LoopBack,
                ir.LoopIteration,
                ir.Fail,
            )
        }

    # ------------------------------------------------------------ setup

    def initial_state(self) -> State:
        state = State(heap={}, blocks={}, channels={}, goroutines=[])
        try:
            for name, t in self.program.global_blocks:
                self.new_block(state, t, name, private=False)
        except BoundReached as bound:
            state.bounded = bound.reason
            return state
        entry = self.functions[self.program.entry]
        main = Goroutine(0, [self.new_frame(entry, [], "goroutine")], clock=(1,), function="main.main")
        state.goroutines.append(main)
        self.run(state, main)
        return state

    def new_frame(self, function: ir.Function, arguments: list, returns_to: str) -> Frame:
        registers = list(arguments) + [None] * (function.register_count - len(arguments))
        return Frame(function, registers, 0, (), returns_to)

    def new_block(self, state: State, t, name: str, private: bool, cells: tuple | None = None) -> int:
        if cells is None:
            from modelcheck.ir.layout import flatten, size

            self.reserve(state, size(t))
            cells = tuple(flatten(t, zero_value(t)))
        block = state.next_block
        state.next_block += 1
        state.heap[block] = cells
        state.blocks = {**state.blocks, block: BlockInfo(name, t, private)}
        return block

    def reserve(self, state: State, cells: int) -> None:
        """Count an allocation of ``cells`` against the execution's --max-alloc."""
        state.allocated += cells
        if state.allocated > self.limits.max_alloc:
            raise BoundReached(alloc_reason(self.limits.max_alloc))

    def reserve_string(self, state: State, text: str) -> None:
        """A string built at run time (by +), counted as one cell per 8 bytes."""
        self.reserve(state, (len(text) + 7) >> 3)

    # ------------------------------------------------------------ the local loop

    def run(self, state: State, g: Goroutine) -> None:
        """Run g until it reaches an event, blocks, finishes, or reaches a bound (which
        cuts the execution). A goroutine that g starts runs to its first event before g
        goes on; they wait on an explicit stack, not the Python stack, since goroutines may
        start goroutines without end."""
        running = [g]
        try:
            while running:
                self.run_local(state, running[-1])
                if self.started:
                    running.append(self.started.pop())
                else:
                    running.pop()
        except BoundReached as bound:
            for cut in running:  # the goroutine that reached it, and those that started it
                cut.status = BOUNDED
            state.bounded = bound.reason
        finally:
            self.started.clear()  # a start cut short by a bound or the deadline

    def run_local(self, state: State, g: Goroutine) -> None:
        is_event = self.is_event
        handlers = self.local_handlers
        steps = state.steps  # counted over the whole execution, however short each run is
        next_check = steps - steps % CHECK_EVERY + CHECK_EVERY
        while g.status == RUNNABLE and g.frames:
            steps += 1
            if steps >= next_check:
                state.steps = steps
                self.checkpoint(state)
                next_check += CHECK_EVERY
            frame = g.frames[-1]
            instruction = frame.function.code[frame.pc]
            handler = handlers.get(type(instruction))
            try:
                if handler is None:
                    if is_event(state, g, instruction):
                        break
                    self.execute_private(state, g, instruction)
                elif handler(state, g, frame, instruction):
                    break  # the instruction must first read shared memory: an event
            except GoPanic as panic:
                self.start_panic(state, g, panic.value, panic.message)
        state.steps = steps

    def checkpoint(self, state: State) -> None:
        """Every CHECK_EVERY instructions of an execution: its step bound, and whether the
        search must stop (so that --timeout and --max-memory are kept even while one step
        runs away)."""
        if state.steps > self.limits.max_steps:
            raise BoundReached(steps_reason(self.limits.max_steps))
        self.check_stop()

    def check_stop(self) -> None:
        """Raise SearchStopped when the deadline has passed or memory is exhausted."""
        reason = self.limits.stop_reason(time.monotonic())
        if reason is not None:
            raise SearchStopped(reason)

    def is_event(self, state: State, g: Goroutine, instruction) -> bool:
        """Whether the instruction at g's pc is a scheduling point. Accesses to private
        blocks (a variable no other goroutine can reach) are not; invalid operands panic here,
        before any event, since they touch no shared state."""
        if isinstance(instruction, (ir.Load, ir.Store, ir.AtomicUpdate)):
            pointer = g.frames[-1].registers[instruction.address]
            if pointer is None:
                raise runtime_panic(NIL_DEREFERENCE)  # before any event: it touches no shared state
            if isinstance(instruction, ir.Store) and instruction.initialize:
                return False
            return not state.blocks[pointer.block].private
        return True

    @staticmethod
    def plain_runtime_panic(message: str) -> tuple:
        panic = runtime_panic(message, prefix="")
        return panic.value, panic.message

    def execute_private(self, state: State, g: Goroutine, instruction) -> None:
        """A Load or Store of private or fresh memory, run without a scheduling point."""
        frame = g.frames[-1]
        pointer: Pointer = frame.registers[instruction.address]
        if isinstance(instruction, ir.Load):
            frame.registers[instruction.dst] = state.heap[pointer.block][pointer.offset]
            g.reads.append((("cell", pointer.block, pointer.offset), frame.registers[instruction.dst]))
        else:
            self.write_cell(state, pointer, frame.registers[instruction.src])
            if not state.blocks[pointer.block].private:
                self.record_access(state, g, pointer, True, False, instruction)  # type: ignore[attr-defined]
            g.effects += 1
        frame.pc += 1

    @staticmethod
    def write_cell(state: State, pointer: Pointer, value) -> None:
        cells = state.heap[pointer.block]
        state.heap[pointer.block] = cells[: pointer.offset] + (value,) + cells[pointer.offset + 1 :]

    # ------------------------------------------------------------ simple instructions

    def do_Const(self, state, g, frame, i):
        frame.registers[i.dst] = i.value
        frame.pc += 1

    def do_Move(self, state, g, frame, i):
        frame.registers[i.dst] = frame.registers[i.src]
        frame.pc += 1

    def do_Unary(self, state, g, frame, i):
        frame.registers[i.dst] = ops.unary(i.op, frame.registers[i.src], i.type)
        frame.pc += 1

    def do_Binary(self, state, g, frame, i):
        value = ops.binary(i.op, frame.registers[i.left], frame.registers[i.right], i.type)
        if type(value) is str:
            self.reserve_string(state, value)
        frame.registers[i.dst] = value
        frame.pc += 1

    def do_Convert(self, state, g, frame, i):
        frame.registers[i.dst] = ops.convert(frame.registers[i.src], i.source, i.target)
        frame.pc += 1

    def do_Jump(self, state, g, frame, i):
        frame.pc = i.target

    def do_Branch(self, state, g, frame, i):
        frame.pc = i.if_true if frame.registers[i.condition] else i.if_false

    def do_Pack(self, state, g, frame, i):
        frame.registers[i.dst] = tuple(frame.registers[r] for r in i.sources)
        frame.pc += 1

    def do_Unpack(self, state, g, frame, i):
        value = frame.registers[i.src]
        index = ops.check_index(frame.registers[i.index], len(value)) if i.dynamic else i.index
        frame.registers[i.dst] = value[index]
        frame.pc += 1

    def do_Fail(self, state, g, frame, i):
        raise GoPanic(i.message, i.message)

    # ------------------------------------------------------------ memory shapes

    def do_Alloc(self, state, g, frame, i):
        block = self.new_block(state, i.type, i.name, i.private)
        frame.registers[i.dst] = Pointer(block, 0)
        frame.pc += 1

    def do_FieldAddress(self, state, g, frame, i):
        frame.registers[i.dst] = ops.field_address(frame.registers[i.base], i.offset)
        frame.pc += 1

    def do_ArrayElementAddress(self, state, g, frame, i):
        frame.registers[i.dst] = ops.array_element_address(
            frame.registers[i.base], frame.registers[i.index], i.length, i.element_size
        )
        frame.pc += 1

    def do_SliceElementAddress(self, state, g, frame, i):
        frame.registers[i.dst] = ops.slice_element_address(
            frame.registers[i.slice], frame.registers[i.index], i.element_size
        )
        frame.pc += 1

    def do_StringIndex(self, state, g, frame, i):
        frame.registers[i.dst] = ops.string_byte(frame.registers[i.string], frame.registers[i.index])
        frame.pc += 1

    def do_Length(self, state, g, frame, i):
        frame.registers[i.dst] = ops.length_of(frame.registers[i.src], i.which)
        frame.pc += 1

    def do_MakeSlice(self, state, g, frame, i):
        length = frame.registers[i.length]
        capacity = frame.registers[i.capacity] if i.capacity is not None else length
        ops.check_make_slice(length, capacity, go_bytes(i.element_type)[0])
        block = self.new_block(state, ArrayType(capacity, i.element_type), i.name, private=False)
        frame.registers[i.dst] = SliceValue(block, 0, length, capacity)
        frame.pc += 1

    def do_Reslice(self, state, g, frame, i):
        base = frame.registers[i.base]
        low = frame.registers[i.low] if i.low is not None else 0
        if i.kind == "string":
            data = string_bytes(base)
            high = frame.registers[i.high] if i.high is not None else len(data)
            if not 0 <= low <= high <= len(data):
                raise runtime_panic(f"slice bounds out of range [{low}:{high}] with length {len(data)}")
            frame.registers[i.dst] = data[low:high].decode("utf-8", "surrogateescape")
            frame.pc += 1
            return
        if i.kind == "array":
            if base is None:
                raise runtime_panic(NIL_DEREFERENCE)
            base = SliceValue(base.block, base.offset, i.array_length, i.array_length)
        if base is None:
            base = SliceValue(None, 0, 0, 0)
        high = frame.registers[i.high] if i.high is not None else base.length
        maximum = frame.registers[i.max] if i.max is not None else base.capacity
        if not 0 <= low <= high <= maximum <= base.capacity:
            raise runtime_panic(f"slice bounds out of range [{low}:{high}] with capacity {base.capacity}")
        frame.registers[i.dst] = SliceValue(
            base.block, base.offset + low * i.element_size, high - low, maximum - low
        )
        frame.pc += 1

    def do_AppendPrepare(self, state, g, frame, i):
        value = frame.registers[i.slice] or SliceValue(None, 0, 0, 0)
        count = frame.registers[i.count]
        length = value.length + count
        if length <= value.capacity:
            frame.registers[i.dst] = SliceValue(value.block, value.offset, length, value.capacity)
            frame.registers[i.copied] = 0
        else:
            capacity = max(length, 2 * value.capacity)
            from modelcheck.ir.layout import flatten, size

            self.reserve(state, capacity * size(i.element_type))
            cells = tuple(flatten(i.element_type, zero_value(i.element_type))) * capacity
            block = self.new_block(state, ArrayType(capacity, i.element_type), i.name, False, cells)
            frame.registers[i.dst] = SliceValue(block, 0, length, capacity)
            frame.registers[i.copied] = value.length
        frame.pc += 1

    def do_MakeMap(self, state, g, frame, i):
        from modelcheck.syntax.types import INT, MapType

        # Contents, each entry's birth number, the next birth number (see events.map_event).
        block = self.new_block(state, MapType(INT, INT), i.name, private=False, cells=({}, {}, 0))
        frame.registers[i.dst] = MapRef(block)
        frame.pc += 1

    def do_MakeChan(self, state, g, frame, i):
        capacity = frame.registers[i.capacity] if i.capacity is not None else 0
        ops.check_make_chan(capacity, go_bytes(i.element_type)[0])
        channel_id = state.next_channel
        state.next_channel += 1
        state.channels[channel_id] = Channel(capacity, element_zero=zero_value(i.element_type))
        frame.registers[i.dst] = ChanRef(channel_id)
        frame.pc += 1

    def do_MakeClosure(self, state, g, frame, i):
        frame.registers[i.dst] = Closure(i.function, tuple(frame.registers[r] for r in i.captured))
        frame.pc += 1

    def do_Format(self, state, g, frame, i) -> bool:
        """Format the arguments, once every shared cell that fmt reads (the elements of a
        slice, what a pointer points to, a map) has been read by an event of its own, as
        Go's fmt reads them; True while one is still to be read (``g.format_next``)."""
        from modelcheck.semantics.formatting import format_call

        values = [frame.registers[r] for r in i.arguments]
        try:
            text = format_call(i.kind, values, list(i.types), FormatReader(state, dict(g.format_reads)))
        except NeedsRead as needed:
            g.format_next = needed.cell
            return True
        frame.registers[i.dst] = text
        g.format_reads, g.format_next = (), None
        frame.pc += 1
        return False

    # ------------------------------------------------------------ calls and returns

    def resolve(self, frame: Frame, function: str | None, callee: int | None, arguments) -> tuple:
        """The IR function and full argument list of a call (captured cells first)."""
        values = [frame.registers[r] for r in arguments]
        if function is not None:
            return self.functions[function], values
        closure = frame.registers[callee]
        if closure is None:
            raise runtime_panic(NIL_DEREFERENCE)
        return self.functions[closure.function], list(closure.captured) + values

    def push_frame(self, g: Goroutine, function: ir.Function, values: list, returns_to: str) -> None:
        if len(g.frames) >= self.limits.max_depth:
            raise BoundReached(depth_reason(self.limits.max_depth))
        g.frames.append(self.new_frame(function, values, returns_to))

    def do_Call(self, state, g, frame, i):
        function, values = self.resolve(frame, i.function, i.callee, i.arguments)
        self.push_frame(g, function, values, "call")

    def do_Return(self, state, g, frame, i):
        values = [frame.registers[r] for r in i.values]
        g.pop_frame()
        if frame.returns_to == "goroutine":
            g.status = EXITING if g.id == 0 else DONE
            if g.id != 0:
                g.frames.append(frame)  # keep the final position for reports
                g.frames.clear()
            return
        caller = g.frames[-1]
        if frame.returns_to == "call":
            call = caller.function.code[caller.pc]
            for register, value in zip(call.results, values, strict=False):
                caller.registers[register] = value
            caller.pc += 1
        elif frame.returns_to == "panic-defer":
            if g.panicking is not None and g.panicking.recovered and g.panicking.value is not GOEXIT:
                g.panicking = None
                caller.pc = caller.function.epilogue
            else:
                self.unwind(state, g)

    def do_RunDefers(self, state, g, frame, i):
        if not frame.defers:
            frame.pc += 1
            return
        (function, values), frame.defers = frame.defers[-1], frame.defers[:-1]
        self.push_frame(g, self.functions[function], list(values), "defer")

    def do_Defer(self, state, g, frame, i):
        function, values = self.resolve(frame, i.function, i.callee, i.arguments)
        frame.defers = frame.defers + ((function.name, tuple(values)),)
        frame.pc += 1

    def do_Go(self, state, g, frame, i):
        function, values = self.resolve(frame, i.function, i.callee, i.arguments)
        child_id = len(state.goroutines)
        if child_id >= self.limits.max_goroutines:
            raise BoundReached(goroutines_reason(self.limits.max_goroutines))
        frame.pc += 1
        g.clock = tick(g.clock, g.id)
        child = Goroutine(
            child_id,
            [self.new_frame(function, values, "goroutine")],
            clock=tick(g.clock, child_id),
            function=function.display_name,
            created_at=i.span,
        )
        g.effects += 1
        state.goroutines.append(child)
        state.owned.add(child_id)
        self.started.append(child)  # run next, by ``run``
        return True

    # ------------------------------------------------------------ panics

    def do_Panic(self, state, g, frame, i):
        from modelcheck.semantics.formatting import Boxed, panic_message

        value = frame.registers[i.value]
        message = panic_message(value, i.type, HeapReader(state))
        if not isinstance(value, (bool, int, str)) and value is not None:
            value = Boxed(value, i.type)
        raise GoPanic(value, message)

    def do_Goexit(self, state, g, frame, i):
        g.panicking = PanicState(GOEXIT, None, "runtime.Goexit", False, i.span)
        g.effects += 1
        self.unwind(state, g)

    def do_Recover(self, state, g, frame, i):
        if (
            frame.returns_to == "panic-defer"
            and g.panicking is not None
            and not g.panicking.recovered
            and g.panicking.value is not GOEXIT
        ):
            frame.registers[i.dst] = g.panicking.value
            g.panicking = replace(g.panicking, recovered=True)
        else:
            frame.registers[i.dst] = None
        frame.pc += 1

    def start_panic(self, state: State, g: Goroutine, value, message: str) -> None:
        frame = g.frames[-1] if g.frames else None
        span = (
            frame.function.code[frame.pc].span
            if frame is not None and frame.pc < len(frame.function.code)
            else None
        )
        g.panicking = PanicState(value, None, message, False, span)
        g.effects += 1
        self.unwind(state, g)

    def unwind(self, state: State, g: Goroutine) -> None:
        """Run the next deferred call of the panicking goroutine, or crash when none is left."""
        while g.frames:
            frame = g.frames[-1]
            if frame.defers:
                (function, values), frame.defers = frame.defers[-1], frame.defers[:-1]
                g.frames.append(self.new_frame(self.functions[function], list(values), "panic-defer"))
                return
            g.pop_frame()
        if g.panicking is not None and g.panicking.value is GOEXIT:
            g.panicking = None
            g.status = DONE  # main too: the others go on, as in Go
            return
        g.status = CRASHING
        g.crash_message = g.panicking.message if g.panicking else "panic"
        g.crash_span = g.panicking.span if g.panicking else None

    # ------------------------------------------------------------ loops

    def live_values(self, frame: Frame, live: tuple) -> tuple:
        return tuple(frame.registers[r] for r in live)

    def do_LoopEnter(self, state, g, frame, i):
        frame.loops[i.loop] = LoopRecord(
            0, 0, self.live_values(frame, i.live), g.effects, g.events, len(g.reads)
        )
        g.spurious = False
        frame.pc += 1

    def do_LoopIteration(self, state, g, frame, i):
        record = frame.loops.get(i.loop)
        if record is not None:
            if record.iterations >= self.unroll:
                raise BoundReached(f"a loop ran past --unroll {self.unroll}")
            if record.local_iterations >= LOCAL_ITERATION_LIMIT:
                reason = f"a loop ran {LOCAL_ITERATION_LIMIT} iterations without a scheduling point"
                raise BoundReached(reason)
        frame.pc += 1

    def do_LoopBack(self, state, g, frame, i):
        record: LoopRecord = frame.loops[i.loop]
        live = self.live_values(frame, i.live)
        had_events = g.events != record.events
        frame.pc += 1
        if g.effects == record.effects and live == record.live_values:
            # The iteration changed nothing: the next one would do the same until some
            # location it read changes. Block (spin-assume) instead of unrolling, unless what
            # it read has already changed since it read it.
            reads = g.reads[record.reads_start :]
            await_set = tuple(dict(reads).items())
            consistent = len(set(reads)) == len(await_set) if all_hashable(reads) else False
            if consistent and all(self.observe(state, key) == seen for key, seen in await_set):
                g.await_set = await_set
                frame.loops[i.loop] = replace(record, events=g.events, reads_start=len(g.reads))
                g.status = SPINNING
                return
        frame.loops[i.loop] = LoopRecord(
            record.iterations + (1 if had_events else 0),
            record.local_iterations + (0 if had_events else 1),
            live,
            g.effects,
            g.events,
            len(g.reads),
        )
        g.spurious = False


def all_hashable(reads: list) -> bool:
    try:
        set(reads)
    except TypeError:
        return False
    return True


class HeapReader:
    """Read access to memory for formatting (``fmt.Println(p)`` prints ``&{...}``)."""

    def __init__(self, state: State):
        self.state = state

    def read_cells(self, block: int, offset: int, count: int) -> list:
        return list(self.state.heap[block][offset : offset + count])

    def map_contents(self, block: int) -> dict:
        return self.state.heap[block][0]


class NeedsRead(Exception):  # noqa: N818 (a request, not an error)
    """Formatting reached a shared cell that its goroutine has not read yet."""

    def __init__(self, cell: tuple):
        super().__init__(cell)
        self.cell = cell


class FormatReader(HeapReader):
    """Memory as a pending fmt call may see it: private blocks directly, a shared cell only
    once the goroutine has read it with an event (``known``: cell -> the value it read)."""

    def __init__(self, state: State, known: dict):
        super().__init__(state)
        self.known = known

    def read_cells(self, block: int, offset: int, count: int) -> list:
        if self.state.blocks[block].private:
            return super().read_cells(block, offset, count)
        return [self.cell(("cell", block, k)) for k in range(offset, offset + count)]

    def map_contents(self, block: int) -> dict:
        return self.cell(("cell", block, 0))

    def cell(self, key: tuple):
        if key not in self.known:
            raise NeedsRead(key)
        return self.known[key]


__all__ = ["FormatReader", "HeapReader", "LocalMachine", "NeedsRead"]
