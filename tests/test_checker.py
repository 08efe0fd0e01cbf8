"""The checker's tables on valid programs: types (untyped constants typed by their context),
constants, symbols, selections, call kinds, captures, address_taken and initialization order."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from modelcheck.syntax import SourceError, load_source, nodes
from modelcheck.syntax.symbols import (
    Constant,
    FieldSelection,
    Function,
    MemberSelection,
    Method,
    MethodSelection,
    QualifiedSelection,
    SyncMethodSelection,
    Variable,
)
from modelcheck.syntax.types import (
    BOOL,
    INT,
    INT_TYPES,
    STRING,
    VOID,
    ArrayType,
    AtomicType,
    FuncType,
    MapType,
    PointerType,
    SliceType,
    StructType,
    SyncType,
    TupleType,
    UntypedType,
)

SPECS = sorted((Path(__file__).parent.parent / "specs").glob("**/*.gol"))


def walk(node):
    """Every syntax node under ``node``, in source order."""
    if isinstance(node, nodes.Node):
        yield node
        for field in dataclasses.fields(node):
            yield from walk(getattr(node, field.name))
    elif isinstance(node, tuple):
        for item in node:
            yield from walk(item)


def check(body: str, header: str = ""):
    return load_source(f"package main\n{header}\n{body}\n", "t.gol")


def find(checked, kind, predicate=lambda n: True, index=0):
    found = [n for n in walk(checked.program) if isinstance(n, kind) and predicate(n)]
    return found[index]


def ident(checked, name, index=0):
    return find(checked, nodes.Ident, lambda n: n.name == name, index)


def test_untyped_constants_take_the_type_of_their_context():
    checked = check(
        """
func f(b int8) int8 { return b }
func main() {
	var x int64 = 1
	y := 'a'
	z := x + 2
	var u uint32 = 1<<32 - 1
	s := f(3)
	println(y, z, u, s)
}"""
    )
    int64_type = INT_TYPES["int64"]
    literal = lambda value: find(checked, nodes.IntLit, lambda n: n.value == value)  # noqa: E731
    assert checked.types[literal(1)] == int64_type
    assert checked.types[ident(checked, "y")] == INT_TYPES["int32"]
    assert checked.types[literal(2)] == int64_type
    assert checked.types[find(checked, nodes.BinaryExpr, lambda n: n.op == "+")] == int64_type
    assert checked.types[find(checked, nodes.BinaryExpr, lambda n: n.op == "-")] == INT_TYPES["uint32"]
    assert checked.constants[find(checked, nodes.BinaryExpr, lambda n: n.op == "-")] == 2**32 - 1
    assert checked.types[literal(3)] == INT_TYPES["int8"]
    assert not any(isinstance(t, UntypedType) for t in checked.types.values())


def test_every_expression_has_a_type():
    for path in SPECS:
        checked = load_source(path.read_text(), path.name)
        skip = set()
        for node in walk(checked.program):
            if isinstance(node, nodes.SelectorExpr):
                skip.add(node.selector)
                if isinstance(checked.selections.get(node), QualifiedSelection | MemberSelection):
                    skip.add(node.operand)
            if isinstance(node, nodes.LabeledStmt | nodes.BranchStmt):
                skip.add(node.label)
        for node in walk(checked.program):
            if isinstance(node, nodes.Expr) and node not in skip and getattr(node, "name", "") != "_":
                assert node in checked.types, (path.name, node.span)
            if isinstance(node, nodes.CallExpr):
                assert node in checked.calls, (path.name, node.span)


def test_call_results_void_and_tuples_and_comma_ok():
    checked = check(
        """
