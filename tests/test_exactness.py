"""The reduced explorer is exact: on generated programs it finds the same outcomes, races,
deadlocks and leaks as naive enumeration of every interleaving (which skips states it has
already explored, so it stays feasible while still covering every interleaving)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from program_generator import programs
from result_summary import summary

from modelcheck.check import load_checked
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


@settings(max_examples=50)
@given(programs(channels=True))
def test_reduced_explorer_matches_naive_enumeration_on_buffered_channels(source):
    compare(source)


SELECTS = [
    # Two values in a buffered channel: main's receive takes the first and commutes with the
    # second send, so main may lock before the second sender does (a search that ordered the
    # receive after every send on the channel never tried it and missed "1 0").
    """package main

import "sync"

var mu sync.Mutex
var state int

func main() {
	order := make(chan int, 2)
	go func() { order <- 1 }()
	go func() {
		mu.Lock()
		state = 1
		mu.Unlock()
		order <- 2
	}()
	first := <-order
	mu.Lock()
	s := state
	mu.Unlock()
	println(first, s)
}
""",
    # A waiting select whose send case a receiver can complete, and whose other case (a closed
    # channel) is ready by itself: the reduction must try both.
    """package main

import "fmt"

func main() {
	reqch := make(chan int)
	cancel := make(chan struct{})
	go func() {
		v := <-reqch
		fmt.Println("got", v)
	}()
	close(cancel)
	select {
	case <-cancel:
		fmt.Println("cancel")
	case reqch <- 1:
	}
}
""",
    """package main

import "fmt"

func main() {
	a := make(chan int)
	b := make(chan int, 1)
	b <- 2
	go func() { fmt.Println("a", <-a) }()
	go func() {
		select {
		case a <- 1:
		case v := <-b:
			fmt.Println("b", v)
		}
	}()
	select {
	case a <- 3:
	case v := <-b:
		fmt.Println("main b", v)
	}
}
""",
]


@pytest.mark.parametrize("source", SELECTS)
def test_selects_whose_cases_are_ready_in_different_ways(source):
    compare(source)


LIBRARY_SPECS = Path(__file__).resolve().parent.parent / "specs" / "library"


@pytest.mark.parametrize("name", ["TestErrorGoesOn", "TestFatalInAnotherGoroutine", "TestLogAfterTheTest"])
def test_the_testing_model_is_explored_exactly(name):
    checked = load_checked(str(LIBRARY_SPECS / "testing_t"))
    (test,) = [t for t in checked.tests if t.name == name]
    program = lower(checked, test)
    reduced = explore(program, Options())
    naive = explore(program, Options(reduce=False, limits=Limits(max_memory=1 << 40)))
    assert summary(reduced) == summary(naive)
