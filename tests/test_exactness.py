"""The reduced explorer is exact: on generated programs it finds the same outcomes, races,
deadlocks and leaks as naive enumeration of every interleaving (which skips states it has
already explored, so it stays feasible while still covering every interleaving)."""

from __future__ import annotations

from hypothesis import given, settings
from program_generator import programs
from result_summary import summary

from modelcheck.explore import Options, explore
from modelcheck.ir import lower
from modelcheck.semantics.bounds import Limits
from modelcheck.syntax import load_source


def compare(source: str) -> None:
    program = lower(load_source(source, "generated.gol"))
    reduced = explore(program, Options())
    # Naive enumeration keeps every state it saw: it may hold more than --max-memory.
    naive = explore(program, Options(reduce=False, limits=Limits(max_memory=1 << 40)))
    assert summary(reduced) == summary(naive), source


@settings(max_examples=300)
@given(programs())
def test_reduced_explorer_matches_naive_enumeration(source):
    compare(source)


@settings(max_examples=80)
@given(programs(memory=True))
def test_reduced_explorer_matches_naive_enumeration_on_maps_and_slices(source):
    compare(source)
