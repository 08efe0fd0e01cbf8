"""SARIF 2.1.0 for GitHub code scanning: data races, deadlocks, panics and fatal errors, hangs
and goroutine leaks as results, each with the source locations involved."""

from __future__ import annotations

from modelcheck import __version__
from modelcheck.semantics.outcomes import (
    END_DEADLOCK,
    END_FATAL,
    END_HANG,
    END_PANIC,
    Finding,
    Race,
    Result,
    SourceLocation,
)

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
RULES = [
    ("data-race", "DataRace", "Two conflicting accesses not ordered by happens-before", "error"),
    ("deadlock", "Deadlock", "All goroutines are asleep: deadlock", "error"),
    ("panic", "Panic", "An execution panics", "error"),
    ("fatal-error", "FatalError", "An execution stops with a fatal error", "error"),
    ("hang", "Hang", "A loop can never exit", "error"),
    ("goroutine-leak", "GoroutineLeak", "A goroutine is still blocked when main returns", "warning"),
]
RULE_INDEX = {rule[0]: index for index, rule in enumerate(RULES)}


def physical(location: SourceLocation) -> dict:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": location.file.replace("\\", "/")},
            "region": {"startLine": max(location.line, 1), "startColumn": max(location.column, 1)},
        }
    }


def sarif_result(rule: str, message: str, locations: list[SourceLocation], related=()) -> dict:
    result = {
        "ruleId": rule,
        "ruleIndex": RULE_INDEX[rule],
        "level": RULES[RULE_INDEX[rule]][3],
        "message": {"text": message},
        "locations": [physical(location) for location in locations],
    }
    if related:
        result["relatedLocations"] = [
            {**physical(location), "id": index, "message": {"text": text}}
            for index, (location, text) in enumerate(related, 1)
        ]
    return result


def race_result(race: Race) -> dict:
    second, first = race.second, race.first
    message = (
        f"Data race on {race.variable}: {second.operation} by goroutine {second.goroutine.number} "
        f"({second.goroutine.function}) and {first.operation} by goroutine {first.goroutine.number} "
        f"({first.goroutine.function}) are not ordered by happens-before."
    )
    other = f"previous {first.operation} by goroutine {first.goroutine.number}"
    return sarif_result("data-race", message, [second.location], [(first.location, other)])


def blocked_result(rule: str, finding: Finding, message: str) -> dict | None:
    places = [
        (b.location, f"goroutine {b.goroutine.number} [{b.waiting_on}]")
        for b in finding.blocked
        if b.location
    ]
    if not places:
        return None
    listed = "; ".join(text for _, text in places)
    return sarif_result(rule, f"{message}: {listed}", [places[0][0]], places[1:])


def crash_location(finding: Finding) -> SourceLocation | None:
    """Where the crashing goroutine last was: its last located step."""
    if not finding.schedule:
        return None
    crashed = finding.schedule[-1].goroutine
    for step in reversed(finding.schedule):
        if step.goroutine == crashed and step.location is not None:
            return step.location
    return None


def finding_results(finding: Finding, file: str) -> list[dict]:
    outcome = finding.outcome
    if outcome.end == END_DEADLOCK:
        found = blocked_result("deadlock", finding, f"fatal error: {outcome.message}")
        return [found] if found else []
    if outcome.end == END_HANG:
        found = blocked_result("hang", finding, "the program hangs: a loop can never exit")
        return [found] if found else []
    if outcome.end in (END_PANIC, END_FATAL):
        # The machine does not record where a panic started: the crashing goroutine's last
        # located step, else the top of the file, so that code scanning can show the result.
        location = crash_location(finding) or SourceLocation(file, 1, 1)
        rule = "panic" if outcome.end == END_PANIC else "fatal-error"
        return [sarif_result(rule, outcome.describe(), [location])]
    return []


def run_json(result: Result) -> list[dict]:
    results = [race_result(race) for race in result.races]
    for finding in result.findings:
        results += finding_results(finding, result.file)
    ender = "main" if result.test is None else "the test"
    for leak in result.leaks:
        found = blocked_result("goroutine-leak", leak, f"goroutine leak: still blocked when {ender} returns")
        if found:
            results.append(found)
    if result.test is not None:  # which test each finding is of
        for item in results:
            item.setdefault("properties", {})["test"] = result.test
            item["message"]["text"] = f"{result.test}: {item['message']['text']}"
    return results


def sarif_log(results: list[Result]) -> dict:
    """One SARIF log with one run of mc over every checked file."""
    rules = [
        {
            "id": rule,
            "name": name,
            "shortDescription": {"text": text},
            "defaultConfiguration": {"level": level},
        }
        for rule, name, text, level in RULES
    ]
    incomplete = [r.file for r in results if not r.complete]
    run = {
        "tool": {"driver": {"name": "mc", "version": __version__, "rules": rules}},
        "results": [item for result in results for item in run_json(result)],
        "invocations": [{"executionSuccessful": True, "properties": {"incompleteSearch": incomplete}}],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
