"""Indexing, slicing, composite literals (with elided inner types) and function literals."""

from __future__ import annotations

from modelcheck.syntax import nodes
from modelcheck.syntax.constants import expr_string
from modelcheck.syntax.types import (
    INT,
    INT_TYPES,
    STRING,
    UNTYPED_STRING,
    ArrayType,
    AtomicType,
    MapType,
    PointerType,
    SliceType,
    StructType,
    SyncType,
    Type,
    UntypedType,
)
from modelcheck.syntax.universe import INVALID


class LiteralChecker:
    """Indexing, slicing, composite literals (with elided inner types) and function literals."""

    # ------------------------------------------------------------ indexing and slicing

    def index_value(self, index: nodes.Expr, length: int | None, index_type: Type | None = None) -> None:
        """Check an index or slice bound: an integer, non-negative, within a constant length
        (``index_type``: the type of an index already checked)."""
        if index_type is None:
            index_type = self.value(index)
        if index_type is INVALID:
            return
        if not self.is_integer_type(index_type):
            self.error(index, f"invalid argument: index {self.describe(index)} must be integer")
            return
        value = self.result.constants.get(index)
        if isinstance(index_type, UntypedType):
            self.convert_untyped(index, INT)
        if value is not None:
            if value < 0:
                self.error(
                    index,
                    f"invalid argument: index {expr_string(index)} (constant of type int) "
                    "must not be negative",
                )
            elif length is not None and value >= length:
                self.error(index, f"invalid argument: index {value} out of bounds [0:{length}]")

    def index(self, e: nodes.IndexExpr) -> Type:
        operand = self.value(e.operand)
        if operand is INVALID:
            self.value(e.index)
            return INVALID
        base = (
            operand.element
            if isinstance(operand, PointerType) and isinstance(operand.element, ArrayType)
            else operand
        )
        if isinstance(base, MapType):
            self.value(e.index)
            self.assign(e.index, base.key, "map index")
            return base.value
        if isinstance(base, ArrayType):
            self.index_value(e.index, base.length)
            return base.element
        if isinstance(base, SliceType):
            self.index_value(e.index, None)
            return base.element
        if base in (STRING, UNTYPED_STRING):
            value = self.result.constants.get(e.operand)
            self.index_value(e.index, len(value.encode()) if isinstance(value, str) else None)
            self.default_value(e.operand, "index expression")
            return INT_TYPES["uint8"]
        self.value(e.index)
        self.error(e, f"invalid operation: cannot index {self.describe(e.operand)}")
        return INVALID

    def slice_expr(self, e: nodes.SliceExpr) -> Type:
        operand = self.value(e.operand)
        bounds = [b for b in (e.low, e.high, e.max) if b is not None]
        length = None
        result: Type = INVALID
        if isinstance(operand, PointerType) and isinstance(operand.element, ArrayType):
            length, result = operand.element.length, SliceType(operand.element.element)
        elif isinstance(operand, ArrayType):
            length, result = operand.length, SliceType(operand.element)
            if not self.addressable(e.operand):
                self.error(e, f"invalid operation: {expr_string(e)} (slice of unaddressable value)")
            else:
                self.take_address(e.operand)
        elif isinstance(operand, SliceType):
            result = operand
        elif operand in (STRING, UNTYPED_STRING):
            self.default_value(e.operand, "slice expression")
            result = STRING
            if e.max is not None:
                self.error(e, "invalid operation: 3-index slice of string")
        elif operand is not INVALID:
            self.error(e, f"cannot slice {self.describe(e.operand)}")
        for bound in bounds:
            self.index_value(bound, None if length is None else length + 1)
        values = [self.result.constants.get(b) for b in bounds]
        for position, (first, second) in enumerate(zip(values, values[1:], strict=False)):
            if isinstance(first, int) and isinstance(second, int) and first > second:
                self.error(bounds[position + 1], f"invalid slice indices: {second} < {first}")
        return result

    # ------------------------------------------------------------ literals

    def composite(self, e: nodes.CompositeLit, elided: Type | None) -> Type:
        """A composite literal; ``elided`` is the element type given by an enclosing literal."""
        pointer = False
        key_types: dict[nodes.Node, Type] = {}  # the keys of [...]T{...}, checked for its length
        if e.type is None:
            if elided is None:
                self.error(e, "invalid composite literal type: missing type")
                return INVALID
            literal_type = elided
            if isinstance(elided, PointerType):
                pointer, literal_type = True, elided.element
        elif isinstance(e.type, nodes.ArrayTypeExpr) and e.type.length is None:
            element = self.resolve_type(e.type.element)
            literal_type = ArrayType(self.literal_length(e, key_types), element)
            self.result.type_expressions[e.type] = literal_type
        else:
            literal_type = self.resolve_type(e.type)
        if isinstance(literal_type, StructType):
            self.struct_literal(e, literal_type)
        elif isinstance(literal_type, ArrayType | SliceType):
            self.array_literal(e, literal_type, key_types)
        elif isinstance(literal_type, MapType):
            self.map_literal(e, literal_type)
        elif isinstance(literal_type, SyncType | AtomicType):
            # sync.Mutex{} and the like: Go structs whose fields are all unexported.
            if e.elements:
                self.error(e.elements[0].value, f"too many values in struct literal of type {literal_type}")
                for element in e.elements:
                    self.element_value(element.value, INVALID, "struct literal")
        elif literal_type is not INVALID:
            self.error(e, f"invalid composite literal type {literal_type}")
            return INVALID
        else:
            for element in e.elements:
                self.element_value(element.value, INVALID, "composite literal")
        result = PointerType(literal_type) if pointer else literal_type
        self.result.types[e] = result
        return result

    def element_value(self, value: nodes.Expr, element_type: Type, context: str) -> None:
        if isinstance(value, nodes.CompositeLit) and value.type is None:
            self.composite(value, element_type)
            return
        if self.value(value) is not INVALID:
            self.assign(value, element_type, context)

    def literal_length(self, e: nodes.CompositeLit, key_types: dict[nodes.Node, Type]) -> int:
        """The length of ``[...]T{...}``; checks each key once, recording its type in ``key_types``."""
        index, length = 0, 0
        for element in e.elements:
            if element.key is not None:
                key_types[element.key] = self.value(element.key)
                key_value = self.result.constants.get(element.key)
                if isinstance(key_value, int):
                    index = key_value
            index += 1
            length = max(length, index)
        return length

    def struct_literal(self, e: nodes.CompositeLit, struct: StructType) -> None:
        keyed = [element.key is not None for element in e.elements]
        if any(keyed) and not all(keyed):
            self.error(e, "mixture of field:value and value elements in struct literal")
        if all(keyed) and e.elements:
            seen: set[str] = set()
            for element in e.elements:
                key = element.key
                index = struct.field_index(key.name) if isinstance(key, nodes.Ident) else None
                if index is None:
                    name = expr_string(key)
                    self.error(key, f"unknown field {name} in struct literal of type {struct}")
                    self.element_value(element.value, INVALID, "struct literal")
                    continue
                if key.name in seen:
                    self.error(key, f"duplicate field name {key.name} in struct literal")
                seen.add(key.name)
                field_type = struct.fields[index].type
                self.result.types[key] = field_type
                self.element_value(element.value, field_type, "struct literal")
            return
        for position, element in enumerate(e.elements):
            field_type = struct.fields[position].type if position < len(struct.fields) else INVALID
            self.element_value(element.value, field_type, "struct literal")
        if e.elements and len(e.elements) < len(struct.fields):
            self.error(self.closing_position(e), f"too few values in struct literal of type {struct}")
        elif len(e.elements) > len(struct.fields):
            self.error(
                e.elements[len(struct.fields)].value, f"too many values in struct literal of type {struct}"
            )

    def array_literal(
        self, e: nodes.CompositeLit, literal_type: ArrayType | SliceType, key_types: dict[nodes.Node, Type]
    ) -> None:
        length = literal_type.length if isinstance(literal_type, ArrayType) else None
        index = 0
        seen: set[int] = set()
        for element in e.elements:
            if element.key is not None:
                self.index_value(element.key, length, key_types.get(element.key))
                key_value = self.result.constants.get(element.key)
                if isinstance(key_value, int) and not isinstance(key_value, bool):
                    index = key_value
                elif element.key in self.result.types and self.result.types[element.key] is not INVALID:
                    self.error(element.key, f"index {expr_string(element.key)} must be integer constant")
            elif length is not None and index >= length:
                self.error(element.value, f"index {index} is out of bounds (>= {length})")
            if index in seen:
                self.error(element.key or element.value, f"duplicate index {index} in array or slice literal")
            seen.add(index)
            index += 1
            self.element_value(element.value, literal_type.element, "array or slice literal")

    def map_literal(self, e: nodes.CompositeLit, map_type: MapType) -> None:
        seen: set[object] = set()
        for element in e.elements:
            if element.key is None:
                self.error(element.value, "missing key in map literal")
            else:
                self.element_value(element.key, map_type.key, "map literal")
                key_value = self.result.constants.get(element.key)
                if key_value is not None:
                    marker = (type(key_value), key_value)
                    if marker in seen:
                        self.error(element.key, f"duplicate key {expr_string(element.key)} in map literal")
                    seen.add(marker)
            self.element_value(element.value, map_type.value, "map literal")

    def func_lit(self, e: nodes.FuncLit) -> Type:
        signature = self.signature(e.params, e.results)
        self.result.types[e] = signature
        self.result.captures.setdefault(e, [])
        self.function_body(e, signature, None)
        return signature
