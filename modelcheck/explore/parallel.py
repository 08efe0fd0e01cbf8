"""Parallel exploration (``mc check --jobs N``): the top of the search tree is expanded in
full, with sleep sets, into prefixes; each prefix's subtree is explored by DPOR in a worker
process, and the findings are merged.

Expanding the top levels fully (every transition not asleep) is what sequential DPOR would do
at worst there, so every trace is still explored once: the merged outcomes, races and leaks
are those of the sequential search, and so is the number of complete executions. Wide nodes
are not expanded (see ``prefixes``); when nothing can be split the search runs in-process, so
``--jobs`` never costs much more than one process (measured in BENCHMARKS.md).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from modelcheck.explore.dpor import Search, wake_up
from modelcheck.semantics.events import Machine
from modelcheck.semantics.outcomes import Result

TASKS_PER_JOB = 8
MAX_DEPTH = 40
MAX_WIDTH = 4  # widest node the top-of-tree expansion splits

_worker_program = None  # set in the parent before the worker processes fork


def prefixes(machine: Machine, wanted: int) -> list[tuple]:
    """Prefixes of transition ids, expanding level by level until there are ``wanted``. Only
    nodes with at most MAX_WIDTH transitions awake are expanded: the branches of a wide node
    (many independent goroutines ready) are mostly ones DPOR would never start, and in full
    they cost more sleep-set-blocked runs than the split gains."""
    frontier = [((), machine.initial_state(), {})]
    for _ in range(MAX_DEPTH):
        if len(frontier) >= wanted:
            break
        expanded = []
        for prefix, state, sleep in frontier:
            transitions = machine.transitions(state) if state.ended is None else []
            stuck = state.bounded
            awake = [t for t in transitions if t.id not in sleep]
            if stuck or not awake or len(awake) > MAX_WIDTH:
                expanded.append((prefix, state, sleep))
                continue
            explored: dict = {}
            for transition in awake:
                child = state.copy()
                child.owned = set()
                record = machine.execute(child, transition)
                expanded.append((prefix + (transition.id,), child, wake_up({**sleep, **explored}, record)))
                explored[transition.id] = transition
        frontier = expanded
    return [prefix for prefix, _, _ in frontier]


def run_prefix(arguments) -> Result:
    from modelcheck.explore.explorer import Collector

    prefix, options, model = arguments
    machine = Machine(_worker_program, options.unroll)
    result = Result(file=_worker_program.file, model=model)
    collector = Collector(machine, result, options)
    Search(machine, collector.visit, options.reduce, prefix).run()
    return result


def merge(results: list[Result], into: Result) -> None:
    """Combine the workers' results, keeping for each outcome its shortest schedule."""
    from modelcheck.explore.explorer import leak_key, shorter

    findings: dict = {}
    race_keys: set = set()
    leak_keys: set = set()
    statistics = into.statistics
    for result in results:
        for finding in result.findings:
            known = findings.get(finding.outcome)
            if known is None:
                findings[finding.outcome] = finding
                into.findings.append(finding)
            elif shorter(finding.schedule, known.schedule):
                known.schedule, known.blocked = finding.schedule, finding.blocked
        for race in result.races:
            if race.key() not in race_keys:
                race_keys.add(race.key())
                into.races.append(race)
        for leak in result.leaks:
            if leak_key(leak.blocked[0]) not in leak_keys:
                leak_keys.add(leak_key(leak.blocked[0]))
                into.leaks.append(leak)
        for name in ("complete", "redundant", "blocked", "bounded", "events"):
            setattr(statistics, name, getattr(statistics, name) + getattr(result.statistics, name))
        into.complete = into.complete and result.complete
        for reason in result.incomplete_reasons:
            if reason not in into.incomplete_reasons:
                into.incomplete_reasons.append(reason)


def explore_parallel(program, options, model: str, jobs: int) -> Result:
    global _worker_program
    machine = Machine(program, options.unroll)
    tasks = prefixes(machine, jobs * TASKS_PER_JOB)
    if len(tasks) == 1:
        from modelcheck.explore.explorer import explore

        return explore(program, replace(options, jobs=1), model)  # nothing to split
    _worker_program = program
    serial_options = replace(options, progress=None, jobs=1)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        results = list(pool.map(run_prefix, [(prefix, serial_options, model) for prefix in tasks]))
    merged = Result(file=program.file, model=model)
    merge(results, merged)
    return merged
