"""Events: which steps each goroutine can take in a state, and what taking one does.

A transition is a goroutine's next event together with a branch (which ready select case,
whether a TryLock succeeds, which waiting partner an unbuffered channel operation meets).
Each transition names the objects it touches, read or written, which is all the explorer
needs to know about dependence. Executing a transition performs the event, maintains the
happens-before clocks of SEMANTICS.md §3 (rules S1-S13), detects data races, and runs the
goroutines involved up to their next events.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple

from modelcheck.ir import instructions as ir
from modelcheck.ir.values import MutexState, OnceState, WaitGroupState
from modelcheck.semantics.channels import ChannelEvents
from modelcheck.semantics.outcomes import DEADLOCK_MESSAGE, END_FATAL, END_OK, END_PANIC, Outcome
from modelcheck.semantics.races import cell_name
from modelcheck.semantics.state import (
    CRASHING,
    DONE,
    EXITING,
    RUNNABLE,
    SPINNING,
    WAITING,
    Goroutine,
    State,
    join,
    tick,
)

READ, WRITE = "r", "w"
# Finer modes for synchronizing objects: they decide dependence like WRITE, but some ordered
# pairs can never be reversed (the first enables the second), see ``reversible``.
SEND, RECEIVE, CLOSE, ARRIVE, TRANSFER = "s", "v", "c", "a", "x"
# A buffered send or receive that moves a value touches the channel as a whole in mode BUFFER
# (it commutes with others of its kind but not with len, select's look or close), and the
# parts it really orders against in the finer modes: see ``ChannelEvents.buffered_objects``.
BUFFER = "b"
LOCK, UNLOCK, WAITGROUP_DONE, WAIT = "L", "U", "A-", "W"
IRREVERSIBLE = {
    (SEND, RECEIVE),  # a receive that took the value (its slot); sends compete with sends instead
    (RECEIVE, SEND),  # a send that had to wait for room (the slot the receive freed)
    (CLOSE, RECEIVE),  # a receive that returned because of the close
    (RECEIVE, CLOSE),  # a receive of a buffered value commutes with the close
    (ARRIVE, TRANSFER),  # a waiting receiver's transfer needs the sender that arrived
    (UNLOCK, LOCK),  # the lock that waited for the unlock; locks compete with locks
    (WAITGROUP_DONE, WAIT),  # the wait that the Done released; Add and Wait compete instead
}


def conflicting(mode: str, other: str) -> bool:
    """Whether two accesses to one object do not commute."""
    return not (mode == other and mode in (READ, ARRIVE, BUFFER))


def reversible(first: str, second: str) -> bool:
    """Whether the race of an access in mode ``first`` and a later one in mode ``second``
    can be reversed, i.e. the second could have run before the first."""
    return (first, second) not in IRREVERSIBLE


def sync_mode(operation: str, argument) -> str:
    if operation in ("Mutex.Lock",):
        return LOCK
    if operation == "Mutex.Unlock":
        return UNLOCK
    if operation == "WaitGroup.Add":
        return WAITGROUP_DONE if argument is not None and argument < 0 else WRITE
    if operation == "WaitGroup.Wait":
        return WAIT
    return WRITE


@dataclass(slots=True, eq=False)
class Transition:
    """One step a goroutine can take. ``key`` tells branches apart and is stable across
    states; ``objects`` are (object, READ/WRITE) pairs; ``is_global`` for steps that end the
    program (main's return, a crash), which depend on every other goroutine's events.
    ``id`` = (goroutine, key) names it in sleep sets. Never changed once built; not frozen
    only because frozen dataclasses are slow to build and a search builds millions."""

    goroutine: int
    key: tuple
    objects: tuple
    is_global: bool = False
    partner: int | None = None
    id: tuple = field(init=False)

    def __post_init__(self) -> None:
        self.id = (self.goroutine, self.key)


@dataclass(slots=True)
class EventRecord:
    """An executed event, as the explorer and reports see it."""

    goroutine: int
    key: tuple
    objects: tuple
    is_global: bool
    partner: int | None
    text: object  # the description, or a function building it (only reports need it)
    span: object
    spawned: tuple = ()  # goroutines created by the local code that followed the event

    @property
    def description(self) -> str:
        if not isinstance(self.text, str):
            self.text = self.text()
        return self.text


class NamedRead(NamedTuple):
    """What ``record_access`` needs of an access that is not an instruction of its own."""

    name: str
    span: object


class Machine(ChannelEvents):
    """The complete machine: local execution plus events."""

    # ------------------------------------------------------------ transitions

    def transitions(self, state: State) -> list[Transition]:
        """Every enabled transition, newest goroutine first (the order the explorer tries
        them in)."""
        result: list[Transition] = []
        for g in reversed(state.goroutines):
            result.extend(self.goroutine_transitions(state, g))
        return result

    def goroutine_transitions(self, state: State, g: Goroutine) -> list[Transition]:
        if g.status == EXITING or g.status == CRASHING:
            return [Transition(g.id, ("end",), (), True)]
        if g.status == WAITING:
            return self.waiting_transitions(state, g)
        if g.status != RUNNABLE or not g.frames:
            return []
        frame = g.frames[-1]
        instruction = frame.function.code[frame.pc]
        registers = frame.registers
        if isinstance(instruction, (ir.Load, ir.Store, ir.AtomicUpdate)):
            pointer = registers[instruction.address]
            mode = READ if isinstance(instruction, ir.Load) else WRITE
            # A CompareAndSwap that will fail is a read (ALGORITHMS.md §1).
            if (
                isinstance(instruction, ir.AtomicUpdate)
                and instruction.op == "cas"
                and state.heap[pointer.block][pointer.offset] != registers[instruction.operand]
            ):
                mode = READ
            return [Transition(g.id, (), ((("cell", pointer.block, pointer.offset), mode),))]
        if isinstance(instruction, (ir.MapGet, ir.MapLength, ir.MapNext, ir.MapSet, ir.MapDelete)):
            map_ref = registers[instruction.map]
            if map_ref is None:
                return [Transition(g.id, ("done",) if isinstance(instruction, ir.MapNext) else (), ())]
            mode = WRITE if isinstance(instruction, (ir.MapSet, ir.MapDelete)) else READ
            objects = ((("cell", map_ref.block, 0), mode),)
            if isinstance(instruction, ir.MapNext):
                _, births, next_birth = state.heap[map_ref.block]
                iterator = registers[instruction.iterator]
                return [
                    Transition(g.id, key, objects) for key in self.map_next_keys(births, next_birth, iterator)
                ]
            return [Transition(g.id, (), objects)]
        if isinstance(instruction, ir.Print):
            return [Transition(g.id, (), ((("output",), WRITE),))]
        if isinstance(instruction, ir.Format):
            return [Transition(g.id, (), ((g.format_next, READ),))]
        if isinstance(instruction, ir.SyncOp):
            return self.sync_transitions(state, g, instruction)
        return self.channel_transitions(state, g, instruction)

    def sync_transitions(self, state: State, g: Goroutine, i: ir.SyncOp) -> list[Transition]:
        pointer = g.frames[-1].registers[i.address]
        key = ("sync", pointer.block, pointer.offset)
        value = state.heap[pointer.block][pointer.offset]
        operation = i.operation
        argument = g.frames[-1].registers[i.argument] if i.argument is not None else None
        write = ((key, sync_mode(operation, argument)),)
        if operation in ("Mutex.TryLock", "RWMutex.TryLock", "RWMutex.TryRLock"):
            # TryLock may fail even when the lock is free (S10): both branches.
            branches = [Transition(g.id, ("fail",), ((key, READ),))]
            if self.try_succeeds(operation, value):
                mode = LOCK if operation == "Mutex.TryLock" else WRITE
                branches.insert(0, Transition(g.id, ("succeed",), ((key, mode),)))
            return branches
        enabled = {
            "Mutex.Lock": lambda: not value.locked,
            "RWMutex.Lock": lambda: not value.writer,
            "RWMutex.Acquire": lambda: value.readers == 0,
            "RWMutex.RLock": lambda: not value.writer,
            "WaitGroup.Wait": lambda: value.counter == 0,
            "Once.Begin": lambda: value.phase != 1,
        }.get(operation, lambda: True)()
        return [Transition(g.id, (), write)] if enabled else []

    @staticmethod
    def try_succeeds(operation: str, value) -> bool:
        if operation == "Mutex.TryLock":
            return not value.locked
        if operation == "RWMutex.TryLock":
            return not value.writer and value.readers == 0
        return not value.writer

    def pending_objects(self, state: State, g: Goroutine, transitions: list | None = None) -> tuple:
        """The objects g's next event would touch, whether or not it is enabled (used to find
        races with events that never ran because g was blocked or the program ended).
        ``transitions``: g's transitions in state, when the caller has them already."""
        if g.status == SPINNING:
            return tuple((key, READ) for key, _ in g.await_set)
        if g.status in (EXITING, CRASHING):
            return ()
        if not g.frames:
            return ()
        instruction = g.frames[-1].function.code[g.frames[-1].pc]
        registers = g.frames[-1].registers
        if isinstance(instruction, ir.SyncOp):
            pointer = registers[instruction.address]
            argument = registers[instruction.argument] if instruction.argument is not None else None
            return ((("sync", pointer.block, pointer.offset), sync_mode(instruction.operation, argument)),)
        if isinstance(instruction, (ir.Send, ir.Receive, ir.Select, ir.Close, ir.ChannelLength)):
            objects = tuple(
                (("chan", ref.id), WRITE) for _, ref, _ in self.cases(instruction, registers) if ref
            )
            return objects + (((("wait", g.id), WRITE),) if g.status == WAITING else ())
        if transitions is None:
            transitions = self.goroutine_transitions(state, g)
        return transitions[0].objects if transitions else ()

    # ------------------------------------------------------------ execution

    def execute(self, state: State, transition: Transition) -> EventRecord:
        """Perform a transition on state (which the caller has copied if it wants to keep it)."""
        g = state.mutable(transition.goroutine)
        before = len(state.goroutines)
        g.clock = tick(g.clock, g.id)
        g.events += 1
        if g.status in (EXITING, CRASHING):
            record = self.end_program(state, g)
        else:
            instruction = g.frames[-1].function.code[g.frames[-1].pc]
            record = self.perform(state, g, instruction, transition)
            if g.status == RUNNABLE:
                self.run(state, g)
            if transition.partner is not None:
                partner = state.mutable(transition.partner)
                if partner.status == RUNNABLE:
                    self.run(state, partner)
        record.spawned = tuple(range(before, len(state.goroutines)))
        if state.ended is not None:
            record.is_global = True
        self.wake_spinners(state, record)
        return record

    def perform(self, state: State, g: Goroutine, instruction, transition: Transition) -> EventRecord:
        if isinstance(instruction, (ir.Load, ir.Store, ir.AtomicUpdate)):
            return self.memory_event(state, g, instruction)
        if isinstance(instruction, (ir.MapGet, ir.MapLength, ir.MapNext, ir.MapSet, ir.MapDelete)):
            return self.map_event(state, g, instruction, transition)
        if isinstance(instruction, ir.Print):
            text = g.frames[-1].registers[instruction.text]
            state.output += (text,)
            g.effects += 1
            g.frames[-1].pc += 1
            return self.record(g, transition, f"prints {text!r}", instruction.span)
        if isinstance(instruction, ir.Format):
            return self.format_read(state, g, instruction)
        if isinstance(instruction, ir.SyncOp):
            return self.sync_event(state, g, instruction, transition)
        return self.channel_event(state, g, instruction, transition)

    def record(
        self, g: Goroutine, transition: Transition, description: str, span, objects=None
    ) -> EventRecord:
        return EventRecord(
            g.id,
            transition.key,
            transition.objects if objects is None else objects,
            transition.is_global,
            transition.partner,
            description,
            span,
        )

    def end_program(self, state: State, g: Goroutine) -> EventRecord:
        exiting = g.status == EXITING
        span = None if exiting else g.crash_span
        g.status = DONE
        g.frames.clear()
        if exiting:
            state.ended = Outcome("".join(state.output), END_OK, None)
            description = "main returns: the program ends"
        else:
            state.ended = Outcome("".join(state.output), END_PANIC, g.crash_message)
            description = f"panic: {g.crash_message}"
        return EventRecord(g.id, ("end",), (), True, None, description, span)

    def fatal(self, state: State, message: str) -> None:
        state.ended = Outcome("".join(state.output), END_FATAL, message)

    # ------------------------------------------------------------ memory

    def memory_event(self, state: State, g: Goroutine, i) -> EventRecord:
        frame = g.frames[-1]
        pointer = frame.registers[i.address]
        cell = ("cell", pointer.block, pointer.offset)
        old = state.heap[pointer.block][pointer.offset]
        blocks = state.blocks
        if isinstance(i, ir.Load):
            frame.registers[i.dst] = old
            if i.atomic:
                g.clock = join(g.clock, state.sync_clocks.get(cell, ()))
            self.record_access(state, g, pointer, False, i.atomic, i)
            g.reads.append((cell, old))
            frame.pc += 1
            text = lambda: f"reads {cell_name(blocks, pointer, i.name)} = {old!r}"  # noqa: E731
            return EventRecord(g.id, (), ((cell, READ),), False, None, text, i.span)
        if isinstance(i, ir.Store):
            value = frame.registers[i.src]
            self.write_cell(state, pointer, value)
            if i.atomic:
                state.sync_clocks[cell] = g.clock
            self.record_access(state, g, pointer, True, i.atomic, i)
            g.effects += 1
            frame.pc += 1
            text = lambda: f"writes {cell_name(blocks, pointer, i.name)} = {value!r}"  # noqa: E731
            return EventRecord(g.id, (), ((cell, WRITE),), False, None, text, i.span)
        return self.atomic_update(state, g, i, pointer, cell, old, cell_name(blocks, pointer, i.name))

    def atomic_update(self, state, g, i: ir.AtomicUpdate, pointer, cell, old, name) -> EventRecord:
        frame = g.frames[-1]
        operand = frame.registers[i.operand]
        g.clock = join(g.clock, state.sync_clocks.get(cell, ()))
        if i.op == "cas" and old != operand:
            frame.registers[i.dst] = False
            self.record_access(state, g, pointer, False, True, i)
            g.reads.append((cell, old))
            frame.pc += 1
            return EventRecord(
                g.id, (), ((cell, READ),), False, None, f"CompareAndSwap {name} fails ({old!r})", i.span
            )
        if i.op == "add":
            new = i.type.wrap(old + operand)
            result, text = new, f"adds {operand!r} to {name}: {new!r}"
        elif i.op == "swap":
            new, result, text = operand, old, f"swaps {name}: {old!r} -> {operand!r}"
        else:
            new, result = frame.registers[i.operand2], True
            text = f"CompareAndSwap {name}: {old!r} -> {new!r}"
        self.write_cell(state, pointer, new)
        state.sync_clocks[cell] = g.clock
        self.record_access(state, g, pointer, True, True, i)
        if i.dst is not None:
            frame.registers[i.dst] = result
        g.effects += 1
        frame.pc += 1
        return EventRecord(g.id, (), ((cell, WRITE),), False, None, text, i.span)

    def format_read(self, state: State, g: Goroutine, i: ir.Format) -> EventRecord:
        """A read by fmt of one shared cell its pending Format needs (a plain read: it races
        with unordered writes); the Format runs once it needs no more."""
        from modelcheck.ir.values import Pointer

        cell = g.format_next
        _, block, offset = cell
        value = state.heap[block][offset]
        g.format_reads += ((cell, value),)
        g.reads.append((cell, value))
        pointer = Pointer(block, offset)
        registers = g.frames[-1].registers
        # Named after the argument that refers to the block, when one does directly.
        name = next(
            (
                name
                for register, name in zip(i.arguments, i.names, strict=False)
                if getattr(registers[register], "block", None) == block
            ),
            "",
        )
        self.record_access(state, g, pointer, False, False, NamedRead(name, i.span))
        blocks = state.blocks
        if isinstance(value, dict):
            text = lambda: f"reads map {cell_name(blocks, pointer, name or 'map')}"  # noqa: E731
        else:
            text = lambda: f"reads {cell_name(blocks, pointer, name)} = {value!r}"  # noqa: E731
        return EventRecord(g.id, (), ((cell, READ),), False, None, text, i.span)

    def map_event(self, state: State, g: Goroutine, i, transition: Transition) -> EventRecord:
        """A map operation. A map's block holds (contents, births, next birth): each entry's
        birth number tells an entry created during a ``range`` from one that was there before
        it began, even when its key was deleted and added again."""
        from modelcheck.ir.values import Pointer

        frame = g.frames[-1]
        map_ref = frame.registers[i.map]
        frame.pc += 1
        write = isinstance(i, (ir.MapSet, ir.MapDelete))
        if map_ref is None:
            if isinstance(i, ir.MapSet):
                frame.pc -= 1
                self.start_panic(state, g, *self.plain_runtime_panic("assignment to entry in nil map"))
                return EventRecord(g.id, (), (), False, None, "writes to a nil map", i.span)
            contents, births, next_birth = {}, {}, 0
        else:
            contents, births, next_birth = state.heap[map_ref.block]
            self.record_access(state, g, Pointer(map_ref.block, 0), write, False, i)
        description = None
        if isinstance(i, ir.MapGet):
            key = frame.registers[i.key]
            frame.registers[i.dst] = contents.get(key, i.zero)
            if i.ok is not None:
                frame.registers[i.ok] = key in contents
        elif isinstance(i, ir.MapLength):
            frame.registers[i.dst] = len(contents)
        elif isinstance(i, ir.MapNext):
            description = self.map_next(frame, i, transition, contents, next_birth)
        elif isinstance(i, ir.MapSet):
            key = frame.registers[i.key]
            if key not in contents:
                births = {**births, key: next_birth}
                next_birth += 1
            state.heap[map_ref.block] = ({**contents, key: frame.registers[i.value]}, births, next_birth)
            g.effects += 1
        else:
            key = frame.registers[i.key]
            if key in contents:
                contents, births = dict(contents), dict(births)
                del contents[key], births[key]
                state.heap[map_ref.block] = (contents, births, next_birth)
            g.effects += 1
        if map_ref is None:
            return EventRecord(g.id, transition.key, (), False, None, "reads a nil map", i.span)
        cell = ("cell", map_ref.block, 0)
        if not write:
            g.reads.append((cell, contents))
        name = cell_name(state.blocks, Pointer(map_ref.block, 0), "map")
        if description is not None:
            description = f"reads map {name} (range): {description}"
        else:
            description = f"{'writes' if write else 'reads'} map {name}"
        return EventRecord(
            g.id, transition.key, ((cell, WRITE if write else READ),), False, None, description, i.span
        )

    @staticmethod
    def map_next_keys(births: dict, next_birth: int, iterator) -> list[tuple]:
        """The branches of a range step over a map: ("next", key, birth) for every entry not
        produced yet, and ("done",) once every entry that was there when the range began
        (and is still there) has been produced; entries created since may be skipped."""
        start, produced = range_so_far(iterator, next_birth)
        branches: list[tuple] = []
        must_go_on = False
        for key, birth in births.items():
            if (key, birth) not in produced:
                branches.append(("next", key, birth))
                must_go_on = must_go_on or birth < start
        if not must_go_on:
            branches.append(("done",))
        return branches

    @staticmethod
    def map_next(frame, i, transition: Transition, contents: dict, next_birth: int) -> str:
        """Perform the range step over a map that ``transition`` chose; its description."""
        start, produced = range_so_far(frame.registers[i.iterator], next_birth)
        if transition.key == ("done",):
            frame.registers[i.ok] = False
            frame.registers[i.iterator] = (start, produced)
            return "no more entries"
        _, key, birth = transition.key
        frame.registers[i.key] = key
        frame.registers[i.value] = contents[key]
        frame.registers[i.ok] = True
        frame.registers[i.iterator] = (start, produced | {(key, birth)})
        return f"entry {key!r}: {contents[key]!r}"

    # ------------------------------------------------------------ sync objects

    def sync_event(self, state: State, g: Goroutine, i: ir.SyncOp, transition: Transition) -> EventRecord:
        frame = g.frames[-1]
        pointer = frame.registers[i.address]
        key = ("sync", pointer.block, pointer.offset)
        value = state.heap[pointer.block][pointer.offset]
        operation = i.operation
        name = cell_name(state.blocks, pointer, "")
        frame.pc += 1
        g.effects += 1
        description = f"{operation.split('.')[1]} {name}"
        new = value
        if operation == "Mutex.Lock":
            new = MutexState(True)
            g.clock = join(g.clock, state.sync_clocks.get(key, ()))
        elif operation == "Mutex.Unlock":
            if not value.locked:
                self.fatal(state, "sync: unlock of unlocked mutex")
                return self.record(g, transition, description + ": fatal error", i.span)
            new = MutexState(False)
            state.sync_clocks[key] = g.clock
        elif operation in ("Mutex.TryLock", "RWMutex.TryLock", "RWMutex.TryRLock"):
            success = transition.key == ("succeed",)
            frame.registers[i.dst] = success
            if not success:
                g.effects -= 1  # a failed TryLock synchronizes nothing: it is a read
                if self.try_succeeds(operation, value):
                    g.spurious = True
                g.reads.append((key, value))
                return self.record(g, transition, description + " fails", i.span)
            if operation == "Mutex.TryLock":
                new = MutexState(True)
                g.clock = join(g.clock, state.sync_clocks.get(key, ()))
            elif operation == "RWMutex.TryLock":
                new = replace(value, writer=True, writer_active=True)
                g.clock = join(
                    join(g.clock, state.sync_clocks.get(key, ())), state.sync_clocks.get(key + ("r",), ())
                )
            else:
                new = replace(value, readers=value.readers + 1)
                g.clock = join(g.clock, state.sync_clocks.get(key, ()))
            description += " succeeds"
        elif operation == "RWMutex.Lock":
            new = replace(value, writer=True)
        elif operation == "RWMutex.Acquire":
            new = replace(value, writer_active=True)
            g.clock = join(
                join(g.clock, state.sync_clocks.get(key, ())), state.sync_clocks.get(key + ("r",), ())
            )
            description = f"Lock {name} (readers gone)"
        elif operation == "RWMutex.Unlock":
            if not value.writer_active:
                self.fatal(state, "sync: Unlock of unlocked RWMutex")
                return self.record(g, transition, description + ": fatal error", i.span)
            new = replace(value, writer=False, writer_active=False)
            state.sync_clocks[key] = g.clock
        elif operation == "RWMutex.RLock":
            new = replace(value, readers=value.readers + 1)
            g.clock = join(g.clock, state.sync_clocks.get(key, ()))
        elif operation == "RWMutex.RUnlock":
            if value.readers == 0:
                self.fatal(state, "sync: RUnlock of unlocked RWMutex")
                return self.record(g, transition, description + ": fatal error", i.span)
            new = replace(value, readers=value.readers - 1)
            state.sync_clocks[key + ("r",)] = join(state.sync_clocks.get(key + ("r",), ()), g.clock)
        elif operation == "WaitGroup.Add":
            delta = frame.registers[i.argument]
            new = WaitGroupState(value.counter + delta)
            description = "Done " + name if delta == -1 else f"Add({delta}) {name}"
            if delta < 0:
                state.sync_clocks[key] = join(state.sync_clocks.get(key, ()), g.clock)
            if new.counter < 0:
                self.write_cell(state, pointer, new)
                self.start_panic(
                    state, g, "sync: negative WaitGroup counter", "sync: negative WaitGroup counter"
                )
                return self.record(g, transition, description, i.span)
        elif operation == "WaitGroup.Wait":
            g.clock = join(g.clock, state.sync_clocks.get(key, ()))
        elif operation == "Once.Begin":
            run = value.phase == 0
            frame.registers[i.dst] = run
            if run:
                new = OnceState(1)
                description = f"Do {name}: runs f"
            else:
                g.clock = join(g.clock, state.sync_clocks.get(key, ()))
                description = f"Do {name}: already done"
        elif operation == "Once.End":
            new = OnceState(2)
            state.sync_clocks[key] = g.clock
            description = f"Do {name}: f completes"
        self.write_cell(state, pointer, new)
        return self.record(g, transition, description, i.span)

    # ------------------------------------------------------------ spinning goroutines

    def wake_spinners(self, state: State, record: EventRecord) -> None:
        """A spinning goroutine wakes once something it read has changed."""
        written = {obj for obj, mode in record.objects if mode != READ}
        if not written:
            return
        for g in state.goroutines:
            if g.status != SPINNING or g.id == record.goroutine:
                continue
            for key, observation in g.await_set:
                if key in written and self.observe(state, key) != observation:
                    g = state.mutable(g.id)
                    g.status = RUNNABLE
                    g.spurious = False
                    self.run(state, g)
                    break

    def observe(self, state: State, key: tuple):
        kind = key[0]
        if kind in ("cell", "sync"):
            return state.heap[key[1]][key[2]]
        if kind == "chan":
            return self.channel_observation(state, key[1])
        return None


def range_so_far(iterator, next_birth: int) -> tuple:
    """A map range's (first birth number it may skip, entries produced); ``iterator`` is
    None before its first step, when every entry there now must be produced."""
    return (next_birth, frozenset()) if iterator is None else iterator


__all__ = [
    "DEADLOCK_MESSAGE",
    "READ",
    "WRITE",
    "EventRecord",
    "Machine",
    "Transition",
    "conflicting",
    "reversible",
]
