"""Witness details: values are written as Go writes them, the race witness is the shortest
prefix the reduced search can find (no longer than with every interleaving enumerated), and
source lines are shown without their comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelcheck.check import check_file
from modelcheck.explore import DEFAULT_UNROLL, Options
from modelcheck.explore.race_witness import race_witness
from modelcheck.ir import lower
from modelcheck.report.story import tell, without_comment
from modelcheck.report.values import go_description, go_value
from modelcheck.syntax import load_file

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "machine, go",
    [
        ("prints '1\\n'", 'prints "1\\n"'),
        ("receives True from goroutine 2", "receives true from goroutine 2"),
        ("sends None (buffered)", "sends nil (buffered)"),
        ("reads a = ''", 'reads a = ""'),
        ("atomically writes f = False", "atomically writes f = false"),
        ("receives (SliceValue(block=1, offset=0, length=3, capacity=3),) from goroutine 2",
         "receives {(slice, len 3)} from goroutine 2"),
        ("receives __import__('os') from goroutine 2", "receives __import__('os') from goroutine 2"),
        ("Lock mu", "Lock mu"),
    ],
)  # fmt: skip
def test_descriptions_use_go_values(machine, go):
    assert go_description(machine) == go


def test_go_values():
    assert [go_value(v) for v in (0, "a\tb", True, None, (1, "x"))] == [
        "0",
        '"a\\tb"',
        "true",
        "nil",
        '{1, "x"}',
    ]


def test_comments_are_cut_but_not_inside_literals():
    assert without_comment('fmt.Println("a//b") // why') == 'fmt.Println("a//b") '
    assert without_comment("r := '\\'' // q") == "r := '\\'' "
    assert without_comment("s := `//` // raw") == "s := `//` "


@pytest.mark.parametrize(
    "spec, variable", [("specs/seed/can_this_print_0.gol", "x"), ("specs/litmus/mp.gol", "y")]
)
def test_race_witness_is_as_short_as_with_every_interleaving(spec, variable):
    program = lower(load_file(str(ROOT / spec)))
    reduced = race_witness(program, Options(), lambda race: race.variable == variable)
    naive = race_witness(program, Options(reduce=False), lambda race: race.variable == variable)
    assert reduced is not None and naive is not None
    assert len(reduced.schedule) == len(naive.schedule)


def test_a_range_step_over_a_map_names_the_entry_it_produced():
    path = ROOT / "specs/maps/range_delete.gol"
    program = lower(load_file(str(path)))
    result = check_file(str(path), "sc")
    finding = next(f for f in result.findings if f.outcome.output == "2\n")
    actions = [step.action for step in tell(program, finding.schedule, DEFAULT_UNROLL).steps]
    ranges = [action for action in actions if "(range)" in action]
    assert ranges[0].startswith("reads map ") and ": entry 2: 2 from the write at" in ranges[0]
    assert ": no more entries from the write at" in ranges[1]
    assert len(ranges) == 2  # key 1 was deleted before the range reached it
