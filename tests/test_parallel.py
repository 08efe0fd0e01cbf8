"""``mc check --jobs N`` splits the search across processes and finds the same thing: the same
outcomes, races and leaks; on the benchmarks, also the same (optimal) number of complete
executions. (Elsewhere the fully expanded top of the tree may run a few more executions than
DPOR would, where our dependence is coarser than commutation, e.g. a buffered send and receive.)"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from result_summary import summary

from modelcheck.explore import Options, explore
from modelcheck.ir import lower
from modelcheck.report.text import outcome_lines
from modelcheck.syntax import load_file, load_source

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import programs  # noqa: E402


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
def test_two_processes_find_what_one_finds_on_specs(spec):
    path = ROOT / spec
    if not path.exists():
        pytest.skip(f"{spec} is not in the corpus")
    program = lower(load_file(path))
    assert summary(explore(program, Options(jobs=2))) == summary(explore(program, Options()))


@pytest.mark.parametrize(("name", "param"), [("fib_bench", 2), ("lastzero", 5), ("mpat", 3), ("casrot", 5)])
def test_two_processes_keep_the_optimal_count(name, param):
    program = lower(load_source(getattr(programs, name)(param), f"{name}.gol"))
    parallel = explore(program, Options(unroll=1000, jobs=2))
    sequential = explore(program, Options(unroll=1000))
    assert summary(parallel) == summary(sequential)
    assert parallel.statistics.complete == sequential.statistics.complete == programs.EXPECTED[name][param]


@pytest.mark.parametrize("spec", ["specs/litmus/iriw.gol", "specs/errors/deadlock_lock_order.gol"])
def test_two_processes_list_findings_in_the_same_order(spec):
    """Reports list outcomes, races and leaks in a canonical order, not the search's."""
    program = lower(load_file(ROOT / spec))
    parallel, sequential = explore(program, Options(jobs=2)), explore(program, Options())
    assert [f.outcome for f in parallel.findings] == [f.outcome for f in sequential.findings]
    assert [race.key() for race in parallel.races] == [race.key() for race in sequential.races]
    assert outcome_lines(parallel) == outcome_lines(sequential)
