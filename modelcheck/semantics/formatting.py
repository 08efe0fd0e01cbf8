"""Go's ``fmt`` formatting and the builtin ``print``/``println``, on run-time values.

The checker reports what a program prints, so the text must be exactly what Go 1.22 prints.
This module ports ``fmt``'s printer (``doPrint``, ``doPrintln``, ``doPrintf``, ``printArg``,
``printValue``) and the runtime's ``print``, ``printpanicval`` on our value representation
(see ``modelcheck.ir.values``): values come with their static types, and struct, array, slice
and map contents are read through a ``MemoryReader``.

Deliberate approximations, all documented where they are made:

* Addresses are fake but stable: cell ``o`` of block ``b`` is ``0xc000010000 + b*0x1000 +
  o*8``, channel ``n`` is ``0xc001000000 + n*0x100``, a function's code is ``0x47`` followed by
  a hash of its name. Go prints real addresses that change between runs anyway.
* ``sync`` and ``sync/atomic`` values print as the structs Go 1.22 declares for them
  (``sync.Mutex`` is ``{state sema}``: ``{0 0}``, ``{1 0}`` when locked); the hidden fields
  that our states do not model (waiter counts, semaphores) print as 0.
* Methods are not called: user types have no ``String``/``Error`` here. Only ``RuntimeError``
  formats through its ``Error`` text, as Go's runtime errors do.
* ``IsPrint`` (for ``%q``) is Python's ``str.isprintable``, the same definition on Python's
  Unicode tables.
* Interface values (``recover()`` results) need their dynamic type: bare ints, bools, strings
  and RuntimeErrors carry it implicitly, anything else must be ``Boxed``.
* ``panic(nil)`` prints Go 1.21+'s "panic called with nil argument" (1.19 printed "nil");
  a panic value of another non-basic type prints as ``(TYPE) ADDRESS`` like printpanicval.
* Named non-struct types do not exist in the subset, so printanycustomtype's ``main.E(3)``
  form is never needed.

Checked against real Go (go1.19, whose fmt matches 1.22 here) by tests/test_formatting.py,
including a differential test on random Printf directives when ``go`` is installed.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cmp_to_key
from typing import Protocol

from modelcheck.ir.layout import size, unflatten
from modelcheck.ir.values import (
    ChanRef,
    Closure,
    MapRef,
    MutexState,
    OnceState,
    Pointer,
    RWMutexState,
    SliceValue,
    WaitGroupState,
)
from modelcheck.syntax.types import (
    BOOL,
    INT,
    INT_TYPES,
    STRING,
    AnyType,
    ArrayType,
    AtomicType,
    BoolType,
    ChanType,
    FuncType,
    IntType,
    MapType,
    NilType,
    PointerType,
    SliceType,
    StringType,
    StructField,
    StructType,
    SyncType,
    Type,
    UntypedType,
    default_type,
)


class MemoryReader(Protocol):
    """Read access to the heap of an execution."""

    def read_cells(self, block: int, offset: int, count: int) -> list: ...

    def map_contents(self, block: int) -> dict: ...


@dataclass(frozen=True, slots=True)
class RuntimeError:  # shadows the builtin on purpose: Go's name for these values
    """A run-time panic value (a ``runtime.Error``): ``message`` is its full ``Error()`` text,
    such as "runtime error: integer divide by zero" or "close of closed channel"."""

    message: str

    @property
    def go_type(self) -> str:
        """The concrete type Go's runtime uses for this message, for ``%T``."""
        if "out of range" in self.message:
            return "runtime.boundsError"
        if self.message.startswith("runtime error: "):
            return "runtime.errorString"
        return "runtime.plainError"


@dataclass(frozen=True, slots=True)
class Boxed:
    """An interface value (``interface{}``) holding ``value`` of dynamic type ``type``. Values
    of type ``interface{}`` may also be bare ints, bools, strings or RuntimeErrors, whose
    dynamic type is then int, bool, string or the runtime error type."""

    value: object
    type: Type


@dataclass(frozen=True)
class _ErrorType(Type):
    """The dynamic type of a RuntimeError (its concrete runtime type's name)."""

    name: str

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------- addresses and type names

HEAP_BASE = 0xC000010000
CHAN_BASE = 0xC001000000


def heap_address(block: int, offset: int = 0) -> int:
    """The fake address of a cell: stable across runs, distinct for distinct cells."""
    return HEAP_BASE + block * 0x1000 + offset * 8


def address(value: object) -> int:
    """The fake address fmt and print show for a pointer, slice, map, chan or func (0: nil)."""
    if isinstance(value, Pointer):
        return heap_address(value.block, value.offset)
    if isinstance(value, SliceValue):
        return 0 if value.block is None else heap_address(value.block, value.offset)
    if isinstance(value, MapRef):
        return heap_address(value.block)
    if isinstance(value, ChanRef):
        return CHAN_BASE + value.id * 0x100
    if value is None:
        return 0
    name = value.function if isinstance(value, Closure) else repr(value)
    return 0x470000 + (zlib.crc32(name.encode()) & 0xFFFF) * 0x10


