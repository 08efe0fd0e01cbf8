"""``explore``: run a lowered program in every schedule that matters and collect what it can
do (outcomes with witness schedules, races, deadlocks, hangs, leaks) into a Result.

The explorer never prints; progress reaches the caller through a callback.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from modelcheck.explore.dpor import Search, Terminal
from modelcheck.ir.instructions import ProgramIR
from modelcheck.semantics.bounds import Limits, SearchStopped
from modelcheck.semantics.events import Machine
from modelcheck.semantics.outcomes import (
    DEADLOCK_MESSAGE,
    END_DEADLOCK,
    END_HANG,
    END_OK,
    BlockedGoroutine,
    Finding,
    Outcome,
    Result,
    Step,
)
from modelcheck.semantics.races import goroutine_info, location_of
from modelcheck.semantics.state import DONE, SPINNING

DEFAULT_UNROLL = 64


@dataclass(frozen=True)
class Options:
    """How to explore. ``reduce=False`` enumerates every interleaving (for cross-checks)."""

    unroll: int = DEFAULT_UNROLL
    max_executions: int | None = None
    timeout: float | None = None
    reduce: bool = True
    progress: Callable[[Result], None] | None = None
    progress_every: int = 1000
    jobs: int = 1  # worker processes (see parallel.py)
    limits: Limits = field(default_factory=Limits)  # what one execution may use (bounds.py)


def search_machine(program: ProgramIR, options: Options, started: float) -> Machine:
    """The machine of a search that began at ``started``: its executions keep to the
    options' limits, and stop at the --timeout deadline even in the middle of a step."""
    deadline = started + options.timeout if options.timeout is not None else None
    return Machine(program, options.unroll, options.limits.starting(deadline))


def timeout_reason(options: Options) -> str:
    return f"stopped after --timeout {options.timeout:g}s"


def stop_reason(stop: SearchStopped, options: Options) -> str:
    """Why the search stopped in the middle of an execution, in the user's terms."""
    return timeout_reason(options) if stop.reason == "deadline" else stop.reason


class Collector:
    """Turns each finished execution into findings."""

    def __init__(self, machine: Machine, result: Result, options: Options):
        self.machine = machine
        self.result = result
        self.options = options
        self.findings: dict[Outcome, Finding] = {}
        self.witness_rank: dict[Outcome, tuple[int, int]] = {}  # (steps, switches) of its witness
        self.race_keys: set = set()
        self.races_seen: dict = {}
        self.leak_keys: set = set()
        self.started = time.monotonic()
        self.interrupted = False

    def visit(self, stack, terminal: str) -> bool:
        statistics = self.result.statistics
        state = stack[-1].state
        statistics.events += len(stack) - 1
        self.collect_races(state)
        if terminal == Terminal.ASLEEP:
            statistics.redundant += 1
        elif terminal == Terminal.BOUNDED:
            statistics.bounded += 1
            self.incomplete(state.bounded)
        elif terminal == Terminal.ENDED:
            statistics.complete += 1
            self.add_finding(state.ended, stack, [])
            if state.ended.end == END_OK:
                self.collect_leaks(state, stack)
        else:
            self.stuck(state, stack)
        return self.keep_going()

    def stuck(self, state, stack) -> None:
        """No goroutine can move: a deadlock, or only spinning loops remain (a hang)."""
        statistics = self.result.statistics
        spinning = [g for g in state.goroutines if g.status == SPINNING]
        if any(g.spurious for g in spinning):
            statistics.blocked += 1  # a spurious TryLock failure; the success branch covers it
            return
        statistics.complete += 1
        output = "".join(state.output)
        blocked = self.blocked_goroutines(state)
        if spinning:
            self.add_finding(Outcome(output, END_HANG, None), stack, blocked)
        else:
            self.add_finding(Outcome(output, END_DEADLOCK, DEADLOCK_MESSAGE), stack, blocked)

    def blocked_goroutines(self, state) -> list[BlockedGoroutine]:
        blocked = []
        for g in state.goroutines:
            if g.status == DONE or not g.frames:
                continue
            frame = g.frame
            instruction = frame.function.code[frame.pc]
            blocked.append(
                BlockedGoroutine(goroutine_info(g), waiting_on(g, instruction), location_of(instruction.span))
            )
        return blocked

    def collect_leaks(self, state, stack) -> None:
        """The goroutines left blocked for good when main (or the test) returned. Only an end
        where no goroutine can move counts: one that could still run may yet unblock the rest
        (as goleak waits for it), and the executions where it ran before the end show whether
        anything stays blocked."""
        live = [g for g in state.goroutines if g.status != DONE and g.frames and g.status != SPINNING]
        if any(self.machine.goroutine_transitions(state, g) for g in live):
            return
        for g in live:
            frame = g.frame
            instruction = frame.function.code[frame.pc]
            leak = BlockedGoroutine(
                goroutine_info(g), waiting_on(g, instruction), location_of(instruction.span)
            )
            key = leak_key(leak)
            if key not in self.leak_keys:
                self.leak_keys.add(key)
                self.result.leaks.append(Finding(state.ended, schedule(stack), [leak]))

    def collect_races(self, state) -> None:
        # The machine builds each Race once, so most are recognized by identity alone.
        for race in state.races:
            if id(race) in self.races_seen:
                continue
            self.races_seen[id(race)] = race  # kept alive, so the id stays its own
            key = race.key()
            if key not in self.race_keys:
                self.race_keys.add(key)
                self.result.races.append(race)

    def add_finding(self, outcome: Outcome, stack, blocked) -> None:
        known = self.findings.get(outcome)
        if known is not None:
            length, (known_length, known_switches) = len(stack) - 1, self.witness_rank[outcome]
            if length > known_length:
                return  # a longer witness: not worth building its schedule
            count = stack_switches(stack)
            if (length, count) >= (known_length, known_switches):
                return
            known.schedule = schedule(stack)
            known.blocked = blocked
            self.witness_rank[outcome] = (length, count)
            return
        finding = Finding(outcome, schedule(stack), blocked)
        self.findings[outcome] = finding
        self.witness_rank[outcome] = (len(finding.schedule), switches(finding.schedule))
        self.result.findings.append(finding)

    def incomplete(self, reason: str) -> None:
        self.result.complete = False
        if reason not in self.result.incomplete_reasons:
            self.result.incomplete_reasons.append(reason)

    def keep_going(self) -> bool:
        statistics = self.result.statistics
        runs = statistics.complete + statistics.redundant + statistics.blocked + statistics.bounded
        if self.options.progress is not None and runs % self.options.progress_every == 0:
            statistics.seconds = time.monotonic() - self.started
            self.options.progress(self.result)
        if self.options.max_executions is not None and statistics.complete >= self.options.max_executions:
            self.incomplete(f"stopped after --max-executions {self.options.max_executions}")
            return False
        if self.options.timeout is not None and time.monotonic() - self.started > self.options.timeout:
            self.incomplete(timeout_reason(self.options))
            return False
        if self.interrupted:
            self.incomplete("interrupted")
            return False
        return True


