"""The ``mc`` command line."""

from __future__ import annotations

import math
import os
import sys

import click

from modelcheck import __version__
from modelcheck.guard import GuardedGroup, reading
from modelcheck.semantics.bounds import (
    DEFAULT_MAX_ALLOC,
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_GOROUTINES,
    DEFAULT_MAX_MEMORY,
    DEFAULT_MAX_STEPS,
    Limits,
)
from modelcheck.syntax import SourceError, load_file

EXIT_BAD_INPUT = 2


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mc")
def main() -> None:
    """mc: an exhaustive model checker for Go concurrency."""


class OutputPath(click.Path):
    """A file the command writes: its folder must exist (checked before any work is done)."""

    def __init__(self):
        super().__init__(dir_okay=False)

    def convert(self, value, param, ctx):
        path = super().convert(value, param, ctx)
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            self.fail(f"cannot write {path}: no such directory {folder}", param, ctx)
        return path


class Seconds(click.ParamType):
    """A positive, finite number of seconds."""

    name = "seconds"

    def convert(self, value, param, ctx):
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(seconds) or seconds <= 0:
            self.fail(f"{value!r} is not a positive, finite number of seconds", param, ctx)
        return seconds


class TestPattern(click.ParamType):
    """A -run regular expression (Python's syntax, which agrees with Go's RE2 on the usual ones)."""

    name = "regexp"

    def convert(self, value, param, ctx):
        import re

        try:
            re.compile(value.split("/", 1)[0])
        except re.error as error:
            self.fail(f"invalid -run pattern {value!r}: {error}", param, ctx)
        return value


def run_option(help_text: str):
    """``-run REGEXP``, as go test spells it (``--run`` too)."""
    return click.option("-run", "--run", "run_pattern", metavar="REGEXP", type=TestPattern(), help=help_text)


def output_file_option(flag: str, name: str, help_text: str):
    """An option naming a file the command writes."""
    return click.option(flag, name, type=OutputPath(), metavar="PATH", help=help_text)


BOUND_OPTIONS = (
    click.option(
        "--unroll",
        type=click.IntRange(min=1),
        default=None,
        help="Iterations allowed per execution of a loop statement (default 64).",
    ),
    click.option(
        "--max-executions", type=click.IntRange(min=1), default=None, help="Stop after N executions."
    ),
    click.option("--timeout", type=Seconds(), default=None, help="Stop after S seconds (partial result)."),
)


LIMIT_OPTIONS = (  # (flag, default, help): the fields of semantics.bounds.Limits
    ("--max-depth", DEFAULT_MAX_DEPTH, "Calls on one goroutine's stack; deeper recursion is cut."),
    ("--max-goroutines", DEFAULT_MAX_GOROUTINES, "Goroutines per execution, main included."),
    ("--max-alloc", DEFAULT_MAX_ALLOC, "Memory cells (variables, fields, elements) allocated per execution."),
    ("--max-steps", DEFAULT_MAX_STEPS, "Instructions run per execution."),
    ("--max-memory", DEFAULT_MAX_MEMORY, "MiB of memory the search may hold; past it the search stops."),
)


def limit_option(flag: str, default: int, help_text: str):
    return click.option(flag, type=click.IntRange(min=1), default=default, show_default=True, help=help_text)


def bound_options(command):
    """The search bounds that check and explain share."""
    for option in reversed(BOUND_OPTIONS + tuple(limit_option(*limit) for limit in LIMIT_OPTIONS)):
        command = option(command)
    return command


def search_options(bounds: dict, jobs: int = 1):
    """Options for the explorer from the values of BOUND_OPTIONS."""
    from modelcheck.explore import DEFAULT_UNROLL, Options

    limits = Limits(
        bounds["max_depth"],
        bounds["max_goroutines"],
        bounds["max_alloc"],
        bounds["max_steps"],
        max_memory=bounds["max_memory"],
    )
    return Options(
        unroll=bounds["unroll"] or DEFAULT_UNROLL,
        max_executions=bounds["max_executions"],
        timeout=bounds["timeout"],
        jobs=jobs,
        limits=limits,
    )


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--ast", "show_ast", is_flag=True, help="Print the syntax tree of each file.")
def parse(files: tuple[str, ...], show_ast: bool) -> None:
    """Parse and check FILES; print every diagnostic; exit 2 on any error."""
    from modelcheck.syntax.limits import run_deep
    from modelcheck.syntax.printer import format_tree

    failed = False
    for path in files:
        try:
            with reading(path):
                checked = run_deep(load_file, path)
        except SourceError as error:
            click.echo(error.render(), err=True)
            failed = True
            continue
        if show_ast:
            click.echo(format_tree(checked.program))
    sys.exit(EXIT_BAD_INPUT if failed else 0)


EXIT_OK, EXIT_FOUND, EXIT_INCOMPLETE = 0, 1, 3


