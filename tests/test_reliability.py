"""Every input gets an answer: the runaway programs and bad options of the reliability sweep,
each with Go's outcome where Go has one, or an incomplete search that names the bound."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from modelcheck.check import check_file
from modelcheck.cli import main
from modelcheck.explore import Options
from modelcheck.guard import EXIT_INTERNAL
from modelcheck.semantics.bounds import Limits

ROOT = Path(__file__).resolve().parent.parent
BUFFERED = str(ROOT / "specs" / "gomm" / "03_buffered_send.gol")
RACY = str(ROOT / "specs" / "seed" / "can_this_print_0.gol")
# About 10^9 instructions in one step: no scheduling point comes to stop them.
RUNAWAY = "\tx := 0\n\tfor i := 0; i < 1000000; i++ {\n\t\tfor j := 0; j < 1000; j++ {\n\t\t\tx++\n\t\t}\n\t}"


def program(tmp_path: Path, body: str, prelude: str = "") -> str:
    path = tmp_path / "prog.gol"
    path.write_text(f"package main\n\n{prelude}\nfunc main() {{\n{body}\n}}\n")
    return str(path)


def check(path: str, **options) -> object:
    limits = options.pop("limits", Limits())
    return check_file(path, "go", options=Options(limits=limits, **options))


def panics(result) -> set[str]:
    return {o.message for o in result.outcomes if o.end == "panic"}


def test_nil_pointer_read_in_main_is_go_panic(tmp_path):
    result = check(program(tmp_path, "\tvar p *int\n\tprintln(*p)"))
    assert result.complete
    assert panics(result) == {"runtime error: invalid memory address or nil pointer dereference"}


def test_nil_pointer_write_in_goroutine_is_go_panic(tmp_path):
    body = "\tvar p *int\n\tdone := make(chan bool)\n\tgo func() { *p = 1; done <- true }()\n\t<-done"
    result = check(program(tmp_path, body))
    assert result.complete
    assert panics(result) == {"runtime error: invalid memory address or nil pointer dereference"}


def test_goroutines_without_end_cut_at_max_goroutines(tmp_path):
    path = program(tmp_path, "\tfor {\n\t\tgo f()\n\t}", "func f() {}\n")
    result = check(path, limits=Limits(max_goroutines=40))
    assert not result.complete
    assert any("--max-goroutines 40" in reason for reason in result.incomplete_reasons)


def test_recursion_without_base_case_cut_at_max_depth(tmp_path):
    path = program(tmp_path, "\tprintln(f(0))", "func f(n int) int {\n\treturn f(n+1) + 1\n}\n")
    result = check(path, limits=Limits(max_depth=300))
    assert not result.complete
    assert any("--max-depth 300" in reason for reason in result.incomplete_reasons)
    assert result.outcomes == []  # nothing is invented: Go's stack overflow is not claimed


def test_huge_allocation_cut_at_max_alloc(tmp_path):
    result = check(program(tmp_path, "\ts := make([]int, 1<<40)\n\tprintln(len(s))"))
    assert not result.complete
    assert any("--max-alloc" in reason for reason in result.incomplete_reasons)


def test_growing_appends_cut_at_max_alloc(tmp_path):
    body = "\tvar s []int\n\tfor i := 0; i < 60; i++ {\n\t\ts = append(s, s...)\n\t\ts = append(s, i)\n\t}"
    result = check(program(tmp_path, body), limits=Limits(max_alloc=1 << 10))
    assert not result.complete
    assert any("--max-alloc 1024" in reason for reason in result.incomplete_reasons)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("\tn := 1 << 60\n\t_ = make([]int, n)", "runtime error: makeslice: len out of range"),
        ("\tn := 1 << 46\n\t_ = make([]int, 1, n)", "runtime error: makeslice: cap out of range"),
        ("\tn := -1\n\t_ = make([]int, n)", "runtime error: makeslice: len out of range"),
        ("\tn := 1 << 60\n\t_ = make(chan int, n)", "makechan: size out of range"),
        ("\tn := -1\n\t_ = make(chan int, n)", "makechan: size out of range"),
    ],
)
def test_sizes_go_cannot_allocate_panic_as_go_does(tmp_path, body, message):
    result = check(program(tmp_path, body))
    assert result.complete
    assert panics(result) == {message}


def test_step_bound_cuts_a_runaway_step(tmp_path):
    body = RUNAWAY
    result = check(program(tmp_path, body + "\n\tprintln(x)"), limits=Limits(max_steps=50_000))
    assert not result.complete
    assert any("--max-steps 50000" in reason for reason in result.incomplete_reasons)


def test_timeout_stops_inside_a_runaway_step(tmp_path):
    # About 10^9 instructions with no scheduling point: only a deadline inside the step stops it.
    body = RUNAWAY
    path = program(tmp_path, body + "\n\tprintln(x)")
    result = check(path, timeout=0.2, limits=Limits(max_steps=1 << 60))
    assert not result.complete
    assert "stopped after --timeout 0.2s" in result.incomplete_reasons


def test_timeout_stops_ten_thousand_goroutines(tmp_path):
    prelude = 'import "sync"\n'
    body = (
        "\tvar wg sync.WaitGroup\n\tvar mu sync.Mutex\n\tn := 0\n"
        "\tfor i := 0; i < 10000; i++ {\n\t\twg.Add(1)\n"
        "\t\tgo func() {\n\t\t\tmu.Lock()\n\t\t\tn++\n\t\t\tmu.Unlock()\n\t\t\twg.Done()\n\t\t}()\n\t}\n"
        "\twg.Wait()\n\tprintln(n)"
    )
    result = check(program(tmp_path, body, prelude), timeout=0.5, unroll=20000)
    assert not result.complete
    assert any("--timeout" in reason or "--max-goroutines" in reason for reason in result.incomplete_reasons)


def test_racy_runaway_program_bounds_the_relaxed_engine_too(tmp_path):
    prelude = "var x int\n\nfunc f(n int) int {\n\treturn f(n+1) + 1\n}\n"
    path = program(tmp_path, "\tgo func() { x = 1 }()\n\tx = 2\n\tprintln(f(0))", prelude)
    result = check(path, limits=Limits(max_depth=200))
    assert result.races
    assert not result.complete
    assert any(reason.startswith("relaxed engine:") for reason in result.incomplete_reasons)


def invoke(*arguments: str):
    return CliRunner().invoke(main, list(arguments))


@pytest.mark.parametrize("value", ["nan", "0", "-1", "inf", "soon"])
def test_meaningless_timeouts_are_usage_errors(value):
    answer = invoke("check", BUFFERED, "--timeout", value)
    assert answer.exit_code == 2
    assert "--timeout" in answer.output


@pytest.mark.parametrize("option", ["--max-depth", "--max-goroutines", "--max-alloc", "--max-steps"])
def test_bounds_must_be_positive(option):
    assert invoke("check", BUFFERED, option, "0").exit_code == 2


def test_conflicting_output_formats_are_a_usage_error():
    answer = invoke("check", BUFFERED, "--json", "--format", "sarif")
    assert answer.exit_code == 2
    assert "--json" in answer.output
    assert invoke("check", BUFFERED, "--json", "--format", "json").exit_code == 0


def test_spec_test_of_a_missing_path_is_a_usage_error(tmp_path):
    answer = invoke("test", str(tmp_path / "missing"))
    assert answer.exit_code == 2


def test_dot_into_a_missing_folder_is_a_usage_error(tmp_path):
    answer = invoke("explain", RACY, "--witness", "--prints", "0", "--dot", str(tmp_path / "no" / "x.dot"))
    assert answer.exit_code == 2
    assert "no such directory" in answer.output
    assert answer.exception is None or isinstance(answer.exception, SystemExit)


def test_dot_that_cannot_be_written_says_so(tmp_path):
    target = tmp_path / "taken.dot"
    target.mkdir()  # a folder where the file should go
    answer = invoke("explain", RACY, "--witness", "--prints", "0", "--dot", str(target))
    assert answer.exit_code == 2  # click.Path(dir_okay=False) refuses a folder
    assert not isinstance(answer.exception, OSError)


def test_internal_error_is_reported_in_one_line_with_a_saved_traceback(monkeypatch, tmp_path):
    def broken(*arguments, **keywords):
        raise RuntimeError("the explorer lost its way\nsecond line")

    monkeypatch.setattr("modelcheck.check.check_file", broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    answer = invoke("check", BUFFERED)
    assert answer.exit_code == EXIT_INTERNAL
    assert "internal error in mc (please report)" in answer.output
    assert BUFFERED in answer.output
    assert "RuntimeError: the explorer lost its way" in answer.output
    assert "second line" not in answer.output.splitlines()[0]
    saved = list(tmp_path.glob("mc-internal-error-*.txt"))
    assert len(saved) == 1
    assert "Traceback" in saved[0].read_text()
