"""Cross-check the package specs (directories with _test.go files) against real ``go test``.

Each package is copied beside a go.mod, vetted (the bug kernels of specs/real must pass
``go vet``), and its test binary built plain and with ``-race``. Every test runs several times;
each run's verdict must be one ``mc`` lists for that test:

- ``PASS``: some execution passes (prints PASS and ends normally);
- ``--- FAIL`` with its log: some execution prints that failure with the same log lines;
- a panic: some execution panics with the same message (go test adds `` [recovered]``);
- ``test timed out`` (the test hung past a short ``-test.timeout``): some execution deadlocks
  or hangs;
- a report of Go's race detector: ``mc`` reports a race in the test.

A real run proves a verdict possible, never impossible: nothing here asks Go to find them all.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest

from modelcheck.semantics.outcomes import END_DEADLOCK, END_HANG, END_OK, END_PANIC

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = sorted({test.parent for test in (ROOT / "specs").rglob("*_test.go")})
VETTED = ROOT / "specs" / "real"  # the library specs misuse testing on purpose (go vet says so)
RUNS = 4
TEST_TIMEOUT = "3s"
GO = shutil.which("go")

pytestmark = pytest.mark.skipif(GO is None, reason="the Go toolchain (`go`) is not on PATH")


@cache
def workspace() -> Path:
    return Path(tempfile.mkdtemp(prefix="mc-real-go-tests-"))


@cache
def built(package: Path) -> tuple[Path, Path, str]:
    """The package's plain and -race test binaries, and go vet's complaints ("" if none)."""
    directory = workspace() / package.relative_to(ROOT).as_posix().replace("/", "_")
    directory.mkdir(parents=True, exist_ok=True)
    for file in package.glob("*.go"):
        shutil.copy(file, directory / file.name)
    (directory / "go.mod").write_text("module example.com/spec\n\ngo 1.19\n")
    vet = subprocess.run([GO, "vet", "."], cwd=directory, capture_output=True, text=True)
    plain, race = directory / "plain.test", directory / "race.test"
    for output, flags in ((plain, []), (race, ["-race"])):
        subprocess.run([GO, "test", "-c", *flags, "-o", str(output), "."], cwd=directory, check=True)
    return plain, race, vet.stdout + vet.stderr if vet.returncode else ""


def run_test(binary: Path, test: str) -> tuple[str, str]:
    answer = subprocess.run(
        [str(binary), "-test.run", f"^{test}$", "-test.timeout", TEST_TIMEOUT],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return answer.stdout, answer.stderr


def verdict_of(test: str, stdout: str, stderr: str) -> tuple:
    """("pass",), ("fail", log lines), ("panic", message) or ("hang",) of one go test run."""
    text = stdout + stderr
    if "panic: test timed out after" in text:
        return ("hang",)
    panic = re.search(r"^panic: (.*?)(?: \[recovered\])?$", text, re.MULTILINE)
    if panic:
        return ("panic", panic.group(1))
    if f"--- FAIL: {test} " in stdout:
        block = stdout.split(f"--- FAIL: {test} ", 1)[1].split("\n")[1:]
        log = tuple(line for line in block if line.startswith("    "))
        return ("fail", log)
    return ("pass",)


@cache
def mc_result(package: Path, test: str):
    from modelcheck.check import check_entry, load_checked
    from modelcheck.explore import Options

    checked = load_checked(str(package))
    (entry,) = [t for t in checked.tests if t.name == test]
    return check_entry(checked, entry, "go", Options())


def mc_lists(result, verdict: tuple) -> bool:
    findings = result.findings
    if verdict[0] == "pass":
        return any(f.outcome.end == END_OK and f.outcome.output.endswith("PASS\n") for f in findings)
    if verdict[0] == "hang":
        return any(f.outcome.end in (END_DEADLOCK, END_HANG) for f in findings)
    if verdict[0] == "panic":
        return any(f.outcome.end == END_PANIC and f.outcome.message == verdict[1] for f in findings)
    log = "".join(line + "\n" for line in verdict[1])
    return any(
        f"\n{log}FAIL\n" in "\n" + f.outcome.output.split("--- FAIL: ", 1)[-1].split("\n", 1)[-1]
        for f in findings
    )


def names_of_tests(package: Path) -> list[str]:
    from modelcheck.check import load_checked

    return [test.name for test in load_checked(str(package)).tests]


CASES = [(package, test) for package in PACKAGES for test in names_of_tests(package)]
IDS = [f"{package.relative_to(ROOT / 'specs')}::{test}" for package, test in CASES]


@pytest.mark.parametrize("package", PACKAGES, ids=[str(p.relative_to(ROOT / "specs")) for p in PACKAGES])
def test_bug_kernels_pass_go_vet(package: Path):
    if VETTED not in package.parents:
        pytest.skip("only specs/real promises go vet")
    assert built(package)[2] == ""


@pytest.mark.parametrize(("package", "test"), CASES, ids=IDS)
def test_every_go_test_verdict_is_one_mc_lists(package: Path, test: str):
    plain, race, _ = built(package)
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda _: run_test(plain, test), range(RUNS)))
    verdicts = {verdict_of(test, stdout, stderr) for stdout, stderr in runs}
    result = mc_result(package, test)
    missing = [v for v in verdicts if not mc_lists(result, v)]
    assert not missing, f"go test showed {missing}; mc lists {[f.outcome for f in result.findings]}"
    stdout, stderr = run_test(race, test)
    if "WARNING: DATA RACE" in stdout + stderr:
        assert result.races, "go test -race reports a data race that mc does not"
