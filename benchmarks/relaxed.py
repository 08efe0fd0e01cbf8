"""Benchmark: seconds the relaxed engine takes per litmus test and per spec, under go and sc.

Run with ``python benchmarks/relaxed.py [--unroll N] [PATHS...]`` (default: every spec under
specs/). Targets: each litmus test under one second, the slowest spec under ten. Each line
shows the time of the unrolling, encoding and every solver call together, the number of
events, outcomes and solver calls. This is a benchmark, not a test: timings vary.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from modelcheck.explore import DEFAULT_UNROLL  # noqa: E402
from modelcheck.ir import lower  # noqa: E402
from modelcheck.relaxed import Unsupported, explore_relaxed  # noqa: E402
from modelcheck.syntax import load_file  # noqa: E402

LITMUS_TARGET, SPEC_TARGET = 1.0, 10.0


def measure(path: Path, unroll: int) -> tuple[list[str], float]:
    program = lower(load_file(str(path)))
    cells = []
    slowest = 0.0
    for model in ("go", "sc"):
        started = time.perf_counter()
        try:
            result = explore_relaxed(program, model, unroll)
        except Unsupported as unsupported:
            return [f"{path.relative_to(ROOT)}: unsupported ({unsupported.reason})"], 0.0
        seconds = time.perf_counter() - started
        slowest = max(slowest, seconds)
        incomplete = "" if result.complete else " incomplete"
        counts = f"{len(result.outcomes):3} outcomes {result.solver_calls:3} calls"
        cells.append(f"{model} {seconds:6.2f}s {counts}{incomplete}")
    events = result.events
    return [f"{str(path.relative_to(ROOT)):45} {events:4} events  " + "  ".join(cells)], slowest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "specs")])
    parser.add_argument("--unroll", type=int, default=DEFAULT_UNROLL)
    arguments = parser.parse_args()
    files = sorted(
        {
            spec
            for path in arguments.paths
            for spec in (Path(path).rglob("*.gol") if Path(path).is_dir() else [Path(path)])
        }
    )
    worst_litmus = worst_spec = 0.0
    for path in files:
        lines, seconds = measure(path.resolve(), arguments.unroll)
        print(*lines, sep="\n", flush=True)
        if path.parent.name == "litmus":
            worst_litmus = max(worst_litmus, seconds)
        worst_spec = max(worst_spec, seconds)
    print(f"slowest litmus test: {worst_litmus:.2f}s (target {LITMUS_TARGET:.0f}s)")
    print(f"slowest spec: {worst_spec:.2f}s (target {SPEC_TARGET:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
