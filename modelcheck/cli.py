"""The ``mc`` command line."""

from __future__ import annotations

import sys

import click

from modelcheck import __version__
from modelcheck.syntax import SourceError, load_file

EXIT_BAD_INPUT = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mc")
def main() -> None:
    """mc: an exhaustive model checker for Go concurrency."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--ast", "show_ast", is_flag=True, help="Print the syntax tree of each file.")
def parse(files: tuple[str, ...], show_ast: bool) -> None:
    """Parse and check FILES; print every diagnostic; exit 2 on any error."""
    from modelcheck.syntax.limits import run_deep
    from modelcheck.syntax.printer import format_tree

    failed = False
    for path in files:
        try:
            checked = run_deep(load_file, path)
        except SourceError as error:
            click.echo(error.render(), err=True)
            failed = True
            continue
        if show_ast:
            click.echo(format_tree(checked.program))
    sys.exit(EXIT_BAD_INPUT if failed else 0)
