"""The types of the .gol subset, as the checker computes them.

Types are frozen and compare structurally, except named struct types, which are nominal
(two ``type T struct{...}`` declarations are different types even with equal fields) and may
be recursive through pointers, so their fields are filled in after creation.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class Type:
    """Base of all types."""

    def __str__(self) -> str:  # pragma: no cover - every subclass overrides
        return type(self).__name__


@dataclass(frozen=True)
class IntType(Type):
    name: str  # "int", "int8", ..., "uint64", "uintptr"
    bits: int
    signed: bool

    def __str__(self) -> str:
        return self.name

    def wrap(self, value: int) -> int:
        """``value`` reduced to this type's range, as Go's two's-complement arithmetic does."""
        mask = (1 << self.bits) - 1
        value &= mask
        if self.signed and value >> (self.bits - 1):
            value -= 1 << self.bits
        return value


@dataclass(frozen=True)
class BoolType(Type):
    def __str__(self) -> str:
        return "bool"


@dataclass(frozen=True)
class StringType(Type):
    def __str__(self) -> str:
        return "string"


@dataclass(frozen=True)
class StructField:
    name: str
    type: Type


@dataclass(eq=False)
class StructType(Type):
    """A struct type. Named ones (``type T struct``) have a name and are compared by identity;
    anonymous ones (``struct{}``, ``struct{ x int }``) have name None."""

    name: str | None
    fields: tuple[StructField, ...] = ()
    methods: dict[str, object] = field(default_factory=dict)  # name -> checker's Method symbol
    package: str = "main"  # the declaring package (named types)
    library: bool = False  # declared by a library model's Go source: shown qualified

    def __str__(self) -> str:
        if self.name is not None:
            return f"{self.package}.{self.name}" if self.library else self.name
        inner = "; ".join(f"{f.name} {f.type}" for f in self.fields)
        return f"struct{{{' ' + inner + ' ' if inner else ''}}}"

    def field_index(self, name: str) -> int | None:
        for index, struct_field in enumerate(self.fields):
            if struct_field.name == name:
                return index
        return None

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, StructType) or self.name is not None or other.name is not None:
            return False
        return self.fields == other.fields

    def __hash__(self) -> int:
        return id(self) if self.name is not None else hash(self.fields)


@dataclass(frozen=True)
class PointerType(Type):
    element: Type

    def __str__(self) -> str:
        return f"*{self.element}"


@dataclass(frozen=True)
class ArrayType(Type):
    length: int
    element: Type

    def __str__(self) -> str:
        return f"[{self.length}]{self.element}"


@dataclass(frozen=True)
class SliceType(Type):
    element: Type

    def __str__(self) -> str:
        return f"[]{self.element}"


@dataclass(frozen=True)
class MapType(Type):
    key: Type
    value: Type

    def __str__(self) -> str:
        return f"map[{self.key}]{self.value}"


@dataclass(frozen=True)
class ChanType(Type):
    element: Type
    direction: str = "both"  # "both", "send" (chan<- T), "receive" (<-chan T)

    def __str__(self) -> str:
        prefix = {"both": "chan ", "send": "chan<- ", "receive": "<-chan "}[self.direction]
        return f"{prefix}{self.element}"


@dataclass(frozen=True)
class FuncType(Type):
    params: tuple[Type, ...]
    results: tuple[Type, ...]

    def __str__(self) -> str:
        params = ", ".join(map(str, self.params))
        if not self.results:
            return f"func({params})"
        if len(self.results) == 1:
            return f"func({params}) {self.results[0]}"
        return f"func({params}) ({', '.join(map(str, self.results))})"


@dataclass(frozen=True)
class TupleType(Type):
    """The type of a call with several results; it only appears on the right of ``=``/``:=``."""

    items: tuple[Type, ...]

    def __str__(self) -> str:
        return f"({', '.join(map(str, self.items))})"


@dataclass(frozen=True)
class SyncType(Type):
    """``sync.Mutex``, ``sync.RWMutex``, ``sync.WaitGroup``, ``sync.Once``: kind is the name."""

    kind: str

    def __str__(self) -> str:
        return f"sync.{self.kind}"


