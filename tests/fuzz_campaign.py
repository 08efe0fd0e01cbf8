"""A long fuzz campaign, run by hand: every input must get an answer within its bound.

    python tests/fuzz_campaign.py --count 10000 --seed S [--out DIR] [--workers 2]

Runs the generators of tests/fuzzing.py at scale (generated programs, byte- and token-level
mutants of every spec, the extreme programs under every invocation) on worker processes, stops
an input that is past its bound (``--timeout`` + 10 s by default), prints figures, writes each
failing input to DIR (NNNNN.gol and NNNNN.txt), and shrinks one input per distinct failure to a
small reproducer (DIR/distinct-NN.gol). Exit status: 0 when every input got a proper answer.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

import fuzzing
from hypothesis import HealthCheck, Phase, given, seed, settings

SHARES = {"generated": 0.25, "bytes": 0.35, "tokens": 0.40}  # of what the extremes leave
STRATEGIES = {
    "generated": fuzzing.generated_inputs,
    "bytes": fuzzing.byte_mutants,
    "tokens": fuzzing.token_mutants,
}
EXTREME_SHARE = 0.05
RECYCLE_AFTER = 500  # inputs a worker runs before it is replaced by a fresh one
SLOW_MARGIN = 3.0  # an answer later than timeout + this is counted as slow (not a failure)


@dataclass
class Record:
    """One run of the campaign."""

    number: int
    fuzz_input: fuzzing.FuzzInput
    run: fuzzing.RunResult
    problems: list[str]
    signature: str


# --- the plan ------------------------------------------------------------------------------------


def sample(strategy, count: int, seed_value: int) -> list:
    """``count`` values drawn from a hypothesis strategy, the same for the same seed."""
    drawn = []

    @seed(seed_value)
    @settings(
        max_examples=count,
        database=None,
        derandomize=False,
        deadline=None,
        phases=(Phase.generate,),
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(value):
        drawn.append(value)

    collect()
    return drawn


def extremes(count: int) -> list[fuzzing.FuzzInput]:
    """``count`` runs of the extreme programs, cycling through programs and invocations."""
    programs = list(fuzzing.EXTREMES.items())
    chosen = []
    for number in range(count):
        name, text = programs[number % len(programs)]
        args = fuzzing.INVOCATIONS[(number // len(programs) + number) % len(fuzzing.INVOCATIONS)]
        chosen.append(fuzzing.FuzzInput("extreme", name, text.encode(), args))
    return chosen


def counts_by_kind(total: int) -> dict[str, int]:
    """``total`` split by SHARES (the last kind takes what rounding leaves)."""
    counts = {kind: int(total * share) for kind, share in SHARES.items()}
    counts[list(SHARES)[-1]] += total - sum(counts.values())
    return counts


def plan(count: int, seed_value: int) -> list[fuzzing.FuzzInput]:
    """The campaign's inputs, shuffled: every extreme program at least once, the rest by SHARES."""
    extreme_count = min(count, max(len(fuzzing.EXTREMES), round(count * EXTREME_SHARE)))
    inputs = extremes(extreme_count)
    for offset, (kind, wanted) in enumerate(counts_by_kind(count - extreme_count).items()):
        inputs.extend(sample(STRATEGIES[kind](), wanted, seed_value + offset)[:wanted])
    random.Random(seed_value).shuffle(inputs)
    return inputs


# --- running -------------------------------------------------------------------------------------


def run_all(inputs, workers: int, bound: float, report):
    """Run every input on ``workers`` processes; call ``report(number, input, run)`` for each."""
    idle = [fuzzing.Worker() for _ in range(workers)]
    busy: dict[fuzzing.Worker, tuple[int, fuzzing.FuzzInput]] = {}
    served = collections.Counter()
    queue = collections.deque(enumerate(inputs))
    while queue or busy:
        while idle and queue:
            worker = idle.pop()
            busy[worker] = queue.popleft()
            worker.submit(busy[worker][1])
        deadline = min(worker.started for worker in busy) + bound
        ready = wait([worker.connection for worker in busy], timeout=max(0.0, deadline - time.perf_counter()))
        for worker in list(busy):
            if worker.connection in ready or time.perf_counter() >= worker.started + bound:
                number, fuzz_input = busy.pop(worker)
                report(number, fuzz_input, worker.collect(bound))
                served[worker] += 1
                if served[worker] % RECYCLE_AFTER == 0:
                    worker.close()
                idle.append(worker)
    for worker in idle:
        worker.close()


