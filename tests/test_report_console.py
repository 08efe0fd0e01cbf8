"""Colour and progress on a terminal: the plain text is painted, never changed; the progress
bar reports executions, a rate and, with a bound, an estimate of the time left."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from modelcheck.report.console import style_of, write
from modelcheck.report.progress import ProgressBar
from modelcheck.semantics.outcomes import Result

GOLDEN = Path(__file__).resolve().parent / "golden"


def test_plain_text_is_written_unchanged():
    printed = []
    write("WARNING: DATA RACE\nok", False, printed.append)
    assert printed == ["WARNING: DATA RACE\nok"]


def test_colour_paints_known_lines(capsys, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    write("WARNING: DATA RACE\nplain line", True, print)
    out = capsys.readouterr().out
    assert "\x1b[" in out and "WARNING: DATA RACE" in out and "plain line" in out


def test_styles():
    assert style_of("WARNING: DATA RACE") == "bold red"
    assert style_of("Observation f.gol deadlock Never 0 2") == "green"
    assert style_of('Observation f.gol may-print "0" Sometimes 1 2') == "yellow"
    assert style_of("  [x] deadlocks        FOUND 1") == "bold red"
    assert style_of("an ordinary line") is None


def test_progress_bar_reports_rate_and_estimate():
    result = Result("f.gol", "sc")
    result.statistics.complete = 50
    with ProgressBar("f.gol", max_executions=100) as bar:
        bar(result)
        task = bar.progress.tasks[0]
        assert "50 executions" in task.fields["status"] and "/s" in task.fields["status"]
        assert "left" in task.fields["status"]
        assert task.completed == pytest.approx(0.5)


def test_progress_bar_without_a_bound_has_no_estimate():
    result = Result("f.gol", "sc")
    result.statistics.complete = 7
    with ProgressBar("f.gol") as bar:
        bar(result)
        assert "left" not in bar.progress.tasks[0].fields["status"]


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("graph", sorted(GOLDEN.glob("*.dot")), ids=lambda p: p.name)
def test_every_golden_graph_renders(graph):
    completed = subprocess.run(["dot", "-Tsvg", str(graph)], capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
