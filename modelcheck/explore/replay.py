"""Replay: re-execute a recorded schedule step by step, so a witness can be shown and checked.

A schedule is a list of Steps; each names the goroutine that moved and the machine's branch
key, which together pick exactly one enabled transition in each state.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelcheck.ir.instructions import ProgramIR
from modelcheck.semantics.bounds import Limits
from modelcheck.semantics.events import EventRecord, Machine
from modelcheck.semantics.outcomes import Step
from modelcheck.semantics.state import State


class ReplayError(Exception):
    """The schedule does not fit the program: no enabled transition matches a step."""


def replay_steps(machine: Machine, steps: list[Step]) -> Iterator[tuple[State, EventRecord]]:
    """Run ``steps`` on ``machine`` from its initial state, yielding the state (changed in place)
    and the record after each step; raises ReplayError at the first step that does not fit."""
    state = machine.initial_state()
    for index, step in enumerate(steps):
        transition = matching_transition(machine, state, step)
        if transition is None:
            raise ReplayError(
                f"step {index + 1} (goroutine {step.goroutine}: {step.description}) is not enabled"
            )
        yield state, machine.execute(state, transition)


def replay_with(machine: Machine, steps: list[Step]) -> tuple[State, list[EventRecord]]:
    """Run ``steps`` on ``machine``; return the final state and the record of every step."""
    final = None
    records: list[EventRecord] = []
    for state, record in replay_steps(machine, steps):
        final = state
        records.append(record)
    return (final if final is not None else machine.initial_state()), records


def matching_transition(machine: Machine, state: State, step: Step):
    """The enabled transition of the step's goroutine with the step's key, or None."""
    if state.ended is not None:
        return None
    for transition in machine.transitions(state):
        if transition.goroutine == step.goroutine - 1 and transition.key == step.key:
            return transition
    return None


def replay(program_ir: ProgramIR, steps: list[Step], unroll: int) -> tuple[State, list[EventRecord]]:
    """Re-execute ``steps`` on a fresh machine for ``program_ir``; raises ReplayError if the
    schedule does not fit."""
    return replay_with(Machine(program_ir, unroll, Limits.unbounded()), steps)  # it is known to end
