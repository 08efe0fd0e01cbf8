"""Execution graphs in Graphviz DOT: one cluster per goroutine, one node per event (labelled
with its source line and value), edges for program order (po), reads-from (rf),
synchronization (sync, go) and, for relaxed witnesses, the missing happens-before edge.

Writing DOT needs no Graphviz; rendering ``.svg``/``.png`` uses the ``dot`` program if present.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from modelcheck.report.relaxed_text import description, missing_triple, pairs, witness_parts
from modelcheck.report.story import INITIAL, Story, StoryStep
from modelcheck.semantics.outcomes import Race

RENDERED = (".svg", ".png", ".pdf")
SYNC_STYLE = "color=blue, fontcolor=blue"
RF_STYLE = "color=darkgreen, fontcolor=darkgreen, style=dashed"
MISSING_STYLE = "color=red, fontcolor=red, style=dotted"
RACE_STYLE = "color=red, fontcolor=red, dir=both"
INSTALL_HINT = (
    "Graphviz's `dot` program is not installed, so {target} was not rendered; the graph is in {dot}.\n"
    "Install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz;\n"
    "Windows: winget install graphviz), then run: dot -T{format} {dot} -o {target}"
)


def quoted(text: str) -> str:
    """A DOT double-quoted string, deliberately not ``go_quote``: Graphviz reads backslash
    escapes in a label itself (``\\n`` is a line break, and an unknown ``\\t`` or ``\\x00`` shows
    as ``t`` or ``x00``), so only ``\\``, ``"`` and newlines are escaped. Go values in labels are
    already Go-quoted by ``report.values``; this quotes that text once more for DOT."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def header(title: str) -> list[str]:
    return [
        "digraph witness {",
        f"  label={quoted(title)}; labelloc=t; fontname=monospace;",
        "  node [shape=box, fontname=monospace, fontsize=10];",
        "  edge [fontname=monospace, fontsize=9];",
    ]


def step_label(step: StoryStep) -> str:
    line = f"L{step.location.line}: " if step.location else ""
    return f"{step.index}. {line}{step.action.split(' from the ')[0]}"


def story_dot(story: Story, title: str, race: Race | None = None) -> str:
    """The execution graph of an interleaving witness."""
    lines = header(title)
    lines.append('  init [label="initial values", shape=ellipse];')
    for number, info in sorted(story.goroutines.items()):
        lines.append(f"  subgraph cluster_g{number} {{")
        lines.append(f"    label={quoted(f'goroutine {number} ({info.function})')};")
        for step in story.steps:
            if step.goroutine == number:
                lines.append(f"    s{step.index} [label={quoted(step_label(step))}];")
        for index, blocked in enumerate(b for b in story.blocked if b.goroutine.number == number):
            label = f"L{blocked.location.line}: blocked [{blocked.waiting_on}]"
            lines.append(f"    b{number}_{index} [label={quoted(label)}, style=dashed];")
        lines.append("  }")
    lines += story_edges(story)
    lines += race_edge(story, race)
    lines.append("}")
    return "\n".join(lines) + "\n"


def story_edges(story: Story) -> list[str]:
    edges: list[str] = []
    last: dict[int, str] = {}
    started_by: dict[int, str] = {}
    last_on_object: dict[tuple, StoryStep] = {}
    for step in story.steps:
        node = f"s{step.index}"
        if step.goroutine in last:
            edges.append(f"  {last[step.goroutine]} -> {node} [label=po];")
        elif step.goroutine in started_by:
            edges.append(f"  {started_by[step.goroutine]} -> {node} [label=go, {SYNC_STYLE}];")
        for spawned in step.spawned:
            started_by[spawned] = node
        if step.reads_from is not None:
            source = "init" if step.reads_from == INITIAL else f"s{step.reads_from}"
            edges.append(f"  {source} -> {node} [label=rf, {RF_STYLE}];")
        if step.partner is not None and step.partner in last:
            edges.append(f"  {last[step.partner]} -> {node} [label=sync, {SYNC_STYLE}];")
        elif step.sync_object is not None and step.kind != "block":
            previous = last_on_object.get(step.sync_object)
            if previous is not None and previous.goroutine != step.goroutine:
                edges.append(f"  s{previous.index} -> {node} [label=sync, {SYNC_STYLE}];")
        if step.sync_object is not None and step.kind != "block":
            last_on_object[step.sync_object] = step
        last[step.goroutine] = node
    for number in sorted(story.goroutines):
        for index, _ in enumerate(b for b in story.blocked if b.goroutine.number == number):
            if number in last:
                edges.append(f"  {last[number]} -> b{number}_{index} [label=po];")
    return edges


