"""Library models written in Go: packages that mc compiles with the program that imports them.

Each ``<name>.go`` here is the model of the standard package of that import path, written over
the primitives mc already explores (goroutines, channels, mutexes), so that its semantics live
in one place for every engine. A method named ``X__(at, message string)`` stands for Go's
variadic ``X(args ...any)`` and ``Xf(format string, args ...any)``: the checker formats the
message as fmt does and passes the caller's position.
"""

from __future__ import annotations

import importlib.resources

MODELS = ("testing", "time")  # import paths with a model here


def model_source(path: str) -> tuple[str, str] | None:
    """The file name and Go source of the model of import path ``path``, None if there is none."""
    if path not in MODELS:
        return None
    name = path.replace("/", "_") + ".go"
    text = (importlib.resources.files("modelcheck.library") / name).read_text(encoding="utf-8")
    return model_file(path), text


def model_file(path: str) -> str:
    """The file name the model of import path ``path`` has in positions: ``<time>/time.go``."""
    return f"<{path}>/{path.replace('/', '_')}.go"
