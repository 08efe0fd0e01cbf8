"""Cross-check the specs against the real Go toolchain.

Every spec in ``specs/`` is valid Go (except files whose first line is ``// mc-only``). Each is built
with ``go build`` and ``go build -race`` and run many times; then:

- every outcome real Go produced (output, how it ended, panic message) must be allowed by the
  spec's own ``// expect`` lines under the ``go`` model (this needs no engine);
- every outcome real Go produced must be among ``mc check --json`` outcomes for the spec;
- every race Go's race detector reports (a pair of source lines) must be a race ``mc`` reports.

A real run can prove an outcome possible, never impossible: nothing here asks Go to find every
outcome ``mc`` finds.

Output is compared on **stdout only**. Go writes ``print``/``println`` to stderr, where it interleaves
with the race detector's and the runtime's reports, so the order of stdout and stderr text cannot be
recovered from a run. Specs therefore print what matters with ``fmt``; a spec whose outcome depends
on ``print`` output is only checked when it prints nothing with ``print``/``println``.

``-race`` binaries hang instead of reporting a global deadlock (golang/go#20588), so they run under
a short timeout whose expiry is ignored; deadlocks, panics and hangs come from the plain build.
Built binaries are cached by source hash in the temporary directory, so reruns are quick.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from modelcheck.semantics.outcomes import DEADLOCK_MESSAGE, Finding, Outcome, Result
from modelcheck.spectest.expectations import UNIVERSAL_KINDS, evaluate, parse_expectations

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
PLAIN_RUNS = int(os.environ.get("MC_REAL_GO_RUNS", "30"))
RACE_RUNS = int(os.environ.get("MC_REAL_GO_RACE_RUNS", "8"))
RUN_TIMEOUT = 5.0  # seconds per run of a plain binary: longer means the program hangs
RACE_TIMEOUT = 3.0  # a -race binary that runs longer is stuck in a deadlock it cannot report
CACHE = Path(tempfile.gettempdir()) / "mc-real-go-cache"
GO = shutil.which("go")

pytestmark = pytest.mark.skipif(
    GO is None, reason="the Go toolchain (`go`) is not on PATH: apt-get install golang-go"
)


def _engine_available() -> bool:
    try:
        import modelcheck.check  # noqa: F401
    except ImportError:
        return False
    return True


needs_engine = pytest.mark.skipif(
    not _engine_available(), reason="modelcheck.check (the engine behind `mc check`) does not exist yet"
)


def _all_specs() -> list[Path]:
    return sorted(path for path in SPECS.rglob("*.gol") if not path.read_text().startswith("// mc-only"))


SPEC_FILES = _all_specs()
SPEC_IDS = [str(path.relative_to(SPECS)) for path in SPEC_FILES]


# ------------------------------------------------------------------------------- building


def _key(spec: Path) -> str:
    return hashlib.sha256(spec.read_bytes() + GO.encode()).hexdigest()[:20]


def _build_batch(specs: list[Path], race: bool) -> dict[Path, str]:
    """Build ``specs`` as the main packages of one throwaway module, in one ``go build`` (Go
    builds the packages in parallel); return the build errors of the specs that fail."""
    errors: dict[Path, str] = {}
    if not specs:
        return errors
    flavour = "race" if race else "plain"
    with tempfile.TemporaryDirectory(prefix="mc-real-go-") as work:
        module = Path(work)
        (module / "go.mod").write_text("module specs\n\ngo 1.19\n")
        names = {}
        for spec in specs:
            name = "p" + _key(spec)
            names[name] = spec
            (module / name).mkdir()
            shutil.copyfile(spec, module / name / "main.go")
        out = module / "bin"
        out.mkdir()
        command = [GO, "build", *(["-race"] if race else []), "-o", str(out) + os.sep, "./..."]
        env = {**os.environ, "GOFLAGS": "-mod=mod", "GO111MODULE": "on"}
        if "HOME" not in env:  # go needs somewhere to cache its builds
            env.setdefault("GOCACHE", str(CACHE / "go-build"))
            env.setdefault("GOPATH", str(CACHE / "gopath"))
        batch = subprocess.run(command, cwd=module, capture_output=True, text=True, env=env)
        if batch.returncode != 0:  # find out which specs fail, one by one
            for name, spec in names.items():
                single = subprocess.run(
                    [GO, "build", *(["-race"] if race else []), "-o", str(out / name), f"./{name}"],
                    cwd=module,
                    capture_output=True,
                    text=True,
                    env=env,
                )
                if single.returncode != 0:
                    errors[spec] = single.stderr.replace(f"{name}/main.go", str(spec.relative_to(ROOT)))
        for name, spec in names.items():
            if (out / name).exists():
                target = CACHE / flavour / _key(spec)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(out / name, target)
    return errors


@cache
def built() -> dict[str, dict[Path, str]]:
    """Build every spec (plain and -race), reusing cached binaries; return build errors."""
    errors: dict[str, dict[Path, str]] = {}
    for flavour in ("plain", "race"):
        missing = [spec for spec in SPEC_FILES if not (CACHE / flavour / _key(spec)).exists()]
        errors[flavour] = _build_batch(missing, race=flavour == "race")
    return errors


def binary(spec: Path, flavour: str) -> Path:
    return CACHE / flavour / _key(spec)


# ------------------------------------------------------------------------------- running

_PANIC = re.compile(r"^panic: (.*?)(?: \[recovered\])?$", re.MULTILINE)
_FATAL = re.compile(r"^fatal error: (.*)$", re.MULTILINE)
_ACCESS = re.compile(r"^(?:Previous )?(?:[Ww]rite|[Rr]ead)(?: at 0x[0-9a-f]+)? by (?:main )?goroutine")
_FRAME = re.compile(r"^\s+(\S+?\.go):(\d+)")
_CHANNEL_FRAME = re.compile(r"^\s+runtime\.(?:closechan|chansend|chanrecv|chanlen|chancap)")


@dataclass
class RealRuns:
    """What real Go did with one spec: the distinct outcomes, and the race reports as pairs of
    source lines (of the spec)."""

    outcomes: set[Outcome] = field(default_factory=set)
    race_pairs: set[tuple[int, ...]] = field(default_factory=set)
    channel_races: set[tuple[int, ...]] = field(default_factory=set)
    race_runs: int = 0


def outcome_of(stdout: str, stderr: str, returncode: int | None) -> Outcome:
    """The outcome of one run: stdout, and how it ended (None: killed by the timeout)."""
    if returncode is None:
        return Outcome(stdout, "hang")
    fatal = _FATAL.search(stderr)
    if fatal and fatal.group(1) == DEADLOCK_MESSAGE:
        return Outcome(stdout, "deadlock", DEADLOCK_MESSAGE)
    panic = _PANIC.search(stderr)
    if returncode == 2 and panic:
        return Outcome(stdout, "panic", panic.group(1))
    if returncode == 2 and fatal:
        return Outcome(stdout, "fatal", fatal.group(1))
    if returncode in (0, 66):  # 66: a -race binary that ended normally after reporting races
        return Outcome(stdout, "ok")
    raise AssertionError(f"unexpected exit status {returncode}; stderr:\n{stderr}")


def race_pairs(stderr: str) -> tuple[set[tuple[int, ...]], set[tuple[int, ...]]]:
    """The source lines of both accesses of each ``WARNING: DATA RACE`` block: for each access
    the first stack frame in the spec itself (``main.go``), not in the runtime or libraries.
    Returns the memory races and, apart, the races Go reports between channel operations (an
    unsynchronized ``close`` and send): the race detector flags those, SEMANTICS.md does not."""
    memory, channel = set(), set()
    for block in stderr.split("WARNING: DATA RACE")[1:]:
        lines, current, on_channel = [], None, False
        for text in block.split("==================")[0].splitlines():
            if _ACCESS.match(text):
                current = len(lines)
                lines.append(None)
            elif current is not None and lines[current] is None:
                if _CHANNEL_FRAME.match(text):
                    on_channel = True
                frame = _FRAME.match(text)
                if frame and frame.group(1).endswith("main.go"):
                    lines[current] = int(frame.group(2))
            if text.startswith("Goroutine "):
                break
        found = tuple(sorted(line for line in lines if line is not None))
        if found:
            (channel if on_channel else memory).add(found)
    return memory, channel


def _run(executable: Path, timeout: float) -> tuple[str, str, int | None]:
    try:
        done = subprocess.run([str(executable)], capture_output=True, timeout=timeout)
        return done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace"), done.returncode
    except subprocess.TimeoutExpired as expired:
        return (
            (expired.stdout or b"").decode(errors="replace"),
            (expired.stderr or b"").decode(errors="replace"),
            None,
        )


def run_spec(spec: Path) -> RealRuns:
    """Run the plain binary PLAIN_RUNS times and the -race one RACE_RUNS times. A run that times
    out is a hang (plain) or a deadlock -race cannot report (race); either way, stop there."""
    runs = RealRuns()
    for _ in range(PLAIN_RUNS):
        stdout, stderr, code = _run(binary(spec, "plain"), RUN_TIMEOUT)
        runs.outcomes.add(outcome_of(stdout, stderr, code))
        if code is None:
            break
    if all(outcome.end == "deadlock" for outcome in runs.outcomes):
        return runs  # a -race binary would only hang
    for _ in range(RACE_RUNS):
        stdout, stderr, code = _run(binary(spec, "race"), RACE_TIMEOUT)
        if code is None:
            break
        runs.race_runs += 1
        memory, channel = race_pairs(stderr)
        runs.race_pairs |= memory
        runs.channel_races |= channel
        runs.outcomes.add(outcome_of(stdout, stderr, code))
    return runs


@cache
def all_real_runs() -> dict[Path, RealRuns]:
    """Every spec's real runs, computed once, several specs at a time."""
    errors = built()
    buildable = [spec for spec in SPEC_FILES if spec not in errors["plain"] and spec not in errors["race"]]
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(zip(buildable, pool.map(run_spec, buildable), strict=True))


