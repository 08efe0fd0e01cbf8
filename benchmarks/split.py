"""How one process's exploration time splits between the machine and the search.

    python benchmarks/split.py [--rounds N] [NAME(PARAM)...]

The machine is everything that runs a program (``Machine.execute``, ``goroutine_transitions``,
``pending_objects`` and ``State.copy``); the search is the rest (DPOR in explore/dpor.py and the
collector). Each row is run plainly and with those four methods timed, in turns, best of
``--rounds``; the timing wrappers' own cost, measured on an empty method, is taken off. The last
column is the bound Amdahl's law puts on a faster machine: the executions per second the search
would reach if the machine cost nothing.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from run import run_row  # noqa: E402

from modelcheck.semantics.events import Machine  # noqa: E402
from modelcheck.semantics.state import State  # noqa: E402

ROWS = ["lastzero(10)", "fib_bench(4)", "indexer(15)", "filesystem(19)"]
TIMED = [
    (Machine, "execute"),
    (Machine, "goroutine_transitions"),
    (Machine, "pending_objects"),
    (State, "copy"),
]


class Timer:
    """Accumulates the time spent in the outermost calls of the timed methods."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self.depth = 0
        self.originals = [(owner, name, getattr(owner, name)) for owner, name in TIMED]

    def wrap(self, method):
        def timed(*arguments, **keywords):
            if self.depth:
                return method(*arguments, **keywords)
            self.depth = 1
            self.calls += 1
            start = time.perf_counter()
            try:
                return method(*arguments, **keywords)
            finally:
                self.seconds += time.perf_counter() - start
                self.depth = 0

        return timed

    def __enter__(self) -> Timer:
        for owner, name, method in self.originals:
            setattr(owner, name, self.wrap(method))
        return self

    def __exit__(self, *_exception) -> None:
        for owner, name, method in self.originals:
            setattr(owner, name, method)


def wrapper_cost(calls: int = 200_000) -> float:
    """Seconds a timed wrapper adds inside its own measurement, per call (empty method)."""
    timer = Timer()
    empty = timer.wrap(lambda: None)
    best = float("inf")
    for _ in range(5):
        timer.seconds = 0.0
        for _ in range(calls):
            empty()
        best = min(best, timer.seconds / calls)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("rows", nargs="*", default=ROWS)
    arguments = parser.parse_args()
    per_call = wrapper_cost()
    print("| row | complete | seconds | machine | search | machine share | exec/s | exec/s, free machine |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for text in arguments.rows:
        name, param = re.fullmatch(r"(\w+)\((\d+)\)", text).groups()  # type: ignore[union-attr]
        plain, machine = float("inf"), float("inf")
        for _ in range(arguments.rounds):
            row = run_row(name, int(param))
            plain = min(plain, row.seconds)
            with Timer() as timer:
                run_row(name, int(param))
            machine = min(machine, timer.seconds - timer.calls * per_call)
        search = plain - machine
        print(
            f"| {text} | {row.complete:,} | {plain:.2f} | {machine:.2f} | {search:.2f} | "
            f"{machine / plain:.0%} | {row.complete / plain:,.0f} | {row.complete / search:,.0f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
