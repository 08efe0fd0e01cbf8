"""Local instructions of the unroller: arithmetic, conversions and memory shapes on values
that may be symbolic. Concrete operands go through the explorer's operations; an opaque
operand is first made concrete by splitting the path over its candidates.
"""

from __future__ import annotations

import z3

from modelcheck.ir.layout import flatten, go_bytes, zero_value
from modelcheck.ir.values import Closure, Pointer, SliceValue
from modelcheck.relaxed.values import Opaque, Text, Unsupported, is_symbolic, term
from modelcheck.semantics import operations as ops
from modelcheck.semantics.formatting import format_call, panic_message
from modelcheck.semantics.operations import GOEXIT, GoPanic, runtime_panic
from modelcheck.syntax.types import INT, STRING, ArrayType, IntType


class LocalSteps:
    """Mixin of the Unroller: instructions that touch only registers and private memory."""

    def index(self, path, stack, value, length: int) -> int:
        """A concrete index: an integer read from memory splits the path over 0..length-1 and
        out of range (that path panics with the index the solver picks)."""
        value = self.current(path, value)
        if not isinstance(value, z3.ExprRef) or z3.is_int_value(z3.simplify(value)):
            return self.resolve(path, stack, value)
        for candidate in range(length):
            if self.fork(path, stack, value == candidate) is not False:
                return candidate
        message = Text("Sprintf", ("runtime error: index out of range [%d] with length %d", value, length),
                       (STRING, INT, INT))  # fmt: skip
        raise GoPanic(None, message)

    def do_Unary(self, path, stack, frame, i):
        value = self.current(path, frame.registers[i.src])
        if isinstance(value, Opaque):
            value = self.resolve(path, stack, value)
        if isinstance(value, z3.ExprRef):
            result = {"!": lambda: z3.Not(value), "-": lambda: -value, "+": lambda: value}.get(i.op)
            if result is None:
                raise Unsupported(f"operator {i.op} on a value read from shared memory")
            frame.registers[i.dst] = result()
        else:
            frame.registers[i.dst] = ops.unary(i.op, value, i.type)
        frame.pc += 1

    def do_Binary(self, path, stack, frame, i):
        left = self.current(path, frame.registers[i.left])
        right = self.current(path, frame.registers[i.right])
        if i.op == "+" and (isinstance(left, Text) or isinstance(right, Text)):
            # fmt.Sprint of two strings is their concatenation, formatted once values are chosen
            frame.registers[i.dst] = Text("Sprint", (left, right), (STRING, STRING))
            frame.pc += 1
            return
        if i.op in ("==", "!=") and (is_symbolic(left) or is_symbolic(right)) and not isinstance(left, tuple):
            equal = term(left, self.interner) == term(right, self.interner)
            frame.registers[i.dst] = equal if i.op == "==" else z3.Not(equal)
        elif isinstance(left, Opaque | tuple) or isinstance(right, Opaque | tuple):
            left, right = self.resolve(path, stack, left), self.resolve(path, stack, right)
            if is_symbolic(left) or is_symbolic(right):
                raise Unsupported("comparison of structs read from shared memory")
            frame.registers[i.dst] = ops.binary(i.op, left, right, i.type)
        elif i.op in ("/", "%") and isinstance(right, z3.ExprRef):
            if self.fork(path, stack, right == 0) is not False:  # the copy re-runs with divisor != 0
                raise runtime_panic("integer divide by zero")
            frame.registers[i.dst] = symbolic_binary(i.op, left, right)
        elif isinstance(left, z3.ExprRef) or isinstance(right, z3.ExprRef):
            frame.registers[i.dst] = symbolic_binary(i.op, left, right)
        else:
            frame.registers[i.dst] = ops.binary(i.op, left, right, i.type)
        frame.pc += 1

    def do_Convert(self, path, stack, frame, i):
        value = self.current(path, frame.registers[i.src])
        if isinstance(value, Opaque):
            value = self.resolve(path, stack, value)
        if isinstance(value, z3.ExprRef):
            if not isinstance(i.target, IntType) and not z3.is_bool(value):
                raise Unsupported("conversion of an integer read from shared memory to a string")
            frame.registers[i.dst] = value
        else:
            frame.registers[i.dst] = ops.convert(value, i.source, i.target)
        frame.pc += 1

    def do_Pack(self, path, stack, frame, i):
        frame.registers[i.dst] = tuple(frame.registers[r] for r in i.sources)
        frame.pc += 1

    def do_Unpack(self, path, stack, frame, i):
        value = (
            self.resolve(path, stack, frame.registers[i.src])
            if not isinstance(frame.registers[i.src], tuple)
            else frame.registers[i.src]
        )
        if i.dynamic:
            index = ops.check_index(self.index(path, stack, frame.registers[i.index], len(value)), len(value))
        else:
            index = i.index
        frame.registers[i.dst] = value[index]
        frame.pc += 1

    def do_Fail(self, path, stack, frame, i):
        raise GoPanic(i.message, i.message)

    def do_Alloc(self, path, stack, frame, i):
        block = self.dynamic_block((path.key, path.allocations))
        path.allocations += 1
        if i.private:
            self.reserve(i.type)
            self.blocks[block] = (i.name, i.type, True)
            path.private[block] = list(flatten(i.type, zero_value(i.type)))
        else:
            self.add_block(block, i.name, i.type)
        frame.registers[i.dst] = Pointer(block, 0)
        frame.pc += 1

    def do_FieldAddress(self, path, stack, frame, i):
        base = self.resolve(path, stack, frame.registers[i.base])
        frame.registers[i.dst] = ops.field_address(base, i.offset)
        frame.pc += 1

    def do_ArrayElementAddress(self, path, stack, frame, i):
        base = self.resolve(path, stack, frame.registers[i.base])
        index = self.index(path, stack, frame.registers[i.index], i.length)
        frame.registers[i.dst] = ops.array_element_address(base, index, i.length, i.element_size)
        frame.pc += 1

    def do_SliceElementAddress(self, path, stack, frame, i):
        value = self.resolve(path, stack, frame.registers[i.slice])
        index = self.index(path, stack, frame.registers[i.index], value.length if value is not None else 0)
        frame.registers[i.dst] = ops.slice_element_address(value, index, i.element_size)
        frame.pc += 1

    def do_Length(self, path, stack, frame, i):
        frame.registers[i.dst] = ops.length_of(self.resolve(path, stack, frame.registers[i.src]), i.which)
        frame.pc += 1

    def do_StringIndex(self, path, stack, frame, i):
        text = self.resolve(path, stack, frame.registers[i.string])
        index = self.index(path, stack, frame.registers[i.index], len(ops.string_bytes(text)))
        frame.registers[i.dst] = ops.string_byte(text, index)
        frame.pc += 1

    def do_MakeSlice(self, path, stack, frame, i):
        length = self.resolve(path, stack, frame.registers[i.length])
        capacity = (
            self.resolve(path, stack, frame.registers[i.capacity]) if i.capacity is not None else length
        )
        ops.check_make_slice(length, capacity, go_bytes(i.element_type)[0])
        block = self.dynamic_block((path.key, path.allocations))
        path.allocations += 1
        self.add_block(block, i.name, ArrayType(capacity, i.element_type))
        frame.registers[i.dst] = SliceValue(block, 0, length, capacity)
        frame.pc += 1

    def do_MakeClosure(self, path, stack, frame, i):
        captured = tuple(self.resolve(path, stack, frame.registers[r]) for r in i.captured)
        frame.registers[i.dst] = Closure(i.function, captured)
        frame.pc += 1

    def do_Format(self, path, stack, frame, i):
        values = [self.current(path, frame.registers[r]) for r in i.arguments]
        if any(is_symbolic(value) for value in values):
            frame.registers[i.dst] = Text(i.kind, tuple(values), tuple(i.types))
        else:
            frame.registers[i.dst] = format_call(i.kind, values, list(i.types), PrivateReader(path))
        frame.pc += 1

    def do_Panic(self, path, stack, frame, i):
        value = self.resolve(path, stack, frame.registers[i.value])
        raise GoPanic(value, panic_message(value, i.type, PrivateReader(path)))

    def do_Recover(self, path, stack, frame, i):
        panicking = path.panicking
        if (
            frame.returns_to == "panic-defer"
            and panicking is not None
            and not panicking[3]
            and panicking[0] is not GOEXIT
        ):
            frame.registers[i.dst] = panicking[0]
            path.panicking = panicking[:3] + (True,)
        else:
            frame.registers[i.dst] = None
        frame.pc += 1


