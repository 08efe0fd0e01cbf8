"""Go's operators on run-time values: integer arithmetic with wrap-around, division that
truncates toward zero, shifts, comparison, conversion."""

from __future__ import annotations

from modelcheck.ir.values import Pointer, SliceValue
from modelcheck.syntax.types import IntType, SliceType, StringType, Type, UntypedType


class GoPanic(Exception):
    """A run-time panic raised by local computation; ``value`` is what recover() returns."""

    def __init__(self, value: object, message: str):
        super().__init__(message)
        self.value = value
        self.message = message


class Goexit:
    """The unwinding of ``runtime.Goexit``: deferred calls run, ``recover`` returns nil in them,
    and the goroutine then ends as if its function had returned."""

    def __repr__(self) -> str:
        return "runtime.Goexit"


GOEXIT = Goexit()  # the "panic value" of an unwinding that runtime.Goexit started


def runtime_panic(message: str, prefix: str = "runtime error: ") -> GoPanic:
    """A panic with a runtime.Error value, as the Go runtime raises them."""
    from modelcheck.semantics.formatting import RuntimeError as GoRuntimeError

    text = prefix + message
    return GoPanic(GoRuntimeError(text), text)


NIL_DEREFERENCE = "invalid memory address or nil pointer dereference"


# Indexing and addressing, shared by the machine and the relaxed engine (which resolves its
# symbolic operands to concrete values first): the checks and the panics Go's runtime gives.


def check_index(index: int, length: int) -> int:
    if not 0 <= index < length:
        raise runtime_panic(f"index out of range [{index}] with length {length}")
    return index


def field_address(base: Pointer | None, offset: int) -> Pointer:
    if base is None:
        raise runtime_panic(NIL_DEREFERENCE)
    return Pointer(base.block, base.offset + offset)


def array_element_address(base: Pointer | None, index: int, length: int, element_size: int) -> Pointer:
    if base is None:
        raise runtime_panic(NIL_DEREFERENCE)
    return Pointer(base.block, base.offset + check_index(index, length) * element_size)


def slice_element_address(value: SliceValue | None, index: int, element_size: int) -> Pointer:
    check_index(index, value.length if value is not None else 0)
    return Pointer(value.block, value.offset + index * element_size)


def string_bytes(value: str) -> bytes:
    return value.encode("utf-8", "surrogateescape")


def string_byte(value: str, index: int) -> int:
    data = string_bytes(value)
    return data[check_index(index, len(data))]


def length_of(value, which: str) -> int:
    """``len`` or ``cap`` (``which``) of a string, slice, array (tuple), map or nil."""
    if value is None:
        return 0
    if isinstance(value, str):
        return len(string_bytes(value))
    if isinstance(value, SliceValue):
        return value.length if which == "len" else value.capacity
    return len(value)


MAX_ALLOC = 1 << 48  # the largest allocation Go's runtime attempts on linux/amd64


def check_make_slice(length: int, capacity: int, element_bytes: int) -> None:
    """Go's makeslice checks: a length or capacity that is negative, out of order, or whose
    bytes exceed what the allocator can ever give panics before anything is allocated."""
    if length < 0 or length * element_bytes > MAX_ALLOC:
        raise runtime_panic("makeslice: len out of range")
    if capacity < length or capacity * element_bytes > MAX_ALLOC:
        raise runtime_panic("makeslice: cap out of range")


CHANNEL_HEADER_BYTES = 96  # Go's hchan, which makechan's size check leaves room for


def check_make_chan(capacity: int, element_bytes: int) -> None:
    """Go's makechan check: a negative buffer, or one the allocator cannot give, panics
    (a plain error: the message has no "runtime error: " prefix)."""
    if capacity < 0 or capacity * element_bytes > MAX_ALLOC - CHANNEL_HEADER_BYTES:
        raise runtime_panic("makechan: size out of range", prefix="")


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
