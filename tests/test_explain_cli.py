"""`mc explain` and `mc check` on the command line: exit statuses, selectors, the graph written
with and without Graphviz, SARIF's required structure, and plain text off a terminal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from modelcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
PRINT_0 = str(ROOT / "specs/seed/can_this_print_0.gol")
DEADLOCK = str(ROOT / "specs/errors/deadlock_lock_order.gol")
PANIC = str(ROOT / "specs/errors/panic_in_goroutine.gol")


def run(*arguments: str):
    return CliRunner().invoke(main, list(arguments))


def test_a_witness_is_shown_with_exit_0():
    answer = run("explain", PRINT_0, "--witness", "--model", "sc", "--prints", "1")
    assert answer.exit_code == 0, answer.output
    assert 'prints "1\\n"' in answer.output
    assert "reads x = 1 from the write at can_this_print_0.gol:11 by goroutine 2" in answer.output


def test_no_execution_does_that_exits_1():
    answer = run("explain", PRINT_0, "--witness", "--model", "sc", "--prints", "0")
    assert answer.exit_code == 1
    assert "No execution does that" in answer.output


def test_an_incomplete_search_says_so_and_exits_3():
    answer = run("explain", PRINT_0, "--witness", "--model", "sc", "--prints", "7", "--max-executions", "1")
    assert answer.exit_code == 3
    assert "incomplete" in answer.output


def test_output_selector_takes_go_escapes():
    answer = run("explain", PRINT_0, "--model", "sc", "--output", "1\\n")
    assert answer.exit_code == 0, answer.output


def test_two_selectors_are_a_usage_error():
    answer = run("explain", PRINT_0, "--deadlock", "--leak")
    assert answer.exit_code == 2


def test_panic_takes_an_optional_message():
    assert run("explain", PANIC, "--panic").exit_code == 0
    assert run("explain", PANIC, "--panic", "boom").exit_code == 0
    assert run("explain", PANIC, "--panic", "other").exit_code == 1


def test_json_answer():
    answer = json.loads(run("explain", DEADLOCK, "--json").output)
    assert answer["status"] == "found"
    assert answer["outcome"]["end"] == "deadlock"
    assert {b["waiting_on"] for b in answer["blocked"]} == {"sync.WaitGroup.Wait", "sync.Mutex.Lock"}


def test_dot_is_written_without_graphviz(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    target = tmp_path / "graph.svg"
    answer = CliRunner().invoke(main, ["explain", DEADLOCK, "--dot", str(target)])
    assert answer.exit_code == 0
    assert (tmp_path / "graph.dot").read_text().startswith("digraph witness {")
    assert "apt-get install graphviz" in answer.output
    assert not target.exists()


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("spec", [PRINT_0, DEADLOCK, PANIC])
def test_dot_renders_with_graphviz(tmp_path, spec):
    target = tmp_path / "graph.svg"
    answer = run("explain", spec, "--dot", str(target))
    assert answer.exit_code == 0, answer.output
    assert "<svg" in target.read_text()


def test_check_text_off_a_terminal_is_plain():
    answer = run("check", DEADLOCK)
    assert "\x1b[" not in answer.output
    assert "fatal error: all goroutines are asleep - deadlock!" in answer.output
    assert f"Observation {DEADLOCK} deadlock Sometimes 1 1" in answer.output


def test_check_json_flag_and_format_agree():
    with_flag = json.loads(run("check", PANIC, "--json").output)
    with_format = json.loads(run("check", PANIC, "--format", "json").output)
    with_flag["stats"].pop("seconds"), with_format["stats"].pop("seconds")
    assert with_flag == with_format


def test_sarif_has_the_required_structure_of_2_1_0():
    log = json.loads(run("check", PRINT_0, DEADLOCK, PANIC, "--format", "sarif").output)
    assert log["version"] == "2.1.0" and isinstance(log["runs"], list) and len(log["runs"]) == 1
    run_ = log["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "mc"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    results = run_["results"]
    assert {r["ruleId"] for r in results} == {"data-race", "deadlock", "panic"}
    for result in results:
        assert result["message"]["text"]
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("none", "note", "warning", "error")
        for location in result["locations"] + result.get("relatedLocations", []):
            physical = location["physicalLocation"]
            assert physical["artifactLocation"]["uri"]
            assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1
        assert result["locations"], "code scanning needs a location"