@dataclass(frozen=True)
class AtomicType(Type):
    """``atomic.Int32``, ``atomic.Int64``, ``atomic.Uint32``, ``atomic.Uint64``, ``atomic.Bool``."""

    kind: str

    def __str__(self) -> str:
        return f"atomic.{self.kind}"

    @property
    def value_type(self) -> Type:
        return BOOL if self.kind == "Bool" else INT_TYPES[self.kind.lower()]


@dataclass(frozen=True)
class AnyType(Type):
    """The result of ``recover()`` (Go's ``interface{}``): it can only be compared with nil,
    printed, passed to ``panic`` or stored in a variable of its own type. The subset has no
    other interface values."""

    def __str__(self) -> str:
        return "interface{}"


@dataclass(frozen=True)
class NilType(Type):
    def __str__(self) -> str:
        return "untyped nil"


@dataclass(frozen=True)
class UntypedType(Type):
    """The type of an untyped constant: kind is "int", "rune", "string" or "bool"."""

    kind: str

    def __str__(self) -> str:
        return f"untyped {self.kind}"


@dataclass(frozen=True)
class VoidType(Type):
    """The type of a call to a function without results (usable only as a statement)."""

    def __str__(self) -> str:
        return "no value"


BOOL = BoolType()
STRING = StringType()
NIL = NilType()
VOID = VoidType()
ANY = AnyType()
UNTYPED_INT = UntypedType("int")
UNTYPED_RUNE = UntypedType("rune")
UNTYPED_STRING = UntypedType("string")
UNTYPED_BOOL = UntypedType("bool")

INT_TYPES: dict[str, IntType] = {
    "int": IntType("int", 64, True),
    "int8": IntType("int8", 8, True),
    "int16": IntType("int16", 16, True),
    "int32": IntType("int32", 32, True),
    "int64": IntType("int64", 64, True),
    "uint": IntType("uint", 64, False),
    "uint8": IntType("uint8", 8, False),
    "uint16": IntType("uint16", 16, False),
    "uint32": IntType("uint32", 32, False),
    "uint64": IntType("uint64", 64, False),
    "uintptr": IntType("uintptr", 64, False),
}
# Go's aliases: byte is uint8, rune is int32 (same type, so they print as the target's name).
INT_TYPES["byte"] = INT_TYPES["uint8"]
INT_TYPES["rune"] = INT_TYPES["int32"]
INT = INT_TYPES["int"]

SYNC_KINDS = ("Mutex", "RWMutex", "WaitGroup", "Once")
ATOMIC_KINDS = ("Int32", "Int64", "Uint32", "Uint64", "Bool")


def default_type(t: Type) -> Type:
    """The type an untyped constant gets where no other type is asked for."""
    if isinstance(t, UntypedType):
        return {"int": INT, "rune": INT_TYPES["int32"], "string": STRING, "bool": BOOL}[t.kind]
    return t


def is_integer(t: Type) -> bool:
    return isinstance(t, IntType) or (isinstance(t, UntypedType) and t.kind in ("int", "rune"))


def is_string(t: Type) -> bool:
    return isinstance(t, StringType) or t == UNTYPED_STRING


def is_boolean(t: Type) -> bool:
    return isinstance(t, BoolType) or t == UNTYPED_BOOL


def is_nillable(t: Type) -> bool:
    """Types whose zero value is nil and which compare with nil."""
    return isinstance(t, PointerType | SliceType | MapType | ChanType | FuncType | AnyType)


@dataclass(frozen=True)
class FormattedMethod(Type):
    """``t.Errorf`` and ``t.Log``: a library model's method ``Error__(at, message string)`` called
    as Go's variadic ``Errorf(format string, args ...any)`` (``kind`` "Sprintf") or
    ``Error(args ...any)`` (``kind`` "Sprintln"): mc passes the caller's position and the message
    formatted as fmt does. Only a call may use it."""

    method: object
    kind: str

    def __str__(self) -> str:
        return f"func(args ...any) (formatted as fmt.{self.kind})"