def type_name(t: Type | None) -> str:
    """A type as Go's reflect spells it (what ``%T`` prints): ``main.T``, ``struct { x int }``,
    ``interface {}``; None stands for a nil interface, ``<nil>``."""
    if t is None or isinstance(t, NilType):
        return "<nil>"
    if isinstance(t, StructType):
        if t.name is not None:
            return t.name if "." in t.name else f"main.{t.name}"
        fields = "; ".join(f"{f.name} {type_name(f.type)}" for f in t.fields)
        return f"struct {{ {fields} }}" if fields else "struct {}"
    if isinstance(t, PointerType):
        return "*" + type_name(t.element)
    if isinstance(t, ArrayType):
        return f"[{t.length}]{type_name(t.element)}"
    if isinstance(t, SliceType):
        return "[]" + type_name(t.element)
    if isinstance(t, MapType):
        return f"map[{type_name(t.key)}]{type_name(t.value)}"
    if isinstance(t, ChanType):
        return _chan_name(t)
    if isinstance(t, FuncType):
        return _func_name(t)
    if isinstance(t, AnyType):
        return "interface {}"
    return str(default_type(t))


def _chan_name(t: ChanType) -> str:
    prefix = {"both": "chan ", "send": "chan<- ", "receive": "<-chan "}[t.direction]
    element = type_name(t.element)
    if t.direction == "both" and isinstance(t.element, ChanType) and t.element.direction == "receive":
        element = f"({element})"  # reflect's spelling of chan (<-chan int)
    return prefix + element


def _func_name(t: FuncType) -> str:
    params = ", ".join(map(type_name, t.params))
    if not t.results:
        return f"func({params})"
    if len(t.results) == 1:
        return f"func({params}) {type_name(t.results[0])}"
    return f"func({params}) ({', '.join(map(type_name, t.results))})"


# ---------------------------------------------------------------- sync values as Go structs


def _struct(name: str, *fields: tuple[str, Type]) -> StructType:
    return StructType(name, tuple(StructField(n, t) for n, t in fields))


_INT32, _UINT32 = INT_TYPES["int32"], INT_TYPES["uint32"]
_SYNC_NOCOPY = _struct("sync.noCopy")
_NOCOPY, _ALIGN64 = _struct("atomic.noCopy"), _struct("atomic.align64")
# Go 1.22's declarations (sync/mutex.go, rwmutex.go, waitgroup.go, once.go, atomic/types.go).
_MUTEX = _struct("sync.Mutex", ("state", _INT32), ("sema", _UINT32))
_ATOMICS = {
    "Int32": _struct("atomic.Int32", ("_", _NOCOPY), ("v", _INT32)),
    "Uint32": _struct("atomic.Uint32", ("_", _NOCOPY), ("v", _UINT32)),
    "Int64": _struct("atomic.Int64", ("_", _NOCOPY), ("_", _ALIGN64), ("v", INT_TYPES["int64"])),
    "Uint64": _struct("atomic.Uint64", ("_", _NOCOPY), ("_", _ALIGN64), ("v", INT_TYPES["uint64"])),
    "Bool": _struct("atomic.Bool", ("_", _NOCOPY), ("v", _UINT32)),
}
_SYNCS = {
    "Mutex": _MUTEX,
    "RWMutex": _struct(
        "sync.RWMutex",
        ("w", _MUTEX),
        ("writerSem", _UINT32),
        ("readerSem", _UINT32),
        ("readerCount", _ATOMICS["Int32"]),
        ("readerWait", _ATOMICS["Int32"]),
    ),
    "WaitGroup": _struct(
        "sync.WaitGroup", ("noCopy", _SYNC_NOCOPY), ("state", _ATOMICS["Uint64"]), ("sema", _UINT32)
    ),
    "Once": _struct("sync.Once", ("done", _ATOMICS["Uint32"]), ("m", _MUTEX)),
}
_MAX_READERS = 1 << 30  # Go's rwmutexMaxReaders


def sync_as_struct(value: object, t: SyncType | AtomicType) -> tuple[object, StructType]:
    """A sync or atomic value as the Go struct it is, so that fmt prints its fields. Only the
    fields our states model are set: the mutex bit, reader counts, the WaitGroup counter
    (``state`` is counter<<32, no waiters), Once's done flag; semaphores print as 0."""
    if isinstance(t, AtomicType):
        v = int(value) if isinstance(value, bool) else value
        return (((), (), v) if t.kind.endswith("64") else ((), v)), _ATOMICS[t.kind]
    if isinstance(value, MutexState):
        return _mutex(value.locked), _MUTEX
    if isinstance(value, RWMutexState):
        count = value.readers - (_MAX_READERS if value.writer else 0)
        wait = value.readers if value.writer and not value.writer_active else 0
        return (_mutex(value.writer), 0, 0, ((), count), ((), wait)), _SYNCS["RWMutex"]
    if isinstance(value, WaitGroupState):
        return ((), ((), (), value.counter << 32), 0), _SYNCS["WaitGroup"]
    assert isinstance(value, OnceState)
    return (((), int(value.phase == 2)), _mutex(value.phase == 1)), _SYNCS["Once"]


