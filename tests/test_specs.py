"""`mc test`: the runner against a stand-in engine (what it prints, counts, writes and runs in
parallel), and every spec of ``specs/`` against the real engine, so that CI fails when a spec's
expectation breaks."""

from __future__ import annotations

import os
import sys
import types
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from modelcheck.semantics.outcomes import Finding, Outcome, Result
from modelcheck.spectest.runner import find_specs, run_specs
from modelcheck.syntax.diagnostics import Diagnostic, SourceError

SPECS = Path(__file__).resolve().parent.parent / "specs"

# ------------------------------------------------------------------------------- stand-in engine

# What the stand-in engine answers, by file name: a Result, or an exception to raise. Set before
# the runner forks its workers, so the workers see it too.
ANSWERS: dict[str, object] = {}
CALLS: list[tuple[str, str]] = []


def fake_check_file(path: str, model: str = "go", unroll: int = 4) -> Result:
    CALLS.append((Path(path).name, model))
    answer = ANSWERS[Path(path).name]
    if callable(answer):
        answer = answer(path, model)
    if isinstance(answer, Exception):
        raise answer
    return answer


@pytest.fixture
def engine(monkeypatch):
    """Replace `modelcheck.check` (which the runner imports lazily) by the stand-in."""
    module = types.ModuleType("modelcheck.check")
    module.check_file = fake_check_file
    monkeypatch.setitem(sys.modules, "modelcheck.check", module)
    ANSWERS.clear()
    CALLS.clear()
    return ANSWERS


def outcomes(*texts: str, model: str = "go", complete: bool = True) -> Result:
    return Result("x", model, complete=complete, findings=[Finding(Outcome(text)) for text in texts])


def write(directory: Path, name: str, expectations: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"// {name}\npackage main\n\nfunc main() {{}}\n\n{expectations}")
    return path


@pytest.fixture
def corpus(tmp_path, engine):
    """Four specs: one passes, one fails, one has no expectations, one has a malformed one."""
    write(tmp_path, "a_pass.gol", '// expect: outputs "1\\n"\n')
    write(tmp_path, "b_fail.gol", '// expect: outputs "1\\n"\n// expect: never output "2\\n"\n')
    write(tmp_path, "c_skip.gol", "")
    write(tmp_path, "sub/d_bad.gol", "// expect: maybe deadlock\n")
    engine["a_pass.gol"] = outcomes("1\n")
    engine["b_fail.gol"] = outcomes("1\n", "2\n")
    return tmp_path


def test_the_runner_reports_each_file_and_a_summary(corpus):
    lines: list[str] = []
    counts = run_specs([str(corpus)], jobs=1, echo=lines.append)
    assert counts == (1, 2, 1)
    a, b, c, d = (str(corpus / name) for name in ("a_pass.gol", "b_fail.gol", "c_skip.gol", "sub/d_bad.gol"))
    assert lines[0] == f"PASS {a}"
    assert lines[1] == f"FAIL {b}"
    assert lines[2:8] == [
        '    line 6: expect: outputs "1\\n"',
        '      expected outputs "1\\n", actual "1\\n" | "2\\n"; also printed: "2\\n"',
        f"      run: mc explain {b} --witness --output $'2\\n' --model go",
        '    line 7: expect: never output "2\\n"',
        '      some execution outputs "2\\n"',
        f"      run: mc explain {b} --witness --output $'2\\n' --model go",
    ]
    assert lines[8] == f"SKIP {c}"
    assert lines[9] == f"FAIL {d}"
    assert lines[10].startswith(f"    {d}:6:12: unknown expectation 'maybe'")
    assert lines[-1] == "1 passed, 2 failed, 1 skipped"


def test_each_model_is_checked_once(tmp_path, engine):
    write(
        tmp_path, "m.gol", '// expect[sc]: outputs "1\\n"\n// expect[go]: may print "0"\n// expect: no race\n'
    )
    engine["m.gol"] = lambda path, model: outcomes("1\n", *(["0\n"] if model == "go" else []), model=model)
    assert run_specs([str(tmp_path)], jobs=1, echo=lambda line: None) == (1, 0, 0)
    assert sorted(CALLS) == [("m.gol", "go"), ("m.gol", "sc")]


