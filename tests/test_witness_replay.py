"""Every witness replays: running each finding's recorded schedule again, on a fresh machine,
ends with the same outcome (output and ending), for every spec in specs/ and both models."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelcheck.check import check_file
from modelcheck.explore import DEFAULT_UNROLL, Options
from modelcheck.explore.replay import ReplayError, replay
from modelcheck.ir import lower
from modelcheck.semantics.outcomes import END_DEADLOCK, END_HANG, Step
from modelcheck.syntax import load_file
from modelcheck.syntax.limits import run_deep

SPECS = sorted((Path(__file__).resolve().parent.parent / "specs").rglob("*.gol"))
OPTIONS = Options(unroll=DEFAULT_UNROLL, max_executions=20000)


def program_of(path: Path):
    return run_deep(lower, run_deep(load_file, str(path)))


def replayed_outcome(program, steps):
    state, _ = replay(program, steps, DEFAULT_UNROLL)
    if state.ended is not None:
        return state.ended.output, state.ended.end
    return "".join(state.output), None  # stuck: a deadlock or a hang


@pytest.mark.parametrize("path", SPECS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_finding_replays_to_its_outcome(path: Path):
    try:
        program = program_of(path)
    except Exception as error:  # specs/errors may hold programs the front end rejects
        pytest.skip(f"does not load: {error}")
    result = check_file(str(path), "sc", options=OPTIONS)
    for finding in result.findings + result.leaks:
        output, end = replayed_outcome(program, finding.schedule)
        assert output == finding.outcome.output
        if end is None:
            assert finding.outcome.end in (END_DEADLOCK, END_HANG)
        else:
            assert end == finding.outcome.end


def test_a_schedule_that_does_not_fit_is_refused():
    program = program_of(SPECS[0])
    with pytest.raises(ReplayError):
        replay(program, [Step(99, "moves", None, ("nothing",))], DEFAULT_UNROLL)


RACY_SPECS = [path for path in SPECS if "// expect: race" in path.read_text()]


@pytest.mark.parametrize("path", RACY_SPECS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_race_witness_replays_to_its_race(path: Path):
    """A race witness keeps only the steps the racing access depends on; replayed, it still
    ends with the two accesses unordered by happens-before."""
    from modelcheck.explore.race_witness import race_witness

    program = program_of(path)
    result = check_file(str(path), "sc", options=OPTIONS)
    assert result.races, "the spec expects a race"
    for race in result.races:
        key = race.key()
        witness = race_witness(program, OPTIONS, lambda found, key=key: found.key() == key)
        assert witness is not None, race
        state, _ = replay(program, witness.schedule, DEFAULT_UNROLL)
        assert race.key() in {found.key() for found in state.races}, race
