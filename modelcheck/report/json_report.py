"""The machine-readable report: one JSON object per checked file (format version 1)."""

from __future__ import annotations

from modelcheck.report.verdicts import verdicts
from modelcheck.semantics.outcomes import Access, BlockedGoroutine, Finding, Race, Result
from modelcheck.semantics.verdict import failures_of

VERSION = 1


def access_json(access: Access) -> dict:
    return {
        "op": access.operation,
        "atomic": access.atomic,
        "goroutine": access.goroutine.number,
        "function": access.goroutine.function,
        "file": access.location.file if access.location else None,
        "line": access.location.line if access.location else None,
        "column": access.location.column if access.location else None,
        "goroutine_created_at": str(access.goroutine.created_at) if access.goroutine.created_at else None,
    }


def race_json(race: Race) -> dict:
    return {"variable": race.variable, "accesses": [access_json(race.first), access_json(race.second)]}


def blocked_json(blocked: BlockedGoroutine) -> dict:
    return {
        "goroutine": blocked.goroutine.number,
        "function": blocked.goroutine.function,
        "waiting_on": blocked.waiting_on,
        "line": blocked.location.line if blocked.location else None,
        "column": blocked.location.column if blocked.location else None,
    }


def outcome_json(finding: Finding) -> dict:
    outcome = finding.outcome
    return {
        "output": outcome.output,
        "end": outcome.end,
        "message": outcome.message,
        "relaxed": finding.relaxed,
        "blocked": [blocked_json(b) for b in finding.blocked],
        "steps": len(finding.schedule),
    }


def verdict_of_test(result: Result) -> dict | None:
    """For a test: "pass" or "fail", and each way it fails; None for a main program."""
    if result.test is None:
        return None
    failures = failures_of(result)
    kinds = sorted({failure.kind for failure in failures})
    status = "fail" if failures else "pass" if result.complete else "unknown"
    return {"status": status, "failures": kinds}


def result_json(result: Result) -> dict:
    statistics = result.statistics
    return {
        "version": VERSION,
        "file": result.file,
        "test": result.test,
        "verdict": verdict_of_test(result),
        "model": result.model,
        "complete": result.complete,
        "incomplete_reasons": list(result.incomplete_reasons),
        "outcomes": [outcome_json(finding) for finding in result.findings],
        "races": [race_json(race) for race in result.races],
        "leaks": [blocked_json(b) for leak in result.leaks for b in leak.blocked],
        "notes": list(result.notes),
        "observations": [
            {"question": v.question, "verdict": v.word, "positive": v.positive, "negative": v.negative}
            for v in verdicts(result)
        ],
        "stats": {
            "complete": statistics.complete,
            "blocked": statistics.blocked,
            "redundant": statistics.redundant,
            "bounded": statistics.bounded,
            "events": statistics.events,
            "seconds": round(statistics.seconds, 6),
        },
    }
