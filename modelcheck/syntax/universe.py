"""Predeclared names and the members of the importable packages, as the checker sees them.

Everything here is immutable data or builds fresh objects per call, so two checks never share
mutable state.
"""

from __future__ import annotations

from dataclasses import dataclass

from modelcheck.syntax.symbols import Builtin, Constant, PackageName, Symbol, TypeSymbol
from modelcheck.syntax.types import (
    BOOL,
    INT_TYPES,
    NIL,
    STRING,
    UNTYPED_BOOL,
    UNTYPED_INT,
    FuncType,
    PointerType,
    Type,
)


@dataclass(frozen=True)
class InvalidType(Type):
    """The type of an erroneous expression: compatible with everything, so one mistake is
    reported once instead of cascading."""

    def __str__(self) -> str:
        return "invalid type"


INVALID = InvalidType()

BUILTIN_NAMES = [
    "len",
    "cap",
    "make",
    "new",
    "append",
    "close",
    "panic",
    "recover",
    "print",
    "println",
    "delete",
    "copy",
    "min",
    "max",
]

# Import paths accepted, and the name each one declares.
PACKAGE_NAMES = {"fmt": "fmt", "sync": "sync", "sync/atomic": "atomic", "time": "time", "runtime": "runtime"}

# Names that Go predeclares but the subset rejects, with the message naming the construct.
UNSUPPORTED_NAMES = {
    "float32": "floating-point numbers are not supported",
    "float64": "floating-point numbers are not supported",
    "complex64": "complex numbers are not supported",
    "complex128": "complex numbers are not supported",
    "complex": "complex numbers are not supported",
    "real": "complex numbers are not supported",
    "imag": "complex numbers are not supported",
    "any": "interfaces are not supported (any)",
    "error": "interfaces are not supported (error)",
    "comparable": "generics are not supported (comparable)",
    "clear": "the builtin clear is not supported",
}

UNSUPPORTED_MEMBERS = {
    ("sync", "Cond"): "sync.Cond is not supported",
    ("sync", "Map"): "sync.Map is not supported",
    ("sync", "Pool"): "sync.Pool is not supported",
    ("sync", "NewCond"): "sync.Cond is not supported",
    ("sync", "Locker"): "interfaces are not supported (sync.Locker)",
    ("sync", "OnceFunc"): "sync.OnceFunc is not supported",
    ("sync", "OnceValue"): "sync.OnceValue is not supported",
    ("atomic", "Value"): "atomic.Value is not supported",
    ("atomic", "Pointer"): "generics are not supported (atomic.Pointer)",
    ("atomic", "Uintptr"): "atomic.Uintptr is not supported",
}

# Members of the importable packages that exist in Go but are outside the subset.
KNOWN_UNSUPPORTED = {
    "fmt": {
        "Fprintf",
        "Fprintln",
        "Fprint",
        "Errorf",
        "Scan",
        "Scanf",
        "Scanln",
        "Sscan",
        "Sscanf",
        "Stringer",
    },
    "time": {"Now", "Since", "Until"},
    "runtime": {"GOMAXPROCS", "NumCPU", "GC", "KeepAlive", "LockOSThread", "UnlockOSThread"},
    "atomic": {"AddUintptr", "LoadUintptr", "StoreUintptr", "SwapUintptr", "LoadPointer", "StorePointer"},
    "sync": set(),
}

FMT_FUNCTIONS = {"Print": "", "Println": "", "Printf": "", "Sprint": "s", "Sprintln": "s", "Sprintf": "s"}

DURATION = INT_TYPES["int64"]  # time.Duration, modelled as int64
TIME_CONSTANTS = {
    "Nanosecond": 1,
    "Microsecond": 1_000,
    "Millisecond": 1_000_000,
    "Second": 1_000_000_000,
    "Minute": 60_000_000_000,
    "Hour": 3_600_000_000_000,
}

ATOMIC_INT_KINDS = ("Int32", "Int64", "Uint32", "Uint64")


def atomic_function_type(name: str) -> FuncType | None:
    """The signature of ``atomic.AddInt64`` and friends, None for other names."""
    for operation in ("CompareAndSwap", "Add", "Load", "Store", "Swap"):
        if name.startswith(operation) and name[len(operation) :] in ATOMIC_INT_KINDS:
            value = INT_TYPES[name[len(operation) :].lower()]
            pointer = PointerType(value)
            return {
                "Add": FuncType((pointer, value), (value,)),
                "Load": FuncType((pointer,), (value,)),
                "Store": FuncType((pointer, value), ()),
                "Swap": FuncType((pointer, value), (value,)),
                "CompareAndSwap": FuncType((pointer, value, value), (BOOL,)),
            }[operation]
    return None


def sync_method_type(kind: str, name: str) -> FuncType | None:
    """Go's signature of a method of sync.Mutex/RWMutex/WaitGroup/Once, None if absent."""
    lock = {"Lock": FuncType((), ()), "Unlock": FuncType((), ()), "TryLock": FuncType((), (BOOL,))}
    methods: dict[str, dict[str, FuncType]] = {
        "Mutex": lock,
        "RWMutex": {
            **lock,
            "RLock": FuncType((), ()),
            "RUnlock": FuncType((), ()),
            "TryRLock": FuncType((), (BOOL,)),
        },
        "WaitGroup": {
            "Add": FuncType((INT_TYPES["int"],), ()),
            "Done": FuncType((), ()),
            "Wait": FuncType((), ()),
        },
        "Once": {"Do": FuncType((FuncType((), ()),), ())},
    }
    return methods.get(kind, {}).get(name)


def atomic_method_type(kind: str, name: str) -> FuncType | None:
    """Go's signature of a method of atomic.Int32/.../Bool, None if absent."""
    value: Type = BOOL if kind == "Bool" else INT_TYPES[kind.lower()]
    methods = {
        "Load": FuncType((), (value,)),
        "Store": FuncType((value,), ()),
        "Swap": FuncType((value,), (value,)),
        "CompareAndSwap": FuncType((value, value), (BOOL,)),
    }
    if kind != "Bool":
        methods["Add"] = FuncType((value,), (value,))
    return methods.get(name)


def universe_symbols() -> dict[str, Symbol]:
    """A fresh universe scope: predeclared types, constants, nil, iota and builtins."""
    scope: dict[str, Symbol] = {}
    for name, int_type in INT_TYPES.items():
        scope[name] = TypeSymbol(name, int_type, None)
    scope["bool"] = TypeSymbol("bool", BOOL, None)
    scope["string"] = TypeSymbol("string", STRING, None)
    scope["true"] = Constant("true", UNTYPED_BOOL, None, value=True)
    scope["false"] = Constant("false", UNTYPED_BOOL, None, value=False)
    scope["iota"] = Constant("iota", UNTYPED_INT, None, value=0)
    scope["nil"] = Symbol("nil", NIL, None)
    for name in BUILTIN_NAMES:
        scope[name] = Builtin(name, None, None)
    return scope


def package_symbol(path: str, span) -> PackageName:
    return PackageName(PACKAGE_NAMES[path], None, span, path=path)
