"""Bounded symbolic unrolling of the IR into guarded events, goroutine by goroutine.

Each goroutine runs alone: a read of shared memory yields a fresh variable, so the goroutine's
behaviour is a tree of paths, forked where a branch condition is symbolic or an opaque value
must be concrete. Local computation reuses the explorer's operations; the events are left to
the encoder. Loops unroll up to the bound; an iteration that changes nothing ends its path
with a SPIN marker (the goroutine awaits forever), so the path where the loop exits covers
every execution in which the last read sees an exit value.
"""

from __future__ import annotations

import time

import z3

from modelcheck.ir import instructions as ir
from modelcheck.ir.layout import flatten, leaf_types, zero_value
from modelcheck.relaxed import events as ev
from modelcheck.relaxed.effects import EffectSteps, Path
from modelcheck.relaxed.local import LocalSteps, same
from modelcheck.relaxed.selection import SelectSteps
from modelcheck.relaxed.values import Interner, Opaque, Text, Unsupported, sort_of, term
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
from modelcheck.semantics.operations import GOEXIT, NIL_DEREFERENCE, GoPanic, runtime_panic
from modelcheck.semantics.state import Frame

FORKING_UNROLL = 4  # iterations whose path forked, per loop statement
MAX_RUNS = 6  # re-runs while opaque locations learn new candidate values


def unroll(
    program: ir.ProgramIR, unroll_bound: int, limits: Limits | None = None
) -> tuple[ev.Unrolled, Interner]:
    """The program's guarded events (loops unrolled ``unroll_bound`` times, and at most
    FORKING_UNROLL times when their iterations fork on what they read). Re-runs until every
    opaque read was split over every value some write of its location can carry. Raises
    BoundReached or SearchStopped when the unrolling outgrows ``limits``."""
    unroller = Unroller(program, unroll_bound, limits or Limits())
    for _ in range(MAX_RUNS):
        result = unroller.run()
        if all(values <= unroller.known.get(cell, set()) for cell, values in unroller.learned.items()):
            return result, unroller.interner
        for cell, values in unroller.learned.items():
            unroller.known.setdefault(cell, set()).update(values)
    raise Unsupported("pointers stored in shared memory form chains too long to follow")


