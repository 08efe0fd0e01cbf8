"""Parallel exploration (``mc check --jobs N``): the parent runs DPOR over the top of the
search tree (the first ``TOP_DEPTH`` steps) and hands each prefix that reaches that depth to a
worker process, which explores its subtree with DPOR and returns the findings.

Races a worker finds with a step of its prefix need a reversal at a node of the top tree,
whose backtrack set lives in the parent: the worker returns them as requests, and the parent
adds the goroutine to that node's backtrack set (unless one that can start the reversal is
there already) and dispatches the new branch. A branch is explored with the branches
dispatched before it at the same node asleep, as sequential DPOR would after finishing them,
so the merged outcomes, races and leaks are those of the sequential search (on the benchmarks,
so is the optimal number of complete executions; elsewhere the order in which branches are
decided may add a redundant run). Subtrees of uneven size are balanced by their number: a
sequential search's branches become hundreds of tasks for the pool.
"""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace

from modelcheck.explore.dpor import Search, wake_up
from modelcheck.semantics.bounds import SearchStopped
from modelcheck.semantics.events import Machine, Transition
from modelcheck.semantics.outcomes import Result
from modelcheck.semantics.state import State

TOP_DEPTH = 8  # steps the parent explores before handing a prefix to a worker

_worker_program = None  # set in the parent before the worker processes fork


@dataclass
class TopNode:
    """A node of the top tree: the parent's side of a DPOR node above the split depth."""

    state: State
    path: tuple  # transition ids from the root
    levels: tuple  # per node on the path: the ids dispatched there before this branch
    sleep: dict  # transition id -> Transition, asleep on arrival
    transitions: list[Transition] = field(default_factory=list)  # enabled, in search order
    backtrack: set = field(default_factory=set)
    dispatched: list = field(default_factory=list)  # transition ids, in the order sent
    children: dict = field(default_factory=dict)  # transition id -> TopNode


class TopTree:
    """DPOR over the first steps, in the parent: decides which prefixes the workers get."""

    def __init__(self, machine: Machine, depth: int):
        self.machine = machine
        self.depth = depth
        self.root = self.node(machine.initial_state(), (), (), {})

    def node(self, state: State, path: tuple, levels: tuple, sleep: dict) -> TopNode:
        transitions = self.machine.transitions(state) if state.ended is None and not state.bounded else []
        return TopNode(state, path, levels, sleep, transitions)

    def start(self, node: TopNode) -> list[TopNode]:
        """Begin exploring node: a task if it is deep enough or ends the execution, else its
        first branch (the search's default choice)."""
        awake = [t for t in node.transitions if t.id not in node.sleep]
        if len(node.path) >= self.depth or not awake:
            return [node]
        node.backtrack.add(awake[0].goroutine)
        return self.branch(node)

    def branch(self, node: TopNode) -> list[TopNode]:
        """Dispatch every branch of node's backtrack set not dispatched yet."""
        tasks: list[TopNode] = []
        for goroutine in sorted(node.backtrack, reverse=True):
            for transition in node.transitions:
                if transition.goroutine != goroutine or transition.id in node.sleep:
                    continue
                if transition.id in node.dispatched:
                    continue
                before = tuple(node.dispatched)
                node.dispatched.append(transition.id)
                tasks.extend(self.start(self.child(node, transition, before)))
        return tasks

    def child(self, node: TopNode, transition: Transition, before: tuple) -> TopNode:
        state = node.state.copy()
        record = self.machine.execute(state, transition)
        state.owned = set()
        siblings = {tid: t for t in node.transitions if (tid := t.id) in before}
        child = self.node(
            state,
            node.path + (transition.id,),
            node.levels + (before,),
            wake_up({**node.sleep, **siblings}, record),
        )
        node.children[transition.id] = child
        return child

    def request(self, path: tuple, index: int, initials: tuple, candidates: tuple) -> list[TopNode]:
        """A worker's reversal at the node ``index`` steps down ``path``."""
        node = self.root
        for transition_id in path[:index]:
            node = node.children[transition_id]
        if any(g in node.backtrack for g in initials):
            return []
        node.backtrack.add(candidates[0])
        return self.branch(node)


_worker_machines: dict = {}  # unroll -> Machine, built once per worker process


def worker_machine(unroll: int) -> Machine:
    """This worker's machine: built by its first task and kept, with the races it has built."""
    if unroll not in _worker_machines:
        _worker_machines[unroll] = Machine(_worker_program, unroll)
    return _worker_machines[unroll]


def run_prefix(arguments) -> tuple[Result, list]:
    from modelcheck.explore.explorer import Collector, search_machine, stop_reason

    prefix, levels, options, model, deadline = arguments
    if deadline is not None:  # the --timeout of the whole search, not of this task
        options = replace(options, timeout=max(deadline - time.time(), 0.0))
    machine = worker_machine(options.unroll)
    result = Result(file=_worker_program.file, model=model)
    collector = Collector(machine, result, options)
    machine.limits = search_machine(_worker_program, options, collector.started).limits
    search = Search(machine, collector.visit, options.reduce, prefix, levels)
    try:
        search.run()
    except SearchStopped as stop:
        collector.incomplete(stop_reason(stop, options))
    return result, search.requests


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
    """The search of ``explore``, split across ``jobs`` processes. ``--timeout`` and
    ``--max-executions`` bound the whole search: tasks get what is left of them."""
    global _worker_program
    from modelcheck.explore.explorer import search_machine, stop_reason

    try:
        tree = TopTree(search_machine(program, options, time.monotonic()), TOP_DEPTH)
    except SearchStopped as stop:
        stopped = Result(file=program.file, model=model, complete=False)
        stopped.incomplete_reasons.append(stop_reason(stop, options))
        return stopped
    _worker_program = program
    _worker_machines.clear()  # forked workers must not inherit another program's machine
    deadline = time.time() + options.timeout if options.timeout is not None else None
    limit = options.max_executions
    results: list[Result] = []
    stopped: list[str] = []
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        running: dict = {}

        def submit(tasks: list[TopNode]) -> None:
            complete = sum(result.statistics.complete for result in results)
            for task in tasks:
                if limit is not None and complete >= limit:
                    stopped.append(f"stopped after --max-executions {limit}")
                    return
                if deadline is not None and time.time() >= deadline:
                    stopped.append(f"stopped after --timeout {options.timeout:g}s")
                    return
                left = None if limit is None else limit - complete
                task_options = replace(options, progress=None, jobs=1, max_executions=left)
                future = pool.submit(run_prefix, (task.path, task.levels, task_options, model, deadline))
                running[future] = task.path

        submit(tree.start(tree.root))
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                path = running.pop(future)
                result, requests = future.result()
                results.append(result)
                for index, initials, candidates in requests:
                    submit(tree.request(path, index, initials, candidates))
    merged = Result(file=program.file, model=model)
    merge(results, merged)
    # A task stopped by its share of a bound reports that share: report the bound itself.
    bounds = {
        "stopped after --max-executions": f"stopped after --max-executions {limit}",
        "stopped after --timeout": f"stopped after --timeout {options.timeout:g}s" if deadline else "",
    }
    reasons = []
    for reason in merged.incomplete_reasons + stopped:
        reason = next((whole for start, whole in bounds.items() if reason.startswith(start)), reason)
        if reason not in reasons:
            reasons.append(reason)
    merged.incomplete_reasons = reasons
    merged.complete = merged.complete and not stopped
    return merged
