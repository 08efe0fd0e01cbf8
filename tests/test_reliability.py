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


def test_goroutines_that_start_goroutines_without_end_are_cut(tmp_path):
    # Each goroutine starts the next one before its first event: a chain as long as the
    # goroutine bound, run on the machine's own stack (it overflowed Python's).
    path = program(tmp_path, "\tf()", "func f() {\n\tgo f()\n\tf()\n}\n")
    result = check(path, limits=Limits(max_goroutines=5000))
    assert not result.complete
    assert any("--max-goroutines 5000" in reason for reason in result.incomplete_reasons)


def test_goroutine_chain_is_cut_in_the_relaxed_engine_too(tmp_path):
    # The relaxed engine's unrolling runs started goroutines on its own stack as well.
    from modelcheck.ir import lower
    from modelcheck.relaxed import explore_relaxed
    from modelcheck.syntax import load_file

    prelude = "var x int\n\nfunc f(n int) {\n\tx = n\n\tgo f(n + 1)\n}\n"
    lowered = lower(load_file(program(tmp_path, "\tgo f(0)\n\tx = -1", prelude)))
    relaxed = explore_relaxed(lowered, "go", 64, None, Limits(max_goroutines=3000))
    assert not relaxed.complete
    assert any("--max-goroutines 3000" in reason for reason in relaxed.incomplete_reasons)


def test_recursion_that_prints_is_cut_at_max_depth(tmp_path):
    # One event per frame: every step of the execution copies one frame, not the stack.
    path = program(tmp_path, "\tf(0)", "func f(n int) {\n\tprintln(n)\n\tf(n + 1)\n}\n")
    result = check(path, limits=Limits(max_depth=3000))
    assert not result.complete
    assert result.statistics.events == 2998  # one println per frame below the cut
    assert any("--max-depth 3000" in reason for reason in result.incomplete_reasons)


def test_timeout_stops_an_execution_of_many_short_steps(tmp_path):
    # Each step runs a few instructions, yet the execution as a whole runs away.
    path = program(tmp_path, "\tf(0)", "func f(n int) {\n\tprintln(n)\n\tf(n + 1)\n}\n")
    result = check(path, timeout=0.3, limits=Limits(max_depth=1 << 40))
    assert not result.complete
    assert "stopped after --timeout 0.3s" in result.incomplete_reasons


def test_step_bound_counts_the_whole_execution(tmp_path):
    path = program(tmp_path, "\tfor i := 0; ; i++ {\n\t\tprintln(i)\n\t}")
    result = check(path, unroll=1 << 40, limits=Limits(max_steps=20_000))
    assert not result.complete
    assert any("--max-steps 20000" in reason for reason in result.incomplete_reasons)


def test_doubling_strings_are_cut_at_max_alloc(tmp_path):
    path = program(tmp_path, '\ts := "x"\n\tfor i := 0; i < 64; i++ {\n\t\ts += s\n\t}\n\tprintln(len(s))')
    result = check(path)
    assert not result.complete
    assert any("--max-alloc" in reason for reason in result.incomplete_reasons)


def test_memory_bound_stops_the_search(tmp_path):
    # A slice that doubles in a loop: each copied element is a scheduling point that keeps
    # its own version of the new backing array.
    path = program(tmp_path, "\ts := []int{1}\n\tfor {\n\t\ts = append(s, s...)\n\t}")
    result = check(path, limits=Limits(max_memory=200))
    assert not result.complete
    assert "the search held more than --max-memory 200 MiB" in result.incomplete_reasons


def test_timeout_stops_the_search_of_many_goroutines_on_one_channel(tmp_path):
    # Few instructions, but hundreds of racing sends: the search's own work per step is large.
    body = "\tc := make(chan int, 300)\n" + "\tgo func() { c <- 1 }()\n" * 300 + "\t<-c"
    result = check(program(tmp_path, body), timeout=0.5)
    assert not result.complete
    assert "stopped after --timeout 0.5s" in result.incomplete_reasons


def test_max_memory_is_an_option(tmp_path):
    path = program(tmp_path, "\ts := []int{1}\n\tfor {\n\t\ts = append(s, s...)\n\t}")
    run = invoke("check", path, "--max-memory", "150")
    assert run.exit_code == 3, run.output
    assert "--max-memory 150 MiB" in run.output


def invoke(*arguments: str):
    return CliRunner().invoke(main, list(arguments))


@pytest.mark.parametrize("value", ["nan", "0", "-1", "inf", "soon"])
def test_meaningless_timeouts_are_usage_errors(value):
    answer = invoke("check", BUFFERED, "--timeout", value)
    assert answer.exit_code == 2
    assert "--timeout" in answer.output


LIMITS = ["--max-depth", "--max-goroutines", "--max-alloc", "--max-steps", "--max-memory"]


@pytest.mark.parametrize("option", LIMITS)
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

    monkeypatch.setattr("modelcheck.check.check_entry", broken)
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
