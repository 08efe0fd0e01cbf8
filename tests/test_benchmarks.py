"""The quick benchmark set explores exactly the optimal number of complete executions
(Mazurkiewicz traces) on every row, with no sleep-set-blocked runs: counts, never times."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from run import run_row, selected  # noqa: E402

QUICK_ROWS = selected([], quick=True)


@pytest.mark.parametrize(("name", "param"), QUICK_ROWS, ids=[f"{name}-{param}" for name, param in QUICK_ROWS])
def test_complete_executions_are_optimal(name, param):
    row = run_row(name, param)
    assert (row.complete, row.stopped, row.bounded) == (row.expected, None, 0), row
    assert (row.redundant, row.blocked) == (0, 0), row
