"""``explore_relaxed``: every outcome a memory model allows, one solver call per outcome.

Unroll, encode, then repeatedly ask Z3 for an execution and block what its outcome shows
(which prints ran, in which order, with which values, and how the program ended).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import z3

from modelcheck.ir.instructions import ProgramIR
from modelcheck.relaxed import events as ev
from modelcheck.relaxed.encode import Encoding
from modelcheck.relaxed.unroll import FORKING_UNROLL, unroll
from modelcheck.relaxed.values import Opaque, Text, concrete
from modelcheck.relaxed.witness import Witness, build_witness
from modelcheck.semantics.bounds import BoundReached, Limits, SearchStopped
from modelcheck.semantics.formatting import format_call
from modelcheck.semantics.outcomes import (
    DEADLOCK_MESSAGE,
    END_DEADLOCK,
    END_FATAL,
    END_HANG,
    END_OK,
    END_PANIC,
    Outcome,
)

MAX_OUTCOMES = 2000


@dataclass
class RelaxedResult:
    """The distinct outcomes with a witness each; ``complete`` is False when a bound cut the
    search (then an outcome missing here may still be possible)."""

    model: str
    outcomes: dict[Outcome, Witness] = field(default_factory=dict)
    complete: bool = True
    incomplete_reasons: list[str] = field(default_factory=list)
    solver_calls: int = 0
    events: int = 0
    seconds: float = 0.0


def explore_relaxed(
    program: ProgramIR,
    model: str = "go",
    unroll_bound: int = 8,
    timeout: float | None = None,
    limits: Limits | None = None,
) -> RelaxedResult:
    """The outcomes ``model`` ("go" or "sc") allows; raises Unsupported for what is not modelled.
    ``timeout`` (seconds) stops the enumeration early, and ``limits`` bound the unrolling; the
    result then says it is incomplete."""
    started = time.monotonic()
    deadline = started + timeout if timeout is not None else None
    try:
        unrolled, interner = unroll(program, unroll_bound, (limits or Limits()).starting(deadline))
    except BoundReached as bound:
        return cut_short(model, bound.reason)
    except SearchStopped as stop:
        if stop.reason != "deadline":
            return cut_short(model, stop.reason)
        return cut_short(model, f"stopped after --timeout {timeout:g}s")
    encoding = Encoding(unrolled, model)
    result = RelaxedResult(model, events=len(unrolled.events))
    solver = encoding.solver
    bounds = [encoding.executed[e.id] for e in unrolled.events if e.kind == ev.BOUND]
    if bounds:
        result.solver_calls += 1
        if solver.check(z3.Or(*bounds)) == z3.sat:
            result.complete = False
            bound = min(unroll_bound, FORKING_UNROLL)
            result.incomplete_reasons.append(
                f"a loop ran past --unroll {unroll_bound} "
                f"(or past {bound} iterations that branch on shared memory)"
            )
    solver.add(z3.Or(*[encoding.executed[e.id] for e in encoding.ends], encoding.hang, encoding.deadlock))
    reader = Reader(encoding, interner)
    while True:
        result.solver_calls += 1
        if timeout is not None:
            remaining = timeout - (time.monotonic() - started)
            solver.set("timeout", max(1, int(remaining * 1000)))
        verdict = solver.check() if timeout is None or remaining > 0 else z3.unknown
        if verdict == z3.unknown:
            result.complete = False
            result.incomplete_reasons.append(f"stopped after --timeout {timeout:g}s")
            break
        if verdict != z3.sat:
            break
        model_ = solver.model()
        outcome, blocking = reader.outcome(model_)
        if outcome not in result.outcomes:
            result.outcomes[outcome] = build_witness(encoding, model_, interner)
        solver.add(z3.Not(blocking))
        if len(result.outcomes) >= MAX_OUTCOMES:
            result.complete = False
            result.incomplete_reasons.append(f"more than {MAX_OUTCOMES} outcomes")
            break
    result.seconds = time.monotonic() - started
    return result


def cut_short(model: str, reason: str) -> RelaxedResult:
    """The result of an unrolling that a bound stopped: no outcome, and incomplete."""
    return RelaxedResult(model, complete=False, incomplete_reasons=[reason])


class Reader:
    """Reads an outcome off a model, with the formula that characterizes it."""

    def __init__(self, encoding: Encoding, interner):
        self.encoding = encoding
        self.interner = interner
        self.prints = [e for e in encoding.events if e.kind == ev.PRINT]

    def outcome(self, model: z3.ModelRef) -> tuple[Outcome, z3.BoolRef]:
        executed = self.encoding.executed
        is_on = {e.id: z3.is_true(model.eval(executed[e.id], model_completion=True)) for e in self.prints}
        ran = sorted(
            (e for e in self.prints if is_on[e.id]),
            key=lambda e: model.eval(self.encoding.pos(e), model_completion=True).as_long(),
        )
        facts = [executed[e.id] == is_on[e.id] for e in self.prints]
        facts += [self.encoding.pos(a) < self.encoding.pos(b) for a, b in zip(ran, ran[1:], strict=False)]
        texts = []
        for e in ran:
            text, pinned = self.text(e.text, model)
            texts.append(text)
            facts += pinned
        ending = [
            e for e in self.encoding.ends if z3.is_true(model.eval(executed[e.id], model_completion=True))
        ]
        facts += [executed[e.id] == (e in ending) for e in self.encoding.ends]
        output = "".join(texts)
        if not ending:
            deadlock = z3.is_true(model.eval(self.encoding.deadlock, model_completion=True))
            facts.append(self.encoding.deadlock == deadlock)
            outcome = (
                Outcome(output, END_DEADLOCK, DEADLOCK_MESSAGE)
                if deadlock
                else Outcome(output, END_HANG, None)
            )
        elif ending[0].kind == ev.PANIC:
            message, pinned = self.text(ending[0].text, model)
            facts += pinned
            outcome = Outcome(output, END_PANIC, message)
        elif ending[0].kind == ev.FATAL:
            outcome = Outcome(output, END_FATAL, ending[0].text)
        else:
            outcome = Outcome(output, END_OK, None)
        return outcome, z3.And(*facts)

    def text(self, text, model) -> tuple[str, list]:
        """The printed text, and the equalities that fix the values it shows."""
        if not isinstance(text, Text):
            return text, []
        pinned: list = []
        values = [self.value(argument, model, pinned) for argument in text.arguments]
        return format_call(text.kind, values, list(text.types), NoMemory()), pinned

    def value(self, value, model, pinned: list):
        if isinstance(value, Text):  # text made of formatted text: ``"n=" + fmt.Sprint(x)``
            text, more = self.text(value, model)
            pinned += more
            return text
        if isinstance(value, tuple):
            return tuple(self.value(item, model, pinned) for item in value)
        if isinstance(value, Opaque):
            number = model.eval(value.term, model_completion=True)
            pinned.append(value.term == number)
            return concrete(number, "opaque", self.interner)
        if isinstance(value, z3.ExprRef):
            evaluated = model.eval(value, model_completion=True)
            pinned.append(value == evaluated)
            return concrete(evaluated, "bool" if z3.is_bool(value) else "int", self.interner)
        return value


class NoMemory:
    def read_cells(self, block: int, offset: int, count: int) -> list:
        from modelcheck.relaxed.values import Unsupported

        raise Unsupported("printing the contents of shared memory through a pointer")

    def map_contents(self, block: int) -> dict:
        return {}