class Unroller(LocalSteps, EffectSteps, SelectSteps):
    """Runs every goroutine's paths symbolically. ``known``: values each opaque cell may hold,
    learned by the previous run; ``learned``: values written in this run."""

    def __init__(self, program: ir.ProgramIR, unroll_bound: int, limits: Limits):
        self.program = program
        self.bound = unroll_bound
        self.limits = limits
        # Iterations that fork on values read from memory multiply the events: a tighter bound.
        self.forking_bound = min(unroll_bound, FORKING_UNROLL)
        self.interner = Interner()
        self.known: dict = {}
        self.block_keys: dict = {}
        self.blocks: dict = {}  # block -> (name, type, private); kept across re-runs
        self.zeros: dict = {}
        self.initial: dict = {}
        self.names: dict = {}
        self.capacities: dict = {}  # channel -> capacity, kept across re-runs like blocks
        self.channel_zero: dict = {}
        self.handlers = {cls: getattr(self, "do_" + cls.__name__) for cls in HANDLED}

    # ------------------------------------------------------------ driver

    def run(self) -> ev.Unrolled:
        self.out = ev.Unrolled()
        self.learned: dict = {}
        self.steps = self.allocated = 0
        for block, (name, t) in enumerate(self.program.global_blocks):
            self.add_block(block, name, t)
        self.run_goroutines(self.program.functions[self.program.entry])
        self.out.initial, self.out.names = dict(self.initial), dict(self.names)
        self.out.capacities, self.out.channel_zero = dict(self.capacities), dict(self.channel_zero)
        return self.out

    def reserve(self, t) -> None:
        """Count an allocation of a value of type t against --max-alloc."""
        from modelcheck.ir.layout import size

        self.allocated += size(t)
        if self.allocated > self.limits.max_alloc:
            raise BoundReached(alloc_reason(self.limits.max_alloc))

    def add_block(self, block: int, name: str, t) -> None:
        self.reserve(t)
        self.blocks[block] = (name, t, False)
        from modelcheck.ir.layout import cell_path

        for offset, (leaf, value) in enumerate(zip(leaf_types(t), flatten(t, zero_value(t)), strict=True)):
            cell = (block, offset)
            self.names[cell] = (name or "?") + cell_path(t, offset)
            self.initial[cell] = (term(value, self.interner), sort_of(leaf))
            self.zeros[cell] = value
            self.learn(cell, value)

    def learn(self, cell: tuple, value: object) -> None:
        values = value.candidates if isinstance(value, Opaque) else frozenset([value])
        self.learned.setdefault(cell, set()).update(values)

    def dynamic_block(self, key: tuple) -> int:
        if key not in self.block_keys:
            self.block_keys[key] = len(self.program.global_blocks) + len(self.block_keys)
        return self.block_keys[key]

    def run_goroutines(self, function: ir.Function) -> None:
        """Run main's paths and, depth first, those of every goroutine a path starts: a
        started goroutine runs before the path that started it goes on, as a call would,
        but on an explicit stack, since goroutines may start goroutines without end."""
        running = [self.start_goroutine(function, [], [], None, (), None)]
        while running:
            paths = running[-1]
            if not paths:
                running.pop()
                continue
            path = paths.pop()
            started = self.run_path(path, paths)
            if started is not None:
                paths.append(path)  # goes on once the started goroutine has run
                running.append(self.start_goroutine(*started))

    def start_goroutine(
        self, function: ir.Function, arguments: list, guard: list, spawn, key: tuple, span
    ) -> list:
        """Number a new goroutine; its paths to run, so far the one at its entry."""
        number = len(self.out.goroutines)
        if number >= self.limits.max_goroutines:
            raise BoundReached(goroutines_reason(self.limits.max_goroutines))
        name = "main.main" if spawn is None else function.display_name
        self.out.goroutines.append(ev.GoroutineInfo(number, name, span, spawn))
        frame = Frame(
            function,
            list(arguments) + [None] * (function.register_count - len(arguments)),
            0,
            (),
            "goroutine",
        )
        return [Path(number, key, [frame], list(guard), spawn, 0)]

    def run_path(self, path: Path, stack: list) -> tuple | None:
        """Run path until it finishes (None) or starts a goroutine (what ``start_goroutine``
        needs); the paths it forks go on ``stack``."""
        while not path.finished:
            frame = path.frames[-1]
            instruction = frame.function.code[frame.pc]
            handler = self.handlers.get(type(instruction))
            self.count_step()
            if handler is None:
                kind = type(instruction).__name__
                raise Unsupported(("maps" if "Map" in kind else kind) + f" ({describe(instruction)})")
            try:
                started = handler(path, stack, frame, instruction)
            except GoPanic as panic:
                self.panic(path, panic.value, panic.message, instruction.span)
                continue
            if started is not None:
                return started
        return None

    def count_step(self) -> None:
        """The unrolling's step bound and the search's deadline, as the explorer keeps them."""
        self.steps += 1
        if self.steps % CHECK_EVERY:
            return
        if self.steps > self.limits.max_steps:
            raise BoundReached(steps_reason(self.limits.max_steps))
        reason = self.limits.stop_reason(time.monotonic())
        if reason is not None:
            raise SearchStopped(reason)

    # ------------------------------------------------------------ forks

    def guard_of(self, path: Path) -> z3.BoolRef:
        return z3.And(*path.guard) if path.guard else z3.BoolVal(True)

    def fork(self, path: Path, stack: list, condition: z3.BoolRef) -> bool | None:
        """Split on a symbolic condition: the current path assumes it, a copy on the stack
        assumes its negation. Returns the concrete truth value when there is nothing to split."""
        condition = z3.simplify(condition)
        if z3.is_true(condition) or z3.is_false(condition):
            return z3.is_true(condition)
        key = ("condition", condition.get_id())
        if key in path.fixed:  # decided before on this path (or a re-run of the instruction)
            return path.fixed[key]
        other = path.copy()
        other.guard.append(z3.Not(condition))
        other.fixed[key] = False
        stack.append(other)
        path.guard.append(condition)
        path.fixed[key] = True
        return None

    def resolve(self, path: Path, stack: list, value: object) -> object:
        """A concrete value for ``value`` on this path, splitting opaque values over their
        candidates (the copies re-run the current instruction)."""
        if isinstance(value, tuple):
            return tuple(self.resolve(path, stack, item) for item in value)
        if isinstance(value, z3.ExprRef):
            simplified = z3.simplify(value)
            if z3.is_int_value(simplified):
                return simplified.as_long()
            if z3.is_true(simplified) or z3.is_false(simplified):
                return z3.is_true(simplified)
            raise Unsupported(
                "an integer read from shared memory used as an index, size or in a formatted value"
            )
        if isinstance(value, Text):
            raise Unsupported("formatted text with values read from shared memory used other than by print")
        if not isinstance(value, Opaque):
            return value
        key = value.term.get_id()
        if key in path.fixed:
            return path.fixed[key]
        choices = sorted(value.candidates, key=lambda item: self.interner.id(item))
        if not choices:
            raise Unsupported("a value read from memory that no write provides")
        for choice in choices[1:]:
            other = path.copy()
            other.fixed[key] = choice
            other.guard.append(value.term == self.interner.id(choice))
            stack.append(other)
        path.fixed[key] = choices[0]
        path.guard.append(value.term == self.interner.id(choices[0]))
        return choices[0]

    def current(self, path: Path, value: object) -> object:
        """``value`` with opaque parts already fixed on this path replaced by their values."""
        if isinstance(value, Opaque) and value.term.get_id() in path.fixed:
            return path.fixed[value.term.get_id()]
        if isinstance(value, tuple):
            return tuple(self.current(path, item) for item in value)
        return value

    # ------------------------------------------------------------ local instructions

    def do_Const(self, path, stack, frame, i):
        frame.registers[i.dst] = i.value
        frame.pc += 1

    def do_Move(self, path, stack, frame, i):
        frame.registers[i.dst] = frame.registers[i.src]
        frame.pc += 1

    def do_Jump(self, path, stack, frame, i):
        frame.pc = i.target

    def do_Branch(self, path, stack, frame, i):
        condition = self.current(path, frame.registers[i.condition])
        if isinstance(condition, z3.ExprRef):
            taken = self.fork(path, stack, condition)
            if taken is None:
                stack[-1].frames[-1].pc = i.if_false
                frame.pc = i.if_true
                return
            condition = taken
        frame.pc = i.if_true if condition else i.if_false

    # ------------------------------------------------------------ calls

    def callee(self, path, stack, frame, function, callee, arguments) -> tuple:
        values = [frame.registers[r] for r in arguments]
        if function is not None:
            return self.program.functions[function], values
        closure = self.resolve(path, stack, frame.registers[callee])
        if closure is None:
            raise runtime_panic(NIL_DEREFERENCE)
        return self.program.functions[closure.function], list(closure.captured) + values

    def push(self, path: Path, function: ir.Function, values: list, returns_to: str) -> None:
        if len(path.frames) >= self.limits.max_depth:
            raise BoundReached(depth_reason(self.limits.max_depth))
        registers = list(values) + [None] * (function.register_count - len(values))
        path.frames.append(Frame(function, registers, 0, (), returns_to))

    def do_Call(self, path, stack, frame, i):
        function, values = self.callee(path, stack, frame, i.function, i.callee, i.arguments)
        self.push(path, function, values, "call")

    def do_Return(self, path, stack, frame, i):
        values = [frame.registers[r] for r in i.values]
        path.frames.pop()
        if frame.returns_to == "goroutine":
            kind = ev.RETURN if path.goroutine == 0 else ev.EXIT
            self.emit(path, kind, span=i.span)
            path.finished = True
            return
        if frame.returns_to == "call":
            caller = path.frames[-1]
            call = caller.function.code[caller.pc]
            for register, value in zip(call.results, values, strict=False):
                caller.registers[register] = value
            caller.pc += 1
        elif frame.returns_to == "panic-defer":
            if path.panicking[3]:  # recovered: the frame that deferred the call returns normally
                path.panicking = None
                path.frames[-1].pc = path.frames[-1].function.epilogue
            else:
                self.unwind(path)

    def do_RunDefers(self, path, stack, frame, i):
        if not frame.defers:
            frame.pc += 1
            return
        (function, values), frame.defers = frame.defers[-1], frame.defers[:-1]
        self.push(path, self.program.functions[function], list(values), "defer")

    def do_Defer(self, path, stack, frame, i):
        function, values = self.callee(path, stack, frame, i.function, i.callee, i.arguments)
        frame.defers = frame.defers + ((function.name, tuple(values)),)
        frame.pc += 1

    def do_Go(self, path, stack, frame, i):
        function, values = self.callee(path, stack, frame, i.function, i.callee, i.arguments)
        frame.pc += 1
        spawn = self.emit(path, ev.GO, span=i.span)
        path.effects += 1
        key = path.key + ((path.goroutine_key_part(),),)
        return (function, values, path.guard, spawn.id, key, i.span)  # run by run_goroutines

    def do_Goexit(self, path, stack, frame, i):
        self.panic(path, GOEXIT, "runtime.Goexit", i.span)

    def panic(self, path: Path, value: object, message: str, span) -> None:
        """Start unwinding: deferred calls run (and may recover) before the program ends."""
        path.panicking = (value, message, span, False)
        self.unwind(path)

    def unwind(self, path: Path) -> None:
        """Run the next deferred call of the panicking path, or end the program."""
        while path.frames:
            frame = path.frames[-1]
            if frame.defers:
                (function, values), frame.defers = frame.defers[-1], frame.defers[:-1]
                self.push(path, self.program.functions[function], list(values), "panic-defer")
                return
            path.frames.pop()
        value, message, span, _ = path.panicking
        if value is GOEXIT:  # the goroutine ends as if its function had returned
            self.emit(path, ev.RETURN if path.goroutine == 0 else ev.EXIT, span=span)
        else:
            self.emit(path, ev.PANIC, text=message, span=span)
        path.finished = True

    # ------------------------------------------------------------ loops

    def do_LoopEnter(self, path, stack, frame, i):
        live = tuple(frame.registers[r] for r in i.live)
        frame.loops[i.loop] = (0, 0, path.effects, live, len(path.reads), len(path.guard))
        frame.pc += 1

    def do_LoopIteration(self, path, stack, frame, i):
        record = frame.loops.get(i.loop)
        if record is not None and (record[0] >= self.bound or record[1] >= self.forking_bound):
            self.emit(path, ev.BOUND, span=i.span)
            path.finished = True
            return
        frame.pc += 1

    def do_LoopBack(self, path, stack, frame, i):
        iterations, forking, effects, live, reads_start, guards = frame.loops[i.loop]
        now = tuple(self.current(path, frame.registers[r]) for r in i.live)
        frame.pc += 1
        if path.effects == effects and same(now, live):
            self.emit(path, ev.SPIN, spin_reads=tuple(path.reads[reads_start:]), span=i.span)
            path.finished = True
            return
        counted = iterations + (1 if len(path.reads) > reads_start or path.effects != effects else 0)
        forking += 1 if len(path.guard) > guards else 0
        frame.loops[i.loop] = (counted, forking, path.effects, now, len(path.reads), len(path.guard))


HANDLED = (
    ir.Const, ir.Move, ir.Jump, ir.Branch, ir.Unary, ir.Binary, ir.Convert, ir.Pack, ir.Unpack, ir.Fail,
    ir.Alloc, ir.FieldAddress, ir.ArrayElementAddress, ir.SliceElementAddress, ir.Length, ir.StringIndex,
    ir.MakeSlice, ir.MakeClosure, ir.Format, ir.Panic, ir.Recover, ir.Call, ir.Return, ir.RunDefers,
    ir.Defer, ir.Go, ir.Goexit, ir.LoopEnter, ir.LoopIteration, ir.LoopBack, ir.Load, ir.Store,
    ir.AtomicUpdate, ir.SyncOp, ir.Print, ir.Send, ir.Receive, ir.Close, ir.Select, ir.MakeChan,
    ir.ChannelLength,
)  # fmt: skip


def describe(instruction) -> str:
    span = getattr(instruction, "span", None)
    return f"line {span.line}" if span is not None else "no position"
