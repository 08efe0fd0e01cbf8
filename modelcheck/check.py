"""One entry point for checking a file: front end, IR, then the engines the model needs."""

from __future__ import annotations

from modelcheck.explore import DEFAULT_UNROLL, Options, explore
from modelcheck.ir import lower
from modelcheck.semantics.outcomes import Result
from modelcheck.syntax import load_file

try:
    from modelcheck.syntax.limits import run_deep
except ImportError:  # pragma: no cover - until the front end ships it

    def run_deep(function, *arguments):
        return function(*arguments)

RELAXED_NOT_EXPLORED = (
    "the program has data races: outcomes that only the Go memory model allows (and no interleaving "
    "produces) were not explored"
)
DRF_SC = "no data race in any execution: the go outcomes are the sc outcomes (DRF-SC)"


def check_file(path: str, model: str = "go", unroll: int | None = None, options: Options | None = None) -> Result:
    """Check one .gol file under ``model`` ("sc" or "go"); raises SourceError on bad input."""
    checked = run_deep(load_file, path)
    program = run_deep(lower, checked)
    options = options or Options(unroll=unroll if unroll is not None else DEFAULT_UNROLL)
    result = explore(program, options, model="sc")
    result.model = model
    if model == "go":
        if result.races:
            result.notes.append(RELAXED_NOT_EXPLORED)
        else:
            result.notes.append(DRF_SC)
    return result