func pair() (int, string) { return 1, "a" }
func none() {}
func main() {
	a, b := pair()
	none()
	m := map[string]bool{}
	v, ok := m["k"]
	c := make(chan int, 1)
	c <- 1
	w, open := <-c
	println(a, b, v, ok, w, open)
}"""
    )
    calls = [n for n in walk(checked.program) if isinstance(n, nodes.CallExpr)]
    assert checked.types[calls[0]] == TupleType((INT, STRING))
    assert checked.types[calls[1]] == VOID
    assert checked.types[find(checked, nodes.IndexExpr)] == BOOL
    assert checked.symbols[ident(checked, "ok")].type == BOOL
    assert checked.symbols[ident(checked, "open")].type == BOOL
    assert checked.types[ident(checked, "m")] == MapType(STRING, BOOL)
    assert isinstance(checked.types[find(checked, nodes.FuncDecl)], FuncType)


def test_constants_iota_repetition_and_typed_constants():
    checked = check(
        """
const (
	A = iota * 10
	B
	_
	D
)
const (
	KB int64 = 1 << (10 * (iota + 1))
	MB
)
const greeting = "hello" + ", " + "world"
const big = 1 << 100 >> 98
const yes = A < B && greeting != ""
func main() { println(A, B, D, KB, MB, greeting, big, yes, -7/2, -7%2, ^0) }"""
    )
    values = {
        name: checked.symbols[ident(checked, name)]
        for name in ("A", "B", "D", "KB", "MB", "greeting", "big", "yes")
    }
    assert all(isinstance(symbol, Constant) for symbol in values.values())
    assert [values[name].value for name in ("A", "B", "D")] == [0, 10, 30]
    assert (values["KB"].value, values["MB"].value) == (1024, 1024 * 1024)
    assert values["MB"].type == INT_TYPES["int64"]
    assert values["greeting"].value == "hello, world"
    assert values["big"].value == 4
    assert values["yes"].value is True
    uses = find(checked, nodes.CallExpr).arguments
    assert [checked.constants[u] for u in uses[-3:]] == [-3, -1, -1]
    assert checked.types[uses[0]] == INT


def test_scopes_shadowing_and_redeclaration_reuse():
    checked = check(
        """
var x = 1
func two() (int, int) { return 1, 2 }
func main() {
	x := "s"
	a, err := two()
	b, err := two()
	if x := 3; x > 0 {
		println(x)
	}
	for i := 0; i < 2; i++ {
		println(i)
	}
	println(x, a, b, err)
}"""
    )
    package_x = checked.symbols[ident(checked, "x", 0)]
    local_x = checked.symbols[ident(checked, "x", 1)]
    assert package_x.role == "package" and local_x.role == "local" and local_x is not package_x
    assert checked.symbols[ident(checked, "err", 0)] is checked.symbols[ident(checked, "err", 1)]
    if_x = checked.symbols[ident(checked, "x", 2)]
    assert if_x.type == INT and checked.symbols[ident(checked, "x", 4)] is if_x
    assert checked.symbols[ident(checked, "x", 5)] is local_x


def test_captures_and_address_taken():
    checked = check(
        """
type T struct{ n int }
func (t *T) Inc() { t.n++ }
var global int
func main() {
	a, b, c := 1, 2, 3
	var t T
	var mu sync.Mutex
	var arr [3]int
	var plain int
	go func() {
		func() { a++ }()
		global++
		println(b)
	}()
	p := &c
	t.Inc()
	mu.Lock()
	s := arr[:]
	println(*p, s, plain)
}""",
        'import "sync"',
    )
    outer = find(checked, nodes.FuncLit, index=0)
    inner = find(checked, nodes.FuncLit, index=1)
    variable = lambda name, index=0: checked.symbols[ident(checked, name, index)]  # noqa: E731
    assert [v.name for v in checked.captures[outer]] == ["a", "b"]
    assert [v.name for v in checked.captures[inner]] == ["a"]
    assert variable("a").captured and variable("b").captured and not variable("c").captured
    assert not variable("global").captured
    assert variable("c").address_taken and variable("t", 2).address_taken
    assert variable("mu").address_taken and variable("arr").address_taken
    assert not variable("plain").address_taken and not variable("plain").escapes


def test_selections_and_call_kinds():
    checked = check(
        """