def _mutex(locked: bool) -> tuple[int, int]:
    return (1 if locked else 0, 0)


# ---------------------------------------------------------------- dynamic types


def dynamic(value: object, t: Type | None) -> tuple[object, Type | None]:
    """The value and type an argument has once passed as ``interface{}``: untyped constants get
    their default type, interface values their dynamic type; (None, None) is a nil interface."""
    if t is None or isinstance(t, NilType):
        return None, None
    if isinstance(t, UntypedType):
        return value, default_type(t)
    if not isinstance(t, AnyType):
        return value, t
    if isinstance(value, Boxed):
        return dynamic(value.value, value.type)
    if isinstance(value, RuntimeError):
        return value, _ErrorType(value.go_type)
    if isinstance(value, bool):
        return value, BOOL
    if isinstance(value, int):
        return value, INT
    if isinstance(value, str):
        return value, STRING
    if value is None:
        return None, None
    raise ValueError(f"interface value {value!r} without its dynamic type: box it")


# ---------------------------------------------------------------- the printer

_LDIGITS = "0123456789abcdefx"
_UDIGITS = "0123456789ABCDEFX"
_MAX_RUNE = 0x10FFFF


class _Printer:
    """One fmt call's state: the output buffer and the current verb's flags (Go's pp and fmt)."""

    def __init__(self, memory: MemoryReader) -> None:
        self.memory = memory
        self.out: list[str] = []
        self.clear_flags()

    def clear_flags(self) -> None:
        self.plus = self.minus = self.sharp = self.space = self.zero = False
        self.plus_v = self.sharp_v = False
        self.wid = self.prec = 0
        self.wid_present = self.prec_present = False

    def text(self) -> str:
        return "".join(self.out)

    # -------------------------------------------------- padding (fmt.pad, writePadding)

    def write_padding(self, n: int) -> None:
        if n > 0:
            self.out.append(("0" if self.zero else " ") * n)

    def pad(self, s: str) -> None:
        """s padded to the width with spaces (or zeros), on the left unless ``-``."""
        if not self.wid_present or self.wid == 0:
            self.out.append(s)
        elif self.minus:
            self.out.append(s)
            self.write_padding(self.wid - len(s))
        else:
            self.write_padding(self.wid - len(s))
            self.out.append(s)

    def pad_no_zero(self, s: str) -> None:
        """pad, ignoring the ``0`` flag (numbers handle it as precision)."""
        zero, self.zero = self.zero, False
        self.pad(s)
        self.zero = zero

    # -------------------------------------------------- integers (fmt.fmtInteger)

    def fmt_integer(self, u: int, base: int, signed: bool, verb: str, digits: str) -> None:
        """An integer in the given base with sign, precision, ``#`` prefixes and padding."""
        negative = signed and u < 0
        u = abs(u) if signed else u % (1 << 64)
        prec = 0
        if self.prec_present:
            prec = self.prec
            if prec == 0 and u == 0:
                zero, self.zero = self.zero, False
                self.write_padding(self.wid)
                self.zero = zero
                return
        elif self.zero and self.wid_present:
            prec = self.wid - (1 if negative or self.plus or self.space else 0)
        text = _digits(u, base, digits).rjust(prec, "0")
        text = self.int_prefix(text, base, digits) + text
        if verb == "O":
            text = "0o" + text
        if negative:
            text = "-" + text
        elif self.plus:
            text = "+" + text
        elif self.space:
            text = " " + text
        self.pad_no_zero(text)

    def int_prefix(self, text: str, base: int, digits: str) -> str:
        if not self.sharp:
            return ""
        if base == 2:
            return "0b"
        if base == 8:
            return "" if text.startswith("0") else "0"
        return "0" + digits[16] if base == 16 else ""

    def fmt0x64(self, u: int, leading0x: bool) -> None:
        sharp, self.sharp = self.sharp, leading0x
        self.fmt_integer(u, 16, False, "v", _LDIGITS)
        self.sharp = sharp

    def fmt_unicode(self, u: int) -> None:
        """``%U``: U+0041, and with ``#`` the character too: U+0041 'A'."""
        u %= 1 << 64
        prec = max(4, self.prec) if self.prec_present else 4
        text = "U+" + _digits(u, 16, _UDIGITS).rjust(prec, "0")
        if self.sharp and u <= _MAX_RUNE and _is_print(chr(u)):
            text += f" '{chr(u)}'"
        self.pad_no_zero(text)

    def fmt_c(self, u: int) -> None:
        self.pad(_rune(u))

    def fmt_qc(self, u: int) -> None:
        """``%q`` of an integer: a quoted rune literal (``%+q`` ASCII only); ``#`` is ignored."""
        self.pad(_quote(_rune(u), "'", self.plus))

    # -------------------------------------------------- strings

    def truncate(self, s: str) -> str:
        return s[: self.prec] if self.prec_present else s

    def fmt_s(self, s: str) -> None:
        self.pad(self.truncate(s))

    def fmt_q(self, s: str) -> None:
        s = self.truncate(s)
        if self.sharp and _can_backquote(s):
            self.pad(f"`{s}`")
        else:
            self.pad(_quote(s, '"', self.plus))

    def fmt_sx(self, data: bytes, digits: str) -> None:
        """``%x`` of a string or byte slice: two hex digits a byte, ``% x`` spaced, ``%#x`` 0x."""
        length = min(len(data), self.prec) if self.prec_present else len(data)
        if length == 0:
            if self.wid_present:
                self.write_padding(self.wid)
            return
        prefix = "0" + digits[16] if self.sharp else ""
        pieces = [digits[c >> 4] + digits[c & 0xF] for c in data[:length]]
        separator = " " + prefix if self.space else ""  # % x: each byte its own prefix
        text = prefix + separator.join(pieces)
        if self.wid_present and self.wid > len(text) and not self.minus:
            self.write_padding(self.wid - len(text))
        self.out.append(text)
        if self.wid_present and self.wid > len(text) and self.minus:
            self.write_padding(self.wid - len(text))

    # -------------------------------------------------- pp.fmtBool, fmtInteger, fmtString

    def fmt_bool(self, v: bool, verb: str, value: object, t: Type) -> None:
        if verb in "tv":
            self.pad("true" if v else "false")
        else:
            self.bad_verb(verb, value, t)

    def fmt_int(self, v: int, t: IntType, verb: str) -> None:
        """pp.fmtInteger: an integer of type t under any verb."""
        signed = t.signed
        if verb == "v":
            if self.sharp_v and not signed:
                self.fmt0x64(v, True)
            else:
                self.fmt_integer(v, 10, signed, verb, _LDIGITS)
        elif verb in "dboOxX":
            base = {"d": 10, "b": 2, "o": 8, "O": 8, "x": 16, "X": 16}[verb]
            self.fmt_integer(v, base, signed, verb, _UDIGITS if verb == "X" else _LDIGITS)
        elif verb == "c":
            self.fmt_c(v)
        elif verb == "q":
            self.fmt_qc(v)
        elif verb == "U":
            self.fmt_unicode(v)
        else:
            self.bad_verb(verb, v, t)

    def fmt_string(self, v: str, verb: str, t: Type) -> None:
        if verb == "v":
            (self.fmt_q if self.sharp_v else self.fmt_s)(v)
        elif verb == "s":
            self.fmt_s(v)
        elif verb in "xX":
            self.fmt_sx(v.encode(), _UDIGITS if verb == "X" else _LDIGITS)
        elif verb == "q":
            self.fmt_q(v)
        else:
            self.bad_verb(verb, v, t)

    def fmt_bytes(self, data: list[int], verb: str, t: Type) -> None:
        """``%s %q %x %X`` of a byte slice or array: the bytes as a string."""
        raw = bytes(data)
        if verb == "s":
            self.fmt_s(raw.decode(errors="replace"))
        elif verb == "q":
            self.fmt_q(raw.decode(errors="replace"))
        else:
            self.fmt_sx(raw, _UDIGITS if verb == "X" else _LDIGITS)

    def fmt_pointer(self, value: object, t: Type, verb: str) -> None:
        """pp.fmtPointer: a pointer, chan, func, map or slice as an address."""
        u = address(value)
        if verb == "v":
            if self.sharp_v:
                self.out.append(f"({type_name(t)})(")
                if u == 0:
                    self.out.append("nil")
                else:
                    self.fmt0x64(u, True)
                self.out.append(")")
            elif u == 0:
                self.pad("<nil>")
            else:
                self.fmt0x64(u, not self.sharp)
        elif verb == "p":
            self.fmt0x64(u, not self.sharp)
        elif verb in "bodxX":
            self.fmt_int(u, INT_TYPES["uintptr"], verb)
        else:
            self.bad_verb(verb, value, t)

    def bad_verb(self, verb: str, value: object, t: Type | None) -> None:
        """``%!d(string=hi)``: a verb that does not apply to the operand."""
        self.out.append(f"%!{verb}(")
        if t is None:
            self.out.append("<nil>")
        else:
            self.out.append(type_name(t) + "=")
            self.print_value(value, t, "v", 0)
        self.out.append(")")

    # -------------------------------------------------- pp.printArg, printValue

    def print_arg(self, value: object, t: Type | None, verb: str) -> None:
        """One operand of a print or Printf call, under verb."""
        value, t = dynamic(value, t)
        if t is None:
            if verb in "Tv":
                self.pad("<nil>")
            else:
                self.bad_verb(verb, None, None)
        elif verb == "T":
            self.fmt_s(type_name(t))
        elif verb == "p":
            if isinstance(t, PointerType | ChanType | FuncType | MapType | SliceType):
                self.fmt_pointer(value, t, "p")
            else:
                self.bad_verb("p", value, t)
        elif isinstance(value, RuntimeError) and verb in "vsxXq" and not self.sharp_v:
            self.fmt_string(value.message, verb, STRING)  # handleMethods: its Error() text
        else:
            self.print_value(value, t, verb, 0)

    def print_value(self, value: object, t: Type | None, verb: str, depth: int) -> None:
        """A value of static type t, nested ``depth`` levels inside the operand."""
        if isinstance(t, AnyType | NilType | UntypedType) or t is None:
            self.print_interface(value, t, verb, depth)
        elif isinstance(t, BoolType):
            self.fmt_bool(bool(value), verb, value, t)
        elif isinstance(t, IntType):
            self.fmt_int(value, t, verb)  # type: ignore[arg-type]
        elif isinstance(t, StringType):
            self.fmt_string(value, verb, t)  # type: ignore[arg-type]
        elif isinstance(t, _ErrorType):
            self.print_error(value, t, verb, depth)  # type: ignore[arg-type]
        elif isinstance(t, SyncType | AtomicType):
            struct_value, struct_type = sync_as_struct(value, t)
            self.print_struct(struct_value, struct_type, verb, depth)
        elif isinstance(t, StructType):
            self.print_struct(value, t, verb, depth)  # type: ignore[arg-type]
        elif isinstance(t, MapType):
            self.print_map(value, t, verb, depth)
        elif isinstance(t, ArrayType):
            self.print_list(list(value), t, t.element, verb, depth, nil=False)  # type: ignore[call-overload]
        elif isinstance(t, SliceType):
            self.print_list(self.slice_items(value, t), t, t.element, verb, depth, nil=_is_nil(value))
        elif isinstance(t, PointerType):
            self.print_pointer(value, t, verb, depth)
        else:
            self.fmt_pointer(value, t, verb)  # channels and functions

    def print_error(self, value: RuntimeError, t: _ErrorType, verb: str, depth: int) -> None:
        """A runtime error: its Error() text under the string verbs; its underlying string
        (without "runtime error: ") when a bad verb shows the operand, as Go does."""
        if verb == "v" and depth == 0:
            self.fmt_s(value.message.removeprefix("runtime error: "))
        elif verb in "vsxXq" and not self.sharp_v:
            self.fmt_string(value.message, verb, STRING)
        else:
            self.bad_verb(verb, value, t)

    def print_interface(self, value: object, t: Type | None, verb: str, depth: int) -> None:
        """An interface value inside another value: its dynamic value, or nil."""
        value, dyn = dynamic(value, t)
        if dyn is not None:
            self.print_value(value, dyn, verb, depth + 1)
        elif depth == 0:
            self.out.append("<invalid reflect.Value>")
        else:  # under any verb, unpadded
            self.out.append("interface {}(nil)" if self.sharp_v else "<nil>")

    def print_struct(self, value: tuple, t: StructType, verb: str, depth: int) -> None:
        """``{1 2}``, ``{x:1 y:2}`` under ``%+v``, ``main.T{x:1, y:2}`` under ``%#v``."""
        if self.sharp_v:
            self.out.append(type_name(t))
        self.out.append("{")
        for index, (field, item) in enumerate(zip(t.fields, value, strict=True)):
            if index:
                self.out.append(", " if self.sharp_v else " ")
            if self.plus_v or self.sharp_v:
                self.out.append(field.name + ":")
            self.print_value(item, field.type, verb, depth + 1)
        self.out.append("}")

    def print_map(self, value: object, t: MapType, verb: str, depth: int) -> None:
        """``map[a:1 b:2]`` with keys in fmt's sorted order; nil maps ``map[]``."""
        if self.sharp_v:
            self.out.append(type_name(t))
            if value is None:
                self.out.append("(nil)")
                return
            self.out.append("{")
        else:
            self.out.append("map[")
        contents = {} if value is None else self.memory.map_contents(value.block)  # type: ignore[attr-defined]
        keys = sorted(contents, key=cmp_to_key(lambda a, b: compare(a, b, t.key)))
        for index, key in enumerate(keys):
            if index:
                self.out.append(", " if self.sharp_v else " ")
            self.print_value(key, t.key, verb, depth + 1)
            self.out.append(":")
            self.print_value(contents[key], t.value, verb, depth + 1)
        self.out.append("}" if self.sharp_v else "]")

    def print_list(self, items: list, t: Type, element: Type, verb: str, depth: int, nil: bool) -> None:
        """Arrays and slices: ``[1 2]``, ``[]int{1, 2}`` under ``%#v``; bytes under %s %q %x."""
        if verb in "sqxX" and isinstance(element, IntType) and element.name == "uint8":
            self.fmt_bytes(items, verb, t)
            return
        if self.sharp_v:
            # printArg's []byte fast path names the type []byte; reflect says []uint8.
            is_bytes = depth == 0 and isinstance(t, SliceType) and element == INT_TYPES["uint8"]
            self.out.append("[]byte" if is_bytes else type_name(t))
            if nil:
                self.out.append("(nil)")
                return
        self.out.append("{" if self.sharp_v else "[")
        for index, item in enumerate(items):
            if index:
                self.out.append(", " if self.sharp_v else " ")
            self.print_value(item, element, verb, depth + 1)
        self.out.append("}" if self.sharp_v else "]")

    def print_pointer(self, value: object, t: PointerType, verb: str, depth: int) -> None:
        """At the top level a pointer to a struct, array, slice or map prints as ``&`` and the
        value it points to; anywhere else a pointer prints as an address."""
        target = t.element
        if depth == 0 and isinstance(value, Pointer) and _is_composite(target):
            self.out.append("&")
            cells = self.memory.read_cells(value.block, value.offset, size(target))
            self.print_value(unflatten(target, cells), target, verb, depth + 1)
        else:
            self.fmt_pointer(value, t, verb)

    def slice_items(self, value: object, t: SliceType) -> list:
        """The elements of a slice, read from memory."""
        if _is_nil(value) or value.length == 0:  # type: ignore[union-attr]
            return []
        assert isinstance(value, SliceValue) and value.block is not None
        element_size = size(t.element)
        cells = self.memory.read_cells(value.block, value.offset, value.length * element_size)
        return [unflatten(t.element, cells, i * element_size) for i in range(value.length)]

    # -------------------------------------------------- doPrint, doPrintln, doPrintf

    def do_print(self, values: list, types: list) -> None:
        """Sprint: a space between operands when neither is a string."""
        previous_string = False
        for index, (value, t) in enumerate(zip(values, types, strict=True)):
            is_string = _is_string_kind(dynamic(value, t)[1])
            if index and not is_string and not previous_string:
                self.out.append(" ")
            self.print_arg(value, t, "v")
            previous_string = is_string

    def do_println(self, values: list, types: list) -> None:
        """Sprintln: spaces between all operands, a newline at the end."""
        for index, (value, t) in enumerate(zip(values, types, strict=True)):
            if index:
                self.out.append(" ")
            self.print_arg(value, t, "v")
        self.out.append("\n")

    def do_printf(self, form: str, values: list, types: list) -> None:
        """Sprintf, as Go's doPrintf parses the format."""
        _Format(self, form, values, types).run()


