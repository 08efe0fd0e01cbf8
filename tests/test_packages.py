"""Packages and tests as entry points: a directory is one package (build constraints honoured,
imports per file), each TestXxx is checked as go test runs it, and the testing model keeps
Go's documented meaning (the documentation's own cases are in specs/library/testing_t)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from modelcheck.check import check_entry, load_checked, selected_tests
from modelcheck.cli import main
from modelcheck.explore import Options
from modelcheck.semantics.verdict import FAILED, LEAKED, RACED, failures_of
from modelcheck.syntax.diagnostics import SourceError
from modelcheck.syntax.packages import evaluate_go_build, evaluate_plus_build, file_selected

LIBRARY = """package cache

import "sync"

type Cache struct {
	mu sync.Mutex
	n  int
}

func (c *Cache) Add() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

func (c *Cache) AddRacy() {
	c.n++
}
"""

TESTS = """package cache

import (
	"sync"
	"testing"
)

func run(add func()) {
	var wg sync.WaitGroup
	wg.Add(2)
	for i := 0; i < 2; i++ {
		go func() {
			defer wg.Done()
			add()
		}()
	}
	wg.Wait()
}

func TestAdd(t *testing.T) {
	var c Cache
	run(func() { c.Add() })
	if c.n != 2 {
		t.Errorf("n = %d, want 2", c.n)
	}
}

func TestAddRacy(t *testing.T) {
	var c Cache
	run(func() { c.AddRacy() })
	if c.n != 2 {
		t.Errorf("n = %d, want 2", c.n)
	}
}

func TestLeak(t *testing.T) {
	results := make(chan int)
	go func() { results <- 1 }()
	select {
	case <-results:
	default:
	}
}
"""


def package(tmp_path: Path, files: dict[str, str]) -> Path:
    directory = tmp_path / "pkg"
    directory.mkdir(exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text)
    return directory


def check(directory: Path, name: str, model: str = "go"):
    checked = load_checked(str(directory))
    (test,) = [t for t in checked.tests if t.name == name]
    return check_entry(checked, test, model, Options())


def kinds(result) -> set[str]:
    return {failure.kind for failure in failures_of(result)}


def test_a_directory_is_one_package_and_its_tests_are_found_in_order(tmp_path):
    directory = package(tmp_path, {"cache.go": LIBRARY, "cache_test.go": TESTS})
    checked = load_checked(str(directory))
    assert [t.name for t in checked.tests] == ["TestAdd", "TestAddRacy", "TestLeak"]
    assert [t.name for t in selected_tests(checked, "Racy|Leak")] == ["TestAddRacy", "TestLeak"]
    assert [t.name for t in selected_tests(checked, "^TestAdd$")] == ["TestAdd"]


def test_each_test_gets_its_own_verdict(tmp_path):
    directory = package(tmp_path, {"cache.go": LIBRARY, "cache_test.go": TESTS})
    passing = check(directory, "TestAdd")
    assert passing.complete and not failures_of(passing)
    assert {f.outcome.output for f in passing.findings} == {"PASS\n"}
    racy = check(directory, "TestAddRacy", "sc")
    assert {FAILED, RACED} <= kinds(racy)
    failing = {f.outcome.output for f in racy.findings} - {"PASS\n"}
    assert failing == {"--- FAIL: TestAddRacy\n    cache_test.go:32: n = 1, want 2\nFAIL\n"}
    assert kinds(check(directory, "TestLeak")) == {LEAKED}


def test_imports_belong_to_their_file(tmp_path):
    uses_sync = "package p\n\nfunc f() { var mu sync.Mutex; mu.Lock() }\n"
    directory = package(tmp_path, {"a.go": LIBRARY.replace("cache", "p"), "b.go": uses_sync})
    (directory / "p_test.go").write_text('package p\n\nimport "testing"\n\nfunc TestF(t *testing.T) {}\n')
    with pytest.raises(SourceError) as error:
        load_checked(str(directory))
    assert "b.go:3:19: undefined: sync" in error.value.render()


def test_library_internals_stay_unexported(tmp_path):
    peek = 'package p\n\nimport "testing"\n\nfunc TestPeek(t *testing.T) {\n\tt.failed = true\n}\n'
    with pytest.raises(SourceError) as error:
        load_checked(str(package(tmp_path, {"p_test.go": peek})))
    assert "cannot refer to unexported field failed" in error.value.render()


def test_a_test_of_the_wrong_signature_is_refused(tmp_path):
    wrong = 'package p\n\nimport "testing"\n\nfunc TestWrong(t *testing.T, n int) {}\n'
    with pytest.raises(SourceError) as error:
        load_checked(str(package(tmp_path, {"p_test.go": wrong})))
    assert "wrong signature for TestWrong, must be: func TestWrong(t *testing.T)" in error.value.render()


def test_mixed_package_names_and_external_test_packages_are_refused(tmp_path):
    external = 'package a_test\n\nimport "testing"\n\nfunc TestA(t *testing.T) {}\n'
    files = {"a.go": "package a\n", "a_test.go": external}
    with pytest.raises(SourceError) as error:
        load_checked(str(package(tmp_path, files)))
    assert "external test packages are not supported" in error.value.render()


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        (" linux", True),
        (" windows", False),
        (" linux && amd64", True),
        (" linux && !amd64", False),
        (" (darwin || linux) && go1.18", True),
        (" ignore", False),
        (" !integration", True),
        (" go1.99", False),
    ],
)
def test_go_build_expressions(expression, value):
    assert evaluate_go_build(expression, 11) is value


def test_plus_build_lines():
    assert evaluate_plus_build(" linux,amd64 windows")
    assert not evaluate_plus_build(" windows darwin,!linux")


def test_files_left_out_by_their_name_or_constraint(tmp_path):
    assert not file_selected(tmp_path / "x_windows.go", "package p\n")
    assert not file_selected(tmp_path / "x_arm64_test.go", "package p\n")
    assert file_selected(tmp_path / "x_linux_amd64.go", "package p\n")
    assert not file_selected(tmp_path / "x.go", "//go:build ignore\n\npackage p\n")
    assert file_selected(tmp_path / "x.go", "package p\n\n//go:build ignore\n")  # not a header line
    with pytest.raises(SourceError) as error:
        file_selected(tmp_path / "x.go", "//go:build linux &&\n\npackage p\n")
    assert "x.go:1:" in error.value.render() and "malformed //go:build line" in error.value.render()


def test_a_constrained_out_file_is_not_compiled(tmp_path):
    broken = "//go:build windows\n\npackage cache\n\nthis is not Go\n"
    directory = package(tmp_path, {"cache.go": LIBRARY, "cache_test.go": TESTS, "cache_windows.go": broken})
    assert len(load_checked(str(directory)).tests) == 3


def test_the_command_line_reports_per_test_and_per_package(tmp_path):
    directory = package(tmp_path, {"cache.go": LIBRARY, "cache_test.go": TESTS})
    runner = CliRunner()
    answer = runner.invoke(main, ["check", "--model", "sc", str(directory)])
    assert answer.exit_code == 1
    assert "--- PASS: TestAdd\n" in answer.output
    assert "--- FAIL: TestAddRacy\n" in answer.output
    assert "    cache_test.go:32: n = 1, want 2" in answer.output
    assert answer.output.rstrip().endswith(f"FAIL\t{directory}")
    only = runner.invoke(main, ["check", "-run", "^TestAdd$", str(directory)])
    assert only.exit_code == 0 and only.output.rstrip().endswith(f"ok  \t{directory}")
    as_json = runner.invoke(main, ["check", "--json", "-run", "Leak", str(directory)])
    report = json.loads(as_json.output)
    assert report["test"] == "TestLeak" and report["verdict"] == {"status": "fail", "failures": ["leak"]}


def test_explain_shows_a_failing_execution_of_the_chosen_test(tmp_path):
    directory = package(tmp_path, {"cache.go": LIBRARY, "cache_test.go": TESTS})
    answer = CliRunner().invoke(main, ["explain", str(directory), "-run", "Racy", "--fail", "--model", "sc"])
    assert answer.exit_code == 0, answer.output
    assert "fails the test" in answer.output
    assert "n = 1, want 2" in answer.output
    # The steps of go test's own machinery (the testing model) are counted, not shown; the
    # test's goroutine is named as such, and the lines of the test file carry its name.
    witness = answer.output.split("Witness (", 1)[1].split("\nOutcome", 1)[0]
    assert "of them go test's harness, not shown" in witness
    assert "testing.go" not in witness and "tRunner(t, test, over)" not in answer.output
    assert "the test's goroutine, started by go test" in answer.output
    assert "cache_test.go:" in witness


GOEXIT = """package main

