"""Witnesses for data races: an execution prefix that ends with the second racing access.

The explorer reports each race once, without a schedule; this search walks the same reduced
space (so it meets every race the explorer reported) and keeps, for the requested race, the
shortest prefix in which it happens (fewest steps, then fewest context switches), cut down
to the steps the racing access depends on.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass

from modelcheck.explore.dpor import Search
from modelcheck.explore.explorer import Options, schedule, search_machine, shorter
from modelcheck.ir.instructions import ProgramIR
from modelcheck.semantics.bounds import SearchStopped
from modelcheck.semantics.outcomes import Race, Step


@dataclass
class RaceWitness:
    race: Race
    schedule: list[Step]


def race_witness(program: ProgramIR, options: Options, matches) -> RaceWitness | None:
    """The shortest schedule whose last step completes a race for which ``matches(race)`` holds;
    None if no explored execution has one."""
    best: RaceWitness | None = None
    started = time.monotonic()
    executions = 0

    def visit(stack, terminal) -> bool:
        nonlocal best, executions
        executions += 1
        found = first_race(stack, matches)
        if found is not None:
            position, race = found
            # Only the steps the racing access depends on (itself included) are needed: any
            # dependence-closed subsequence of an execution is an execution too.
            needed = stack[position - 1].mask
            steps = [step for j, step in enumerate(schedule(stack[: position + 1])) if (needed >> j) & 1]
            if best is None or shorter(steps, best.schedule):
                best = RaceWitness(race, steps)
        if options.max_executions is not None and executions >= options.max_executions:
            return False
        return options.timeout is None or time.monotonic() - started <= options.timeout

    with contextlib.suppress(SearchStopped):  # then the best witness found before the deadline
        Search(search_machine(program, options, started), visit, options.reduce).run()
    return best


def first_race(stack, matches) -> tuple[int, Race] | None:
    """(position of the first node whose state holds a matching race, that race), or None.
    The race happened during the step that led to that node."""
    final = [race for race in stack[-1].state.races if matches(race)]
    if not final:
        return None
    for position, node in enumerate(stack):
        for race in node.state.races:
            if matches(race):
                return position, race
    return len(stack) - 1, final[0]
