"""Every input gets an answer: no traceback, an exit status in {0, 1, 2, 3}, and no hang.

Inputs (tests/fuzzing.py): generated programs, byte- and token-level mutations of every spec,
and hand-written extreme programs, run through ``mc check``/``explain``/``parse`` in-process
(click's CliRunner) inside a forked worker. The worker is stopped after HANG_BREAKER seconds
so that a hang fails one example instead of stalling the suite; it is not a performance
assertion (each run has ``--timeout 2``, and a run still going after 15 times that has no
answer). Long campaigns: tests/fuzz_campaign.py.
"""

from __future__ import annotations

import fuzzing
import pytest
from hypothesis import Phase, given, settings

HANG_BREAKER = 30.0
# No shrinking: a shrink step of a hang costs the whole HANG_BREAKER; the failure message
# shows the input in full, and tests/fuzz_campaign.py minimizes failures.
FUZZ = settings(phases=(Phase.explicit, Phase.generate))


@pytest.fixture(scope="module")
def worker():
    worker = fuzzing.Worker()
    yield worker
    worker.close()


def assert_answered(worker: fuzzing.Worker, fuzz_input: fuzzing.FuzzInput) -> None:
    run = worker.run(fuzz_input, HANG_BREAKER)
    if fuzzing.problems(run):
        pytest.fail(fuzzing.describe(fuzz_input, run), pytrace=False)


@pytest.mark.parametrize("fuzz_input", fuzzing.extreme_inputs(), ids=lambda i: i.label)
def test_extreme_program_is_checked(worker, fuzz_input):
    assert_answered(worker, fuzz_input)


@pytest.mark.parametrize("fuzz_input", fuzzing.extreme_invocations(), ids=lambda i: f"{i.label}-{i.args[0]}")
def test_extreme_program_under_other_invocations(worker, fuzz_input):
    assert_answered(worker, fuzz_input)


@pytest.mark.parametrize("index", range(len(fuzzing.SPECS)), ids=lambda i: fuzzing.SPEC_NAMES[i])
def test_every_spec_mutated(worker, index):
    for fuzz_input in fuzzing.seeded_mutants(index):
        assert_answered(worker, fuzz_input)


@settings(FUZZ, max_examples=120)
@given(fuzzing.generated_inputs())
def test_generated_programs(worker, fuzz_input):
    assert_answered(worker, fuzz_input)


@settings(FUZZ, max_examples=400)
@given(fuzzing.byte_mutants())
def test_byte_mutations(worker, fuzz_input):
    assert_answered(worker, fuzz_input)


@settings(FUZZ, max_examples=200)
@given(fuzzing.token_mutants())
def test_token_mutations(worker, fuzz_input):
    assert_answered(worker, fuzz_input)