import (
	"fmt"
	"runtime"
)

func main() {
	done := make(chan bool)
	go func() {
		defer func() {
			fmt.Println("deferred, recover() is nil:", recover() == nil)
			done <- true
		}()
		runtime.Goexit()
		fmt.Println("not reached")
	}()
	<-done
	fmt.Println("main")
}
"""


@pytest.mark.parametrize("model", ["sc", "go"])
def test_goexit_runs_deferred_calls_and_ends_the_goroutine(tmp_path, model):
    path = tmp_path / "goexit.gol"
    path.write_text(GOEXIT)
    from modelcheck.check import check_file

    result = check_file(str(path), model)
    assert result.complete
    assert [f.outcome.output for f in result.findings] == ["deferred, recover() is nil: true\nmain\n"]


def test_sarif_names_the_test_of_each_result(tmp_path):
    directory = package(tmp_path, {"cache.go": LIBRARY, "cache_test.go": TESTS})
    answer = CliRunner().invoke(main, ["check", "--format", "sarif", "-run", "Leak", str(directory)])
    (result,) = json.loads(answer.output)["runs"][0]["results"]
    assert result["ruleId"] == "goroutine-leak"
    assert result["properties"]["test"] == "TestLeak"
    assert result["message"]["text"].startswith(
        "TestLeak: goroutine leak: still blocked when the test returns"
    )


CLOSE_AND_SEND = """package main

import "fmt"

func main() {
	ch := make(chan int, 1)
	done := make(chan bool)
	go func() {
		defer func() {
			recover()
			done <- true
		}()
		ch <- 1
	}()
	close(ch)
	<-done
	fmt.Println("end")
}
"""


def test_a_close_concurrent_with_a_send_is_a_race_as_go_reports_it(tmp_path):
    """Go's race detector: closechan writes the channel, chansend reads it."""
    from modelcheck.check import check_file

    path = tmp_path / "close_send.gol"
    path.write_text(CLOSE_AND_SEND)
    result = check_file(str(path), "sc")
    (race,) = result.races
    assert race.variable == "ch"
    assert {race.first.operation, race.second.operation} == {"read", "write"}
    assert {race.first.location.line, race.second.location.line} == {13, 15}
