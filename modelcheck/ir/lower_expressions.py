"""Lowering of expressions: each expression becomes local instructions computing a register,
with a Load (an event) wherever it reads memory."""

from __future__ import annotations

from modelcheck.ir import instructions as ir
from modelcheck.ir.builder import InCell, InGlobal, LoweringError
from modelcheck.ir.layout import field_offset, size, zero_value
from modelcheck.ir.lower_memory import MemoryLowering
from modelcheck.ir.values import NIL_SLICE, Closure
from modelcheck.syntax import nodes
from modelcheck.syntax.symbols import (
    CheckedProgram,
    Constant,
    FieldSelection,
    Function,
    MemberSelection,
    QualifiedSelection,
    Variable,
)
from modelcheck.syntax.types import (
    ArrayType,
    AtomicType,
    MapType,
    NilType,
    PointerType,
    SliceType,
    StringType,
    StructType,
    SyncType,
    TupleType,
    Type,
    VoidType,
    is_string,
)

TIME_UNITS = {
    "Nanosecond": 1,
    "Microsecond": 1_000,
    "Millisecond": 1_000_000,
    "Second": 1_000_000_000,
    "Minute": 60_000_000_000,
    "Hour": 3_600_000_000_000,
}


class ExpressionLowering(MemoryLowering):
    """Mixin: expressions. ``call`` lives in lower_calls.CallLowering."""

    checked: CheckedProgram

    def type_of(self, node: nodes.Node) -> Type:
        return self.checked.types[node]

    def source_lines(self, file: str) -> list[str]:
        """The lines of a source file, split once per lowering (``text`` is called per access)."""
        split = self.__dict__.setdefault("_source_lines", {})
        if file not in split:
            split[file] = self.checked.sources.get(file, self.checked.source).splitlines()
        return split[file]

    def text(self, node: nodes.Node) -> str:
        """The source text of a single-line node (used to name memory in reports)."""
        span = node.span
        lines = self.source_lines(span.file)
        if span.line != span.end_line or not 1 <= span.line <= len(lines):
            return lines[span.line - 1][span.column - 1 :].strip() if 1 <= span.line <= len(lines) else "?"
        return lines[span.line - 1][span.column - 1 : span.end_column - 1]

    # ------------------------------------------------------------ values

    def expr(self, e: nodes.Expr) -> int:
        """Evaluate e into a register."""
        b = self.builder
        if e in self.checked.constants:
            return b.constant(self.constant_value(e), e.span)
        method = getattr(self, "expr_" + type(e).__name__, None)
        if method is None:
            raise LoweringError(e.span, f"{type(e).__name__} is not supported here")
        return method(e)

    def constant_value(self, e: nodes.Expr) -> object:
        value = self.checked.constants[e]
        t = self.type_of(e)
        if isinstance(value, bool) or isinstance(t, StringType):
            return value
        return value

    def expr_ParenExpr(self, e: nodes.ParenExpr) -> int:
        return self.expr(e.inner)

    def expr_Ident(self, e: nodes.Ident) -> int:
        symbol = self.checked.symbols.get(e)
        b = self.builder
        if isinstance(symbol, Variable):
            return self.read_variable(symbol, e.span)
        if isinstance(symbol, Constant):
            return b.constant(symbol.value, e.span)
        if isinstance(symbol, Function):
            name = f"{symbol.package}.{symbol.name}" if symbol.library else symbol.name
            return b.constant(Closure(name), e.span)
        if e.name == "nil":
            return b.constant(self.nil_of(self.type_of(e)), e.span)
        raise LoweringError(e.span, f"cannot use {e.name} as a value")

    def nil_of(self, t: Type) -> object:
        return NIL_SLICE if isinstance(t, SliceType) else None

    def expr_UnaryExpr(self, e: nodes.UnaryExpr) -> int:
        b = self.builder
        if e.op == "&":
            return self.address_of(e.operand)
        if e.op == "*":
            pointer = self.expr(e.operand)
            return self.load_value(pointer, self.type_of(e), self.pointer_name(e.operand), e.span)
        if e.op == "<-":
            channel = self.expr(e.operand)
            result = b.new_register()
            b.emit(ir.Receive(result, None, channel, zero_value(self.type_of(e)), e.span))
            return result
        operand = self.expr(e.operand)
        result = b.new_register()
        b.emit(ir.Unary(result, e.op, operand, self.type_of(e), e.span))
        return result

    def expr_BinaryExpr(self, e: nodes.BinaryExpr) -> int:
        b = self.builder
        if e.op in ("&&", "||"):
            result = b.new_register()
            left = self.expr(e.left)
            b.emit(ir.Move(result, left, e.span))
            evaluate_right, done = self.new_label(), self.new_label()
            if e.op == "&&":
                b.emit_branch(left, evaluate_right, done, e.span)
            else:
                b.emit_branch(left, done, evaluate_right, e.span)
            b.place(evaluate_right)
            b.emit(ir.Move(result, self.expr(e.right), e.span))
            b.place(done)
            return result
        left = self.expr(e.left)
        right = self.expr(e.right)
        operand_type = self.type_of(e.left)
        if isinstance(operand_type, NilType):
            operand_type = self.type_of(e.right)
        result = b.new_register()
        b.emit(ir.Binary(result, e.op, left, right, operand_type, e.span))
        return result

    def expr_SelectorExpr(self, e: nodes.SelectorExpr) -> int:
        selection = self.checked.selections.get(e)
        b = self.builder
        if isinstance(selection, MemberSelection):
            return self.expr_Ident(e.selector)
        if isinstance(selection, QualifiedSelection):
            if selection.package == "time" and selection.member in TIME_UNITS:
                return b.constant(TIME_UNITS[selection.member], e.span)
            raise LoweringError(e.span, f"{selection.package}.{selection.member} cannot be used as a value")
        if isinstance(selection, FieldSelection):
            if self.in_memory(e):
                return self.load_value(self.address(e), self.type_of(e), self.access_name(e), e.span)
            value = self.expr(e.operand)
            result = b.new_register()
            b.emit(ir.Unpack(result, value, selection.index, span=e.span))
            return result
        raise LoweringError(e.span, "method values are not supported; call the method instead")

    def expr_IndexExpr(self, e: nodes.IndexExpr) -> int:
        b = self.builder
        operand_type = self.type_of(e.operand)
        if isinstance(operand_type, MapType):
            map_register = self.expr(e.operand)
            key = self.expr(e.index)
            result = b.new_register()
            name = self.text(e.operand)
            b.emit(ir.MapGet(result, None, map_register, key, zero_value(operand_type.value), e.span, name))
            return result
        if is_string(operand_type):
            string = self.expr(e.operand)
            index = self.expr(e.index)
            result = b.new_register()
            b.emit(ir.StringIndex(result, string, index, e.span))
            return result
        if self.in_memory(e):
            return self.load_value(self.address(e), self.type_of(e), self.access_name(e), e.span)
        assert isinstance(operand_type, ArrayType)
        array = self.expr(e.operand)
        index = self.expr(e.index)
        result = b.new_register()
        b.emit(ir.Unpack(result, array, index, True, operand_type.length, e.span))
        return result

    def expr_SliceExpr(self, e: nodes.SliceExpr) -> int:
        b = self.builder
        operand_type = self.type_of(e.operand)
        low = self.expr(e.low) if e.low is not None else None
        high = self.expr(e.high) if e.high is not None else None
        maximum = self.expr(e.max) if e.max is not None else None
        result = b.new_register()
        if is_string(operand_type):
            b.emit(ir.Reslice(result, "string", self.expr(e.operand), low, high, maximum, span=e.span))
        elif isinstance(operand_type, SliceType):
            element_size = size(operand_type.element)
            b.emit(
                ir.Reslice(result, "slice", self.expr(e.operand), low, high, maximum, 0, element_size, e.span)
            )
        else:
            if isinstance(operand_type, PointerType):
                base, array_type = self.expr(e.operand), operand_type.element
            else:
                base, array_type = self.address(e.operand), operand_type
            assert isinstance(array_type, ArrayType)
            element_size = size(array_type.element)
            b.emit(
                ir.Reslice(result, "array", base, low, high, maximum, array_type.length, element_size, e.span)
            )
        return result

    def expr_CompositeLit(self, e: nodes.CompositeLit) -> int:
        t = self.type_of(e)
        b = self.builder
        if isinstance(t, StructType):
            values = [None] * len(t.fields)
            for position, element in enumerate(e.elements):
                index = position
                if element.key is not None:
                    assert isinstance(element.key, nodes.Ident)
                    index = t.field_index(element.key.name)
                values[index] = self.expr(element.value)
            registers = tuple(
                v if v is not None else b.constant(zero_value(f.type), e.span)
                for v, f in zip(values, t.fields, strict=True)
            )
            result = b.new_register()
            b.emit(ir.Pack(result, registers, e.span))
            return result
        if isinstance(t, ArrayType):
            items = self.indexed_elements(e)
            registers = tuple(
                items[i] if i in items else b.constant(zero_value(t.element), e.span) for i in range(t.length)
            )
            result = b.new_register()
            b.emit(ir.Pack(result, registers, e.span))
            return result
        if isinstance(t, SliceType):
            items = self.indexed_elements(e)
            length = b.constant(max(items, default=-1) + 1, e.span)
            result = b.new_register()
            b.emit(ir.MakeSlice(result, t.element, length, None, "", e.span))
            for index, value in items.items():
                address = b.new_register()
                b.emit(ir.SliceElementAddress(address, result, b.constant(index), size(t.element), e.span))
                self.store_value(address, t.element, value, "", e.span, initialize=True)
            return result
        if isinstance(t, MapType):
            result = b.new_register()
            b.emit(ir.MakeMap(result, "", e.span))
            for element in e.elements:
                assert element.key is not None
                key = self.expr(element.key)
                b.emit(ir.MapSet(result, key, self.expr(element.value), element.span))
            return result
        if isinstance(t, SyncType | AtomicType):  # sync.Mutex{}: the zero value (no fields to set)
            return b.constant(zero_value(t), e.span)
        raise LoweringError(e.span, f"composite literal of type {t} is not supported")

    def indexed_elements(self, e: nodes.CompositeLit) -> dict[int, int]:
        """Array and slice literal elements by index (keys are constant indices)."""
        items: dict[int, int] = {}
        index = 0
        for element in e.elements:
            if element.key is not None:
                index = int(self.checked.constants[element.key])  # type: ignore[arg-type]
            items[index] = self.expr(element.value)
            index += 1
        return items

    def expr_FuncLit(self, e: nodes.FuncLit) -> int:
        name = self.lower_function_literal(e)  # type: ignore[attr-defined]
        captured = tuple(
            self.variable_address(variable, e.span) for variable in self.checked.captures.get(e, [])
        )
        result = self.builder.new_register()
        self.builder.emit(ir.MakeClosure(result, name, captured, e.span))
        return result

    def expr_CallExpr(self, e: nodes.CallExpr) -> int:
        results = self.call(e)  # type: ignore[attr-defined]
        t = self.type_of(e)
        if isinstance(t, TupleType):
            packed = self.builder.new_register()
            self.builder.emit(ir.Pack(packed, tuple(results), e.span))
            return packed
        if isinstance(t, VoidType) or not results:
            return self.builder.constant(None, e.span)
        return results[0]

    # ------------------------------------------------------------ addresses

    def in_memory(self, e: nodes.Expr) -> bool:
        """Whether e denotes memory (so it has an address and reading it is a Load)."""
        if isinstance(e, nodes.ParenExpr):
            return self.in_memory(e.inner)
        if isinstance(e, nodes.Ident):
            symbol = self.checked.symbols.get(e)
            if not isinstance(symbol, Variable):
                return False
            return isinstance(self.location(symbol), InCell | InGlobal)
        if isinstance(e, nodes.SelectorExpr):
            selection = self.checked.selections.get(e)
            if not isinstance(selection, FieldSelection):
                return False
            return selection.through_pointer or self.in_memory(e.operand)
        if isinstance(e, nodes.IndexExpr):
            operand_type = self.type_of(e.operand)
            if isinstance(operand_type, SliceType | PointerType):
                return True
            if isinstance(operand_type, ArrayType):
                return self.in_memory(e.operand)
            return False
        return isinstance(e, nodes.UnaryExpr) and e.op == "*"

    def address(self, e: nodes.Expr) -> int:
        """A register holding the address of the memory that e denotes."""
        b = self.builder
        if isinstance(e, nodes.ParenExpr):
            return self.address(e.inner)
        if isinstance(e, nodes.Ident):
            symbol = self.checked.symbols[e]
            assert isinstance(symbol, Variable)
            return self.variable_address(symbol, e.span)
        if isinstance(e, nodes.SelectorExpr):
            selection = self.checked.selections[e]
            assert isinstance(selection, FieldSelection)
            base = self.expr(e.operand) if selection.through_pointer else self.address(e.operand)
            result = b.new_register()
            b.emit(ir.FieldAddress(result, base, field_offset(selection.struct, selection.index), e.span))
            return result
        if isinstance(e, nodes.IndexExpr):
            operand_type = self.type_of(e.operand)
            if isinstance(operand_type, SliceType):
                slice_register = self.expr(e.operand)
                index = self.expr(e.index)
                result = b.new_register()
                b.emit(
                    ir.SliceElementAddress(result, slice_register, index, size(operand_type.element), e.span)
                )
                return result
            if isinstance(operand_type, PointerType):
                base, array_type = self.expr(e.operand), operand_type.element
            else:
                base, array_type = self.address(e.operand), operand_type
            assert isinstance(array_type, ArrayType)
            index = self.expr(e.index)
            result = b.new_register()
            b.emit(
                ir.ArrayElementAddress(
                    result, base, index, array_type.length, size(array_type.element), e.span
                )
            )
            return result
        if isinstance(e, nodes.UnaryExpr) and e.op == "*":
            return self.expr(e.operand)
        raise LoweringError(e.span, "cannot take the address of this expression")

    def address_of(self, e: nodes.Expr) -> int:
        """``&e``: the address of e, or of a fresh block holding a composite literal."""
        inner = e
        while isinstance(inner, nodes.ParenExpr):
            inner = inner.inner
        if isinstance(inner, nodes.CompositeLit):
            return self.allocate(self.type_of(inner), "", self.expr(inner), e.span)
        return self.address(e)

    def pointer_name(self, e: nodes.Expr) -> str:
        """How reports name memory reached through pointer expression e (``p`` in ``*p``)."""
        return self.text(e)

    def access_name(self, e: nodes.Expr) -> str:
        """The name a report gives memory reached through a pointer: the text of the pointer
        expression at the root of e (``g`` in ``g.msg``); variables name their own blocks."""
        while True:
            if isinstance(e, nodes.ParenExpr):
                e = e.inner
            elif isinstance(e, nodes.SelectorExpr):
                selection = self.checked.selections.get(e)
                if isinstance(selection, FieldSelection) and selection.through_pointer:
                    return self.text(e.operand)
                e = e.operand
            elif isinstance(e, nodes.IndexExpr):
                if isinstance(self.type_of(e.operand), SliceType | PointerType):
                    return self.text(e.operand)
                e = e.operand
            elif isinstance(e, nodes.UnaryExpr) and e.op == "*":
                return self.text(e.operand)
            else:
                return self.text(e)

    def new_label(self):
        from modelcheck.ir.builder import Label

        return Label()


__all__ = ["ExpressionLowering"]