type P struct{ x int; f func() int }
func (p P) Get() int { return p.x }
func (p *P) Set(v int) { p.x = v }
func helper() {}
func main() {
	p := &P{x: 1}
	var v P
	var wg sync.WaitGroup
	var n atomic.Int64
	var raw int32
	println(p.x, p.Get(), v.Get())
	p.Set(2)
	wg.Add(1)
	wg.Done()
	n.Add(3)
	atomic.AddInt32(&raw, 1)
	fmt.Println(n.Load())
	helper()
	g := func() int { return 1 }
	println(g(), int64(3), len("abc"))
	time.Sleep(10 * time.Millisecond)
}""",
        'import (\n\t"fmt"\n\t"sync"\n\t"sync/atomic"\n\t"time"\n)',
    )

    def selection(name, index=0):
        return checked.selections[find(checked, nodes.SelectorExpr, lambda n: n.selector.name == name, index)]

    struct_p = checked.types[find(checked, nodes.CompositeLit)]
    assert selection("x", 0) == FieldSelection(struct_p, 0, False)
    assert selection("x", 2) == FieldSelection(struct_p, 0, True)
    assert isinstance(selection("Get"), MethodSelection) and selection("Get").receiver_pointer
    assert not selection("Get", 1).receiver_pointer
    assert selection("Set").method.pointer_receiver
    assert selection("Add") == SyncMethodSelection(SyncType("WaitGroup"), "Add", False)
    assert selection("Add", 1) == SyncMethodSelection(AtomicType("Int64"), "Add", False)
    assert selection("AddInt32") == QualifiedSelection("sync/atomic", "AddInt32")
    assert selection("Println") == QualifiedSelection("fmt", "Println")
    assert (
        checked.constants[find(checked, nodes.SelectorExpr, lambda n: n.selector.name == "Millisecond")]
        == 10**6
    )
    kinds = {}
    for call in walk(checked.program):
        if isinstance(call, nodes.CallExpr):
            info = checked.calls[call]
            kinds.setdefault(info.kind, []).append(info.target)
    assert [m.name for m in kinds["method"]] == ["Get", "Get", "Set"]
    assert kinds["sync"] == [
        "sync.WaitGroup.Add",
        "sync.WaitGroup.Done",
        "atomic.Int64.Add",
        "atomic.Int64.Load",
    ]
    assert kinds["package"] == ["atomic.AddInt32", "fmt.Println", "time.Sleep"]
    assert [f.name for f in kinds["function"]] == ["helper"]
    assert isinstance(kinds["function"][0], Function)
    assert kinds["conversion"] == [INT_TYPES["int64"]]
    assert kinds["builtin"] == ["println", "println", "len"]
    assert kinds["closure"] == [None]
    assert isinstance(selection("Set").method, Method)


def test_composite_literals_with_elided_types():
    checked = check(
        """
type Point struct{ X, Y int }
func main() {
	pts := []*Point{{1, 2}, {X: 3}}
	grid := [2][2]int{{1, 2}, {3, 4}}
	m := map[Point]string{{1, 2}: "a"}
	println(pts, grid[0][1], m)
}"""
    )
    literals = [n for n in walk(checked.program) if isinstance(n, nodes.CompositeLit)]
    point = checked.symbols[ident(checked, "Point")].type
    assert isinstance(point, StructType)
    assert checked.types[literals[0]] == SliceType(PointerType(point))
    assert checked.types[literals[1]] == PointerType(point)  # elided &Point{...}
    assert checked.types[literals[3]] == ArrayType(2, ArrayType(2, INT))
    assert checked.types[literals[4]] == ArrayType(2, INT)
    assert checked.types[literals[7]] == point
    assert ident(checked, "X", 1) not in checked.symbols


def test_initialization_order_follows_dependencies():
    checked = check(
        """