class _Format:
    """The state of one doPrintf: position in the format, next argument, index errors."""

    def __init__(self, printer: _Printer, form: str, values: list, types: list) -> None:
        self.p = printer
        self.form = form
        self.args = list(zip(values, types, strict=True))
        self.arg_num = 0
        self.i = 0
        self.reordered = False
        self.good_arg_num = True

    def run(self) -> None:
        p, form, end = self.p, self.form, len(self.form)
        while self.i < end:
            self.good_arg_num = True
            start = self.i
            while self.i < end and form[self.i] != "%":
                self.i += 1
            p.out.append(form[start : self.i])
            if self.i >= end:
                break
            self.i += 1
            if not self.one_verb():
                break
        if not self.reordered and self.arg_num < len(self.args):
            self.extra()

    def flags(self) -> None:
        """The flags ``#0+- `` after ``%``."""
        p = self.p
        p.clear_flags()
        while self.i < len(self.form):
            c = self.form[self.i]
            if c == "#":
                p.sharp = True
            elif c == "0":
                p.zero = not p.minus
            elif c == "+":
                p.plus = True
            elif c == "-":
                p.minus, p.zero = True, False
            elif c == " ":
                p.space = True
            else:
                return
            self.i += 1

    def one_verb(self) -> bool:
        """Parse and print one ``%`` directive; False when the format ends inside it."""
        p, form, end = self.p, self.form, len(self.form)
        self.flags()
        after_index = self.arg_number()
        if self.i < end and form[self.i] == "*":
            self.i += 1
            p.wid, p.wid_present = self.int_from_arg()
            if not p.wid_present:
                p.out.append("%!(BADWIDTH)")
            if p.wid < 0:
                p.wid, p.minus, p.zero = -p.wid, True, False
            after_index = False
        else:
            p.wid, p.wid_present = self.parse_number()
            if after_index and p.wid_present:
                self.good_arg_num = False
        if self.i + 1 < end and form[self.i] == ".":
            self.i += 1
            if after_index:
                self.good_arg_num = False
            after_index = self.arg_number()
            if self.i < end and form[self.i] == "*":
                self.i += 1
                p.prec, p.prec_present = self.int_from_arg()
                if p.prec < 0:
                    p.prec, p.prec_present = 0, False
                if not p.prec_present:
                    p.out.append("%!(BADPREC)")
                after_index = False
            else:
                p.prec, _ = self.parse_number()
                p.prec_present = True
        if not after_index:
            after_index = self.arg_number()
        if self.i >= end:
            p.out.append("%!(NOVERB)")
            return False
        verb = form[self.i]
        self.i += 1
        self.apply(verb)
        return True

    def apply(self, verb: str) -> None:
        p = self.p
        if verb == "%":
            p.out.append("%")
        elif not self.good_arg_num:
            p.out.append(f"%!{verb}(BADINDEX)")
        elif self.arg_num >= len(self.args):
            p.out.append(f"%!{verb}(MISSING)")
        else:
            if verb == "v":
                p.sharp_v, p.sharp = p.sharp, False
                p.plus_v, p.plus = p.plus, False
            p.print_arg(*self.args[self.arg_num], verb)
            self.arg_num += 1

    def extra(self) -> None:
        """``%!(EXTRA int=3, string=x)``: operands the format did not use."""
        p = self.p
        p.clear_flags()
        p.out.append("%!(EXTRA ")
        for index, (value, t) in enumerate(self.args[self.arg_num :]):
            if index:
                p.out.append(", ")
            value, dyn = dynamic(value, t)
            if dyn is None:
                p.out.append("<nil>")
            else:
                p.out.append(type_name(dyn) + "=")
                p.print_arg(value, dyn, "v")
        p.out.append(")")

    def parse_number(self) -> tuple[int, bool]:
        """Decimal digits at the current position (Go's parsenum)."""
        number, found = 0, False
        while self.i < len(self.form) and "0" <= self.form[self.i] <= "9":
            if number > 1_000_000:  # Go's tooLarge: give up on the rest of the format
                self.i = len(self.form)
                return 0, False
            number, found = number * 10 + int(self.form[self.i]), True
            self.i += 1
        return number, found

    def arg_number(self) -> bool:
        """An explicit argument index ``[n]``; True when one was found and valid."""
        form, i = self.form, self.i
        if i >= len(form) or form[i] != "[":
            return False
        self.reordered = True
        close = form.find("]", i + 1)
        if close < 0 or len(form) - i < 3:
            self.i, self.good_arg_num = i + 1, False
            return False
        digits = form[i + 1 : close]
        self.i = close + 1
        ok = digits.isascii() and digits.isdigit() and int(digits) <= 1_000_000
        if ok and 0 < int(digits) <= len(self.args):
            self.arg_num = int(digits) - 1
            return True
        self.good_arg_num = False
        return ok

    def int_from_arg(self) -> tuple[int, bool]:
        """A ``*`` width or precision: the next operand, if it is an integer."""
        if self.arg_num >= len(self.args):
            return 0, False
        value, t = dynamic(*self.args[self.arg_num])
        self.arg_num += 1
        if not isinstance(t, IntType) or abs(value) > 1_000_000:  # type: ignore[arg-type]
            return 0, False
        return value, True  # type: ignore[return-value]


