"""The text of ``mc explain``: the witness as a story, one line per step, or one column per
goroutine; then how the execution ends (the race, the blocked goroutines, the outcome)."""

from __future__ import annotations

import textwrap

from modelcheck.library import model_file
from modelcheck.report.explanation import FOUND, INCOMPLETE, NONE, NOTHING_WRONG, Explanation
from modelcheck.report.relaxed_text import relaxed_lines
from modelcheck.report.story import Story
from modelcheck.report.text import describe_outcome
from modelcheck.semantics.outcomes import GoroutineInfo, Race

SOURCE_WIDTH = 34
COLUMN_WIDTH = 38


def render_explanation(explanation: Explanation, columns: bool = False) -> str:
    """The whole answer of ``mc explain`` as text."""
    result = explanation.result
    header = f"{result.file}: {explanation.question()} (model {result.model})"
    if explanation.status == NOTHING_WRONG:
        return "\n".join([header, "", nothing_wrong(explanation)])
    if explanation.status == NONE:
        return "\n".join([header, "", "No execution does that: the search was complete."])
    if explanation.status == INCOMPLETE:
        reasons = "; ".join(result.incomplete_reasons)
        why = f"No execution found that does that, but the search was incomplete ({reasons}):"
        return "\n".join([header, "", why, "it may still be possible."])
    assert explanation.status == FOUND
    lines = [header, ""]
    if explanation.relaxed:
        return "\n".join(lines + relaxed_lines(explanation.finding, explanation.source.splitlines()))
    story = explanation.story
    if story is None:  # a race whose witness search was cut short
        return "\n".join(lines + race_summary(explanation.race, None))
    lines += goroutine_lines(story)
    lines.append("")
    lines += column_lines(story) if columns else step_lines(story)
    lines.append("")
    lines += ending_lines(explanation)
    return "\n".join(lines)


def nothing_wrong(explanation: Explanation) -> str:
    count = len(explanation.result.findings)
    complete = "" if explanation.result.complete else " in the part of the search that ran"
    return (
        f"Nothing wrong found{complete}: no panic, deadlock, race or relaxed-only outcome among {count} "
        "outcome(s). Ask about one with --output TEXT or --prints TEXT."
    )


def goroutine_name(info: GoroutineInfo | None, number: int) -> str:
    return f"goroutine {number} ({info.function})" if info else f"goroutine {number}"


def goroutine_lines(story: Story) -> list[str]:
    lines = ["Goroutines:"]
    width = max(len(f"g{number} {info.function}") for number, info in story.goroutines.items())
    for number, info in sorted(story.goroutines.items()):
        if info.created_at is None:
            where = "the main goroutine"
        elif info.created_at.file == HARNESS:
            where = "the test's goroutine, started by go test"
        else:
            where = f"started at {located(story, info.created_at)}: {story.line_text(info.created_at)}"
        lines.append(f"  {f'g{number} {info.function}':<{width}}  {where}")
    return lines


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


HARNESS = model_file("testing")  # the testing model: go test's own machinery


def shown_steps(story: Story) -> list:
    """The steps a reader follows: those of go test's harness (the testing model running the
    test and printing its verdict) are left out; the numbering keeps counting them."""
    return [step for step in story.steps if not (step.location and step.location.file == HARNESS)]


def witness_title(story: Story, shown: list) -> str:
    count = len(story.steps)
    hidden = count - len(shown)
    harness = f", {hidden} of them go test's harness, not shown" if hidden else ""
    return f"Witness ({count} step{'s' if count != 1 else ''}{harness}):"


def place(story: Story, step) -> str:
    """Where a step is: its line, with the file's name when it is not the file checked."""
    if step.location is None:
        return ""
    return located(story, step.location, "")


def located(story: Story, location, prefix: str = "line ") -> str:
    """``line N``, or ``file.go:N`` for a line of another file of the package."""
    if location.file == story.file:
        return f"{prefix}{location.line}"
    return f"{location.file.rsplit('/', 1)[-1]}:{location.line}"


def step_lines(story: Story) -> list[str]:
    """One line per step: number, goroutine, line, source text, what it did."""
    shown = shown_steps(story)
    lines = [witness_title(story, shown)]
    name_width = max((len(f"g{n} {i.function}") for n, i in story.goroutines.items()), default=10)
    place_width = max((len(place(story, step)) for step in shown), default=4)
    for step in shown:
        info = story.goroutines.get(step.goroutine)
        who = f"g{step.goroutine} {info.function if info else ''}".ljust(name_width)
        where = place(story, step).rjust(max(place_width, 4))
        source = shorten(step.source, SOURCE_WIDTH).ljust(SOURCE_WIDTH)
        lines.append(f"  {step.index:>3}  {who}  {where}  {source}  {step.action}".rstrip())
    return lines


def column_lines(story: Story) -> list[str]:
    """One column per goroutine; each step in its goroutine's column, one row per step."""
    numbers = sorted(story.goroutines)
    titles = [shorten(goroutine_name(story.goroutines[n], n), COLUMN_WIDTH) for n in numbers]
    titles = [title.ljust(COLUMN_WIDTH) for title in titles]
    header = "  step  " + "  ".join(titles)
    lines = [header.rstrip(), "  " + "-" * (len(header) - 2)]
    for step in shown_steps(story):
        text = f"{place(story, step)}: {step.action}" if step.location else step.action
        wrapped = textwrap.wrap(text, COLUMN_WIDTH) or [""]
        for row, piece in enumerate(wrapped):
            cells = [(piece if n == step.goroutine else "").ljust(COLUMN_WIDTH) for n in numbers]
            number = f"{step.index:>4}" if row == 0 else "    "
            lines.append(f"  {number}  " + "  ".join(cells).rstrip())
    return lines


def ending_lines(explanation: Explanation) -> list[str]:
    if explanation.race is not None:
        return race_summary(explanation.race, explanation.story)
    finding = explanation.finding
    story = explanation.story
    lines = [f"Outcome: {describe_outcome(finding)}"]
    if finding.blocked:
        verb = "still blocked when main returns" if finding in explanation.result.leaks else "blocked"
        lines.append(f"Then these goroutines are {verb}:")
        for blocked in finding.blocked:
            source = story.line_text(blocked.location) if story else ""
            lines.append(
                f"  {goroutine_name(blocked.goroutine, blocked.goroutine.number)} at line "
                f"{blocked.location.line} [{blocked.waiting_on}]: {source}"
            )
    return lines


def race_summary(race: Race, story: Story | None) -> list[str]:
    """Both accesses, and that nothing orders them."""
    lines = [f"Data race on {race.variable}: both accesses happen, and no synchronization orders them:"]
    for access in (race.first, race.second):
        source = story.line_text(access.location) if story else ""
        atomic = " (atomic)" if access.atomic else ""
        lines.append(
            f"  {access.operation}{atomic} at {access.location} by "
            f"{goroutine_name(access.goroutine, access.goroutine.number)}: {source}".rstrip(": ")
        )
    return lines
