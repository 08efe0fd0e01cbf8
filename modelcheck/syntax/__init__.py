"""The front end: .gol source text -> syntax tree -> checked program, or diagnostics.

Public surface: ``load_file``, ``load_source``, ``parse_source``, ``check_program``,
``SourceError`` and ``Diagnostic``.
"""

from __future__ import annotations

from pathlib import Path

from modelcheck.syntax.diagnostics import Diagnostic, SourceError
from modelcheck.syntax.nodes import Program
from modelcheck.syntax.symbols import CheckedProgram

__all__ = [
    "CheckedProgram",
    "Diagnostic",
    "Program",
    "SourceError",
    "check_program",
    "load_file",
    "load_source",
    "parse_source",
]


def parse_source(source: str, filename: str) -> Program:
    """Parse source text into a syntax tree; raises SourceError with every diagnostic."""
    from modelcheck.syntax.parser import parse

    return parse(source, filename)


def check_program(program: Program, source: str) -> CheckedProgram:
    """Resolve and type a syntax tree; raises SourceError listing all errors."""
    from modelcheck.syntax.checker import check

    return check(program, source)


def load_source(source: str, filename: str) -> CheckedProgram:
    """Parse and check source text: a whole file, which starts with its package clause, and is
    a package of its own (with the library models it imports)."""
    from modelcheck.syntax.packages import load_sources

    return load_sources({filename: source}, filename)


def decode_source(data: bytes, filename: str) -> str:
    """Decode a file's bytes as UTF-8, or raise SourceError pointing at the first bad byte
    (its column counts characters, like every other column)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line_start = before.rfind(b"\n") + 1
        line = before.count(b"\n") + 1
        column = len(before[line_start:].decode("utf-8")) + 1
        raise SourceError(
            [Diagnostic(filename, line, column, "invalid UTF-8 encoding")],
            data.decode("utf-8", errors="replace"),
        ) from None


def load_file(path: str | Path) -> CheckedProgram:
    """Read, parse and check a .gol or .go file (a package of its own), or a directory (one
    package: its .go files, tests included)."""
    from modelcheck.syntax.packages import load_path

    return load_path(path)
