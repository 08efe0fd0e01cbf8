"""Lowering of variables and memory: where values live, and how whole values of struct and
array type are read and written cell by cell (so a struct assignment is several writes, and
a racing reader may see it torn, as SEMANTICS.md §2 says)."""

from __future__ import annotations

from modelcheck.ir import instructions as ir
from modelcheck.ir.builder import FunctionBuilder, InCell, InGlobal, InRegister, Location
from modelcheck.ir.layout import field_offset, size, zero_value
from modelcheck.ir.values import Pointer
from modelcheck.syntax.nodes import Span
from modelcheck.syntax.symbols import Variable
from modelcheck.syntax.types import ArrayType, AtomicType, StructType, SyncType, Type


def is_aggregate(t: Type) -> bool:
    return isinstance(t, StructType | ArrayType)


def needs_memory(variable: Variable) -> bool:
    """Escaping variables live in shared memory; structs and arrays live in (private) memory
    so that fields and elements can be addressed uniformly."""
    t = variable.type
    return variable.escapes or is_aggregate(t) or isinstance(t, SyncType | AtomicType)


class MemoryLowering:
    """Mixin: reading and writing variables and memory for the function being built."""

    builder: FunctionBuilder
    global_blocks: dict[Variable, int]

    # ------------------------------------------------------------ variables

    def declare_variable(self, variable: Variable, value: int | None, span: Span | None) -> None:
        """Create storage for a variable at its declaration, initialized to value (or zero)."""
        b = self.builder
        if needs_memory(variable):
            pointer = b.new_register()
            b.emit(ir.Alloc(pointer, variable.type, variable.name, not variable.escapes, span))
            b.locations[variable] = InCell(pointer)
            if value is not None:
                self.store_value(pointer, variable.type, value, variable.name, span, initialize=True)
        else:
            register = b.new_register()
            if value is None:
                b.emit(ir.Const(register, zero_value(variable.type), span))
            else:
                b.emit(ir.Move(register, value, span))
            b.locations[variable] = InRegister(register)

    def location(self, variable: Variable) -> Location:
        if variable in self.builder.locations:
            return self.builder.locations[variable]
        if variable in self.global_blocks:
            return InGlobal(self.global_blocks[variable])
        raise KeyError(variable.name)

    def variable_address(self, variable: Variable, span: Span | None) -> int:
        """A register holding the address of a variable that lives in memory."""
        where = self.location(variable)
        if isinstance(where, InCell):
            return where.register
        if isinstance(where, InGlobal):
            return self.builder.constant(Pointer(where.block, 0), span)
        raise AssertionError(f"variable {variable.name} is not in memory")

    def read_variable(self, variable: Variable, span: Span | None) -> int:
        where = self.location(variable)
        if isinstance(where, InRegister):
            return where.register
        return self.load_value(self.variable_address(variable, span), variable.type, variable.name, span)

    def write_variable(self, variable: Variable, value: int, span: Span | None) -> None:
        where = self.location(variable)
        if isinstance(where, InRegister):
            self.builder.emit(ir.Move(where.register, value, span))
        else:
            self.store_value(self.variable_address(variable, span), variable.type, value, variable.name, span)

    # ------------------------------------------------------------ memory

    def load_value(self, address: int, t: Type, name: str, span: Span | None, atomic: bool = False) -> int:
        """Read a whole value of type t at address: one Load per cell."""
        b = self.builder
        if isinstance(t, StructType):
            parts = []
            for index, struct_field in enumerate(t.fields):
                field_address = self.offset_address(address, field_offset(t, index), span)
                parts.append(self.load_value(field_address, struct_field.type, name, span))
            result = b.new_register()
            b.emit(ir.Pack(result, tuple(parts), span))
            return result
        if isinstance(t, ArrayType):
            element_size = size(t.element)
            parts = []
            for index in range(t.length):
                element_address = self.offset_address(address, index * element_size, span)
                parts.append(self.load_value(element_address, t.element, name, span))
            result = b.new_register()
            b.emit(ir.Pack(result, tuple(parts), span))
            return result
        result = b.new_register()
        b.emit(ir.Load(result, address, atomic, name, span))
        return result

    def store_value(
        self,
        address: int,
        t: Type,
        value: int,
        name: str,
        span: Span | None,
        initialize: bool = False,
        atomic: bool = False,
    ) -> None:
        """Write a whole value of type t at address: one Store per cell. ``initialize`` marks
        the writes that fill a fresh block no other goroutine can see yet."""
        b = self.builder
        if isinstance(t, StructType | ArrayType):
            items = (
                [(struct_field.type, field_offset(t, i)) for i, struct_field in enumerate(t.fields)]
                if isinstance(t, StructType)
                else [(t.element, i * size(t.element)) for i in range(t.length)]
            )
            for index, (item_type, offset) in enumerate(items):
                part = b.new_register()
                b.emit(ir.Unpack(part, value, index, span=span))
                self.store_value(
                    self.offset_address(address, offset, span), item_type, part, name, span, initialize
                )
            return
        b.emit(ir.Store(address, value, atomic, name, initialize, span))

    def offset_address(self, address: int, offset: int, span: Span | None) -> int:
        if offset == 0:
            return address
        result = self.builder.new_register()
        self.builder.emit(ir.FieldAddress(result, address, offset, span))
        return result

    def allocate(self, t: Type, name: str, value: int | None, span: Span | None) -> int:
        """A fresh shared block holding value (``new(T)``, ``&T{...}``); returns its address."""
        pointer = self.builder.new_register()
        self.builder.emit(ir.Alloc(pointer, t, name, False, span))
        if value is not None:
            self.store_value(pointer, t, value, name, span, initialize=True)
        return pointer