def test_engine_errors_fail_the_spec_with_their_message(tmp_path, engine):
    bad = write(tmp_path, "bad.gol", "// expect: no race\n")
    crash = write(tmp_path, "crash.gol", "// expect: no race\n")
    engine["bad.gol"] = SourceError([Diagnostic(str(bad), 4, 6, "undefined: y")], bad.read_text())
    engine["crash.gol"] = RuntimeError("engine bug")
    lines: list[str] = []
    assert run_specs([str(tmp_path)], jobs=1, echo=lines.append) == (0, 2, 0)
    text = "\n".join(lines)
    assert f"FAIL {bad}\n    {bad}:4:6: undefined: y\n    func main() {{}}\n         ^" in text
    assert f"FAIL {crash}\n    [go] the check crashed: RuntimeError: engine bug" in text
    assert lines[-1] == "0 passed, 2 failed"


def test_an_incomplete_search_fails_a_never_expectation(tmp_path, engine):
    write(tmp_path, "bounded.gol", '// expect: never print "0"\n')
    engine["bounded.gol"] = outcomes("1\n", complete=False)
    lines: list[str] = []
    assert run_specs([str(tmp_path)], jobs=1, echo=lines.append) == (0, 1, 0)
    assert any("the search was incomplete" in line for line in lines)


def test_a_pattern_selects_files(corpus):
    lines: list[str] = []
    assert run_specs([str(corpus)], pattern="pass", jobs=1, echo=lines.append) == (1, 0, 0)
    assert run_specs([str(corpus)], pattern="*/sub/*", jobs=1, echo=lines.append) == (0, 1, 0)
    assert find_specs([str(corpus)], "nothing-matches") == []


def test_a_missing_path_is_a_failure(tmp_path, engine):
    lines: list[str] = []
    assert run_specs([str(tmp_path / "missing.gol")], jobs=1, echo=lines.append) == (0, 1, 0)
    assert "cannot read the spec" in lines[1]


def test_parallel_runs_report_in_sorted_order(corpus):
    serial: list[str] = []
    parallel: list[str] = []
    assert run_specs([str(corpus)], jobs=1, echo=serial.append) == (1, 2, 1)
    assert run_specs([str(corpus)], jobs=3, echo=parallel.append) == (1, 2, 1)
    assert parallel == serial


def test_junit_xml_lists_every_spec(corpus, tmp_path):
    junit = tmp_path / "reports" / "specs.xml"
    run_specs([str(corpus)], jobs=1, junit_path=str(junit), echo=lambda line: None)
    suite = ElementTree.parse(junit).getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("4", "2", "1")
    cases = {case.get("name").rsplit("/", 1)[-1]: case for case in suite.iter("testcase")}
    assert cases["a_pass.gol"].find("failure") is None and cases["a_pass.gol"].find("skipped") is None
    assert "also printed" in cases["b_fail.gol"].find("failure").text
    assert cases["c_skip.gol"].find("skipped") is not None
    assert "unknown expectation" in cases["d_bad.gol"].find("failure").get("message")


# ------------------------------------------------------------------------------- the corpus


def test_the_corpus_is_large_and_every_spec_says_what_it_shows():
    specs = find_specs([str(SPECS)])
    assert len(specs) >= 80
    for folder in ("seed", "gomm", "litmus", "errors", "patterns"):
        assert any(f"/{folder}/" in spec for spec in specs), folder
    for spec in specs:
        path = Path(spec)
        files = sorted(path.glob("*_test.go")) if path.is_dir() else [path]
        first = files[0].read_text().splitlines()[0]
        assert first.startswith("// ") and len(first) > 20, spec


def test_the_real_bug_corpus_links_each_report():
    """specs/real: at least 40 bug kernels eventually; each names its project's public report."""
    kernels = [spec for spec in find_specs([str(SPECS / "real")]) if Path(spec).is_dir()]
    assert len(kernels) >= 25
    for kernel in kernels:
        header = "".join(f.read_text() for f in sorted(Path(kernel).glob("*_test.go")))
        assert "https://github.com/" in header, kernel
        assert "// expect Test" in header, kernel


def test_every_spec_passes_under_the_engine():
    """CI runs the whole corpus: a broken expectation in any spec fails here."""
    pytest.importorskip("modelcheck.check", reason="modelcheck.check (the engine) does not exist yet")
    lines: list[str] = []
    passed, failed, skipped = run_specs([str(SPECS)], jobs=os.cpu_count(), echo=lines.append)
    assert failed == 0, "\n".join(lines)
    assert skipped == 0 and passed >= 80


def test_without_an_engine_every_spec_fails_saying_why(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "modelcheck.check", None)  # makes the import fail
    write(tmp_path, "a.gol", "// expect: no race\n")
    lines: list[str] = []
    assert run_specs([str(tmp_path)], jobs=1, echo=lines.append) == (0, 1, 0)
    assert lines[1].startswith("    cannot check: the engine is not available")