def race_edge(story: Story, race: Race | None) -> list[str]:
    if race is None:
        return []
    ends = [access_step(story, access) for access in (race.first, race.second)]
    if None in ends:
        return []
    first, second = ends
    label = f"race on {race.variable}"
    return [f"  s{first.index} -> s{second.index} [label={quoted(label)}, {RACE_STYLE}];"]


def access_step(story: Story, access) -> StoryStep | None:
    matching = [
        step
        for step in story.steps
        if step.goroutine == access.goroutine.number
        and step.location is not None
        and (step.location.line, step.location.column) == (access.location.line, access.location.column)
        and step.kind in ("read", "write", "update", "other")
    ]
    return matching[-1] if matching else None


def relaxed_dot(witness, title: str) -> str:
    """The execution graph of a relaxed witness, with its missing happens-before edges."""
    events, reads_from, missing = witness_parts(witness)
    names = {id(event): f"e{index}" for index, event in enumerate(events)}
    lines = header(title)
    lines.append('  init [label="initial values", shape=ellipse];')
    by_goroutine: dict = {}
    for event in events:
        by_goroutine.setdefault(getattr(event, "goroutine", "?"), []).append(event)
    for goroutine, own in sorted(by_goroutine.items(), key=lambda item: str(item[0])):
        lines.append(f"  subgraph cluster_g{goroutine} {{")
        lines.append(f"    label={quoted(f'goroutine {goroutine}')};")
        for event in own:
            location = getattr(event, "location", None)
            label = (f"L{location.line}: " if location else "") + description(event)
            lines.append(f"    {names[id(event)]} [label={quoted(label)}];")
        lines.append("  }")
        for before, after in zip(own, own[1:], strict=False):
            lines.append(f"  {names[id(before)]} -> {names[id(after)]} [label=po];")

    def name(event) -> str:
        return "init" if event is None else names.get(id(event), "init")

    for write, read in pairs(reads_from):
        lines.append(f"  {name(write)} -> {name(read)} [label=rf, {RF_STYLE}];")
    for item in missing:
        write, read, _ = missing_triple(item)
        lines.append(f'  {name(write)} -> {name(read)} [label="missing hb", {MISSING_STYLE}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_graph(dot_text: str, path: str) -> str | None:
    """Write the graph to ``path``: DOT as is, or rendered by Graphviz for .svg/.png/.pdf (the
    DOT then goes next to it). Returns a message for the user when writing or rendering was
    impossible."""
    try:
        return write_or_render(dot_text, Path(path))
    except OSError as error:
        return f"cannot write {path}: {error.strerror or error}"


def write_or_render(dot_text: str, target: Path) -> str | None:
    if target.suffix.lower() not in RENDERED:
        target.write_text(dot_text)
        return None
    dot_path = target.with_suffix(".dot")
    dot_path.write_text(dot_text)
    program = shutil.which("dot")
    output_format = target.suffix.lower()[1:]
    if program is None:
        return INSTALL_HINT.format(target=target, dot=dot_path, format=output_format)
    completed = subprocess.run(
        [program, f"-T{output_format}", str(dot_path), "-o", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        return f"dot failed to render {target}: {completed.stderr.strip()}"
    return None
