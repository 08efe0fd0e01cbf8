"""Diagnostics: errors in the input, reported as ``FILE:LINE:COL: message`` with the source
line and a caret under the column."""

from __future__ import annotations

from dataclasses import dataclass

MAX_SHOWN = 200  # characters of a source line shown under a diagnostic


def source_lines(source: str) -> list[str]:
    """The lines of ``source`` as the lexer counts them: only ``\\n`` ends a line (a ``\\r`` before
    it is dropped), so a lone ``\\r``, a form feed or U+2028 does not shift the line numbers; a
    leading byte order mark, which columns do not count, is dropped too."""
    return [line.removesuffix("\r") for line in source.removeprefix("\ufeff").split("\n")]


def shown(text: str) -> str:
    """``text`` as one terminal column per character: tabs, ``\\r``, NUL and other control or
    invisible characters (BOM, bidirectional overrides) become spaces, so the caret lines up."""
    return "".join(c if c.isprintable() else " " for c in text)


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int
    column: int
    message: str

    def render(self, source: str | None, lines: list[str] | None = None) -> str:
        """The diagnostic with the offending source line and a caret under the column
        (``lines``: ``source_lines(source)``, when the caller has it already)."""
        # One line per message, whatever it quotes (a raw string's newline shows as \n).
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")
        head = f"{self.file}:{self.line}:{self.column}: {message}"
        if source is None:
            return head
        if lines is None:
            lines = source_lines(source)
        # A position past the end (EOF after the last newline) shows as an empty line.
        text = lines[self.line - 1] if 1 <= self.line <= len(lines) else ""
        column = max(1, self.column)
        if len(text) > MAX_SHOWN:  # keep the caret line readable for huge lines
            start = max(0, column - MAX_SHOWN // 2)
            text = text[start : start + MAX_SHOWN]
            column -= start
        return f"{head}\n{shown(text)}\n{' ' * (column - 1)}^"


class SourceError(Exception):
    """Bad input: one or more diagnostics. The command line prints them and exits 2."""

    def __init__(self, diagnostics: list[Diagnostic], source: str | dict[str, str] | None = None):
        """``source``: the text of the one file, or the text of each file by name."""
        super().__init__("\n".join(d.message for d in diagnostics))
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.file, d.line, d.column))
        self.source = source

    def render(self) -> str:
        texts = self.source if isinstance(self.source, dict) else None
        lines: dict[str | None, list[str]] = {}
        rendered = []
        for d in self.diagnostics:
            text = texts.get(d.file) if texts is not None else self.source
            key = d.file if texts is not None else None
            if text is not None and key not in lines:
                lines[key] = source_lines(text)
            rendered.append(d.render(text, lines.get(key)))
        return "\n".join(rendered)
