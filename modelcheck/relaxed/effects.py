"""The unroller's event instructions: memory accesses, sync objects, channels and prints.

Each becomes one guarded Event on the current path. Operations whose result the solver decides
(a TryLock, a CAS, whether Once.Do runs f, whether a receive sees a value or the close) fork
the path, one event per alternative.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import z3

from modelcheck.ir.layout import go_bytes, leaf_types
from modelcheck.relaxed import events as ev
from modelcheck.relaxed.values import Opaque, Unsupported, fresh, sort_of, term
from modelcheck.semantics import operations as ops
from modelcheck.semantics.operations import NIL_DEREFERENCE, runtime_panic


@dataclass
class Path:
    """One path of one goroutine being unrolled."""

    goroutine: int
    key: tuple  # stable name of the goroutine, for naming its blocks across re-runs
    frames: list
    guard: list
    last: int | None  # the previous event (the GO event for a goroutine's first)
    depth: int
    effects: int = 0  # writes, synchronization, prints, spawns so far
    allocations: int = 0
    spawns: int = 0
    private: dict = field(default_factory=dict)
    fixed: dict = field(default_factory=dict)  # opaque term id -> the value chosen on this path
    reads: list = field(default_factory=list)  # read events, in order
    finished: bool = False
    panicking: tuple | None = None  # (value, message, span, recovered)
    reach: object = None  # the guard before a split: where both alternatives are reached

    def copy(self) -> Path:
        return Path(
            self.goroutine, self.key, [frame.copy() for frame in self.frames], list(self.guard), self.last,
            self.depth, self.effects, self.allocations, self.spawns,
            {block: list(cells) for block, cells in self.private.items()}, dict(self.fixed), list(self.reads),
            False, self.panicking, self.reach,
        )  # fmt: skip

    def goroutine_key_part(self) -> int:
        self.spawns += 1
        return self.spawns


class EffectSteps:
    """Mixin of the Unroller: the instructions that are events."""

    def emit(self, path: Path, kind: str, **fields) -> ev.Event:
        guard = self.guard_of(path)
        fields.setdefault("reach", guard if path.reach is None else path.reach)
        path.reach = None
        event = ev.Event(
            len(self.out.events),
            path.goroutine,
            path.depth + 1,
            path.last,
            guard,
            kind,
            **fields,
        )
        self.out.events.append(event)
        path.last = event.id
        path.depth += 1
        return event

    def split(self, path: Path, stack: list) -> Path:
        """A copy of the path on the stack for the other alternative of a choice the solver
        makes; a fresh Boolean tells the two apart, so that at most one of them happens."""
        path.reach = self.guard_of(path)
        other = path.copy()
        stack.append(other)
        choice = z3.Bool(f"k{len(self.out.events)}_{len(path.guard)}_{path.goroutine}")
        path.guard.append(choice)
        other.guard.append(z3.Not(choice))
        return other

    def next_variable(self, sort: str, cell) -> object:
        """The fresh variable of the next event, with the candidates its cell can hold."""
        variable = fresh(f"v{len(self.out.events)}", sort)
        self.out.read_events[f"v{len(self.out.events)}"] = len(self.out.events)
        if isinstance(variable, Opaque):
            return Opaque(variable.term, frozenset(self.known.get(cell, set())) | {self.zeros[cell]})
        return variable

    def cell(self, path: Path, stack: list, register_value) -> tuple | None:
        pointer = self.resolve(path, stack, register_value)
        if pointer is None:
            raise runtime_panic(NIL_DEREFERENCE)
        return (pointer.block, pointer.offset)

    def cell_sort(self, cell: tuple) -> str:
        name, t, _ = self.blocks[cell[0]]
        return sort_of(leaf_types(t)[cell[1]])

    # ------------------------------------------------------------ memory

    def do_Load(self, path, stack, frame, i):
        cell = self.cell(path, stack, frame.registers[i.address])
        if cell[0] in path.private:
            frame.registers[i.dst] = path.private[cell[0]][cell[1]]
        else:
            sort = self.cell_sort(cell)
            value = self.next_variable(sort, cell)
            event = self.emit(path, ev.READ, location=cell, value=term(value, self.interner), atomic=i.atomic,
                              sort=sort, name=self.names[cell], span=i.span)  # fmt: skip
            path.reads.append(event.id)
            frame.registers[i.dst] = value
        frame.pc += 1

    def do_Store(self, path, stack, frame, i):
        cell = self.cell(path, stack, frame.registers[i.address])
        value = self.current(path, frame.registers[i.src])
        if cell[0] in path.private:
            path.private[cell[0]][cell[1]] = value
        else:
            self.learn(cell, value)
            # Filling a fresh block publishes nothing yet: as an atomic write, atomic loads may see it.
            atomic = i.atomic or i.initialize
            self.emit(path, ev.WRITE, location=cell, value=term(value, self.interner), atomic=atomic,
                      initialize=i.initialize, sort=self.cell_sort(cell), name=self.names[cell],
                      span=i.span)  # fmt: skip
            path.effects += 1
        frame.pc += 1

    def do_AtomicUpdate(self, path, stack, frame, i):
        cell = self.cell(path, stack, frame.registers[i.address])
        if cell[0] in path.private:
            raise Unsupported("atomic operations on a variable no other goroutine can reach")
        sort = self.cell_sort(cell)
        operand = term(self.current(path, frame.registers[i.operand]), self.interner)
        old = self.next_variable(sort, cell)
        common = dict(location=cell, atomic=True, sort=sort, name=self.names[cell], span=i.span)
        frame.pc += 1
        if i.op == "cas":
            new = term(self.current(path, frame.registers[i.operand2]), self.interner)
            failed = self.split(path, stack)
            failed.guard.append(old != operand)
            failure = self.emit(failed, ev.READ, value=old, **common)
            failed.reads.append(failure.id)
            if i.dst is not None:
                failed.frames[-1].registers[i.dst] = False
            old = self.next_variable(sort, cell)  # the success event reads its own variable
            path.guard.append(old == operand)
            result = True
        elif i.op == "add":
            new = old + operand
            result = new
        else:
            new, result = operand, old
        event = self.emit(path, ev.RMW, value=new, read_value=old, **common)
        path.reads.append(event.id)
        path.effects += 1
        if i.dst is not None:
            frame.registers[i.dst] = result

    # ------------------------------------------------------------ sync objects

    def do_SyncOp(self, path, stack, frame, i):
        cell = self.cell(path, stack, frame.registers[i.address])
        operation = i.operation
        location = ("sync",) + cell
        name = self.names.get(cell, "?")
        frame.pc += 1
        path.effects += 1
        common = dict(location=location, name=name, span=i.span)
        if operation == "Mutex.Lock":
            self.emit(path, ev.LOCK, **common)
        elif operation == "Mutex.Unlock":
            failing = self.split(path, stack)
            self.emit(failing, ev.FAIL, cause="unlock", **common)
            self.emit(failing, ev.FATAL, text="sync: unlock of unlocked mutex", span=i.span)
            failing.finished = True
            self.emit(path, ev.UNLOCK, **common)
        elif operation == "Mutex.TryLock":
            self.two_ways(
                path, stack, i.dst, (ev.LOCK, True), (ev.TRY_FAIL, False), dict(common, cause="try")
            )
        elif operation == "Once.Begin":
            self.two_ways(path, stack, i.dst, (ev.ONCE_RUN, True), (ev.ONCE_DONE, False), common)
        elif operation == "Once.End":
            self.emit(path, ev.ONCE_END, **common)
        elif operation == "WaitGroup.Add":
            delta = self.resolve(path, stack, frame.registers[i.argument])
            if delta < 0:
                message = "sync: negative WaitGroup counter"
                self.failing(path, stack, "negative", message, message, delta, common)
            self.emit(path, ev.WG_ADD, value=delta, **common)
        elif operation == "WaitGroup.Wait":
            self.emit(path, ev.WG_WAIT, **common)
        elif operation.startswith("RWMutex."):
            self.rw_mutex(path, stack, i, operation.split(".")[1], common)
        else:
            raise Unsupported(f"sync.{operation.split('.')[0]}")

    def rw_mutex(self, path, stack, i, operation: str, common: dict) -> None:
        simple = {"Lock": ev.RW_ANNOUNCE, "Acquire": ev.RW_ACQUIRE, "RLock": ev.RW_RLOCK}
        if operation in simple:
            self.emit(path, simple[operation], **common)
        elif operation in ("Unlock", "RUnlock"):
            failing = self.split(path, stack)
            self.emit(failing, ev.FAIL, cause="rw-" + operation.lower(), **common)
            self.emit(failing, ev.FATAL, text=f"sync: {operation} of unlocked RWMutex", span=i.span)
            failing.finished = True
            self.emit(path, ev.RW_UNLOCK if operation == "Unlock" else ev.RW_RUNLOCK, **common)
        else:
            success = ev.RW_TRYLOCK if operation == "TryLock" else ev.RW_RLOCK
            self.two_ways(
                path, stack, i.dst, (success, True), (ev.TRY_FAIL, False), dict(common, cause="try")
            )

    def failing(self, path, stack, cause: str, value, message: str, delta, common) -> None:
        """The alternative in which the operation panics (a FAIL event where it happens)."""
        failing = self.split(path, stack)
        self.emit(failing, ev.FAIL, cause=cause, value=delta, **common)
        self.panic(failing, value, message, common["span"])

    def two_ways(self, path, stack, dst, first, second, common) -> None:
        """Fork: the current path takes ``first`` (kind, result), a copy ``second``."""
        other = self.split(path, stack)
        for branch, (kind, result) in ((path, first), (other, second)):
            self.emit(branch, kind, **common)
            if dst is not None:
                branch.frames[-1].registers[dst] = result
        if second[0] == ev.TRY_FAIL:
            other.effects -= 1  # a failed TryLock is a read

    def do_Print(self, path, stack, frame, i):
        self.emit(path, ev.PRINT, text=self.current(path, frame.registers[i.text]), span=i.span)
        path.effects += 1
        frame.pc += 1

    # ------------------------------------------------------------ channels

    def do_MakeChan(self, path, stack, frame, i):
        capacity = self.resolve(path, stack, frame.registers[i.capacity]) if i.capacity is not None else 0
        ops.check_make_chan(capacity, go_bytes(i.element_type)[0])
        number = self.dynamic_block((path.key, path.allocations))
        path.allocations += 1
        from modelcheck.ir.layout import zero_value
        from modelcheck.ir.values import ChanRef

        channel = ("chan", number)
        self.capacities[channel] = capacity
        zero = zero_value(i.element_type)
        self.channel_zero[channel] = (term(zero, self.interner), sort_of(i.element_type), zero)
        self.zeros[channel] = zero
        self.learn(channel, zero)
        frame.registers[i.dst] = ChanRef(number)
        frame.pc += 1

    def channel(self, path, stack, register_value) -> tuple | None:
        ref = self.resolve(path, stack, register_value)
        return None if ref is None else ("chan", ref.id)

    def do_Send(self, path, stack, frame, i):
        channel = self.channel(path, stack, frame.registers[i.channel])
        value = self.current(path, frame.registers[i.value])
        if channel is None:
            self.emit(path, ev.BLOCK, span=i.span)
            path.finished = True
            return
        self.learn(channel, value)
        panic = runtime_panic("send on closed channel", prefix="")
        self.failing(
            path, stack, "send", panic.value, panic.message, None, dict(location=channel, span=i.span)
        )
        self.emit(path, ev.SEND, location=channel, value=term(value, self.interner), span=i.span,
                  sort=self.channel_zero[channel][1])  # fmt: skip
        path.effects += 1
        frame.pc += 1

    def do_Receive(self, path, stack, frame, i):
        channel = self.channel(path, stack, frame.registers[i.channel])
        if channel is None:
            self.emit(path, ev.BLOCK, span=i.span)
            path.finished = True
            return
        frame.pc += 1
        path.effects += 1
        zero_term, sort, zero = self.channel_zero[channel]
        closed = self.split(path, stack)
        self.emit(closed, ev.RECEIVE_CLOSED, location=channel, value=zero_term, sort=sort, span=i.span)
        if i.dst is not None:
            closed.frames[-1].registers[i.dst] = zero
        if i.ok is not None:
            closed.frames[-1].registers[i.ok] = False
        value = self.next_variable(sort, channel)
        self.emit(
            path, ev.RECEIVE, location=channel, value=term(value, self.interner), sort=sort, span=i.span
        )
        if i.dst is not None:
            frame.registers[i.dst] = value
        if i.ok is not None:
            frame.registers[i.ok] = True

    def do_Close(self, path, stack, frame, i):
        channel = self.channel(path, stack, frame.registers[i.channel])
        if channel is None:
            raise runtime_panic("close of nil channel", prefix="")
        panic = runtime_panic("close of closed channel", prefix="")
        self.failing(
            path, stack, "close", panic.value, panic.message, None, dict(location=channel, span=i.span)
        )
        self.emit(path, ev.CLOSE, location=channel, span=i.span)
        path.effects += 1
        frame.pc += 1

    def do_ChannelLength(self, path, stack, frame, i):
        if i.which != "cap":
            raise Unsupported("len of a channel")
        channel = self.channel(path, stack, frame.registers[i.channel])
        frame.registers[i.dst] = 0 if channel is None else self.capacities[channel]
        frame.pc += 1


__all__ = ["EffectSteps", "Path", "z3"]
