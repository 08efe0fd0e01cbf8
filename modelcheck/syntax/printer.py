"""``format_tree``: the syntax tree as indented text, for ``mc parse --ast`` and for tests.

One node per line: its class, its scalar fields as ``name=value`` and its position; child
nodes and tuples follow, indented under their field name. The walk uses an explicit stack, so
deeply nested programs print without hitting Python's recursion limit.
"""

from __future__ import annotations

from dataclasses import fields

from modelcheck.syntax.nodes import Node

INDENT = "  "


def _is_scalar(value: object) -> bool:
    return not isinstance(value, Node | tuple)


def _header(node: Node) -> str:
    scalars = [
        f"{f.name}={getattr(node, f.name)!r}"
        for f in fields(node)
        if f.name != "span" and _is_scalar(getattr(node, f.name)) and getattr(node, f.name) is not None
    ]
    position = f"@{node.span.line}:{node.span.column}"
    return " ".join([type(node).__name__, *scalars, position])


def format_tree(program: Node) -> str:
    """The tree rooted at ``program`` as stable, indented text."""
    lines: list[str] = []
    stack: list[tuple[str, object, int]] = [("", program, 0)]
    while stack:
        label, value, depth = stack.pop()
        pad = INDENT * depth
        prefix = "- " if label == "-" else f"{label}: " if label else ""
        if isinstance(value, Node):
            lines.append(f"{pad}{prefix}{_header(value)}")
            children = [
                (f.name, getattr(value, f.name))
                for f in fields(value)
                if f.name != "span" and not _is_scalar(getattr(value, f.name))
            ]
            for name, child in reversed(children):
                stack.append((name, child, depth + 1))
        elif isinstance(value, tuple):
            if not value:
                lines.append(f"{pad}{prefix}()")
                continue
            lines.append(f"{pad}{label}:")
            for item in reversed(value):
                stack.append(("-", item, depth + 1))
        else:
            lines.append(f"{pad}{prefix}{value!r}")
    return "\n".join(lines)
