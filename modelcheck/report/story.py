"""A witness as a story: the steps of one schedule, replayed, each with its goroutine, source
line, and what it did in Go's terms; every read names the write it observed.

Reads-from is computed during replay: the last write to each memory cell so far is the one a
read observes (the schedule is sequentially consistent), else the cell's initial value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from modelcheck.explore.explorer import waiting_on
from modelcheck.explore.replay import replay_steps
from modelcheck.ir.instructions import ProgramIR
from modelcheck.ir.values import Pointer
from modelcheck.report.values import go_description, go_value
from modelcheck.semantics.bounds import Limits
from modelcheck.semantics.events import READ, EventRecord, Machine
from modelcheck.semantics.outcomes import BlockedGoroutine, GoroutineInfo, SourceLocation, Step
from modelcheck.semantics.races import cell_name, goroutine_info, location_of
from modelcheck.semantics.state import WAITING, State

INITIAL = -1  # reads_from of a read that observed the initial value

WAITS_FOR = {
    "chan receive": "waits for a sender",
    "chan send": "waits for a receiver",
    "select": "waits for one of its cases to be ready",
}


@dataclass(frozen=True)
class StoryStep:
    """One step: ``index`` counts from 1; ``reads_from`` is the index of the observed write
    (INITIAL for the initial value, None when the step reads no memory)."""

    index: int
    goroutine: int
    location: SourceLocation | None
    source: str
    action: str
    cell: tuple | None = None
    cell_name: str = ""
    value: str = ""
    kind: str = "other"  # read, write, update, sync, channel, print, block, end
    reads_from: int | None = None
    partner: int | None = None
    sync_object: tuple | None = None
    spawned: tuple = ()  # Go numbers of goroutines this step's code started


@dataclass
class Story:
    file: str
    steps: list[StoryStep]
    goroutines: dict[int, GoroutineInfo]
    blocked: list[BlockedGoroutine] = field(default_factory=list)
    source_lines: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # every file's text, for other files' lines

    def step(self, index: int) -> StoryStep:
        return self.steps[index - 1]

    def line_text(self, location: SourceLocation | None) -> str:
        if location is None:
            return ""
        lines = self.source_lines
        if location.file != self.file and location.file in self.sources:
            lines = self.sources[location.file].splitlines()
        if not 0 < location.line <= len(lines):
            return ""
        return without_comment(lines[location.line - 1]).strip()


def without_comment(line: str) -> str:
    """The line without a trailing ``//`` comment (string and rune literals respected)."""
    quote = None
    index = 0
    while index < len(line):
        char = line[index]
        if quote is not None:
            if char == "\\" and quote != "`":
                index += 1
            elif char == quote:
                quote = None
        elif char in "\"'`":
            quote = char
        elif line.startswith("//", index):
            return line[:index]
        index += 1
    return line


def tell(program: ProgramIR, schedule: list[Step], unroll: int, blocked=()) -> Story:
    """Replay ``schedule`` and tell it; raises ReplayError if it does not fit the program."""
    machine = Machine(program, unroll, Limits.unbounded())  # the schedule is known to end
    story = Story(program.file, [], {}, list(blocked), program.source.splitlines(), program.sources)
    last_write: dict[tuple, int] = {}
    state = machine.initial_state()
    for index, (state, record) in enumerate(replay_steps(machine, schedule), 1):
        story.steps.append(tell_step(index, state, record, last_write, story))
    for g in state.goroutines:
        story.goroutines[g.id + 1] = goroutine_info(g)
    return story


def tell_step(index: int, state: State, record: EventRecord, last_write: dict, story: Story) -> StoryStep:
    """The story line of one step, just executed; updates ``last_write``."""
    location = location_of(record.span)
    base = dict(
        index=index,
        goroutine=record.goroutine + 1,
        location=location,
        source=story.line_text(location),
        partner=record.partner + 1 if record.partner is not None else None,
        spawned=tuple(g + 1 for g in record.spawned),
    )
    cells = [(key, mode) for key, mode in record.objects if key[0] == "cell"]
    if cells and record.key[:1] in (("next",), ("done",)):
        return range_step(base, state, record, cells[0][0], last_write, story.steps)
    if cells and record.description.split(" ")[0] in ("reads", "writes"):
        return memory_step(base, state, record, cells[0], last_write, story.steps)
    if cells:  # atomic updates
        last_write[cells[0][0]] = index
        return StoryStep(**base, action=go_description(record.description), cell=cells[0][0], kind="update")
    return StoryStep(
        **base, action=other_action(state, record), kind=step_kind(record), sync_object=sync_object(record)
    )


def memory_step(
    base: dict, state: State, record: EventRecord, cell_mode, last_write: dict, steps
) -> StoryStep:
    cell, mode = cell_mode
    words = record.description.split(" ", 1)[1]
    name = words.split(" = ", 1)[0]
    value = go_value(state.heap[cell[1]][cell[2]]) if " = " in words else ""
    shown = f"{name} = {value}" if value else words
    if mode == READ:
        source = last_write.get(cell, INITIAL)
        action = f"reads {shown} {observed(source, steps)}"
        return StoryStep(
            **base, action=action, cell=cell, cell_name=name, value=value, kind="read", reads_from=source
        )
    last_write[cell] = base["index"]
    return StoryStep(**base, action=f"writes {shown}", cell=cell, cell_name=name, value=value, kind="write")


def range_step(base: dict, state: State, record: EventRecord, cell, last_write: dict, steps) -> StoryStep:
    """A step of ``range`` over a map: a read of the map that produced one entry, or none."""
    name = cell_name(state.blocks, Pointer(cell[1], cell[2]), "map")
    if record.key[0] == "next":
        key = record.key[1]
        entry = f"entry {go_value(key)}: {go_value(state.heap[cell[1]][0][key])}"
    else:
        entry = "no more entries"
    source = last_write.get(cell, INITIAL)
    action = f"reads map {name} (range): {entry} {observed(source, steps)}"
    return StoryStep(**base, action=action, cell=cell, cell_name=name, kind="read", reads_from=source)


def observed(source: int, steps: list) -> str:
    if source == INITIAL:
        return "from the initial value"
    write = steps[source - 1]
    where = f"{write.location.file.rsplit('/', 1)[-1]}:{write.location.line}" if write.location else "?"
    return f"from the write at {where} by goroutine {write.goroutine}"


def other_action(state: State, record: EventRecord) -> str:
    description = go_description(record.description)
    if record.key == ("arrive",):
        g = state.goroutines[record.goroutine]
        if g.status == WAITING:
            instruction = g.frame.function.code[g.frame.pc]
            waits = waiting_on(g, instruction)
            return f"blocks on {waits}: {WAITS_FOR.get(waits, 'waits for a partner')}"
    return description


def step_kind(record: EventRecord) -> str:
    if record.key == ("end",):
        return "end"
    if record.key == ("arrive",):
        return "block"
    keys = [key[0] for key, _ in record.objects]
    if "output" in keys:
        return "print"
    if "chan" in keys:
        return "channel"
    if "sync" in keys:
        return "sync"
    return "other"


def sync_object(record: EventRecord) -> tuple | None:
    for key, _ in record.objects:
        if key[0] in ("sync", "chan"):
            return key
    return None
