"""``mc check --jobs N`` splits the search across processes and finds the same thing: the same
outcomes, races and leaks; on the benchmarks, also the same (optimal) number of complete
executions. (Elsewhere the fully expanded top of the tree may run a few more executions than
DPOR would, where our dependence is coarser than commutation, e.g. a buffered send and receive.)"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from result_summary import summary

from modelcheck.explore import Options, explore, parallel
from modelcheck.ir import lower
from modelcheck.report.text import outcome_lines
from modelcheck.semantics.events import Machine
from modelcheck.syntax import load_file, load_source

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import programs  # noqa: E402


@pytest.fixture(params=["wide nodes split too", "default split"])
def split(request, monkeypatch):
    """Each comparison runs twice: once with every node of the top expanded, however wide
    (so that the splitting itself is exercised on every program), once as shipped."""
    if request.param == "wide nodes split too":
        monkeypatch.setattr(parallel, "MAX_WIDTH", 1000)
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


def test_wide_tops_are_not_split(monkeypatch):
    """lastzero's root has eleven goroutines ready: expanding it would mostly start branches
    DPOR never explores, so --jobs runs it in one process (no sleep-set-blocked runs)."""
    program = lower(load_source(programs.lastzero(5), "lastzero.gol"))
    assert parallel.prefixes(Machine(program, 1000), 16) == [()]
    result = explore(program, Options(unroll=1000, jobs=2))
    assert (result.statistics.complete, result.statistics.redundant) == (programs.EXPECTED["lastzero"][5], 0)
