"""Memory layout: every struct field and array element is its own location (a cell).

A variable, or an allocation, is a block of cells. A value of struct or array type occupies
``size(type)`` consecutive cells; in registers it is a (nested) tuple. Sync and atomic values
are one cell each, holding the object's state.
"""

from __future__ import annotations

from functools import cache

from modelcheck.ir.values import NIL_SLICE, sync_zero
from modelcheck.syntax.types import (
    ArrayType,
    AtomicType,
    BoolType,
    IntType,
    StringType,
    StructType,
    SyncType,
    Type,
)


@cache
def size(t: Type) -> int:
    """Number of cells a value of type t occupies."""
    if isinstance(t, StructType):
        return sum(size(f.type) for f in t.fields)
    if isinstance(t, ArrayType):
        return t.length * size(t.element)
    return 1


@cache
def field_offset(struct: StructType, index: int) -> int:
    return sum(size(f.type) for f in struct.fields[:index])


def zero_value(t: Type) -> object:
    """Go's zero value of t, in register representation."""
    if isinstance(t, IntType):
        return 0
    if isinstance(t, BoolType):
        return False
    if isinstance(t, StringType):
        return ""
    if isinstance(t, StructType):
        return tuple(zero_value(f.type) for f in t.fields)
    if isinstance(t, ArrayType):
        return tuple(zero_value(t.element) for _ in range(t.length))
    if isinstance(t, SyncType | AtomicType):
        return sync_zero(t)
    from modelcheck.syntax.types import SliceType

    if isinstance(t, SliceType):
        return NIL_SLICE
    return None  # pointers, maps, channels, functions: nil


def flatten(t: Type, value: object) -> list:
    """A register value of type t as the list of its cells' values."""
    if isinstance(t, StructType):
        cells: list = []
        for struct_field, item in zip(t.fields, value, strict=True):  # type: ignore[arg-type]
            cells.extend(flatten(struct_field.type, item))
        return cells
    if isinstance(t, ArrayType):
        cells = []
        for item in value:  # type: ignore[union-attr]
            cells.extend(flatten(t.element, item))
        return cells
    return [value]


def unflatten(t: Type, cells: list, start: int = 0) -> object:
    """The register value of type t stored in cells[start:start+size(t)]."""
    if isinstance(t, StructType):
        items = []
        offset = start
        for struct_field in t.fields:
            items.append(unflatten(struct_field.type, cells, offset))
            offset += size(struct_field.type)
        return tuple(items)
    if isinstance(t, ArrayType):
        element_size = size(t.element)
        return tuple(unflatten(t.element, cells, start + i * element_size) for i in range(t.length))
    return cells[start]


def leaf_types(t: Type) -> list[Type]:
    """The type of each cell of a value of type t, in order."""
    if isinstance(t, StructType):
        return [leaf for f in t.fields for leaf in leaf_types(f.type)]
    if isinstance(t, ArrayType):
        return leaf_types(t.element) * t.length
    return [t]


def cell_path(t: Type, offset: int) -> str:
    """The source-style suffix naming cell ``offset`` inside a value of type t: ``.x``,
    ``[2]``, ``.inner.y``; empty for the value itself."""
    if isinstance(t, StructType):
        for struct_field in t.fields:
            field_size = size(struct_field.type)
            if offset < field_size:
                return f".{struct_field.name}{cell_path(struct_field.type, offset)}"
            offset -= field_size
        return ""
    if isinstance(t, ArrayType):
        element_size = size(t.element)
        index, rest = divmod(offset, element_size)
        return f"[{index}]{cell_path(t.element, rest)}"
    return ""


SYNC_BYTES = {"Mutex": (8, 4), "RWMutex": (24, 4), "WaitGroup": (16, 8), "Once": (12, 4)}
WORD_PAIRS = (("String", 16), ("Slice", 24), ("Any", 16))


@cache
def go_bytes(t: Type) -> tuple[int, int]:
    """(size, alignment) in bytes of a value of t on linux/amd64, as Go lays it out: what
    Go's allocator limits (``makeslice: len out of range``) are stated in."""
    if isinstance(t, IntType):
        return t.bits // 8, t.bits // 8
    if isinstance(t, BoolType):
        return 1, 1
    if isinstance(t, ArrayType):
        element, align = go_bytes(t.element)
        return element * t.length, align
    if isinstance(t, StructType):
        return struct_bytes(t)
    if isinstance(t, SyncType):
        return SYNC_BYTES[t.kind]
    if isinstance(t, AtomicType):
        width = 4 if t.kind in ("Int32", "Uint32", "Bool") else 8
        return width, width
    for name, size_bytes in WORD_PAIRS:
        if type(t).__name__ == name + "Type":
            return size_bytes, 8
    return 8, 8  # pointers, maps, channels, functions


def struct_bytes(t: StructType) -> tuple[int, int]:
    offset, alignment = 0, 1
    for struct_field in t.fields:
        size_bytes, align = go_bytes(struct_field.type)
        offset = -(-offset // align) * align + size_bytes
        alignment = max(alignment, align)
    return -(-offset // alignment) * alignment, alignment
