"""The answer of ``mc explain`` as a value: what was asked (a Selector) and what was found
(an Explanation), for the renderers of this layer to show as text, columns, JSON or DOT."""

from __future__ import annotations

from dataclasses import dataclass

from modelcheck.report.story import Story
from modelcheck.semantics.outcomes import Finding, Race, Result
from modelcheck.syntax.quoting import go_quote

FOUND, NONE, INCOMPLETE, NOTHING_WRONG = "found", "none", "incomplete", "nothing wrong"
SELECTORS = ("output", "prints", "race", "deadlock", "panic", "leak", "hang", "fail")
CHOSEN_NAMES = {
    "panic": "a panic or fatal error",
    "deadlock": "a deadlock",
    "race": "a data race",
    "relaxed": "an outcome only the Go memory model allows",
    "fail": "a failure of the test",
}


@dataclass(frozen=True)
class Selector:
    """What to explain: ``kind`` is one of SELECTORS (None: the most important finding);
    ``argument`` the output, line, variable or panic message (None where optional)."""

    kind: str | None = None
    argument: str | None = None

    def describe(self) -> str:
        if self.kind is None:
            return "the most important finding"
        if self.kind in ("output", "prints"):
            what = "outputs" if self.kind == "output" else "prints the line"
            return f"{what} {go_quote(self.argument or '')}"
        if self.kind == "race":
            return f"a data race on {self.argument}" if self.argument else "a data race"
        if self.kind == "panic":
            return "panics" + (f" with {go_quote(self.argument)}" if self.argument else "")
        return {
            "deadlock": "deadlocks",
            "leak": "leaks a goroutine",
            "hang": "hangs",
            "fail": "fails the test",
            "relaxed": "an outcome only the Go memory model allows",
        }[self.kind]


@dataclass
class Explanation:
    """The answer: ``status`` is FOUND, NONE (complete search, no such execution),
    INCOMPLETE (none found, but the search was cut) or NOTHING_WRONG (no selector and no
    problem). A found witness is a ``finding`` (with its story, unless relaxed) or a ``race``."""

    selector: Selector
    result: Result
    status: str
    finding: Finding | None = None
    race: Race | None = None
    story: Story | None = None
    source: str = ""  # the program text, for relaxed witnesses (which have no story)
    chosen: str | None = None  # without a selector: the kind of finding chosen

    def question(self) -> str:
        """What was asked, and for the default question what was chosen."""
        asked = self.selector.describe()
        if self.selector.kind is None and self.chosen is not None:
            return f"{asked}: {CHOSEN_NAMES[self.chosen]}"
        return asked

    @property
    def relaxed(self) -> bool:
        return self.finding is not None and self.finding.relaxed
