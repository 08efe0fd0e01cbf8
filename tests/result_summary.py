"""What two explorations of one program must agree on, shared by the tests that compare them
(reduced vs naive enumeration, parallel vs sequential): outcomes, races, leaks, completeness."""

from __future__ import annotations

from modelcheck.semantics.outcomes import Result


def summary(result: Result) -> tuple:
    """A Result reduced to comparable, order-independent parts."""
    return (
        sorted((o.output, o.end, o.message or "") for o in result.outcomes),
        sorted(race.key() for race in result.races),
        sorted((leak.blocked[0].goroutine.function, str(leak.blocked[0].location)) for leak in result.leaks),
        result.complete,
    )