# ---------------------------------------------------------------- helpers


def _digits(u: int, base: int, digits: str) -> str:
    if u == 0:
        return "0"
    out = []
    while u:
        u, d = divmod(u, base)
        out.append(digits[d])
    return "".join(reversed(out))


def _rune(u: int) -> str:
    """The character with code u, or U+FFFD where Go's UTF-8 encoder would give it."""
    u %= 1 << 64
    if u > _MAX_RUNE or 0xD800 <= u <= 0xDFFF:
        return "\ufffd"
    return chr(u)


def _is_print(c: str) -> bool:
    """Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space."""
    return c.isprintable()


def _quote(s: str, quote: str, ascii_only: bool) -> str:
    """strconv.Quote / QuoteRune (QuoteToASCII with ascii_only)."""
    return quote + "".join(_escape(c, quote, ascii_only) for c in s) + quote


_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def _escape(c: str, quote: str, ascii_only: bool) -> str:
    if c in (quote, "\\"):
        return "\\" + c
    if (c.isascii() or not ascii_only) and _is_print(c):
        return c
    if c in _ESCAPES:
        return _ESCAPES[c]
    r = ord(c)
    if r < 0x20 or r == 0x7F:
        return f"\\x{r:02x}"
    if 0xD800 <= r <= 0xDFFF:
        r = 0xFFFD
    return f"\\u{r:04x}" if r < 0x10000 else f"\\U{r:08x}"


