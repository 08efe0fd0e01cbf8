"""Diagnostics: errors in the input, reported as ``FILE:LINE:COL: message`` with the source
line and a caret under the column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int
    column: int
    message: str

    def render(self, source: str | None) -> str:
        """The diagnostic with the offending source line and a caret under the column."""
        head = f"{self.file}:{self.line}:{self.column}: {self.message}"
        if source is None:
            return head
        lines = source.splitlines()
        if not 1 <= self.line <= len(lines):
            return head
        text = lines[self.line - 1].replace("\t", " ")
        if len(text) > 200:  # keep the caret line readable for huge lines
            start = max(0, self.column - 100)
            text = text[start : start + 200]
            caret_column = self.column - start
        else:
            caret_column = self.column
        return f"{head}\n{text}\n{' ' * max(0, caret_column - 1)}^"


class SourceError(Exception):
    """Bad input: one or more diagnostics. The command line prints them and exits 2."""

    def __init__(self, diagnostics: list[Diagnostic], source: str | None = None):
        super().__init__("\n".join(d.message for d in diagnostics))
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.file, d.line, d.column))
        self.source = source

    def render(self) -> str:
        return "\n".join(d.render(self.source) for d in self.diagnostics)
