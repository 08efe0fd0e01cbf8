"""The machine-readable answer of ``mc explain --json`` (format version 1)."""

from __future__ import annotations

from modelcheck.report.explanation import Explanation
from modelcheck.report.json_report import blocked_json, outcome_json, race_json
from modelcheck.report.relaxed_text import description, missing_triple, pairs, relaxed_lines, witness_parts
from modelcheck.report.story import INITIAL, StoryStep

VERSION = 1


def step_json(step: StoryStep) -> dict:
    return {
        "index": step.index,
        "goroutine": step.goroutine,
        "line": step.location.line if step.location else None,
        "column": step.location.column if step.location else None,
        "source": step.source,
        "action": step.action,
        "kind": step.kind,
        "reads_from": "initial" if step.reads_from == INITIAL else step.reads_from,
        "partner": step.partner,
    }


def event_json(event) -> dict:
    location = getattr(event, "location", None)
    return {
        "goroutine": getattr(event, "goroutine", None),
        "line": location.line if location else None,
        "column": location.column if location else None,
        "description": description(event),
    }


def relaxed_witness_json(witness) -> dict:
    """Events by index; reads-from and missing happens-before edges as pairs of indices
    (None: the initial value)."""
    events, reads_from, missing = witness_parts(witness)
    index = {id(event): number for number, event in enumerate(events)}

    def position(event):
        return None if event is None else index.get(id(event))

    return {
        "events": [event_json(event) for event in events],
        "reads_from": [[position(write), position(read)] for write, read in pairs(reads_from)],
        "missing_hb": [[position(write), position(read)] for write, read, _ in map(missing_triple, missing)],
    }


def explanation_json(explanation: Explanation) -> dict:
    result = explanation.result
    selector = explanation.selector
    answer: dict = {
        "version": VERSION,
        "file": result.file,
        "model": result.model,
        "selector": {"kind": selector.kind, "argument": selector.argument},
        "status": explanation.status,
        "complete": result.complete,
        "incomplete_reasons": list(result.incomplete_reasons),
    }
    if explanation.finding is not None:
        answer["outcome"] = outcome_json(explanation.finding)
    if explanation.race is not None:
        answer["race"] = race_json(explanation.race)
    story = explanation.story
    if story is not None:
        answer["goroutines"] = [
            {
                "goroutine": number,
                "function": info.function,
                "created_at": str(info.created_at) if info.created_at else None,
            }
            for number, info in sorted(story.goroutines.items())
        ]
        answer["steps"] = [step_json(step) for step in story.steps]
        answer["blocked"] = [blocked_json(blocked) for blocked in story.blocked]
    if explanation.relaxed:
        answer["relaxed"] = relaxed_lines(explanation.finding, explanation.source.splitlines())
        answer["relaxed_witness"] = relaxed_witness_json(explanation.finding.witness)
    return answer