def _can_backquote(s: str) -> bool:
    """strconv.CanBackquote: no control characters but tab, no backquote, no BOM."""
    return not any((c < " " and c != "\t") or c in "`\x7f\ufeff" for c in s)


def _is_string_kind(t: Type | None) -> bool:
    """reflect's Kind() == String: strings, and the runtime errors whose type is a string."""
    if isinstance(t, _ErrorType):
        return t.name != "runtime.boundsError"
    return isinstance(t, StringType)


def _is_nil(value: object) -> bool:
    return value is None or (isinstance(value, SliceValue) and value.block is None)


def _is_composite(t: Type) -> bool:
    return isinstance(t, StructType | ArrayType | SliceType | MapType | SyncType | AtomicType)


def compare(a: object, b: object, t: Type) -> int:
    """fmt's map key order (internal/fmtsort): numbers and strings in order, false before
    true, structs and arrays field by field, pointers and channels by address."""
    if isinstance(t, StructType):
        for field, x, y in zip(t.fields, a, b, strict=True):  # type: ignore[call-overload]
            if c := compare(x, y, field.type):
                return c
        return 0
    if isinstance(t, ArrayType):
        for x, y in zip(a, b, strict=True):  # type: ignore[call-overload]
            if c := compare(x, y, t.element):
                return c
        return 0
    if isinstance(t, PointerType | ChanType):
        a, b = address(a), address(b)
    return (a > b) - (a < b)  # type: ignore[operator]