def exit_status(results) -> int:
    """0: complete and nothing wrong; 1: a race, deadlock, panic, fatal error or hang, or a
    test that fails; 3: nothing wrong found but the search was incomplete."""
    from modelcheck.semantics.outcomes import END_OK
    from modelcheck.semantics.verdict import failures_of

    found = any(
        r.races or any(o.end != END_OK for o in r.outcomes) or (r.test is not None and failures_of(r))
        for r in results
    )
    if found:
        return EXIT_FOUND
    return EXIT_OK if all(r.complete for r in results) else EXIT_INCOMPLETE


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@run_option("In a package with tests, only the tests go test -run REGEXP would run.")
@click.option(
    "--model",
    type=click.Choice(["go", "sc"]),
    default="go",
    show_default=True,
    help="Memory model: the Go memory model, or sequential consistency.",
)
@bound_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file (= --format json).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "sarif"]),
    default=None,
    help="text (default), one JSON object per file, or one SARIF 2.1.0 log.",
)
@click.option("--no-color", is_flag=True, help="Plain text, no colour or progress bar, even on a terminal.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Split the exploration across N processes (same result).",
)
def check(files, run_pattern, model, as_json, output_format, no_color, jobs, **bounds) -> None:
    """Explore every schedule of FILES and report outcomes, races, deadlocks and panics.

    A FILE is a Go file (.gol or .go) or a directory, which is one package as go build sees it;
    in a package with tests, each TestXxx is checked as go test runs it."""
    from modelcheck.check import check_entry, load_checked, selected_tests
    from modelcheck.report.check_output import CheckPrinter

    if as_json and output_format not in (None, "json"):
        raise click.UsageError(f"--json and --format {output_format} ask for two different outputs")
    options = search_options(bounds, jobs)
    printer = CheckPrinter(output_format or ("json" if as_json else "text"), no_color, len(files), click.echo)
    for path in files:
        try:
            with reading(path):
                checked = load_checked(path)
            tests = selected_tests(checked, run_pattern) if checked.tests else [None]
            results = []
            for test in tests:
                with reading(path), printer.progress(test.name if test else path, options) as file_options:
                    result = check_entry(checked, test, model, file_options)
                printer.add(result)
                results.append(result)
        except SourceError as error:
            click.echo(error.render(), err=True)
            sys.exit(EXIT_BAD_INPUT)
        if checked.tests:
            printer.package_done(path, results)
    printer.finish()
    sys.exit(exit_status(printer.results))


@main.command()
@click.argument("file", type=click.Path())
@run_option("The test to explain (the first match).")
@click.option("--witness", is_flag=True, help="Show a witness execution (the default and only mode).")
@click.option("--output", "output_text", metavar="TEXT", help="Output is TEXT (\\n escapes).")
@click.option("--prints", metavar="TEXT", help="An execution that prints the line TEXT.")
@click.option("--race", "race_variable", metavar="VAR", help="An execution in which a race on VAR happens.")
@click.option("--deadlock", is_flag=True, help="An execution that deadlocks.")
@click.option(
    "--panic",
    "panic_message",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[MSG]",
    help="An execution that panics (with MSG, if given) or hits a fatal error.",
)
@click.option("--leak", is_flag=True, help="An execution that leaks a blocked goroutine.")
@click.option("--hang", is_flag=True, help="An execution that hangs in a loop that cannot exit.")
@click.option("--fail", "fails", is_flag=True, help="An execution in which the test fails.")
@click.option("--model", type=click.Choice(["go", "sc"]), default="go", show_default=True)
@bound_options
@output_file_option(
    "--dot",
    "dot_path",
    "Write the execution graph as DOT; .svg/.png need Graphviz (else: the .dot and a hint).",
)
@click.option("--columns", is_flag=True, help="One column per goroutine.")
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
def explain(
    file,
    run_pattern,
    witness,
    output_text,
    prints,
    race_variable,
    deadlock,
    panic_message,
    leak,
    hang,
    fails,
    model,
    dot_path,
    columns,
    as_json,
    **bounds,
) -> None:
    """Show one execution of FILE that does what a selector asks (default: the most important
    finding). Exit 0: shown; 1: no execution does that; 3: none found, search incomplete."""
    from modelcheck.explain import selector_from
    from modelcheck.explain_command import run_explain

    chosen = {
        "output": output_text,
        "prints": prints,
        "race": race_variable,
        "panic": panic_message,
        "deadlock": deadlock or None,
        "leak": leak or None,
        "hang": hang or None,
        "fail": fails or None,
    }
    try:
        selector = selector_from({kind: value for kind, value in chosen.items() if value is not None})
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    options = search_options(bounds)
    try:
        with reading(file):
            status = run_explain(
                file, selector, model, options, dot_path, columns, as_json, click.echo, run_pattern
            )
    except SourceError as error:
        click.echo(error.render(), err=True)
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(status)


@main.command("test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("-k", "pattern", metavar="PATTERN", help="Only the specs whose path contains PATTERN.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Check N files in parallel (default: cores).")
@output_file_option("--junit", "junit_path", "Also write a JUnit XML report to PATH.")
def spec_test(paths, pattern, jobs, junit_path) -> None:
    """Check each .gol spec under PATHS (default: specs/) against its // expect lines."""
    from modelcheck.spectest.runner import run_specs

    _, failed, _ = run_specs(
        paths or ("specs",), pattern=pattern, jobs=jobs, junit_path=junit_path, echo=click.echo
    )
    sys.exit(1 if failed else 0)
