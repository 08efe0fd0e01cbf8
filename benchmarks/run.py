"""Run the DPOR benchmark suite (benchmarks/programs.py) through the explorer.

    python benchmarks/run.py [--quick] [--json] [--timeout SECONDS] [NAME...]

One row per benchmark and parameter: complete executions, the optimal (expected) count,
redundant (sleep-set-blocked) runs, blocked runs, events, seconds and complete executions per
second. A row fails when its count differs from the expected one or when a safety bound
stopped it: at most 2x the expected complete executions (so a broken reduction cannot run
forever) and, with ``--timeout``, that many seconds. The exit status is 1 when a row failed.
``--quick`` runs the parameters that finish in about a minute here; the default is the full
set, which includes the throughput rows of issue 7 (fib_bench(4), lastzero(10), indexer(15),
filesystem(19)).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from programs import EXPECTED, source  # noqa: E402

from modelcheck.explore import Options, explore  # noqa: E402
from modelcheck.ir import lower  # noqa: E402
from modelcheck.syntax import load_source  # noqa: E402

LITMUS = {"SB": [None], "MP": [None], "LB": [None], "2+2W": [None], "CoRR": [None], "IRIW-like": [None]}

QUICK: dict[str, list[int | None]] = {
    "lastzero": [3, 5, 7],
    "readers": [2, 10],
    "indexer": [12, 13],
    "filesystem": [14, 16],
    "fib_bench": [1, 2, 3],
    "opt_lock": [1, 2, 3, 4],
    "n_writers_a_reader": [2, 4, 5],
    "redundant_co": [1, 2, 4],
    "ainc": [3, 5, 6],
    "casrot": [2, 3, 4, 5, 6],
    "lockinc": [3, 6],
    "mpat": [2, 3, 4],
    **LITMUS,
}

FULL: dict[str, list[int | None]] = {name: list(counts) for name, counts in EXPECTED.items()}

UNROLL = 1000  # far above any loop of the suite, so no execution is cut by the bound


@dataclass
class Row:
    """One measured benchmark run."""

    name: str
    param: int | None
    complete: int
    expected: int
    redundant: int
    blocked: int
    bounded: int
    events: int
    seconds: float
    stopped: str | None  # why a safety bound ended the search early, or None

    @property
    def ok(self) -> bool:
        return self.stopped is None and self.bounded == 0 and self.complete == self.expected

    @property
    def per_second(self) -> float:
        return self.complete / self.seconds if self.seconds > 0 else 0.0


def run_row(name: str, param: int | None, timeout: float | None = None) -> Row:
    """Explore benchmark ``name`` at ``param`` once and measure it."""
    expected = EXPECTED[name][param]
    label = name if param is None else f"{name}({param})"
    program_ir = lower(load_source(source(name, param), f"{label}.gol"))
    options = Options(unroll=UNROLL, reduce=True, max_executions=2 * expected, timeout=timeout)
    result = explore(program_ir, options)
    statistics = result.statistics
    stopped = None if result.complete else "; ".join(result.incomplete_reasons) or "incomplete"
    return Row(
        name=name,
        param=param,
        complete=statistics.complete,
        expected=expected,
        redundant=statistics.redundant,
        blocked=statistics.blocked,
        bounded=statistics.bounded,
        events=statistics.events,
        seconds=statistics.seconds,
        stopped=stopped,
    )


HEADER = (
    f"{'benchmark':<24} {'complete':>9} {'expected':>9} {'redundant':>9} {'blocked':>7} "
    f"{'events':>10} {'seconds':>8} {'exec/s':>8}"
)


def format_row(row: Row) -> str:
    """A table line; failed rows say why."""
    label = row.name if row.param is None else f"{row.name}({row.param})"
    line = (
        f"{label:<24} {row.complete:>9,} {row.expected:>9,} {row.redundant:>9,} {row.blocked:>7,} "
        f"{row.events:>10,} {row.seconds:>8.2f} {row.per_second:>8,.0f}"
    )
    if not row.ok:
        reasons = [row.stopped] if row.stopped else []
        if row.complete != row.expected:
            reasons.append("complete != expected")
        line += "  FAILED: " + "; ".join(reasons)
    return line


def selected(names: list[str], quick: bool) -> list[tuple[str, int | None]]:
    """The (name, param) pairs to run, in table order."""
    table = QUICK if quick else FULL
    unknown = [name for name in names if name not in table]
    if unknown:
        raise SystemExit(f"unknown benchmark: {', '.join(unknown)} (known: {', '.join(table)})")
    return [(name, param) for name in table if not names or name in names for param in table[name]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the DPOR benchmark suite through the explorer.")
    parser.add_argument("--quick", action="store_true", help="the parameters that run in about a minute")
    parser.add_argument("--json", action="store_true", help="one JSON object per row")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per row before it is stopped")
    parser.add_argument("names", nargs="*", metavar="NAME", help="benchmarks to run (default: all)")
    arguments = parser.parse_args(argv)
    if not arguments.json:
        print(HEADER, flush=True)
    failed = 0
    for name, param in selected(arguments.names, arguments.quick):
        row = run_row(name, param, arguments.timeout)
        failed += not row.ok
        if arguments.json:
            print(json.dumps({**asdict(row), "seconds": round(row.seconds, 4), "ok": row.ok}), flush=True)
        else:
            print(format_row(row), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