# ---------------------------------------------------------------- the builtins print/println


def _runtime_print(value: object, t: Type) -> str:
    """One operand as the runtime's print shows it: decimal ints, raw strings, addresses in
    hex (nil 0x0), slices as [len/cap]address, interfaces as (type,data) address pairs."""
    t = default_type(t)
    if isinstance(t, BoolType):
        return "true" if value else "false"
    if isinstance(t, IntType | StringType):
        return str(value)
    if isinstance(t, SliceType):
        length, capacity = (0, 0) if _is_nil(value) else (value.length, value.capacity)  # type: ignore[union-attr]
        return f"[{length}/{capacity}]{address(value):#x}"
    if isinstance(t, PointerType | MapType | ChanType | FuncType):
        return f"{address(value):#x}"
    if isinstance(t, AnyType):
        value, dyn = dynamic(value, t)
        if dyn is None:
            return "(0x0,0x0)"
        type_word = 0x4A0000 + (zlib.crc32(type_name(dyn).encode()) & 0xFFFF) * 0x20
        return f"({type_word:#x},{_boxed_address(value, dyn):#x})"
    raise ValueError(f"illegal types for operand: print {type_name(t)}")


def _boxed_address(value: object, t: Type) -> int:
    """The data word of an interface: the pointer itself for pointer-shaped types, else the
    (fake) address of a heap copy."""
    if isinstance(t, PointerType | MapType | ChanType | FuncType):
        return address(value)
    return HEAP_BASE - 0x1000