var a = b + c
var b = f()
var c = 1
var d = 2
func f() int { return c + 1 }
func init() { println("init") }
func main() { println(a, b, c, d) }"""
    )
    order = [spec.names[0].name for spec in checked.package_variables]
    assert order == ["c", "b", "a", "d"]
    assert [f.name.name for f in checked.init_functions] == ["init"]
    assert checked.main is not None and checked.main.name.name == "main"
    assert set(checked.functions) == {"f", "main"}
    assert all(checked.symbols[spec.names[0]].role == "package" for spec in checked.package_variables)


def test_blank_identifier_gets_no_symbol():
    checked = check("func main() {\n\t_, x := 1, 2\n\tvar _ = x\n}")
    assert all(n.name != "_" for n in checked.symbols if isinstance(n, nodes.Ident))
    assert isinstance(checked.symbols[ident(checked, "x")], Variable)


def test_recover_and_nil_comparisons():
    checked = check(
        """
func main() {
	var fn func()
	defer func() {
		if r := recover(); r != nil {
			println("recovered")
		}
	}()
	if fn == nil {
		panic("nil")
	}
}"""
    )
    nil = ident(checked, "nil", 1)
    assert isinstance(checked.types[nil], FuncType)


@pytest.mark.parametrize("path", SPECS, ids=[str(p.relative_to(p.parent.parent)) for p in SPECS])
def test_spec_files_check(path: Path):
    try:
        load_source(path.read_text(), str(path))
    except SourceError as error:  # pragma: no cover - shown on failure
        pytest.fail(error.render())


def test_time_and_atomics_are_typed_like_go():
    checked = check(
        """
type Stats struct {
	hits atomic.Int32
	raw  uint64
}
func main() {
	d := time.Duration(5) * time.Millisecond
	time.Sleep(d + 3*time.Second)
	var st Stats
	st.hits.Add(1)
	old := atomic.SwapUint64(&st.raw, 7)
	fmt.Println(st.hits.Load(), old)
}""",
        'import (\n\t"fmt"\n\t"sync/atomic"\n\t"time"\n)',
    )
    int64_type = INT_TYPES["int64"]
    assert checked.symbols[ident(checked, "d")].type == int64_type
    second = find(checked, nodes.SelectorExpr, lambda n: n.selector.name == "Second")
    assert checked.constants[second] == 10**9 and checked.types[second] == int64_type
    assert checked.types[find(checked, nodes.IntLit, lambda n: n.value == 3)] == int64_type
    assert checked.symbols[ident(checked, "st")].address_taken
    assert checked.symbols[ident(checked, "old")].type == INT_TYPES["uint64"]
    conversion = find(checked, nodes.CallExpr)
    assert checked.calls[conversion].kind == "conversion" and checked.calls[conversion].target == int64_type


def test_range_select_and_switch_scopes():
    checked = check(
        """
func main() {
	c := make(chan string, 1)
	for i, r := range "héllo" {
		println(i, r)
	}
	for k := range 3 {
		println(k)
	}
	select {
	case s, ok := <-c:
		println(s, ok)
	default:
	}
	switch x := len(c); x {
	case 0, 1:
		println(x)
	}
}"""
    )
    variable = lambda name: checked.symbols[ident(checked, name)]  # noqa: E731
    assert variable("i").type == INT and variable("r").type == INT_TYPES["int32"]
    assert variable("k").type == INT
    assert variable("s").type == STRING and variable("ok").type == BOOL
    assert variable("x").type == INT
    cases = find(checked, nodes.SwitchStmt).clauses[0].expressions
    assert [checked.types[case] for case in cases] == [INT, INT]


def test_initialization_order_of_the_go_spec_example():
    checked = check(
        """
var (
	a = c + b
	b = f()
	c = f()
	d = 3
)
func f() int {
	d++
	return d
}
func main() { println(a, b, c, d) }"""
    )
    assert [spec.names[0].name for spec in checked.package_variables] == ["d", "b", "c", "a"]


def test_parameters_and_results_captured_by_literals():
    checked = check(
        """
func run(n int) (total int) {
	defer func() { total += n }()
	return 1
}
func main() { println(run(2)) }"""
    )
    literal = find(checked, nodes.FuncLit)
    assert [(v.name, v.role) for v in checked.captures[literal]] == [("total", "result"), ("n", "param")]
    assert all(v.captured for v in checked.captures[literal])
