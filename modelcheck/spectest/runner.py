"""``mc test``: check every spec with its ``// expect`` lines and say which fail, and why.

Each ``.gol`` file is checked once per model its expectations name (``go`` for plain
``// expect:``); every expectation is evaluated against the result of its model. Files are checked
in parallel processes, but reported in sorted order so that the report is stable.
"""

from __future__ import annotations

import fnmatch
import os
import shlex
import time
import traceback
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from modelcheck.spectest.expectations import (
    MAY_DEADLOCK,
    MAY_LEAK,
    MAY_OUTPUT,
    MAY_PANIC,
    MAY_PRINT,
    NEVER_OUTPUT,
    NEVER_PRINT,
    NO_DEADLOCK,
    NO_LEAK,
    NO_PANIC,
    NO_RACE,
    NO_RACE_ON,
    OUTPUTS,
    RACE_ON,
    Expectation,
    Verdict,
    evaluate,
    parse_expectations,
)
from modelcheck.syntax.diagnostics import SourceError

PASS, FAIL, SKIP = "PASS", "FAIL", "SKIP"


@dataclass
class SpecReport:
    """What checking one spec gave: its status and, for a failure, the lines explaining it."""

    path: str
    status: str
    details: list[str] = field(default_factory=list)
    seconds: float = 0.0
    expectations: int = 0


def find_specs(paths: Iterable[str], pattern: str | None = None) -> list[str]:
    """The ``.gol`` files under ``paths`` (files named directly are taken whatever their
    extension), sorted and without duplicates, filtered by ``pattern``: a glob when it has
    wildcards, else a substring of the path."""
    found: set[str] = set()
    for path in paths:
        location = Path(path)
        if location.is_dir():
            found.update(str(spec) for spec in location.rglob("*.gol") if spec.is_file())
            found.update(str(test.parent) for test in location.rglob("*_test.go") if test.is_file())
        else:
            found.add(str(location))  # a missing file is reported as a failure, not dropped
    if pattern:
        if any(char in pattern for char in "*?["):
            found = {
                spec
                for spec in found
                if fnmatch.fnmatch(spec, pattern) or fnmatch.fnmatch(spec, f"*{pattern}*")
            }
        else:
            found = {spec for spec in found if pattern in spec}
    return sorted(found)


def _shell_quote(text: str) -> str:
    """``text`` quoted for a POSIX shell; control characters through bash's ``$'...'``."""
    if all(char.isprintable() for char in text):
        return shlex.quote(text)
    escaped = text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\t", "\\t")
    return f"$'{escaped}'"


def witness_hint(path: str, expectation: Expectation, result: object) -> str:
    """The ``mc explain`` command that shows the execution behind a failure (or, for a claim
    that something happens, lets the user look for it)."""
    kind, argument = expectation.kind, expectation.argument
    selector = ""
    if kind in (MAY_OUTPUT, NEVER_OUTPUT):
        selector = f" --output {_shell_quote(argument)}"
    elif kind in (MAY_PRINT, NEVER_PRINT):
        selector = f" --prints {_shell_quote(argument)}"
    elif kind == OUTPUTS:
        expected = set(argument)
        actual = [outcome.output for outcome in getattr(result, "outcomes", [])]
        unexpected = [text for text in actual if text not in expected]
        selector = f" --output {_shell_quote(unexpected[0])}" if unexpected else ""
    elif kind in (RACE_ON, NO_RACE_ON):
        selector = f" --race {argument}"
    elif kind == NO_RACE:
        variables = sorted(getattr(result, "race_variables", set()))
        selector = f" --race {variables[0]}" if variables else ""
    elif kind in (MAY_DEADLOCK, NO_DEADLOCK):
        selector = " --deadlock"
    elif kind in (MAY_PANIC, NO_PANIC):
        selector = " --panic" + (f" {_shell_quote(argument)}" if argument else "")
    elif kind in (MAY_LEAK, NO_LEAK):
        selector = " --leak"
    test = getattr(result, "test", None)
    run = f" -run '^{test}$'" if test else ""
    return f"run: mc explain {_shell_quote(path)}{run} --witness{selector} --model {expectation.model}"


def _check_file(path: str, model: str) -> dict:
    """The engine's checks of one spec (imported here: the runner must load without it): the
    result of its main program (key None) or of each of its tests (key: the test's name)."""
    import importlib

    engine = importlib.import_module("modelcheck.check")  # the module as loaded (tests stand it in)

    if not Path(path).is_dir() and not path.endswith("_test.go"):
        return {None: engine.check_file(path, model=model)}
    from modelcheck.explore import DEFAULT_UNROLL, Options

    checked = engine.load_checked(path)
    options = Options(unroll=DEFAULT_UNROLL)
    if not checked.tests:
        return {None: engine.check_entry(checked, None, model, options)}
    return {test.name: engine.check_entry(checked, test, model, options) for test in checked.tests}


def spec_expectations(path: str) -> list:
    """The expectations of a spec file, or of every .go file of a package spec."""
    location = Path(path)
    files = sorted(location.glob("*.go")) if location.is_dir() else [location]
    expectations = []
    for file in files:
        expectations += parse_expectations(file.read_text(encoding="utf-8"), str(file))
    return expectations