# ---------------------------------------------------------------- entry points


LOG_PREFIX = "log "  # kind "log Sprintf": the text as testing's log decorates it


def format_call(kind: str, values: list, types: list[Type], memory: MemoryReader) -> str:
    """The text of ``fmt.Sprint``/``Sprintln``/``Sprintf`` (format first) or of the builtins
    ``print``/``println`` applied to values of the given static types; ``log Sprintln`` and
    ``log Sprintf``: that text as package testing logs it (one trailing newline dropped, the
    lines after the first indented under the first)."""
    if kind.startswith(LOG_PREFIX):
        text = format_call(kind.removeprefix(LOG_PREFIX), values, types, memory)
        return text.removesuffix("\n").replace("\n", "\n        ")
    if kind in ("print", "println"):
        texts = [_runtime_print(v, t) for v, t in zip(values, types, strict=True)]
        return " ".join(texts) + "\n" if kind == "println" else "".join(texts)
    printer = _Printer(memory)
    if kind == "Sprint":
        printer.do_print(values, types)
    elif kind == "Sprintln":
        printer.do_println(values, types)
    elif kind == "Sprintf":
        printer.do_printf(values[0], values[1:], types[1:])
    else:
        raise ValueError(f"unknown format kind {kind!r}")
    return printer.text()


def format_value(
    value: object, t: Type, memory: MemoryReader, verb: str = "v", plus: bool = False, sharp: bool = False
) -> str:
    """One value as ``%v`` (``%+v`` with plus, ``%#v`` with sharp) or another verb prints it."""
    printer = _Printer(memory)
    if verb == "v":
        printer.plus_v, printer.sharp_v = plus, sharp
    else:
        printer.plus, printer.sharp = plus, sharp
    printer.print_arg(value, t, verb)
    return printer.text()


_BASIC = (BoolType, IntType, StringType)


def panic_message(value: object, t: Type, memory: MemoryReader) -> str:
    """What Go prints after ``panic: `` (runtime.printpanicval): an error's message, bools,
    integers and strings as they are, ``panic called with nil argument`` for nil (Go 1.21+).
    Other types print as ``(TYPE) ADDRESS``, the address being the interface's data word: the
    pointer itself for pointers, maps, channels and funcs, a fake heap address otherwise."""
    value, dyn = dynamic(value, t)
    if dyn is None:
        return "panic called with nil argument"
    if isinstance(value, RuntimeError):
        return value.message
    if isinstance(dyn, BoolType):
        return "true" if value else "false"
    if isinstance(dyn, _BASIC):
        return str(value)
    return f"({type_name(dyn)}) {_boxed_address(value, dyn):#x}"