def run_campaign(inputs, options) -> list[Record]:
    """Run the inputs, print progress, write each failing input to the output directory."""
    records: list[Record] = []
    started = time.perf_counter()

    def report(number, fuzz_input, run):
        found = fuzzing.problems(run)
        record = Record(number, fuzz_input, run, found, fuzzing.signature(run) if found else "")
        records.append(record)
        if found:
            write_failure(options.out, record)
        if len(records) % options.progress == 0:
            failing = sum(1 for r in records if r.problems)
            elapsed = time.perf_counter() - started
            print(f"  {len(records)}/{len(inputs)} run, {failing} failing, {elapsed:.0f}s", flush=True)

    run_all(inputs, options.workers, options.bound, report)
    return sorted(records, key=lambda record: record.number)


def reproduce_command(fuzz_input: fuzzing.FuzzInput, path: Path) -> str:
    return "mc " + " ".join(fuzz_input.argv(str(path), str(path.parent)))


def write_failure(directory: Path, record: Record, name: str | None = None) -> Path:
    """NAME.gol (the input's bytes) and NAME.txt (how it failed and how to run it again)."""
    name = name or f"{record.number:05d}"
    source = directory / f"{name}.gol"
    source.write_bytes(record.fuzz_input.data)
    text = f"reproduce: {reproduce_command(record.fuzz_input, source)}\nsignature: {record.signature}\n"
    (directory / f"{name}.txt").write_text(text + fuzzing.describe(record.fuzz_input, record.run))
    return source


# --- shrinking a failure -------------------------------------------------------------------------


def lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def tokens(data: bytes) -> list[bytes]:
    return [token.encode("latin-1") for token in fuzzing.tokens_of(data.decode("latin-1"))]


