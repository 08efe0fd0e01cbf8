"""How ``mc check`` prints its results: text (coloured on a terminal, with a progress bar),
one JSON object per file, or one SARIF log for all files at the end."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys

from modelcheck.report.console import wants_color, write
from modelcheck.semantics.outcomes import Result

FORMATS = ("text", "json", "sarif")


class CheckPrinter:
    def __init__(self, output_format: str, no_color: bool, files: int, echo):
        self.output_format = output_format
        self.color = output_format == "text" and wants_color(no_color)
        self.show_progress = output_format == "text" and wants_color(no_color, sys.stderr)
        self.files = files
        self.echo = echo
        self.results: list[Result] = []

    @contextlib.contextmanager
    def progress(self, path: str, options):
        """The options to check ``path`` with: with a progress bar when on a terminal."""
        if not self.show_progress:
            yield options
            return
        from modelcheck.report.progress import ProgressBar

        with ProgressBar(path, options.max_executions, options.timeout) as bar:
            yield dataclasses.replace(options, progress=bar, progress_every=min(options.progress_every, 200))

    def add(self, result: Result) -> None:
        self.results.append(result)
        if self.output_format == "json":
            from modelcheck.report.json_report import result_json

            self.echo(json.dumps(result_json(result), indent=1 if self.files == 1 else None))
        elif self.output_format == "text" and result.test is not None:
            from modelcheck.report.test_text import render_test

            write(render_test(result), self.color, self.echo)
        elif self.output_format == "text":
            from modelcheck.report.text import render

            write(render(result), self.color, self.echo)

    def package_done(self, path: str, results: list[Result]) -> None:
        """After the tests of a package: go test's ``ok``/``FAIL`` line."""
        if self.output_format == "text":
            from modelcheck.report.test_text import package_line

            write(package_line(path, results), self.color, self.echo)

    def finish(self) -> None:
        if self.output_format == "sarif":
            from modelcheck.report.sarif import sarif_log

            self.echo(json.dumps(sarif_log(self.results), indent=1))
