"""Run-time values written the way a Go programmer reads them in a witness."""

from __future__ import annotations

import ast
import re

from modelcheck.ir.values import ChanRef, Closure, MapRef, Pointer, SliceValue
from modelcheck.syntax.quoting import go_quote


def go_value(value: object) -> str:
    """``0``, ``"a"``, ``true``, ``nil``, ``{1, 2}``; references by kind."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nil"
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, tuple):
        return "{" + ", ".join(go_value(item) for item in value) + "}"
    if isinstance(value, ChanRef):
        return f"(channel #{value.id + 1})"
    if isinstance(value, Pointer):
        return f"(pointer #{value.block}.{value.offset})"
    if isinstance(value, MapRef):
        return f"(map #{value.block})"
    if isinstance(value, SliceValue):
        return f"(slice, len {value.length})"
    if isinstance(value, Closure):
        return "(func)"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{go_value(k)}:{go_value(v)}" for k, v in value.items()) + "]"
    return str(value)


_ENDINGS = r"(?: \(buffered\)| to goroutine \d+| from goroutine \d+| from a closed channel)?"
_LITERAL = re.compile(r"^(prints |sends |receives )(.+?)(" + _ENDINGS + r")$")


_MEMORY = re.compile(r"^((?:atomically )?(?:reads|writes) [^=]+ = )(.+)()$")


def go_description(description: str) -> str:
    """A step or event description with Python literals rewritten as Go values."""
    match = _LITERAL.match(description) or _MEMORY.match(description)
    if not match:
        return description
    verb, literal, rest = match.groups()
    try:
        value = parse_repr(literal)
    except (ValueError, SyntaxError, NameError, TypeError):
        return description
    return f"{verb}{go_value(value)}{rest}"


# The run-time value classes a description's repr may mention; nothing else is callable.
_VALUE_CLASSES = {cls.__name__: cls for cls in (ChanRef, Closure, MapRef, Pointer, SliceValue)}


def parse_repr(literal: str) -> object:
    """The value whose Python repr is ``literal``: a Python literal, possibly holding the value
    classes above. The machine formats values with repr; only the listed names can be called."""
    try:
        return ast.literal_eval(literal)
    except (ValueError, SyntaxError):
        tree = ast.parse(literal, mode="eval")
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in _VALUE_CLASSES:
            raise NameError(node.id)
        if isinstance(node, ast.Attribute | ast.Subscript | ast.Lambda):
            raise ValueError("not a value")
    return eval(compile(tree, "<value>", "eval"), {"__builtins__": {}}, dict(_VALUE_CLASSES))  # noqa: S307
