"""fmt and print/println formatting, checked against what real Go prints.

Every expected text below was printed by real Go (go1.19 with the same fmt rules as 1.22) for
the Go source shown beside it; the values are built by hand in our run-time representation.
Where Go prints a real address, the case expects our fake one (see formatting.heap_address)
and the comment says what Go printed; the shape (0xc..., <nil>, 0x0) is Go's.
"""

from __future__ import annotations

import ast
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from modelcheck.ir.layout import flatten
from modelcheck.ir.values import (
    NIL_SLICE,
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
from modelcheck.semantics.formatting import (
    Boxed,
    RuntimeError,
    address,
    format_call,
    format_value,
    heap_address,
    panic_message,
)
from modelcheck.syntax.types import (
    ANY,
    BOOL,
    INT,
    INT_TYPES,
    NIL,
    STRING,
    UNTYPED_INT,
    UNTYPED_STRING,
    ArrayType,
    AtomicType,
    ChanType,
    FuncType,
    MapType,
    PointerType,
    SliceType,
    StructField,
    StructType,
    SyncType,
    Type,
)


class FakeMemory:
    """A heap of numbered blocks of cells, and map contents by block."""

    def __init__(self) -> None:
        self.cells: dict[int, list] = {}
        self.maps: dict[int, dict] = {}
        self.next_block = 1

    def block(self, wanted: int | None) -> int:
        if wanted is None:
            wanted, self.next_block = self.next_block, self.next_block + 1
        return wanted

    def read_cells(self, block: int, offset: int, count: int) -> list:
        return self.cells[block][offset : offset + count]

    def map_contents(self, block: int) -> dict:
        return self.maps[block]


MEMORY = FakeMemory()


def new(t: Type, value: object, block: int | None = None) -> Pointer:
    """&value: a new block holding value."""
    number = MEMORY.block(block)
    MEMORY.cells[number] = flatten(t, value)
    return Pointer(number, 0)


def slice_of(element: Type, items: list, block: int | None = None) -> SliceValue:
    number = MEMORY.block(block)
    MEMORY.cells[number] = [cell for item in items for cell in flatten(element, item)]
    return SliceValue(number, 0, len(items), len(items))


def map_of(contents: dict, block: int | None = None) -> MapRef:
    number = MEMORY.block(block)
    MEMORY.maps[number] = dict(contents)
    return MapRef(number)


def struct(name: str | None, **fields: Type) -> StructType:
    return StructType(name, tuple(StructField(n, t) for n, t in fields.items()))


INT8, UINT8, INT32, INT64, UINT64 = (INT_TYPES[n] for n in ("int8", "uint8", "int32", "int64", "uint64"))
T = struct("T", x=INT, y=INT)
U = struct("U", s=STRING, n=INT)
N = struct("N", a=INT, t=T)
P = struct("P", p=PointerType(INT), q=PointerType(T))
S = struct("S", xs=SliceType(INT), m=MapType(STRING, INT))
E = struct("E")
K = struct("K", a=INT, b=INT)
W = struct("W", p=PointerType(INT), c=ChanType(INT), f=FuncType((), ()))
XY = struct(None, x=INT, y=STRING)
EMPTY = struct(None)
INTS, STRINGS, BYTES = SliceType(INT), SliceType(STRING), SliceType(UINT8)
MSI = MapType(STRING, INT)
MUTEX = SyncType("Mutex")
ADDR_900 = f"{heap_address(900):#x}"  # our fake address of block 900
ADDR_901 = f"{heap_address(901):#x}"
FUNC = Closure("main.func1")
ADDR_CHAN_0, ADDR_FUNC = f"{address(ChanRef(0)):#x}", f"{address(FUNC):#x}"


def i(v: int, t: Type = INT) -> tuple:
    return (v, t)


def s(v: str) -> tuple:
    return (v, STRING)


def b(v: bool) -> tuple:
    return (v, BOOL)


def sprintf(form: str, *args: tuple) -> tuple[str, list]:
    return "Sprintf", [s(form), *args]


# (Go source, (kind, [(value, type), ...]), what Go printed)
CASES = [
    # Sprint / Sprintln spacing
    ("Sprint(1, 2)", ("Sprint", [i(1), i(2)]), "1 2"),
    ('Sprint("a", "b")', ("Sprint", [s("a"), s("b")]), "ab"),
    ('Sprint("a", 1, 2, "b")', ("Sprint", [s("a"), i(1), i(2), s("b")]), "a1 2b"),
    ('Sprint(1, "a", 2)', ("Sprint", [i(1), s("a"), i(2)]), "1a2"),
    ("Sprint(true, false)", ("Sprint", [b(True), b(False)]), "true false"),
    ("Sprint(nil, nil)", ("Sprint", [(None, NIL), (None, NIL)]), "<nil> <nil>"),
    ("Sprint()", ("Sprint", []), ""),
    ('Sprintln("a", 1)', ("Sprintln", [s("a"), i(1)]), "a 1\n"),
    ("Sprintln()", ("Sprintln", []), "\n"),
    ('Sprintln("a", "b")', ("Sprintln", [s("a"), s("b")]), "a b\n"),
    ("Sprint(T{1, 2}, T{3, 4})", ("Sprint", [((1, 2), T), ((3, 4), T)]), "{1 2} {3 4}"),
    ('Sprint(1, "x") untyped', ("Sprint", [(1, UNTYPED_INT), ("x", UNTYPED_STRING)]), "1x"),
    # integers
    (
        'Sprintf("%d|%5d|%-5d|%05d|%+d|%x|%X|%o|%O|%b", 42, 42, 42, 42, 42, 255, 255, 8, 8, 5)',
        sprintf("%d|%5d|%-5d|%05d|%+d|%x|%X|%o|%O|%b", *map(i, (42, 42, 42, 42, 42, 255, 255, 8, 8, 5))),
        "42|   42|42   |00042|+42|ff|FF|10|0o10|101",
    ),
    (
        'Sprintf("%x|%#x|%#o|%08.3d|%.3d|% d|%+d|%-05d|", -255, 255, 8, 7, 7, 7, -7, 3)',
        sprintf("%x|%#x|%#o|%08.3d|%.3d|% d|%+d|%-05d|", *map(i, (-255, 255, 8, 7, 7, 7, -7, 3))),
        "-ff|0xff|010|     007|007| 7|-7|3    |",
    ),
    (
        'Sprintf("%c|%q|%U|%#U|%q", 65, 65, 0x1F600, 0x1F600, 10)',
        sprintf("%c|%q|%U|%#U|%q", *map(i, (65, 65, 0x1F600, 0x1F600, 10))),
        "A|'A'|U+1F600|U+1F600 '😀'|'\\n'",
    ),
    (
        'Sprintf("%v|%d|%v|%v|%d", int8(-128), uint64(1<<64-1), uint8(200), int64(-1<<63), -1<<63)',
        sprintf(
            "%v|%d|%v|%v|%d",
            i(-128, INT8),
            i(2**64 - 1, UINT64),
            i(200, UINT8),
            i(-(2**63), INT64),
            i(-(2**63)),
        ),
        "-128|18446744073709551615|200|-9223372036854775808|-9223372036854775808",
    ),
    (
        "Sprintf(\"%c|%c|%q|%q|%U|%x|%o|%b\", 'é', -1, 'x', 0x110000, -1, -1, -8, -5)",
        sprintf(
            "%c|%c|%q|%q|%U|%x|%o|%b",
            i(0xE9, INT32),
            i(-1),
            i(120, INT32),
            i(0x110000),
            *map(i, (-1, -1, -8, -5)),
        ),
        "é|\ufffd|'x'|'\ufffd'|U+FFFFFFFFFFFFFFFF|-1|-10|-101",
    ),
    (
        'Sprintf("%+v|%+d|%#v|%#d|%#x", -1, 5, 5, 5, []int{10, 11})',
        sprintf("%+v|%+d|%#v|%#d|%#x", i(-1), i(5), i(5), i(5), (slice_of(INT, [10, 11]), INTS)),
        "-1|+5|5|5|[0xa 0xb]",
    ),
    (
        'Sprintf("%08d|%+08d|%-08d|%x|%#X|%#b|%#o|%#O", -42, 42, 42, 0, 255, 5, 0, 8)',
        sprintf("%08d|%+08d|%-08d|%x|%#X|%#b|%#o|%#O", *map(i, (-42, 42, 42, 0, 255, 5, 0, 8))),
        "-0000042|+0000042|42      |0|0XFF|0b101|0|0o010",
    ),
    # strings
    (
        'Sprintf("%s|%q|%v|%x|%X|% x|%10s|%-10s|%.2s|%6.2s|", "hi" x8, "hello", "hello")',
        sprintf("%s|%q|%v|%x|%X|% x|%10s|%-10s|%.2s|%6.2s|", *map(s, ["hi"] * 8 + ["hello"] * 2)),
        'hi|"hi"|hi|6869|6869|68 69|        hi|hi        |he|    he|',
    ),
    (
        'Sprintf("%q|%#q|%+q|%#q", "a\\"b\\n", "a\\"b", "é", "a`b")',
        sprintf("%q|%#q|%+q|%#q", s('a"b\n'), s('a"b'), s("é"), s("a`b")),
        '"a\\"b\\n"|`a"b`|"\\u00e9"|"a`b"',
    ),
    (
        'Sprintf("%v|%s|%+v|%#v", "", "a\\tb", "x\\x01", "a\\tb\\x01é")',
        sprintf("%v|%s|%+v|%#v", s(""), s("a\tb"), s("x\x01"), s("a\tb\x01é")),
        '|a\tb|x\x01|"a\\tb\\x01é"',
    ),
    (
        'Sprintf("%q|%+q|%x|%X|%#x|% #x", "\\x00\\u00ff\\U0001F600", "日本", "日", "hi", "hi", "hi")',
        sprintf(
            "%q|%+q|%x|%X|%#x|% #x", s("\x00\u00ff\U0001f600"), s("日本"), s("日"), s("hi"), s("hi"), s("hi")
        ),
        '"\\x00ÿ😀"|"\\u65e5\\u672c"|e697a5|6869|0x6869|0x68 0x69',
    ),
    (
        'Sprintf("%6.3v|%.1q|%10q|%-8q|%08s|%.0s|%.0d|%.0d|%5.0d|", "abcdef", "abc", "x", "y", "ab", '
        '"x", 0, 5, 0)',
        sprintf(
            "%6.3v|%.1q|%10q|%-8q|%08s|%.0s|%.0d|%.0d|%5.0d|",
            *map(s, ("abcdef", "abc", "x", "y", "ab", "x")),
            *map(i, (0, 5, 0)),
        ),
        '   abc|"a"|       "x"|"y"     |000000ab|||5|     |',
    ),
    (
        'Sprintf("%10x|%-10X|%#10x|", "hi", "hi", "hi")',
        sprintf("%10x|%-10X|%#10x|", s("hi"), s("hi"), s("hi")),
        "      6869|6869      |    0x6869|",
    ),
    # booleans and bad verbs
    (
        'Sprintf("%t|%v|%d|%5t|%s", true, false, true, true, false)',
        sprintf("%t|%v|%d|%5t|%s", b(True), b(False), b(True), b(True), b(False)),
        "true|false|%!d(bool=true)| true|%!s(bool=false)",
    ),
    (
        'Sprintf("%d|%t|%c|%s|%z", "hi", "hi", "hi", 5, 5)',
        sprintf("%d|%t|%c|%s|%z", s("hi"), s("hi"), s("hi"), i(5), i(5)),
        "%!d(string=hi)|%!t(string=hi)|%!c(string=hi)|%!s(int=5)|%!z(int=5)",
    ),
    (
        'Sprintf("%t|%q|%x|%v", 1, true, true, true)',
        sprintf("%t|%q|%x|%v", i(1), b(True), b(True), b(True)),
        "%!t(int=1)|%!q(bool=true)|%!x(bool=true)|true",
    ),
    ('Sprintf("%p|%p", 5, T{})', sprintf("%p|%p", i(5), ((0, 0), T)), "%!p(int=5)|%!p(main.T={0 0})"),
    ('Sprintf("%s", nil)', sprintf("%s", (None, NIL)), "%!s(<nil>)"),
    # %T
    (
        'Sprintf("%T|%T|%T|%T|%T|%T|%T", 1, "a", true, []int{}, map[string]int{}, T{}, &T{})',
        sprintf(
            "%T|%T|%T|%T|%T|%T|%T",
            i(1),
            s("a"),
            b(True),
            (slice_of(INT, []), INTS),
            (map_of({}), MSI),
            ((0, 0), T),
            (new(T, (0, 0)), PointerType(T)),
        ),
        "int|string|bool|[]int|map[string]int|main.T|*main.T",
    ),
    (
        'Sprintf("%T|%T|%T|%T|%T|%T|%T", make(chan int), func() {}, sync.Mutex{}, [3]int{}, struct{}{}, '
        "nil, int32(1))",
        sprintf(
            "%T|%T|%T|%T|%T|%T|%T",
            (ChanRef(1), ChanType(INT)),
            (FUNC, FuncType((), ())),
            (MutexState(), MUTEX),
            ((0, 0, 0), ArrayType(3, INT)),
            ((), EMPTY),
            (None, NIL),
            i(1, INT32),
        ),
        "chan int|func()|sync.Mutex|[3]int|struct {}|<nil>|int32",
    ),
    (
        'Sprintf("%T|%T|%T|%T|%T|%T", uint8(1), make(<-chan int), func(int) string, &sync.Mutex{}, '
        "atomic.Int64{}, struct{ x int; y string }{})",
        sprintf(
            "%T|%T|%T|%T|%T|%T",
            i(1, UINT8),
            (ChanRef(1), ChanType(INT, "receive")),
            (FUNC, FuncType((INT,), (STRING,))),
            (new(MUTEX, MutexState()), PointerType(MUTEX)),
            (0, AtomicType("Int64")),
            ((0, ""), XY),
        ),
        "uint8|<-chan int|func(int) string|*sync.Mutex|atomic.Int64|struct { x int; y string }",
    ),
    (
        'Sprintf("%T|%T|%T", make(chan<- []int), func(int, bool) (int, string), map[T][]*T{})',
        sprintf(
            "%T|%T|%T",
            (ChanRef(1), ChanType(INTS, "send")),
            (FUNC, FuncType((INT, BOOL), (INT, STRING))),
            (map_of({}), MapType(T, SliceType(PointerType(T)))),
        ),
        "chan<- []int|func(int, bool) (int, string)|map[main.T][]*main.T",
    ),
    (
        'Sprintf("%5T|%-8T|%.3T|", 1, "s", "abcdef")',
        sprintf("%5T|%-8T|%.3T|", i(1), s("s"), s("abcdef")),
        "  int|string  |str|",
    ),
    # the format itself: %%, missing, extra, indexes, stars
    ('Sprintf("%%|%d %d", 1)', sprintf("%%|%d %d", i(1)), "%|1 %!d(MISSING)"),
    ('Sprintf("%d", 1, 3)', sprintf("%d", i(1), i(3)), "1%!(EXTRA int=3)"),
    ('Sprintf("%d", 1, 3, "x")', sprintf("%d", i(1), i(3), s("x")), "1%!(EXTRA int=3, string=x)"),
    ('Sprintf("hi", 1)', sprintf("hi", i(1)), "hi%!(EXTRA int=1)"),
    ('Sprintf("%")', sprintf("%"), "%!(NOVERB)"),
    ('Sprintf("%-")', sprintf("%-"), "%!(NOVERB)"),
    (
        'Sprintf("%[2]d %[1]d|%*d|%-*d|%.*d", 1, 2, 4, 7, 3, 5, 2, 9)',
        sprintf("%[2]d %[1]d|%*d|%-*d|%.*d", *map(i, (1, 2, 4, 7, 3, 5, 2, 9))),
        "2 1| 4|3      |00002",
    ),
    ('Sprintf("%[3]d", 1)', sprintf("%[3]d", i(1)), "%!d(BADINDEX)"),
    ('Sprintf("%d %d", 1, 2)', sprintf("%d %d", i(1), i(2)), "1 2"),
    (
        'Sprintf("%!|%.|%5|%[x]d|%[0]d|%[1]", 1, 2)',
        sprintf("%!|%.|%5|%[x]d|%[0]d|%[1]", i(1), i(2)),
        "%!!(int=1)|%!|(int=2)%!|(MISSING)%!d(BADINDEX)|%!d(BADINDEX)|%!(NOVERB)",
    ),
    ('Sprintf("%d %[1]d %d", 1, 2)', sprintf("%d %[1]d %d", i(1), i(2)), "1 1 2"),
    (
        'Sprintf("%*d|%.*d|%*d", "a", 5, "b", 6, -4, 7)',
        sprintf("%*d|%.*d|%*d", s("a"), i(5), s("b"), i(6), i(-4), i(7)),
        "%!(BADWIDTH)5|%!(BADPREC)6|7   ",
    ),
    # structs
    (
        'Sprintf("%v|%+v|%#v", T{1, 2}, T{1, 2}, T{1, 2})',
        sprintf("%v|%+v|%#v", ((1, 2), T), ((1, 2), T), ((1, 2), T)),
        "{1 2}|{x:1 y:2}|main.T{x:1, y:2}",
    ),
    (
        'Sprintf("%v|%+v|%#v", U{"a", 1}, U{"a", 1}, U{"a", 1})',
        sprintf("%v|%+v|%#v", (("a", 1), U), (("a", 1), U), (("a", 1), U)),
        '{a 1}|{s:a n:1}|main.U{s:"a", n:1}',
    ),
    (
        'Sprintf("%v|%+v|%#v", N{1, T{2, 3}}, ...)',
        sprintf("%v|%+v|%#v", *[((1, (2, 3)), N)] * 3),
        "{1 {2 3}}|{a:1 t:{x:2 y:3}}|main.N{a:1, t:main.T{x:2, y:3}}",
    ),
    (
        'Sprintf("%d|%s|%x|%q", U{"a", 10}, ...)',
        sprintf("%d|%s|%x|%q", *[(("a", 10), U)] * 3, (("a", 10), U)),
        "{%!d(string=a) 10}|{a %!s(int=10)}|{61 a}|{\"a\" '\\n'}",
    ),
    (
        'Sprintf("%v|%+v|%#v", P{}, P{}, P{})',
        sprintf("%v|%+v|%#v", *[((None, None), P)] * 3),
        "{<nil> <nil>}|{p:<nil> q:<nil>}|main.P{p:(*int)(nil), q:(*main.T)(nil)}",
    ),
    (
        'Sprintf("%v|%+v|%#v", S{}, S{}, S{})',
        sprintf("%v|%+v|%#v", *[((NIL_SLICE, None), S)] * 3),
        "{[] map[]}|{xs:[] m:map[]}|main.S{xs:[]int(nil), m:map[string]int(nil)}",
    ),
    (
        'Sprintf("%v|%+v|%#v", S{[]int{1, 2}, {"b": 2, "a": 1}}, S{[]int{1}, {"a": 1}}, S{[]int{1, 2}, '
        '{"b": 2, "a": 1}})',
        sprintf(
            "%v|%+v|%#v",
            ((slice_of(INT, [1, 2]), map_of({"b": 2, "a": 1})), S),
            ((slice_of(INT, [1]), map_of({"a": 1})), S),
            ((slice_of(INT, [1, 2]), map_of({"b": 2, "a": 1})), S),
        ),
        '{[1 2] map[a:1 b:2]}|{xs:[1] m:map[a:1]}|main.S{xs:[]int{1, 2}, m:map[string]int{"a":1, "b":2}}',
    ),
    (
        'Sprintf("%v|%+v|%#v|%v", E{}, E{}, E{}, struct{}{})',
        sprintf("%v|%+v|%#v|%v", *[((), E)] * 3, ((), EMPTY)),
        "{}|{}|main.E{}|{}",
    ),
    (
        'Sprintf("%#v|%#v|%v|%+v", struct{}{}, struct{ x int; y string }{1, "a"}, (same), struct{ x int '
        "}{1})",
        sprintf("%#v|%#v|%v|%+v", ((), EMPTY), ((1, "a"), XY), ((1, "a"), XY), ((1,), struct(None, x=INT))),
        'struct {}{}|struct { x int; y string }{x:1, y:"a"}|{1 a}|{x:1}',
    ),
    (
        'Sprintf("%5v|%-6v|%05v|%3v|%x|%5s", T{1, 2}, []int{1, 2}, 42, "abcdef", "", []string{"a", "bc"})',
        sprintf(
            "%5v|%-6v|%05v|%3v|%x|%5s",
            ((1, 2), T),
            (slice_of(INT, [1, 2]), INTS),
            i(42),
            s("abcdef"),
            s(""),
            (slice_of(STRING, ["a", "bc"]), STRINGS),
        ),
        "{    1     2}|[1      2     ]|00042|abcdef||[    a    bc]",
    ),
    (
        'Sprintf("%10.4v|%-10v|", T{1, 2}, "x")',
        sprintf("%10.4v|%-10v|", ((1, 2), T), s("x")),
        "{      0001       0002}|x         |",
    ),
    (
        'Sprintf("%x|%X", T{10, 11}, []string{"a"})',
        sprintf("%x|%X", ((10, 11), T), (slice_of(STRING, ["a"]), STRINGS)),
        "{a b}|[61]",
    ),
    # slices and arrays
    (
        'Sprintf("%v|%d|%x|%q|%#v|%#v", []int{1, 2, 3}, []int{1, 2}, []int{10, 255}, []string{"a", '
        '"b"}, []int{1, 2}, []string{"a"})',
        sprintf(
            "%v|%d|%x|%q|%#v|%#v",
            (slice_of(INT, [1, 2, 3]), INTS),
            (slice_of(INT, [1, 2]), INTS),
            (slice_of(INT, [10, 255]), INTS),
            (slice_of(STRING, ["a", "b"]), STRINGS),
            (slice_of(INT, [1, 2]), INTS),
            (slice_of(STRING, ["a"]), STRINGS),
        ),
        '[1 2 3]|[1 2]|[a ff]|["a" "b"]|[]int{1, 2}|[]string{"a"}',
    ),
    (
        'Sprintf("%v|%#v|%v|%#v|%d|%p", nilSlice, nilSlice, nilMap, nilMap, nilSlice, nilSlice)',
        sprintf(
            "%v|%#v|%v|%#v|%d|%p",
            (NIL_SLICE, INTS),
            (None, INTS),
            (None, MSI),
            (None, MSI),
            (None, INTS),
            (NIL_SLICE, INTS),
        ),
        "[]|[]int(nil)|map[]|map[string]int(nil)|[]|0x0",
    ),
    (
        'Sprintf("%v|%#v|%v|%#v", []int{}, []int{}, map[string]int{}, map[string]int{})',
        sprintf(
            "%v|%#v|%v|%#v",
            (slice_of(INT, []), INTS),
            (slice_of(INT, []), INTS),
            (map_of({}), MSI),
            (map_of({}), MSI),
        ),
        "[]|[]int{}|map[]|map[string]int{}",
    ),
    (
        'Sprintf("%v|%#v|%v|%#v", [3]int{1, 2, 3}, [2]int{1, 2}, [0]int{}, [2]T{{1, 2}, {3, 4}})',
        sprintf(
            "%v|%#v|%v|%#v",
            ((1, 2, 3), ArrayType(3, INT)),
            ((1, 2), ArrayType(2, INT)),
            ((), ArrayType(0, INT)),
            (((1, 2), (3, 4)), ArrayType(2, T)),
        ),
        "[1 2 3]|[2]int{1, 2}|[]|[2]main.T{main.T{x:1, y:2}, main.T{x:3, y:4}}",
    ),
    (
        'Sprintf("%v|%+v|%#v", []T{{1, 2}}, ...)',
        sprintf("%v|%+v|%#v", *[(slice_of(T, [(1, 2)]), SliceType(T))] * 3),
        "[{1 2}]|[{x:1 y:2}]|[]main.T{main.T{x:1, y:2}}",
    ),
    (
        'Sprintf("%v|%+v|%#v|%d|%v|%v", []*T{nil} x4, [][]int{{1}, nil}, []map[string]int{nil, {"a": 1}})',
        sprintf(
            "%v|%+v|%#v|%d|%v|%v",
            *[(slice_of(PointerType(T), [None]), SliceType(PointerType(T)))] * 4,
            (slice_of(INTS, [slice_of(INT, [1]), NIL_SLICE]), SliceType(INTS)),
            (slice_of(MSI, [None, map_of({"a": 1})]), SliceType(MSI)),
        ),
        "[<nil>]|[<nil>]|[]*main.T{(*main.T)(nil)}|[0]|[[1] []]|[map[] map[a:1]]",
    ),
    (
        'Sprintf("%v|%v", struct{ a []T; b [1]bool }{...}, struct{ p *T }{&T{1, 2}})',
        sprintf(
            "%v|%v",
            ((slice_of(T, [(1, 2)]), (True,)), struct(None, a=SliceType(T), b=ArrayType(1, BOOL))),
            ((new(T, (1, 2), block=900),), struct(None, p=PointerType(T))),
        ),
        f"{{[{{1 2}}] [true]}}|{{{ADDR_900}}}",  # Go: {0xc0000187f0}
    ),
    # byte slices and arrays
    (
        'Sprintf("%s|%s|%q|%x|%v|%#v|%X|% x", []byte("hi"), [2]byte{104, 105}, []byte("hi") x4, '
        "[]byte{1, 171} x2)",
        sprintf(
            "%s|%s|%q|%x|%v|%#v|%X|% x",
            (slice_of(UINT8, [104, 105]), BYTES),
            ((104, 105), ArrayType(2, UINT8)),
            *[(slice_of(UINT8, [104, 105]), BYTES)] * 4,
            *[(slice_of(UINT8, [1, 171]), BYTES)] * 2,
        ),
        'hi|hi|"hi"|6869|[104 105]|[]byte{0x68, 0x69}|01AB|01 ab',
    ),
    # maps, sorted by key
    (
        'Sprintf("%v|%v|%v|%v", map[string]int{"b": 2, "a": 1, "c": 3}, map[int]string{10: "x", 2: "y", '
        '-1: "z"}, '
        "map[bool]int{true: 1, false: 0}, map[K]int{{2, 1}: 1, {1, 5}: 2, {1, 2}: 3})",
        sprintf(
            "%v|%v|%v|%v",
            (map_of({"b": 2, "a": 1, "c": 3}), MSI),
            (map_of({10: "x", 2: "y", -1: "z"}), MapType(INT, STRING)),
            (map_of({True: 1, False: 0}), MapType(BOOL, INT)),
            (map_of({(2, 1): 1, (1, 5): 2, (1, 2): 3}), MapType(K, INT)),
        ),
        "map[a:1 b:2 c:3]|map[-1:z 2:y 10:x]|map[false:0 true:1]|map[{1 2}:3 {1 5}:2 {2 1}:1]",
    ),
    (
        'Sprintf("%#v|%+v|%d|%x", map[string]int{"b": 2, "a": 1}, map[string]T{"a": {1, 2}}, '
        'map[string]int{"a": 10}, map[string]int{"a": 255})',
        sprintf(
            "%#v|%+v|%d|%x",
            (map_of({"b": 2, "a": 1}), MSI),
            (map_of({"a": (1, 2)}), MapType(STRING, T)),
            (map_of({"a": 10}), MSI),
            (map_of({"a": 255}), MSI),
        ),
        'map[string]int{"a":1, "b":2}|map[a:{x:1 y:2}]|map[%!d(string=a):10]|map[61:ff]',
    ),
    (
        'Sprintf("%v|%#v|%v", map[string][]int{"a": {1}}, map[int]bool{1: true}, map[[2]int]int{{2, 1}: '
        "1, {1, 3}: 2})",
        sprintf(
            "%v|%#v|%v",
            (map_of({"a": slice_of(INT, [1])}), MapType(STRING, INTS)),
            (map_of({1: True}), MapType(INT, BOOL)),
            (map_of({(2, 1): 1, (1, 3): 2}), MapType(ArrayType(2, INT), INT)),
        ),
        "map[a:[1]]|map[int]bool{1:true}|map[[1 3]:2 [2 1]:1]",
    ),
    # pointers
    (
        'Sprintf("%v|%+v|%#v|%d|%s", &T{1, 2} x5)',
        sprintf("%v|%+v|%#v|%d|%s", *[(new(T, (1, 2)), PointerType(T))] * 5),
        "&{1 2}|&{x:1 y:2}|&main.T{x:1, y:2}|&{1 2}|&{%!s(int=1) %!s(int=2)}",
    ),
    (
        'Sprintf("%v|%v|%v|%#v|%#v", &[]int{1, 2}, &[2]int{1, 2}, &map[string]int{"a": 1}, &[]int{1}, '
        '&map[string]int{"a": 1})',
        sprintf(
            "%v|%v|%v|%#v|%#v",
            (new(INTS, slice_of(INT, [1, 2])), PointerType(INTS)),
            (new(ArrayType(2, INT), (1, 2)), PointerType(ArrayType(2, INT))),
            (new(MSI, map_of({"a": 1})), PointerType(MSI)),
            (new(INTS, slice_of(INT, [1])), PointerType(INTS)),
            (new(MSI, map_of({"a": 1})), PointerType(MSI)),
        ),
        '&[1 2]|&[1 2]|&map[a:1]|&[]int{1}|&map[string]int{"a":1}',
    ),
    (
        'Sprintf("%v|%#v|%v|%#v|%v|%#v|%v|%#v|%d|%p|%s", np, np, ni, ni, nc, nc, nf, nf, np, np, np)',
        sprintf(
            "%v|%#v|%v|%#v|%v|%#v|%v|%#v|%d|%p|%s",
            *[(None, PointerType(T))] * 2,
            *[(None, PointerType(INT))] * 2,
            *[(None, ChanType(INT))] * 2,
            *[(None, FuncType((), ()))] * 2,
            *[(None, PointerType(T))] * 3,
        ),
        "<nil>|(*main.T)(nil)|<nil>|(*int)(nil)|<nil>|(chan int)(nil)|<nil>|(func())(nil)|0|0x0|"
        "%!s(*main.T=<nil>)",
    ),
    (
        'Sprintf("%v|%p|%#p|%x", &x, &x, &x, &x)',
        sprintf("%v|%p|%#p|%x", *[(Pointer(900, 0), PointerType(INT))] * 4),
        # Go: 0xc000018098|0xc000018098|c000018098|c000018098
        f"{ADDR_900}|{ADDR_900}|{ADDR_900[2:]}|{ADDR_900[2:]}",
    ),
    (
        'Sprintf("%v|%+v", W{&x, make(chan int), func() {}}, (same))',
        sprintf("%v|%+v", *[((Pointer(900, 0), ChanRef(0), FUNC), W)] * 2),
        # Go: {0xc000018098 0xc000066060 0x482500}|{p:0xc000018098 c:0xc000066060 f:0x482500}
        f"{{{ADDR_900} {ADDR_CHAN_0} {ADDR_FUNC}}}|{{p:{ADDR_900} c:{ADDR_CHAN_0} f:{ADDR_FUNC}}}",
    ),
    (
        'Sprintf("%#v", W{nil, nil, nil})',
        sprintf("%#v", ((None, None, None), W)),
        "main.W{p:(*int)(nil), c:(chan int)(nil), f:(func())(nil)}",
    ),
    (
        'Sprintf("%v|%d", []*int{&x}, []*int{&x})',
        sprintf("%v|%d", *[(slice_of(PointerType(INT), [Pointer(900, 0)]), SliceType(PointerType(INT)))] * 2),
        f"[{ADDR_900}]|[{heap_address(900)}]",  # Go: [0xc000018098]|[824633819288]
    ),
    (
        'Sprintf("%v", &[]*T{&T{1, 2}})',
        sprintf(
            "%v",
            (
                new(SliceType(PointerType(T)), slice_of(PointerType(T), [Pointer(901, 0)])),
                PointerType(SliceType(PointerType(T))),
            ),
        ),
        f"&[{ADDR_901}]",  # Go: &[0xc0000180f0]
    ),
    # interface{} values
    (
        'Sprintf("%v %v", []interface{}{1, "a", nil}, map[string]interface{}{"a": nil})',
        sprintf(
            "%v %v",
            (slice_of(ANY, [1, "a", None]), SliceType(ANY)),
            (map_of({"a": None}), MapType(STRING, ANY)),
        ),
        "[1 a <nil>] map[a:<nil>]",
    ),
    (
        'Sprintf("%v|%#v|%d", N{}, []interface{}{nil}, nil)',
        sprintf("%v|%#v|%d", ((0, (0, 0)), N), (slice_of(ANY, [None]), SliceType(ANY)), (None, NIL)),
        "{0 {0 0}}|[]interface {}{interface {}(nil)}|%!d(<nil>)",
    ),
    (
        'Sprintf("%v|%T", any(T{1, 2}), any(T{1, 2}))',
        sprintf("%v|%T", (Boxed((1, 2), T), ANY), (Boxed((1, 2), T), ANY)),
        "{1 2}|main.T",
    ),
    (
        "Sprintf(\"%q|%#q|%+q|%d|%5d\", 0xD800, 'x', -30, []interface{}{1, nil}, []interface{}{nil})",
        sprintf(
            "%q|%#q|%+q|%d|%5d",
            i(0xD800),
            i(120, INT32),
            i(-30),
            (slice_of(ANY, [1, None]), SliceType(ANY)),
            (slice_of(ANY, [None]), SliceType(ANY)),
        ),
        "'\ufffd'|'x'|'\\ufffd'|[1 <nil>]|[<nil>]",
    ),
    # sync and atomic values (Go 1.22 layouts: see the test below for those that differ from 1.19)
    (
        'Sprintf("%v|%+v|%#v", sync.Mutex{} x3)',
        sprintf("%v|%+v|%#v", *[(MutexState(), MUTEX)] * 3),
        "{0 0}|{state:0 sema:0}|sync.Mutex{state:0, sema:0x0}",
    ),
    ('mu.Lock(); Sprintf("%v", mu)', sprintf("%v", (MutexState(True), MUTEX)), "{1 0}"),
    (
        'Sprintf("%v|%+v|%#v|%v|%v|%v", ai, ai, ai, a32, ab, au)  (Int64 5, Int32 5, Bool true, Uint32 0)',
        sprintf(
            "%v|%+v|%#v|%v|%v|%v",
            *[(5, AtomicType("Int64"))] * 3,
            (5, AtomicType("Int32")),
            (True, AtomicType("Bool")),
            (0, AtomicType("Uint32")),
        ),
        "{{} {} 5}|{_:{} _:{} v:5}|atomic.Int64{_:atomic.noCopy{}, _:atomic.align64{}, v:5}|{{} 5}|{{} "
        "1}|{{} 0}",
    ),
    (
        'Sprintf("%T|%T", rw, atomic.Bool{})',
        sprintf("%T|%T", (RWMutexState(), SyncType("RWMutex")), (False, AtomicType("Bool"))),
        "sync.RWMutex|atomic.Bool",
    ),
    # runtime errors, as recover() returns them
    (
        'r := recover() /* 1/0 */; Printf("%v|%s|%q|%T|%d", r, r, r, r, r)',
        sprintf("%v|%s|%q|%T|%d", *[(RuntimeError("runtime error: integer divide by zero"), ANY)] * 5),
        "runtime error: integer divide by zero|runtime error: integer divide by zero|"
        '"runtime error: integer divide by zero"|runtime.errorString|'
        "%!d(runtime.errorString=integer divide by zero)",
    ),
    (
        'Sprint(r, 1), Sprint("x", r)',
        ("Sprintln", [(RuntimeError("runtime error: integer divide by zero"), ANY), i(1)]),
        "runtime error: integer divide by zero 1\n",
    ),
    (
        "Sprint(r, 1) (an errorString is a string kind: no space)",
        ("Sprint", [(RuntimeError("runtime error: integer divide by zero"), ANY), i(1)]),
        "runtime error: integer divide by zero1",
    ),
    (
        'r := recover() /* nil map write */; Printf("%v|%T|%d", r, r, r)',
        sprintf("%v|%T|%d", *[(RuntimeError("assignment to entry in nil map"), ANY)] * 3),
        "assignment to entry in nil map|runtime.plainError|%!d(runtime.plainError=assignment to entry "
        "in nil map)",
    ),
    # builtin print and println
    (
        'println(1, "a", true, -5, uint8(200))',
        ("println", [i(1), s("a"), b(True), i(-5), i(200, UINT8)]),
        "1 a true -5 200\n",
    ),
    ('print(1, 2, "x", false, "\\n")', ("print", [i(1), i(2), s("x"), b(False), s("\n")]), "12xfalse\n"),
    (
        "println(ni, nm, nc, ns, nf, e)",
        (
            "println",
            [
                (None, PointerType(INT)),
                (None, MSI),
                (None, ChanType(INT)),
                (NIL_SLICE, INTS),
                (None, FuncType((), ())),
                (None, ANY),
            ],
        ),
        "0x0 0x0 0x0 [0/0]0x0 0x0 (0x0,0x0)\n",
    ),
    ("println()", ("println", []), "\n"),
    (
        "println(&x, make([]int, 2, 5)[:1])",
        ("println", [(Pointer(900, 0), PointerType(INT)), (SliceValue(900, 0, 1, 5), INTS)]),
        f"{ADDR_900} [1/5]{ADDR_900}\n",  # Go: 0xc000018098 [1/5]0xc00001c030
    ),
]


@pytest.mark.parametrize(("source", "call", "expected"), CASES, ids=[case[0][:60] for case in CASES])
def test_format_call_matches_go(source: str, call: tuple, expected: str) -> None:
    kind, arguments = call
    values = [value for value, _ in arguments]
    types = [t for _, t in arguments]
    assert format_call(kind, values, types, MEMORY) == expected


# panic(VALUE): what Go prints after "panic: ".
PANICS = [
    ('panic("boom")', "boom", STRING, "boom"),
    ("panic(42)", 42, UNTYPED_INT, "42"),
    ("panic(true)", True, BOOL, "true"),
    ("panic(uint8(7))", 7, UINT8, "7"),
    ('var a any = "s"; panic(a)', "s", ANY, "s"),
    (
        "1 / z",
        RuntimeError("runtime error: integer divide by zero"),
        ANY,
        "runtime error: integer divide by zero",
    ),
    (
        "a[5] with len 1",
        RuntimeError("runtime error: index out of range [5] with length 1"),
        ANY,
        "runtime error: index out of range [5] with length 1",
    ),
    ("nilMap[k] = 1", RuntimeError("assignment to entry in nil map"), ANY, "assignment to entry in nil map"),
    ("close(c); close(c)", RuntimeError("close of closed channel"), ANY, "close of closed channel"),
    ("panic((*T)(nil))", None, PointerType(T), "(*main.T) 0x0"),
    (
        "panic(&T{1, 2})",
        Pointer(900, 0),
        PointerType(T),
        f"(*main.T) {ADDR_900}",
    ),  # Go: (*main.T) 0xc000018090
    ("panic(T{1, 2})", (1, 2), T, f"(main.T) {heap_address(0) - 0x1000:#x}"),  # Go: (main.T) 0xc0000a6000
    # Go 1.21+ turns panic(nil) into a *runtime.PanicNilError; 1.19 printed "panic: nil".
    ("panic(nil)", None, NIL, "panic called with nil argument"),
]


@pytest.mark.parametrize(("source", "value", "type_", "expected"), PANICS, ids=[p[0] for p in PANICS])
def test_panic_message(source: str, value: object, type_: Type, expected: str) -> None:
    assert panic_message(value, type_, MEMORY) == expected


# Go 1.22's sync layouts (checked in its source; the installed go1.19 declares some differently).
SYNC_122 = [
    (RWMutexState(), "RWMutex", "{{0 0} 0 0 {{} 0} {{} 0}}"),  # 1.19: {{0 0} 0 0 0 0}
    (RWMutexState(readers=2), "RWMutex", "{{0 0} 0 0 {{} 2} {{} 0}}"),
    (
        RWMutexState(writer=True, writer_active=True),
        "RWMutex",
        f"{{{{1 0}} 0 0 {{{{}} {-(1 << 30)}}} {{{{}} 0}}}}",
    ),
    (WaitGroupState(), "WaitGroup", "{{} {{} {} 0} 0}"),  # 1.19: {{} 0 0}
    (WaitGroupState(2), "WaitGroup", f"{{{{}} {{{{}} {{}} {2 << 32}}} 0}}"),
    (OnceState(), "Once", "{{{} 0} {0 0}}"),  # 1.19: {0 {0 0}}
    (OnceState(2), "Once", "{{{} 1} {0 0}}"),
]


@pytest.mark.parametrize(("state", "kind", "expected"), SYNC_122)
def test_sync_values_print_as_go_122_structs(state: object, kind: str, expected: str) -> None:
    assert format_value(state, SyncType(kind), MEMORY) == expected


def test_format_value_flags() -> None:
    assert format_value((1, 2), T, MEMORY, plus=True) == "{x:1 y:2}"
    assert format_value((1, 2), T, MEMORY, sharp=True) == "main.T{x:1, y:2}"
    assert format_value(255, INT, MEMORY, verb="x", sharp=True) == "0xff"
    assert format_value(new(T, (3, 4)), PointerType(T), MEMORY) == "&{3 4}"


def test_print_rejects_structs() -> None:
    with pytest.raises(ValueError, match="illegal types"):
        format_call("println", [(1, 2)], [T], MEMORY)


# ---------------------------------------------------------------- differential test against real Go

_FLAGS = ["", "#", "0", "+", "-", " ", "# ", "+#", "-0"]
_WIDTHS = ["", "1", "5", "*", "12"]
_PRECISIONS = ["", ".", ".0", ".2", ".*"]
_INDEXES = ["", "", "", "[1]", "[2]", "[0]", "[x]", "["]
_VERBS = list("vdsqxXobcUtTpO%z") + ["", "["]
_SCALARS = [
    *[(v, INT) for v in (0, -1, 42, 255, 0x1F600, 0x110000, 0xD800, -(2**63))],
    *[(v, STRING) for v in ("", "hi", 'a"b', "é", "日本", "a`b", "\t", "x\x01y", "\u00a0", "\ufeff")],
    (True, BOOL),
    (200, UINT8),
    (-114, INT8),
    (2**64 - 1, UINT64),
]


def _random_printf(rng: random.Random) -> tuple[str, list[tuple]]:
    """A format of one to three random directives (flags, indexes, widths, precisions, verbs,
    stars) and operands for it, possibly one too many or too few."""
    form, arguments = "", []
    for _ in range(rng.randint(1, 3)):
        width = rng.choice(_WIDTHS)
        precision = rng.choice(_PRECISIONS)
        form += rng.choice(["", "|"]) + "%" + rng.choice(_FLAGS) + rng.choice(_INDEXES) + width + precision
        form += rng.choice(_INDEXES) + rng.choice(_VERBS)
        arguments += [(rng.choice([3, -4]), INT) for _ in range((width + precision).count("*"))]
        arguments.append(rng.choice(_SCALARS))
    if rng.random() < 0.1:
        arguments.pop()
    elif rng.random() < 0.1:
        arguments.append((3, INT))
    return form, arguments


def _go_literal(value: object, t: Type) -> str:
    if t == STRING:
        return _go_string(value)  # type: ignore[arg-type]
    if t == BOOL:
        return "true" if value else "false"
    return f"{t}({value})"


def _go_string(text: str) -> str:
    return '"' + "".join(c if c.isalnum() and c.isascii() else f"\\U{ord(c):08x}" for c in text) + '"'


@pytest.mark.skipif(shutil.which("go") is None, reason="needs the Go toolchain")
def test_printf_matches_real_go_on_random_formats(tmp_path: Path) -> None:
    """Random Printf directives on ints, strings and bools print exactly what Go prints."""
    rng = random.Random(2024)
    cases = [_random_printf(rng) for _ in range(400)]
    lines = []
    for form, args in cases:
        operands = "".join(", " + _go_literal(value, t) for value, t in args)
        lines.append(f'\tfmt.Printf("%+q\\n", fmt.Sprintf({_go_string(form)}{operands}))')
    program = tmp_path / "main.go"
    program.write_text('package main\n\nimport "fmt"\n\nfunc main() {\n' + "\n".join(lines) + "\n}\n")
    run = subprocess.run(["go", "run", str(program)], capture_output=True, text=True, timeout=300, check=True)
    for (form, args), line in zip(cases, run.stdout.splitlines(), strict=True):
        values = [form] + [value for value, _ in args]
        types = [STRING] + [t for _, t in args]
        assert format_call("Sprintf", values, types, MEMORY) == ast.literal_eval(line), (form, args)
