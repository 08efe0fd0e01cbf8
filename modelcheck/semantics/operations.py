"""Go's operators on run-time values: integer arithmetic with wrap-around, division that
truncates toward zero, shifts, comparison, conversion."""

from __future__ import annotations

from modelcheck.ir.values import SliceValue
from modelcheck.syntax.types import IntType, SliceType, StringType, Type, UntypedType


class GoPanic(Exception):
    """A run-time panic raised by local computation; ``value`` is what recover() returns."""

    def __init__(self, value: object, message: str):
        super().__init__(message)
        self.value = value
        self.message = message


def runtime_panic(message: str, prefix: str = "runtime error: ") -> GoPanic:
    """A panic with a runtime.Error value, as the Go runtime raises them."""
    from modelcheck.semantics.formatting import RuntimeError as GoRuntimeError

    text = prefix + message
    return GoPanic(GoRuntimeError(text), text)


NIL_DEREFERENCE = "invalid memory address or nil pointer dereference"


def _wrap(t: Type, value: int) -> int:
    return t.wrap(value) if isinstance(t, IntType) else value


def _divide(left: int, right: int) -> int:
    if right == 0:
        raise runtime_panic("integer divide by zero")
    quotient = abs(left) // abs(right)
    return quotient if (left >= 0) == (right >= 0) else -quotient


def is_nil(value: object) -> bool:
    return value is None or (isinstance(value, SliceValue) and value.block is None)


def equal(left: object, right: object, t: Type) -> bool:
    if isinstance(t, SliceType) or left is None or right is None:
        return is_nil(left) == is_nil(right) if (is_nil(left) or is_nil(right)) else left is right
    return left == right


def binary(op: str, left, right, t: Type):
    """``left op right`` for operands of type t."""
    if op == "==":
        return equal(left, right, t)
    if op == "!=":
        return not equal(left, right, t)
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    if op == ">=":
        return left >= right
    if op == "+":
        if isinstance(t, StringType) or (isinstance(t, UntypedType) and t.kind == "string"):
            return left + right
        return _wrap(t, left + right)
    if op == "-":
        return _wrap(t, left - right)
    if op == "*":
        return _wrap(t, left * right)
    if op == "/":
        return _wrap(t, _divide(left, right))
    if op == "%":
        return _wrap(t, left - right * _divide(left, right))
    if op == "&":
        return _wrap(t, left & right) if not isinstance(left, bool) else left and right
    if op == "|":
        return _wrap(t, left | right) if not isinstance(left, bool) else left or right
    if op == "^":
        return _wrap(t, left ^ right)
    if op == "&^":
        return _wrap(t, left & ~right)
    if op in ("<<", ">>"):
        if right < 0:
            raise runtime_panic("negative shift amount")
        if op == "<<":
            return _wrap(t, left << min(right, 1024))
        return _wrap(t, left >> min(right, 1024))
    if op == "min":
        return min(left, right)
    if op == "max":
        return max(left, right)
    raise ValueError(f"unknown operator {op}")


def unary(op: str, value, t: Type):
    if op == "-":
        return _wrap(t, -value)
    if op == "+":
        return value
    if op == "!":
        return not value
    if op == "^":
        if isinstance(t, IntType) and not t.signed:
            return t.wrap(~value)
        return _wrap(t, ~value)
    raise ValueError(f"unknown operator {op}")


def convert(value, source: Type, target: Type):
    if isinstance(target, IntType):
        return target.wrap(int(value))
    if isinstance(target, StringType) and isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF:
            return chr(value)
        return "\ufffd"
    return value
