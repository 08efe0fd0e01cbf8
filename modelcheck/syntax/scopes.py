"""Blocks of declarations: the universe, a package, a file, a function's nested blocks."""

from __future__ import annotations

from modelcheck.syntax.symbols import Symbol


class Scope:
    """A block of declarations; lookups walk outwards through ``parent``."""

    def __init__(self, parent: Scope | None, kind: str):
        self.parent = parent
        self.kind = kind
        self.names: dict[str, Symbol] = {}

    def lookup(self, name: str) -> Symbol | None:
        scope: Scope | None = self
        while scope is not None:
            symbol = scope.names.get(name)
            if symbol is not None:
                return symbol
            scope = scope.parent
        return None
