"""Golden files of the reports a person reads: `mc explain` text (rows and columns), its DOT
graph and JSON, and `mc check` text, JSON and SARIF, for a dozen specs covering races,
deadlocks, panics, fatal errors, leaks, hangs and (once the relaxed engine lands) relaxed
outcomes. Regenerate after an intended change with ``MC_UPDATE_GOLDEN=1 pytest tests/test_golden_reports.py``
and review the diff."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from modelcheck.check import check_file
from modelcheck.explain import explain_file
from modelcheck.explore import DEFAULT_UNROLL, Options
from modelcheck.report.dot import relaxed_dot, story_dot
from modelcheck.report.explain_json import explanation_json
from modelcheck.report.explain_text import render_explanation
from modelcheck.report.explanation import Selector
from modelcheck.report.json_report import result_json
from modelcheck.report.relaxed_text import relaxed_lines
from modelcheck.report.sarif import sarif_log
from modelcheck.report.text import render

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("MC_UPDATE_GOLDEN") == "1"
OPTIONS = Options(unroll=DEFAULT_UNROLL)
RELAXED_PENDING = "the relaxed engine has not landed in check_file: no relaxed witness to show yet"

# name, spec, model, selector, columns, needs the relaxed engine
EXPLAIN_CASES = [
    ("race_x", "specs/seed/can_this_print_0.gol", "sc", Selector("race", "x"), False, False),
    ("output_1", "specs/seed/can_this_print_0.gol", "sc", Selector("output", "1\n"), True, False),
    ("deadlock_lock_order", "specs/errors/deadlock_lock_order.gol", "go", Selector(), False, False),
    (
        "deadlock_main_receive",
        "specs/errors/deadlock_main_receive.gol",
        "go",
        Selector("deadlock"),
        False,
        False,
    ),
    ("panic_in_goroutine", "specs/errors/panic_in_goroutine.gol", "go", Selector("panic"), False, False),
    (
        "send_on_closed",
        "specs/errors/send_on_closed_channel.gol",
        "go",
        Selector("panic", "send on closed channel"),
        False,
        False,
    ),
    ("unlock_unlocked", "specs/errors/unlock_unlocked_mutex.gol", "go", Selector(), False, False),
    ("leak_sender", "specs/errors/leak_blocked_sender.gol", "go", Selector("leak"), False, False),
    ("bool_flag_race", "specs/seed/bool_flag_race.gol", "go", Selector(), True, False),
    (
        "message_passing",
        "specs/patterns/message_passing.gol",
        "sc",
        Selector("prints", "[10 2 3]"),
        False,
        False,
    ),
    ("mutex_counter", "specs/seed/mutex.gol", "go", Selector("output", "\n"), False, False),
    ("nothing_wrong", "specs/seed/mutex.gol", "go", Selector(), False, False),
    ("never_prints_0", "specs/seed/can_this_print_0.gol", "sc", Selector("prints", "0"), False, False),
    ("relaxed_prints_0", "specs/seed/can_this_print_0.gol", "go", Selector("prints", "0"), False, True),
    ("relaxed_mp", "specs/litmus/mp.gol", "go", Selector("output", "1 0\n"), False, True),
]
CHECK_CASES = [
    ("check_race", "specs/seed/can_this_print_0.gol", "sc"),
    ("check_deadlock", "specs/errors/deadlock_lock_order.gol", "go"),
    ("check_panic", "specs/errors/panic_in_goroutine.gol", "go"),
    ("check_leak", "specs/errors/leak_blocked_receiver.gol", "go"),
    ("check_hang", "specs/gomm/12_busy_wait.gol", "go"),
]


def compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.write_text(actual)
        if not UPDATE:
            pytest.fail(f"golden file {name} was missing: written, review and commit it")
    assert actual == path.read_text(), f"{name} differs from its golden file (MC_UPDATE_GOLDEN=1 to accept)"


def without_timing(answer: dict) -> dict:
    answer = json.loads(json.dumps(answer))
    for result in [answer] + [answer.get("result", {})]:
        result.get("stats", {}).pop("seconds", None)
    return answer


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # file names in reports stay relative, as a user types them


@pytest.mark.parametrize("case", EXPLAIN_CASES, ids=lambda case: case[0])
def test_explain_outputs(case):
    name, spec, model, selector, columns, relaxed = case
    explanation = explain_file(spec, selector, model, OPTIONS)
    if relaxed and not explanation.relaxed:
        pytest.skip(RELAXED_PENDING)
    compare(f"{name}.txt", render_explanation(explanation, columns=columns) + "\n")
    compare(f"{name}.json", json.dumps(explanation_json(explanation), indent=1) + "\n")
    title = f"{spec}: {selector.describe()}"
    if explanation.relaxed:
        compare(f"{name}.dot", relaxed_dot(explanation.finding.witness, title))
    elif explanation.story is not None:
        compare(f"{name}.dot", story_dot(explanation.story, title, explanation.race))


@pytest.mark.parametrize("case", CHECK_CASES, ids=lambda case: case[0])
def test_check_outputs(case):
    name, spec, model = case
    result = check_file(spec, model, options=OPTIONS)
    compare(f"{name}.txt", render(result, timing=False) + "\n")
    compare(f"{name}.json", json.dumps(without_timing(result_json(result)), indent=1) + "\n")
    compare(f"{name}.sarif", json.dumps(sarif_log([result]), indent=1) + "\n")


@pytest.mark.parametrize(
    "spec, output", [("specs/litmus/mp.gol", "1 0\n"), ("specs/seed/can_this_print_0.gol", "0\n")]
)
def test_relaxed_witness_outputs(spec, output):
    """The relaxed renderers on the relaxed engine's own witness, before check_file returns them."""
    engine = pytest.importorskip("modelcheck.relaxed.engine", reason="the relaxed engine has not landed")
    from modelcheck.ir import lower
    from modelcheck.semantics.outcomes import Finding, Outcome
    from modelcheck.syntax import load_file

    program = lower(load_file(spec))
    witnesses = engine.explore_relaxed(program, "go").outcomes
    witness = witnesses[Outcome(output)]
    finding = Finding(Outcome(output), relaxed=True, witness=witness)
    name = f"engine_witness_{Path(spec).stem}"
    compare(f"{name}.txt", "\n".join(relaxed_lines(finding, program.source.splitlines())) + "\n")
    compare(f"{name}.dot", relaxed_dot(witness, f"{spec}: outputs {output!r}"))
