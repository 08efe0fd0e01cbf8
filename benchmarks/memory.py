"""Memory over a long exploration: the explorer's resident set size sampled as executions go by.

    python benchmarks/memory.py [NAME PARAM] [--every N]

The search keeps one state per level of the current execution plus what the report needs
(one witness per outcome, one entry per distinct race), so after warm-up the resident size
should stay flat however many executions have been explored. Defaults: lastzero(15),
147,456 executions, sampled every 10,000. Linux only (reads /proc/self/statm).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from programs import EXPECTED, source  # noqa: E402

from modelcheck.explore import Options, explore  # noqa: E402
from modelcheck.ir import lower  # noqa: E402
from modelcheck.syntax import load_source  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")


def resident_megabytes() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", nargs="?", default="lastzero")
    parser.add_argument("param", nargs="?", type=int, default=15)
    parser.add_argument("--every", type=int, default=10_000, help="runs between samples")
    arguments = parser.parse_args()
    program_ir = lower(load_source(source(arguments.name, arguments.param), f"{arguments.name}.gol"))
    print(f"{arguments.name}({arguments.param}): {EXPECTED[arguments.name][arguments.param]:,} traces")
    print(f"{'runs':>10} {'complete':>10} {'resident MB':>12}")

    def sample(result) -> None:
        statistics = result.statistics
        runs = statistics.complete + statistics.redundant + statistics.blocked + statistics.bounded
        print(f"{runs:>10,} {statistics.complete:>10,} {resident_megabytes():>12.1f}", flush=True)

    options = Options(unroll=1000, progress=sample, progress_every=arguments.every)
    result = explore(program_ir, options)
    sample(result)
    return 0 if result.complete else 1


if __name__ == "__main__":
    sys.exit(main())