def schedule(stack) -> list[Step]:
    steps = []
    for node in stack[:-1]:
        record = node.record
        partner = record.partner + 1 if record.partner is not None else None
        steps.append(
            Step(record.goroutine + 1, record.description, location_of(record.span), record.key, partner)
        )
    return steps


def leak_key(leak: BlockedGoroutine) -> tuple:
    """Leaks are reported once per goroutine function, position and what it waits on."""
    return (leak.goroutine.function, str(leak.location), leak.waiting_on)


def shorter(steps: list[Step], than: list[Step]) -> bool:
    """The preferred witness: fewer steps, then fewer context switches."""
    return (len(steps), switches(steps)) < (len(than), switches(than))


def switch_count(goroutines) -> int:
    """Context switches in a sequence of goroutines, one per step."""
    return sum(1 for a, b in pairwise(goroutines) if a != b)


def stack_switches(stack) -> int:
    """``switches(schedule(stack))`` without building the steps."""
    return switch_count(node.record.goroutine for node in stack[:-1])


def switches(steps: list[Step]) -> int:
    return switch_count(step.goroutine for step in steps)


def waiting_on(g, instruction) -> str:
    """What a blocked goroutine waits on, in the words of Go's goroutine dumps."""
    from modelcheck.ir import instructions as ir

    if g.status == SPINNING:
        return "spinning in a loop that cannot exit"
    if isinstance(instruction, ir.Receive):
        channel = g.frame.registers[instruction.channel]
        return "chan receive (nil chan)" if channel is None else "chan receive"
    if isinstance(instruction, ir.Send):
        channel = g.frame.registers[instruction.channel]
        return "chan send (nil chan)" if channel is None else "chan send"
    if isinstance(instruction, ir.Select):
        return "select (no cases)" if not instruction.cases else "select"
    if isinstance(instruction, ir.SyncOp):
        names = {
            "Mutex.Lock": "sync.Mutex.Lock",
            "RWMutex.Lock": "sync.RWMutex.Lock",
            "RWMutex.Acquire": "sync.RWMutex.Lock",
            "RWMutex.RLock": "sync.RWMutex.RLock",
            "WaitGroup.Wait": "sync.WaitGroup.Wait",
            "Once.Begin": "sync.Once.Do",
        }
        return names.get(instruction.operation, instruction.operation)
    return type(instruction).__name__


def explore(program: ProgramIR, options: Options | None = None, model: str = "sc") -> Result:
    """Explore every schedule of ``program`` (up to the bounds in options)."""
    options = options or Options()
    if options.jobs > 1 and options.reduce:
        from modelcheck.explore.parallel import explore_parallel

        started = time.monotonic()
        result = explore_parallel(program, options, model, options.jobs)
        result.statistics.seconds = time.monotonic() - started
        return canonical(result)
    result = Result(file=program.file, model=model)
    collector = Collector(None, result, options)
    collector.machine = machine = search_machine(program, options, collector.started)
    search = Search(machine, collector.visit, options.reduce)
    try:
        search.run()
    except SearchStopped as stop:
        collector.incomplete(stop_reason(stop, options))
    except KeyboardInterrupt:
        collector.incomplete("interrupted")
    result.statistics.seconds = time.monotonic() - collector.started
    return canonical(result)


def canonical(result: Result) -> Result:
    """Findings in an order that does not depend on the search order (so one process and
    several, or two versions of the explorer, report alike): normal endings first, then
    panics, fatal errors, deadlocks and hangs, each by output; races and leaks by source position."""
    result.findings.sort(key=lambda finding: finding.outcome.order())
    result.races.sort(key=lambda race: (sorted(map(place, race_locations(race))), race.variable))
    result.leaks.sort(key=lambda finding: [place(leak.location) for leak in finding.blocked])
    return result


def race_locations(race) -> tuple:
    return (race.first.location, race.second.location)


def place(location) -> tuple:
    """A source location as a sort key: file, then line and column as numbers."""
    return (location.file, location.line, location.column) if location is not None else ("", 0, 0)
