"""``mc check --jobs N`` splits the search across processes and finds the same thing: the same
outcomes, races and leaks; on the benchmarks, also the same (optimal) number of complete
executions. (Elsewhere the fully expanded top of the tree may run a few more executions than
DPOR would, where our dependence is coarser than commutation, e.g. a buffered send and receive.)"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from program_generator import programs as programs_strategy
from result_summary import summary

from modelcheck.explore import Options, explore, parallel
from modelcheck.ir import lower
from modelcheck.report.text import outcome_lines
from modelcheck.syntax import load_file, load_source

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import programs  # noqa: E402


@pytest.fixture(params=[1, 3, parallel.TOP_DEPTH], ids=lambda depth: f"top-depth-{depth}")
def split(request, monkeypatch):
    """Each comparison runs with the parent's top tree one, three and the shipped number of
    steps deep: different splits, different requests from the workers, one result."""
    monkeypatch.setattr(parallel, "TOP_DEPTH", request.param)
    return request.param


@pytest.mark.parametrize(
    "spec",
    [
        "specs/patterns/fan_in_select.gol",
        "specs/errors/deadlock_lock_order.gol",
        "specs/seed/can_this_print_0.gol",
        "specs/gomm/07_semaphore.gol",
        "specs/patterns/worker_pool.gol",
    ],
)
def test_two_processes_find_what_one_finds_on_specs(spec, split):
    path = ROOT / spec
    if not path.exists():
        pytest.skip(f"{spec} is not in the corpus")
    program = lower(load_file(path))
    assert summary(explore(program, Options(jobs=2))) == summary(explore(program, Options()))


@pytest.mark.parametrize(("name", "param"), [("fib_bench", 2), ("lastzero", 5), ("mpat", 3), ("casrot", 5)])
def test_two_processes_keep_the_optimal_count(name, param, split):
    program = lower(load_source(getattr(programs, name)(param), f"{name}.gol"))
    parallel = explore(program, Options(unroll=1000, jobs=2))
    sequential = explore(program, Options(unroll=1000))
    assert summary(parallel) == summary(sequential)
    assert parallel.statistics.complete == sequential.statistics.complete == programs.EXPECTED[name][param]


@pytest.mark.parametrize("spec", ["specs/litmus/iriw.gol", "specs/errors/deadlock_lock_order.gol"])
def test_two_processes_list_findings_in_the_same_order(spec, split):
    """Reports list outcomes, races and leaks in a canonical order, not the search's."""
    program = lower(load_file(ROOT / spec))
    parallel, sequential = explore(program, Options(jobs=2)), explore(program, Options())
    assert [f.outcome for f in parallel.findings] == [f.outcome for f in sequential.findings]
    assert [race.key() for race in parallel.races] == [race.key() for race in sequential.races]
    assert outcome_lines(parallel) == outcome_lines(sequential)


def test_the_top_tree_takes_the_workers_reversals(monkeypatch):
    """lastzero's races reach back to its first steps: only the workers see them, and their
    requests make the parent dispatch the root branches sequential DPOR explores, so no trace
    is lost."""
    trees = []

    class Recording(parallel.TopTree):
        def __init__(self, *arguments):
            super().__init__(*arguments)
            trees.append(self)

    monkeypatch.setattr(parallel, "TopTree", Recording)
    program = lower(load_source(programs.lastzero(6), "lastzero.gol"))
    result = explore(program, Options(unroll=1000, jobs=2))
    assert result.statistics.complete == programs.EXPECTED["lastzero"][6]
    root = trees[0].root
    assert len(root.dispatched) > 1  # the first branch came from the parent, the others from requests


def test_bounds_hold_for_the_whole_parallel_search():
    """--max-executions and --timeout bound the search, not each of its tasks."""
    program = lower(load_source(programs.fib_bench(3), "fib_bench.gol"))
    bounded = explore(program, Options(unroll=1000, jobs=2, max_executions=100))
    assert not bounded.complete
    assert bounded.incomplete_reasons == ["stopped after --max-executions 100"]
    assert 100 <= bounded.statistics.complete < 200  # tasks running side by side may overshoot
    expired = explore(program, Options(unroll=1000, jobs=2, timeout=0))
    assert not expired.complete
    assert expired.incomplete_reasons == ["stopped after --timeout 0s"]


@settings(max_examples=40)
@given(generated=programs_strategy())
def test_two_processes_find_what_one_finds_on_generated_programs(generated):
    """With the top tree two steps deep, nearly every race of a small program reaches back
    into it: the workers' requests must give the parent every branch DPOR needs there."""
    program = lower(load_source(generated, "generated.gol"))
    previous, parallel.TOP_DEPTH = parallel.TOP_DEPTH, 2
    try:
        assert summary(explore(program, Options(jobs=2))) == summary(explore(program, Options())), generated
    finally:
        parallel.TOP_DEPTH = previous
