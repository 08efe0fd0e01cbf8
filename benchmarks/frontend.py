"""Benchmark: parse (and check, when the checker exists) a generated 2,000-line program.

Run with ``python benchmarks/frontend.py [LINES]``; prints the seconds each phase took. The
target is under one second for both together. This is a benchmark, not a test: timings vary.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from modelcheck.syntax.parser import parse  # noqa: E402

HEADER = """package main

import (
\t"fmt"
\t"sync"
\t"sync/atomic"
)

type Point struct {
\tX, Y int
\tnext *Point
}

var (
\tmu    sync.Mutex
\twg    sync.WaitGroup
\tcount atomic.Int32
\ttotal int
)

func (p *Point) Move(dx, dy int) {
\tp.X += dx
\tp.Y += dy
}
"""

FUNCTION = """
func work{i}(n int, c chan int) (int, bool) {{
\tsum := 0
\tp := &Point{{X: n, Y: {i}}}
\tfor k := 0; k < n; k++ {{
\t\tif k%2 == 0 && k != {i} {{
\t\t\tsum += k * 2
\t\t}} else {{
\t\t\tsum -= k >> 1
\t\t}}
\t}}
\tvalues := []int{{1, 2, 3, n}}
\tfor _, v := range values {{
\t\tp.Move(v, -v)
\t}}
\tswitch sum % 3 {{
\tcase 0:
\t\tcount.Add(1)
\tcase 1, 2:
\t\tmu.Lock()
\t\ttotal += sum
\t\tmu.Unlock()
\t}}
\tselect {{
\tcase c <- sum:
\tdefault:
\t}}
\tfmt.Println("work", {i}, sum, p.X)
\treturn sum, sum > 0
}}
"""

MAIN_HEAD = """
func main() {
\tc := make(chan int, 100)
"""


def generate(lines: int) -> str:
    """A valid program of about ``lines`` lines."""
    parts = [HEADER]
    total = HEADER.count("\n")
    index = 0
    per_function = FUNCTION.count("\n") + 5  # the function, and the goroutine main starts for it
    while total + per_function <= lines - 5:
        parts.append(FUNCTION.format(i=index))
        total += per_function
        index += 1
    parts.append(MAIN_HEAD)
    for i in range(index):
        parts.append(f"\twg.Add(1)\n\tgo func() {{\n\t\tdefer wg.Done()\n\t\twork{i}({i}, c)\n\t}}()\n")
    parts.append("\twg.Wait()\n}\n")
    return "".join(parts)


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    source = generate(lines)
    print(f"program: {source.count(chr(10))} lines, {len(source)} characters")
    parse("package main\nfunc main() {}\n", "warmup.gol")  # builds the parser tables once

    start = time.perf_counter()
    tree = parse(source, "bench.gol")
    parsed = time.perf_counter()
    print(f"parse: {parsed - start:.3f} s")

    if importlib.util.find_spec("modelcheck.syntax.checker") is not None:
        from modelcheck.syntax import check_program

        check_program(tree, source)
        checked = time.perf_counter()
        print(f"check: {checked - parsed:.3f} s")
        print(f"parse + check: {checked - start:.3f} s (target: under 1 s)")
    else:
        print("checker not available: parse only (target: under 1 s)")


if __name__ == "__main__":
    main()