def results_for(expectation: Expectation, results: dict) -> list:
    """The results an expectation is about: its test's, every test's, or the main program's."""
    if expectation.test is not None:
        return [results[expectation.test]] if expectation.test in results else []
    return list(results.values())


def check_spec(path: str) -> SpecReport:
    """Check one spec under every model its expectations need, and evaluate them all."""
    started = time.perf_counter()
    report = SpecReport(path, PASS)
    try:
        expectations = spec_expectations(path)
    except SourceError as error:
        return SpecReport(path, FAIL, error.render().splitlines(), time.perf_counter() - started)
    except (OSError, UnicodeDecodeError) as error:
        return SpecReport(path, FAIL, [f"cannot read the spec: {error}"], time.perf_counter() - started)
    report.expectations = len(expectations)
    if not expectations:
        report.status = SKIP
        report.details.append("no // expect lines")
        return report
    for model in sorted({expectation.model for expectation in expectations}):
        try:
            results = _check_file(path, model)
        except SourceError as error:
            report.status = FAIL
            report.details.extend(error.render().splitlines())
            break
        except ImportError as error:  # no engine: say so once, without a traceback
            report.status = FAIL
            report.details.append(f"cannot check: the engine is not available ({error})")
            break
        except Exception as error:  # an engine crash fails this spec, not the whole run
            report.status = FAIL
            report.details.append(f"[{model}] the check crashed: {type(error).__name__}: {error}")
            report.details.extend("  " + line for line in traceback.format_exc().rstrip().splitlines()[-6:])
            continue
        for expectation in (e for e in expectations if e.model == model):
            about = results_for(expectation, results)
            if not about:
                report.status = FAIL
                report.details.append(f"line {expectation.line}: {expectation.describe()}")
                report.details.append(f"  no test {expectation.test} in the package")
            for result in about:
                verdict: Verdict = evaluate(expectation, result)
                if verdict.passed:
                    continue
                report.status = FAIL
                test = f" [{result.test}]" if result.test and not expectation.test else ""
                report.details.append(f"line {expectation.line}: {expectation.describe()}{test}")
                report.details.append(f"  {verdict.explanation}")
                report.details.append(f"  {witness_hint(path, expectation, result)}")
    report.seconds = time.perf_counter() - started
    return report


def _reports(specs: list[str], jobs: int) -> Iterable[SpecReport]:
    """Reports in the order of ``specs``; checked in ``jobs`` processes (in-process when 1)."""
    if jobs <= 1 or len(specs) <= 1:
        yield from map(check_spec, specs)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(specs))) as pool:
        yield from pool.map(check_spec, specs)


def write_junit(reports: list[SpecReport], junit_path: str) -> None:
    """JUnit XML, one test case per spec, so CI can show failures per file."""
    failures = sum(report.status == FAIL for report in reports)
    skipped = sum(report.status == SKIP for report in reports)
    suite = ElementTree.Element(
        "testsuite",
        name="mc test",
        tests=str(len(reports)),
        failures=str(failures),
        errors="0",
        skipped=str(skipped),
        time=f"{sum(report.seconds for report in reports):.3f}",
    )
    for report in reports:
        classname = str(Path(report.path).parent).replace(os.sep, ".")
        case = ElementTree.SubElement(
            suite, "testcase", classname=classname, name=report.path, time=f"{report.seconds:.3f}"
        )
        if report.status == FAIL:
            failure = ElementTree.SubElement(case, "failure", message=(report.details or ["failed"])[0])
            failure.text = "\n".join(report.details)
        elif report.status == SKIP:
            ElementTree.SubElement(case, "skipped", message="; ".join(report.details))
    suites = ElementTree.Element("testsuites")
    suites.append(suite)
    ElementTree.indent(suites)
    Path(junit_path).parent.mkdir(parents=True, exist_ok=True)
    ElementTree.ElementTree(suites).write(junit_path, encoding="utf-8", xml_declaration=True)


def summary_line(passed: int, failed: int, skipped: int) -> str:
    line = f"{passed} passed, {failed} failed"
    return line + (f", {skipped} skipped" if skipped else "")


def run_specs(
    paths: Iterable[str],
    pattern: str | None = None,
    jobs: int | None = None,
    junit_path: str | None = None,
    echo: Callable[[str], object] = print,
) -> tuple[int, int, int]:
    """Check every spec under ``paths``; echo one line per file (and why a failure failed) and
    a summary; return ``(passed, failed, skipped)``."""
    specs = find_specs(paths, pattern)
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    reports: list[SpecReport] = []
    for report in _reports(specs, jobs):
        reports.append(report)
        echo(f"{report.status} {report.path}")
        if report.status == FAIL:
            for detail in report.details:
                echo(f"    {detail}")
    passed = sum(report.status == PASS for report in reports)
    failed = sum(report.status == FAIL for report in reports)
    skipped = sum(report.status == SKIP for report in reports)
    echo(summary_line(passed, failed, skipped))
    if junit_path:
        write_junit(reports, junit_path)
    return passed, failed, skipped
