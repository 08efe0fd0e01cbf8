"""Go's constant arithmetic (exact integers, strings, booleans) and Go-like printing of
expressions and constant values for diagnostics."""

from __future__ import annotations

from modelcheck.syntax import nodes
from modelcheck.syntax.quoting import go_quote
from modelcheck.syntax.types import IntType

# Untyped integer constants are exact, but Go caps their size; so do we (it also keeps
# ``1 << 1 << 1 << ...`` from exhausting memory).
MAX_CONSTANT_BITS = 512
MAX_SHIFT = 1023 - 1 + 52  # Go's bound on a constant shift count
# Go rejects constant strings of 2 GiB and more ("constant string too long"); mc holds every
# constant in memory, so its own limit is lower: 16 Mi characters.
MAX_CONSTANT_STRING = 1 << 24
# The operations whose result may exceed MAX_CONSTANT_BITS, named as in Go's messages.
_OVERFLOW_NAMES = {
    "+": "addition",
    "-": "subtraction",
    "*": "multiplication",
    "<<": "shift",
    "^": "bitwise XOR",
}


class ConstantError(Exception):
    """A constant operation Go rejects; the message is Go's."""


def representable(value: int, int_type: IntType) -> bool:
    if int_type.signed:
        return -(1 << (int_type.bits - 1)) <= value < (1 << (int_type.bits - 1))
    return 0 <= value < (1 << int_type.bits)


def _truncated_division(a: int, b: int) -> int:
    quotient = abs(a) // abs(b)
    return quotient if (a >= 0) == (b >= 0) else -quotient


def integer_binary(op: str, a: int, b: int, int_type: IntType | None) -> int:
    """``a op b`` for integer constants; ``int_type`` is None for untyped operands."""
    if op in ("/", "%") and b == 0:
        raise ConstantError("invalid operation: division by zero")
    if op in ("<<", ">>"):
        if b < 0:
            raise ConstantError(f"invalid shift count {b} (negative)")
        if b > MAX_SHIFT:
            raise ConstantError(f"invalid shift count {b}")
    if op == "+":
        result = a + b
    elif op == "-":
        result = a - b
    elif op == "*":
        result = a * b
    elif op == "/":
        result = _truncated_division(a, b)
    elif op == "%":
        result = a - _truncated_division(a, b) * b
    elif op == "&":
        result = a & b
    elif op == "|":
        result = a | b
    elif op == "^":
        result = a ^ b
    elif op == "&^":
        result = a & ~b
    elif op == "<<":
        result = a << b
    elif op == ">>":
        result = a >> b
    else:  # pragma: no cover - callers pass arithmetic operators only
        raise ConstantError(f"invalid operation: operator {op} not defined on constants")
    if result.bit_length() > MAX_CONSTANT_BITS:
        name = _OVERFLOW_NAMES.get(op)
        raise ConstantError(f"constant {name} overflow" if name else "constant overflow")
    return result


def string_concat(a: str, b: str) -> str:
    """``a + b`` for string constants, within MAX_CONSTANT_STRING."""
    if len(a) + len(b) > MAX_CONSTANT_STRING:
        raise ConstantError("constant string too long")
    return a + b


def integer_unary(op: str, a: int, int_type: IntType | None) -> int:
    if op == "-":
        return -a
    if op == "^":
        if int_type is not None and not int_type.signed:
            return a ^ ((1 << int_type.bits) - 1)
        return ~a
    return a


def compare(op: str, a: object, b: object) -> bool:
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if op == "<":
        return a < b  # type: ignore[operator]
    if op == "<=":
        return a <= b  # type: ignore[operator]
    if op == ">":
        return a > b  # type: ignore[operator]
    return a >= b  # type: ignore[operator]


def format_value(value: int | str | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return go_quote(value)
    return str(value)


def expr_string(e: object) -> str:
    """Go's ExprString: the expression as Go would print it in a diagnostic."""
    if isinstance(e, nodes.Ident):
        return e.name
    if isinstance(e, nodes.IntLit | nodes.StringLit):
        return e.text
    if isinstance(e, nodes.ParenExpr):
        return f"({expr_string(e.inner)})"
    if isinstance(e, nodes.UnaryExpr):
        return f"{e.op}{expr_string(e.operand)}"
    if isinstance(e, nodes.BinaryExpr):
        return f"{expr_string(e.left)} {e.op} {expr_string(e.right)}"
    if isinstance(e, nodes.CallExpr):
        arguments = ", ".join(expr_string(a) for a in e.arguments)
        return f"{expr_string(e.function)}({arguments}{'...' if e.spread else ''})"
    if isinstance(e, nodes.SelectorExpr):
        return f"{expr_string(e.operand)}.{e.selector.name}"
    if isinstance(e, nodes.IndexExpr):
        return f"{expr_string(e.operand)}[{expr_string(e.index)}]"
    if isinstance(e, nodes.SliceExpr):
        parts = [expr_string(p) if p is not None else "" for p in (e.low, e.high, e.max)]
        if e.max is None:
            parts = parts[:2]
        return f"{expr_string(e.operand)}[{':'.join(parts)}]"
    if isinstance(e, nodes.CompositeLit):
        return f"{expr_string(e.type) if e.type is not None else ''}{{…}}"
    if isinstance(e, nodes.FuncLit):
        return f"{type_expr_string(nodes.FuncTypeExpr(e.span, e.params, e.results))} {{…}}"
    if isinstance(e, nodes.TypeExprAsExpr):
        return expr_string(e.type)
    return type_expr_string(e)


def type_expr_string(t: object) -> str:
    if isinstance(t, nodes.TypeName):
        return f"{t.package}.{t.name}" if t.package else t.name
    if isinstance(t, nodes.PointerTypeExpr):
        return f"*{type_expr_string(t.element)}"
    if isinstance(t, nodes.ArrayTypeExpr):
        length = "..." if t.length is None else expr_string(t.length)
        return f"[{length}]{type_expr_string(t.element)}"
    if isinstance(t, nodes.SliceTypeExpr):
        return f"[]{type_expr_string(t.element)}"
    if isinstance(t, nodes.MapTypeExpr):
        return f"map[{type_expr_string(t.key)}]{type_expr_string(t.value)}"
    if isinstance(t, nodes.ChanTypeExpr):
        prefix = {"send": "chan<- ", "receive": "<-chan "}.get(t.direction, "chan ")
        return prefix + type_expr_string(t.element)
    if isinstance(t, nodes.StructTypeExpr):
        return "struct{…}"
    if isinstance(t, nodes.FuncTypeExpr):
        params = ", ".join(param_string(p) for p in t.params)
        results = [param_string(p) for p in t.results]
        if not results:
            return f"func({params})"
        if len(results) == 1 and t.results[0].name is None:
            return f"func({params}) {results[0]}"
        return f"func({params}) ({', '.join(results)})"
    return "?"


def param_string(param: nodes.Param) -> str:
    text = type_expr_string(param.type)
    return text if param.name is None else f"{param.name.name} {text}"
