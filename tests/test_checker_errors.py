"""Golden tests of the checker's diagnostics: each tests/errors/NAME.gol must produce exactly
the diagnostics listed in NAME.expected, as ``FILE:LINE:COL: message`` lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelcheck.syntax import SourceError, load_source

ERRORS = Path(__file__).parent / "errors"
CASES = sorted(ERRORS.glob("*.gol"))


def diagnostics_of(path: Path) -> list[str]:
    try:
        load_source(path.read_text(), path.name)
    except SourceError as error:
        return [f"{d.file}:{d.line}:{d.column}: {d.message}" for d in error.diagnostics]
    return []


def test_there_are_at_least_forty_wrong_programs():
    assert len(CASES) >= 40


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_diagnostics_match_golden_file(path: Path):
    expected = path.with_suffix(".expected").read_text().splitlines()
    assert diagnostics_of(path) == expected


def test_all_errors_of_a_file_are_reported():
    assert len(diagnostics_of(ERRORS / "several_errors.gol")) >= 5
