"""``mc explain`` as a command: run the explanation, print it, write the graph, pick the exit
status (0: witness shown or nothing wrong; 1: no execution does that; 3: none found in an
incomplete search). The graph is written even without Graphviz; rendering it needs ``dot``."""

from __future__ import annotations

import json

from modelcheck.explain import explain_file
from modelcheck.explore import Options
from modelcheck.report.explanation import FOUND, INCOMPLETE, NONE, Explanation, Selector

EXIT_WITNESS, EXIT_NONE, EXIT_INCOMPLETE = 0, 1, 3


def run_explain(
    path: str,
    selector: Selector,
    model: str,
    options: Options,
    dot_path: str | None,
    columns: bool,
    as_json: bool,
    echo,
    run: str | None = None,
) -> int:
    """Explain and print; ``echo(text, err=False)`` prints. Raises SourceError on bad input."""
    from modelcheck.report.explain_json import explanation_json
    from modelcheck.report.explain_text import render_explanation

    explanation = explain_file(path, selector, model, options, run)
    if as_json:
        echo(json.dumps(explanation_json(explanation), indent=1))
    else:
        echo(render_explanation(explanation, columns=columns))
    if dot_path is not None:
        write_dot(explanation, dot_path, echo)
    return {NONE: EXIT_NONE, INCOMPLETE: EXIT_INCOMPLETE}.get(explanation.status, EXIT_WITNESS)


def write_dot(explanation: Explanation, dot_path: str, echo) -> None:
    from modelcheck.report.dot import relaxed_dot, story_dot, write_graph

    if explanation.status != FOUND:
        echo(f"no graph written to {dot_path}: there is no witness", err=True)
        return
    title = f"{explanation.result.file}: {explanation.question()}"
    if explanation.relaxed:
        text = relaxed_dot(explanation.finding.witness, title)
    elif explanation.story is not None:
        text = story_dot(explanation.story, title, explanation.race)
    else:
        echo(f"no graph written to {dot_path}: the witness search was cut short", err=True)
        return
    problem = write_graph(text, dot_path)
    if problem:
        echo(problem, err=True)