def symbolic_binary(op: str, left, right):
    """``left op right`` when an operand is a Z3 term (integers do not wrap here)."""
    if op in ("&", "|") and (z3.is_bool(left) or z3.is_bool(right)):
        return z3.And(left, right) if op == "&" else z3.Or(left, right)
    if op in ("/", "%"):
        quotient = z3.If(
            left >= 0,
            z3.If(right > 0, left / right, -(left / -right)),
            z3.If(right > 0, -(-left / right), -left / -right),
        )  # Go truncates toward zero
        return quotient if op == "/" else left - right * quotient
    table = {
        "+": lambda: left + right, "-": lambda: left - right, "*": lambda: left * right,
        "<": lambda: left < right, "<=": lambda: left <= right, ">": lambda: left > right,
        ">=": lambda: left >= right, "min": lambda: z3.If(left < right, left, right),
        "max": lambda: z3.If(left > right, left, right),
    }  # fmt: skip
    if op not in table:
        raise Unsupported(f"operator {op} on a value read from shared memory")
    return table[op]()


def same(a, b) -> bool:
    """Structural equality of register values that may hold Z3 terms."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, z3.ExprRef) or isinstance(b, z3.ExprRef):
        return isinstance(a, z3.ExprRef) and isinstance(b, z3.ExprRef) and a.eq(b)
    if isinstance(a, Opaque) or isinstance(b, Opaque):
        return isinstance(a, Opaque) and isinstance(b, Opaque) and a.term.eq(b.term)
    return type(a) is type(b) and a == b


class PrivateReader:
    """Memory for formatting: only a path's private blocks can be read without an event."""

    def __init__(self, path):
        self.path = path

    def read_cells(self, block: int, offset: int, count: int) -> list:
        if block not in self.path.private:
            raise Unsupported("printing the contents of shared memory through a pointer")
        return self.path.private[block][offset : offset + count]

    def map_contents(self, block: int) -> dict:
        raise Unsupported("maps")