def real_runs(spec: Path) -> RealRuns:
    errors = built()
    for flavour in ("plain", "race"):
        if spec in errors[flavour]:
            pytest.fail(f"`go build{' -race' if flavour == 'race' else ''}` fails:\n{errors[flavour][spec]}")
    return all_real_runs()[spec]


# ------------------------------------------------------------------------------- mc's view


@cache
def _mc_json(spec: Path) -> dict:
    command = [sys.executable, "-m", "modelcheck", "check", "--json", "--model", "go", str(spec)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode in (0, 1, 3), f"mc check failed ({done.returncode}):\n{done.stderr}"
    return json.loads(done.stdout)


@cache
def _all_mc_json() -> dict[Path, dict]:
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(zip(SPEC_FILES, pool.map(_mc_json, SPEC_FILES), strict=True))


def mc_json(spec: Path) -> dict:
    return _all_mc_json()[spec]


def _show(outcome: Outcome) -> str:
    return f"{outcome.output!r} ({outcome.describe()})"


NIL_DEREFERENCE = "runtime error: invalid memory address or nil pointer dereference"


def torn_read(outcome: Outcome, report: dict) -> bool:
    """A nil dereference real Go hit in a program where mc finds a data race and no nil
    dereference: a racy read of a string (a pointer and a length, written one word at a time)
    that saw the new length with the old, nil pointer. The Go memory model says such races
    may corrupt memory arbitrarily; mc keeps a string one location, so it does not list this
    outcome (README, "What mc does not model"), but it must report the race that causes it."""
    return (
        outcome.end == "panic"
        and outcome.message == NIL_DEREFERENCE
        and bool(report["races"])
        and not any(item.get("message") == NIL_DEREFERENCE for item in report["outcomes"])
    )


# ------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("spec", SPEC_FILES, ids=SPEC_IDS)
def test_real_go_agrees_with_the_expectations(spec: Path):
    """What real Go printed and how it ended must be allowed by the spec's `go` expectations,
    and a spec that says `no race` must not make Go's race detector speak."""
    runs = real_runs(spec)
    expectations = [
        e
        for e in parse_expectations(spec.read_text(), str(spec))
        if e.model == "go" and e.kind in UNIVERSAL_KINDS
    ]
    problems = []
    for outcome in sorted(runs.outcomes, key=_show):
        if outcome.end == "panic" and torn_read(outcome, mc_json(spec)):
            continue
        single = Result(str(spec), "go", findings=[Finding(outcome)])
        for expectation in expectations:
            if expectation.kind == "outputs":
                if outcome.output not in expectation.argument:
                    problems.append(
                        f"line {expectation.line}: real Go printed {_show(outcome)}, not in the outputs"
                    )
            elif expectation.kind in ("no race", "no race on", "no leak", "complete"):
                continue
            elif not evaluate(expectation, single).passed:
                problems.append(
                    f"line {expectation.line}: {expectation.describe()} but real Go gave {_show(outcome)}"
                )
    if runs.race_pairs and any(e.kind == "no race" for e in expectations):
        problems.append(
            f"the spec says no race, Go's race detector reports races at lines {sorted(runs.race_pairs)}"
        )
    assert not problems, "\n".join(problems)


@needs_engine
@pytest.mark.parametrize("spec", SPEC_FILES, ids=SPEC_IDS)
def test_real_outcomes_are_found_by_mc(spec: Path):
    """Every outcome real Go produced is among `mc check --json` outcomes (model go)."""
    runs = real_runs(spec)
    report = mc_json(spec)
    found = set()
    for item in report["outcomes"]:
        message = item.get("message") if item["end"] in ("panic", "fatal") else None
        found.add((item["output"], item["end"], message))
    missing = [
        outcome
        for outcome in runs.outcomes
        if (outcome.output, outcome.end, outcome.message if outcome.end in ("panic", "fatal") else None)
        not in found
        and not torn_read(outcome, report)
    ]
    assert not missing, (
        f"real Go produced outcomes mc does not list: {[_show(o) for o in missing]}; mc: {found}"
    )


@needs_engine
@pytest.mark.parametrize("spec", SPEC_FILES, ids=SPEC_IDS)
def test_real_races_are_found_by_mc(spec: Path):
    """Every pair of lines Go's race detector reports racing is a race `mc` reports."""
    runs = real_runs(spec)
    if not runs.race_pairs:
        return
    report = mc_json(spec)
    mc_pairs = {tuple(sorted(access["line"] for access in race["accesses"])) for race in report["races"]}
    mc_lines = {line for pair in mc_pairs for line in pair}
    missing = [
        pair
        for pair in sorted(runs.race_pairs)
        if pair not in mc_pairs and not (len(pair) == 1 and pair[0] in mc_lines)
    ]
    racy_variables = sorted({race["variable"] for race in report["races"]})
    assert not missing, (
        f"Go reports races at lines {missing}; mc reports {sorted(mc_pairs)} on {racy_variables}"
    )