def shrink(data: bytes, still_fails, budget: int) -> bytes:
    """A smaller ``data`` for which ``still_fails`` holds: chunks of lines, then of tokens, are
    left out while it keeps failing (at most ``budget`` tries)."""
    for split in (lines, tokens):
        units = split(data)
        chunk = max(1, len(units) // 2)
        while budget > 0:
            index = 0
            while index < len(units) and budget > 0:
                candidate = units[:index] + units[index + chunk :]
                budget -= 1
                if candidate and still_fails(b"".join(candidate)):
                    units = candidate
                else:
                    index += chunk
            if chunk == 1:
                break
            chunk //= 2
        data = b"".join(units)
    return data


def minimize(record: Record, worker: fuzzing.Worker, bound: float, budget: int) -> Record:
    """The record's failure on a smaller input: the same signature, or past its bound again."""

    def fails_alike(data: bytes) -> bool:
        run = worker.run(
            fuzzing.FuzzInput(record.fuzz_input.kind, "shrunk", data, record.fuzz_input.args), bound
        )
        if record.run.past_bound:
            return run.past_bound
        return bool(fuzzing.problems(run)) and fuzzing.signature(run) == record.signature

    data = shrink(record.fuzz_input.data, fails_alike, budget)
    smaller = fuzzing.FuzzInput(record.fuzz_input.kind, record.fuzz_input.label, data, record.fuzz_input.args)
    run = worker.run(smaller, bound)
    return Record(record.number, smaller, run, fuzzing.problems(run), fuzzing.signature(run))


def distinct_failures(records: list[Record]) -> dict[str, list[Record]]:
    """The failing records grouped by signature, the most frequent first."""
    groups: dict[str, list[Record]] = collections.defaultdict(list)
    for record in records:
        if record.problems:
            groups[record.signature].append(record)
    return dict(sorted(groups.items(), key=lambda item: -len(item[1])))


def reproducers(groups, options) -> dict[str, Record]:
    """For each distinct failure, its smallest input, shrunk unless it is a hang (and
    --shrink-hangs is not given), written to DIR/distinct-NN.*."""
    worker = fuzzing.Worker()
    chosen = {}
    for number, (key, group) in enumerate(groups.items(), 1):
        smallest = min(group, key=lambda record: len(record.fuzz_input.data))
        if options.shrink_budget and (options.shrink_hangs or not smallest.run.past_bound):
            shrunk = minimize(smallest, worker, options.bound, options.shrink_budget)
            smallest = shrunk if shrunk.problems else smallest
        write_failure(options.out, smallest, f"distinct-{number:02d}")
        chosen[key] = smallest
    worker.close()
    return chosen


# --- figures -------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def exit_label(record: Record) -> str:
    if record.run.past_bound:
        return "none (past bound)"
    if record.run.crashed:
        return "none (crashed)"
    return str(record.run.exit_code)


def figures(records: list[Record], options) -> dict:
    """The campaign's numbers."""
    seconds = [record.run.seconds for record in records]
    slow_after = float(fuzzing.TIMEOUT) + SLOW_MARGIN
    return {
        "inputs": len(records),
        "by_kind": dict(collections.Counter(record.fuzz_input.kind for record in records)),
        "by_command": dict(collections.Counter(record.fuzz_input.args[0] for record in records)),
        "specs_mutated": len(
            {r.fuzz_input.label for r in records if r.fuzz_input.kind in ("bytes", "tokens")}
        ),
        "exit_status": dict(sorted(collections.Counter(exit_label(r) for r in records).items())),
        "tracebacks": sum(1 for r in records if r.run.exception or "Traceback" in r.run.output),
        "past_bound": sum(1 for record in records if record.run.past_bound),
        "crashed": sum(1 for record in records if record.run.crashed),
        "slow_answers": sum(1 for r in records if not r.run.past_bound and r.run.seconds > slow_after),
        "failing_inputs": sum(1 for record in records if record.problems),
        "max_seconds": round(max(seconds, default=0.0), 2),
        "p99_seconds": round(percentile(seconds, 0.99), 2),
        "median_seconds": round(statistics.median(seconds) if seconds else 0.0, 3),
        "bound_seconds": options.bound,
    }


def print_figures(numbers: dict, groups, chosen, options, elapsed: float) -> None:
    print(f"\nmc fuzz campaign: seed {options.seed}, {options.workers} workers, {elapsed:.0f}s")
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(numbers["by_kind"].items()))
    commands = ", ".join(f"{kind} {count}" for kind, count in sorted(numbers["by_command"].items()))
    print(f"inputs run: {numbers['inputs']} ({kinds}); by command: {commands}")
    print(f"specs mutated: {numbers['specs_mutated']} of {len(fuzzing.SPECS)}")
    print("exit status: " + ", ".join(f"{label}: {count}" for label, count in numbers["exit_status"].items()))
    print(f"tracebacks (exceptions that escaped, or internal errors): {numbers['tracebacks']}")
    print(f"past their bound ({numbers['bound_seconds']:g}s): {numbers['past_bound']}")
    print(f"crashed: {numbers['crashed']}")
    print(
        f"slow answers (after more than {float(fuzzing.TIMEOUT) + SLOW_MARGIN:g}s): {numbers['slow_answers']}"
    )
    print(
        f"wall time per input: max {numbers['max_seconds']}s, p99 {numbers['p99_seconds']}s, "
        f"median {numbers['median_seconds']}s"
    )
    print(f"failing inputs: {numbers['failing_inputs']}, distinct failures: {len(groups)}, in {options.out}")
    for number, (key, group) in enumerate(groups.items(), 1):
        kinds = ", ".join(sorted({record.fuzz_input.kind for record in group}))
        example = chosen[key]
        print(f"\n{number}. {key}  [{len(group)} inputs: {kinds}]")
        print(f"   {example.run.exception or '; '.join(example.problems)}")
        reproducer = options.out / f"distinct-{number:02d}.gol"
        print(f"   reproduce: {reproduce_command(example.fuzz_input, reproducer)}")
        text = example.fuzz_input.data.decode("utf-8", "backslashreplace")
        if len(text) < 1200:
            print("   " + text.rstrip().replace("\n", "\n   "))


# --- the command ---------------------------------------------------------------------------------


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="inputs to run (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generators (default 0)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--bound", type=float, default=float(fuzzing.TIMEOUT) + 10, help="seconds per input")
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"), help="where failing inputs go")
    parser.add_argument("--progress", type=int, default=250, help="print progress every N inputs")
    parser.add_argument(
        "--shrink-budget", type=int, default=200, help="runs per reproducer (0: no shrinking)"
    )
    parser.add_argument("--shrink-hangs", action="store_true", help="also shrink inputs past their bound")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    options = arguments(argv)
    options.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    inputs = plan(options.count, options.seed)
    print(f"running {len(inputs)} inputs on {options.workers} workers, bound {options.bound:g}s", flush=True)
    records = run_campaign(inputs, options)
    groups = distinct_failures(records)
    chosen = reproducers(groups, options)
    numbers = figures(records, options)
    numbers["distinct_failures"] = [
        {"signature": key, "inputs": len(group), "reproducer": f"distinct-{number:02d}.gol"}
        for number, (key, group) in enumerate(groups.items(), 1)
    ]
    (options.out / "summary.json").write_text(json.dumps(numbers, indent=2) + "\n")
    print_figures(numbers, groups, chosen, options, time.perf_counter() - started)
    return 1 if groups else 0


if __name__ == "__main__":
    sys.exit(main())
