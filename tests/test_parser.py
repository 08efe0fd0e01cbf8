"""The parser: every construct of the .gol subset, semicolon insertion, spans and diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelcheck.syntax import nodes as n
from modelcheck.syntax.diagnostics import SourceError
from modelcheck.syntax.lexer import tokenize
from modelcheck.syntax.parser import parse
from modelcheck.syntax.printer import format_tree

ROOT = Path(__file__).resolve().parent.parent


def program(source: str) -> n.Program:
    return parse(source, "t.gol")


def body(statements: str) -> tuple[n.Stmt, ...]:
    """The statements of ``func main() { ... }`` around the given text."""
    return program(f"package main\n\nfunc main() {{\n{statements}\n}}\n").declarations[0].body.statements


def stmt(text: str) -> n.Stmt:
    (only,) = body(text)
    return only


def expr(text: str) -> n.Expr:
    return stmt(f"_ = {text}").values[0]


def errors(source: str) -> list[tuple[int, int, str]]:
    with pytest.raises(SourceError) as info:
        parse(source, "t.gol")
    return [(d.line, d.column, d.message) for d in info.value.diagnostics]


def first_error(source: str) -> tuple[int, int, str]:
    return errors(source)[0]


# ---------------------------------------------------------------- files, packages, imports


def test_empty_file_is_an_empty_program():
    tree = program("")
    assert tree.package is None and tree.imports == () and tree.declarations == ()


def test_package_and_imports():
    tree = program(
        'package main\nimport "fmt"\nimport (\n\t"sync"\n\t"sync/atomic"; "time"\n\t"runtime"\n)\n'
    )
    assert tree.package == "main"
    assert [i.path for i in tree.imports] == ["fmt", "sync", "sync/atomic", "time", "runtime"]
    assert tree.imports[0].span.line == 2 and tree.imports[0].span.column == 8


def test_package_clause_and_imports_are_optional():
    tree = program("func main() {}")
    assert tree.package is None and len(tree.declarations) == 1


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('import "os"\n', (1, 8, 'import of package "os" is not supported')),
        ('import (\n\t"fmt"\n\t"net/http"\n)\n', (3, 2, 'import of package "net/http" is not supported')),
        ('import "unsafe"\n', (1, 8, "package unsafe is not supported")),
        ('import "reflect"\n', (1, 8, "package reflect is not supported")),
    ],
)
def test_package_and_import_errors(source, expected):
    assert first_error(source) == expected


def test_any_package_name_parses_but_a_package_needs_main_or_tests():
    assert program("package foo\n").package == "foo"
    from modelcheck.syntax import load_source

    with pytest.raises(SourceError) as error:
        load_source("package foo\n\nfunc helper() {}\n", "foo.go")
    assert "package foo is not a main package and has no tests" in error.value.render()


# ---------------------------------------------------------------- declarations


def test_var_declarations():
    decls = program('var x int\nvar a, b = 1, "s"\nvar (\n\tc int = 3\n\td []int\n)\n').declarations
    single, multi, group = decls
    assert isinstance(single, n.VarDecl) and single.specs[0].names[0].name == "x"
    assert isinstance(single.specs[0].type, n.TypeName) and single.specs[0].values == ()
    assert [i.name for i in multi.specs[0].names] == ["a", "b"] and multi.specs[0].type is None
    assert len(group.specs) == 2 and isinstance(group.specs[1].type, n.SliceTypeExpr)


def test_const_group_with_iota_and_implicit_repetition():
    (decl,) = program("const (\n\tA = iota\n\tB\n\tC, D = 1 << iota, 2\n\tE\n\tF int = 7\n)\n").declarations
    assert [s.iota for s in decl.specs] == [0, 1, 2, 3, 4]
    assert decl.specs[1].values == () and decl.specs[3].values == ()
    assert isinstance(decl.specs[2].values[0], n.BinaryExpr) and decl.specs[4].type.name == "int"


def test_type_declarations():
    decls = program(
        "type P struct {\n\tX, Y int\n\tnext *P\n}\ntype C int\ntype (\n\tA []int\n\tB map[string]C\n)\n"
    )
    struct, named, a, b = decls.declarations
    assert isinstance(struct.type, n.StructTypeExpr)
    assert [[i.name for i in f.names] for f in struct.type.fields] == [["X", "Y"], ["next"]]
    assert isinstance(struct.type.fields[1].type, n.PointerTypeExpr)
    assert named.name.name == "C" and named.type.name == "int"
    assert isinstance(a.type, n.SliceTypeExpr) and isinstance(b.type, n.MapTypeExpr)


def test_functions_parameters_and_results():
    decls = program(
        "func f(a, b int, s string) (q, r int) { return }\n"
        "func g(int, string) (int, bool) { return 0, true }\n"
        "func h() int { return 1 }\n"
        "func init() {}\n"
    ).declarations
    f, g, h, init = decls
    assert [(p.name.name, p.type.name) for p in f.params] == [("a", "int"), ("b", "int"), ("s", "string")]
    assert [p.name.name for p in f.results] == ["q", "r"]
    assert [p.name for p in g.params] == [None, None] and [p.type.name for p in g.results] == ["int", "bool"]
    assert h.results[0].name is None and h.results[0].type.name == "int"
    assert init.name.name == "init" and init.params == () and init.body.statements == ()


def test_methods_with_value_and_pointer_receivers():
    value, pointer = program(
        "func (p P) Get() int { return p.x }\nfunc (p *P) Set(v int) { p.x = v }\n"
    ).declarations
    assert value.receiver.name.name == "p" and value.receiver.type.name == "P"
    assert isinstance(pointer.receiver.type, n.PointerTypeExpr) and pointer.name.name == "Set"


def test_types_of_every_kind():
    source = (
        "var (\n\ta sync.Mutex\n\tb atomic.Int32\n\tc *T\n\td [3]int\n\te []T\n\tf map[string][]int\n"
        "\tg chan int\n\th chan<- int\n\ti <-chan int\n\tj chan struct{}\n\tk struct{ x int }\n"
        "\tl func(int, string) (bool, error)\n\tm chan<- chan int\n)\n"
    )
    types = {s.names[0].name: s.type for s in program(source).declarations[0].specs}
    assert (types["a"].package, types["a"].name) == ("sync", "Mutex")
    assert (types["b"].package, types["b"].name) == ("atomic", "Int32")
    assert isinstance(types["c"], n.PointerTypeExpr)
    assert isinstance(types["d"], n.ArrayTypeExpr) and types["d"].length.value == 3
    assert isinstance(types["e"], n.SliceTypeExpr)
    assert isinstance(types["f"].value, n.SliceTypeExpr)
    assert [types[k].direction for k in "ghi"] == ["both", "send", "receive"]
    assert isinstance(types["j"].element, n.StructTypeExpr) and types["j"].element.fields == ()
    assert types["k"].fields[0].names[0].name == "x"
    assert len(types["l"].params) == 2 and len(types["l"].results) == 2
    assert types["m"].direction == "send" and types["m"].element.direction == "both"


# ---------------------------------------------------------------- statements


def test_simple_statements():
    define, assign, tuple_assign, op_assign, inc, dec, send, call = body(
        "a, b := 1, 2\na = 3\na, b = b, a\na <<= 2\na++\nb--\nc <- 1\nf()"
    )
    assert isinstance(define, n.ShortVarDecl) and [i.name for i in define.names] == ["a", "b"]
    assert isinstance(assign, n.AssignStmt) and assign.op == "="
    assert len(tuple_assign.targets) == 2
    assert op_assign.op == "<<="
    assert (inc.op, dec.op) == ("++", "--")
    assert isinstance(send, n.SendStmt) and isinstance(call, n.ExprStmt)


@pytest.mark.parametrize("op", ["+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "&^="])
def test_every_op_assign(op):
    assert stmt(f"a {op} 1").op == op


def test_if_with_init_else_if_else():
    node = stmt("if x := f(); x > 0 {\n} else if x < 0 {\n\ty()\n} else {\n}")
    assert isinstance(node.init, n.ShortVarDecl) and isinstance(node.condition, n.BinaryExpr)
    assert isinstance(node.otherwise, n.IfStmt) and node.otherwise.init is None
    assert isinstance(node.otherwise.otherwise, n.Block)


def test_for_loops_in_all_forms():
    three, cond, infinite, bare, key, key_value, assigned = body(
        "for i := 0; i < 3; i++ {\n}\nfor x < 3 {\n}\nfor {\n}\nfor range 3 {\n}\n"
        "for k := range m {\n}\nfor k, v := range m {\n}\nfor k, v = range s {\n}"
    )
    assert isinstance(three.init, n.ShortVarDecl) and isinstance(three.post, n.IncDecStmt)
    assert cond.init is None and cond.post is None and isinstance(cond.condition, n.BinaryExpr)
    assert (infinite.init, infinite.condition, infinite.post) == (None, None, None)
    assert isinstance(bare, n.RangeStmt) and bare.key is None and bare.value is None
    assert key.key.name == "k" and key.value is None and key.define
    assert key_value.value.name == "v" and key_value.define
    assert not assigned.define and assigned.iterable.name == "s"


def test_for_clause_with_empty_parts():
    node = stmt("for ; ; {\n}")
    assert (node.init, node.condition, node.post) == (None, None, None)


def test_switch_forms():
    tagged, bare, with_init = body(
        "switch x {\ncase 1, 2:\n\tf()\ndefault:\n}\nswitch {\ncase x > 1:\n}\nswitch y := g(); y {\n}"
    )
    assert tagged.tag.name == "x" and [len(c.expressions) for c in tagged.clauses] == [2, 0]
    assert tagged.clauses[1].is_default and len(tagged.clauses[0].body) == 1
    assert bare.tag is None and bare.init is None
    assert isinstance(with_init.init, n.ShortVarDecl) and with_init.tag.name == "y"


def test_select_with_every_kind_of_case():
    (node,) = body(
        "select {\ncase c <- 1:\ncase <-c:\ncase v := <-c:\n\t_ = v\n"
        "case v, ok := <-c:\ncase v = <-c:\ndefault:\n}"
    )
    kinds = [type(c.comm).__name__ for c in node.clauses]
    assert kinds == ["SendStmt", "ExprStmt", "ShortVarDecl", "ShortVarDecl", "AssignStmt", "NoneType"]
    assert node.clauses[-1].is_default and len(node.clauses[3].comm.names) == 2


def test_labels_branches_go_defer_return_blocks_and_local_declarations():
    labeled, go, defer, block, var, const, typ, ret = body(
        "outer:\n\tfor {\n\t\tbreak outer\n\t\tcontinue\n\t}\ngo f(1)\ndefer mu.Unlock()\n{\n\tx := 1\n}\n"
        "var v int\nconst k = 2\ntype T struct{}\nreturn"
    )
    assert labeled.label.name == "outer" and isinstance(labeled.statement, n.ForStmt)
    brk, cont = labeled.statement.body.statements
    assert (brk.keyword, brk.label.name, cont.keyword, cont.label) == ("break", "outer", "continue", None)
    assert isinstance(go.call, n.CallExpr) and isinstance(defer.call.function, n.SelectorExpr)
    assert isinstance(block, n.Block) and len(block.statements) == 1
    assert [type(s.decl).__name__ for s in (var, const, typ)] == ["VarDecl", "ConstDecl", "TypeDecl"]
    assert isinstance(ret, n.ReturnStmt) and ret.values == ()


def test_fallthrough_parses():
    (node,) = body("switch {\ncase true:\n\tfallthrough\ndefault:\n}")
    assert node.clauses[0].body[0].keyword == "fallthrough"


# ---------------------------------------------------------------- expressions


def test_integer_literals():
    values = [expr(t).value for t in ("42", "0x_FF", "0o17", "017", "0b1010", "1_000_000", "0")]
    assert values == [42, 255, 15, 15, 10, 1_000_000, 0]
    rune = expr(r"'\n'")
    assert rune.is_rune and rune.value == 10 and expr("'a'").value == 97


def test_string_literals():
    lit = expr(r'"a\tb\\\"\x41\101\u00e9\U0001F600\n"')
    assert lit.value == 'a\tb\\"AA\u00e9\U0001f600\n'
    assert expr('"\\xc3\\xa9"').value == "é"
    raw = expr("`raw\\n\nline`")
    assert raw.value == "raw\\n\nline" and raw.text == "`raw\\n\nline`"


def test_binary_precedence_follows_go():
    tree = expr("a || b && c == d + e * f")
    assert tree.op == "||" and tree.right.op == "&&" and tree.right.right.op == "=="
    assert tree.right.right.right.op == "+" and tree.right.right.right.right.op == "*"
    left_assoc = expr("a - b - c")
    assert left_assoc.left.op == "-" and left_assoc.right.name == "c"
    mixed = expr("a << 1 | b &^ c ^ d % e")
    assert mixed.op == "^" and mixed.left.op == "|" and mixed.left.left.op == "<<"


@pytest.mark.parametrize("op", ["+", "-", "!", "^", "&", "*", "<-"])
def test_unary_operators(op):
    node = expr(f"{op}x")
    assert isinstance(node, n.UnaryExpr) and node.op == op and node.operand.name == "x"


def test_primary_expressions():
    assert isinstance(expr("(a)"), n.ParenExpr)
    assert expr("a.b.c").selector.name == "c"
    assert isinstance(expr("a[1]"), n.IndexExpr)
    low_high = expr("a[1:2]")
    assert low_high.low.value == 1 and low_high.high.value == 2 and low_high.max is None
    assert expr("a[:]").low is None and expr("a[:]").high is None
    assert expr("a[1:2:3]").max.value == 3
    call = expr("append(a, b...)")
    assert call.spread and len(call.arguments) == 2
    assert not expr("f(a, b,)").spread and expr("int64(x)").function.name == "int64"


def test_types_in_call_and_argument_position():
    conversion = expr("[]byte(s)")
    assert isinstance(conversion.function, n.SliceTypeExpr)
    make_slice, make_chan, make_map = (
        expr("make([]int, 3)"),
        expr("make(chan int)"),
        expr("make(map[string]int)"),
    )
    assert isinstance(make_slice.arguments[0], n.TypeExprAsExpr) and len(make_slice.arguments) == 2
    assert isinstance(make_chan.arguments[0].type, n.ChanTypeExpr)
    assert isinstance(make_map.arguments[0].type, n.MapTypeExpr)
    assert expr("new(T)").arguments[0].name == "T" and expr("new(int)").arguments[0].name == "int"


def test_composite_literals():
    keyed = expr("Point{X: 1, Y: 2}")
    assert keyed.type.name == "Point" and keyed.elements[0].key.name == "X"
    assert expr("sync.WaitGroup{}").type.package == "sync"
    nested = expr("[]Point{{1, 2}, {X: 3}}")
    assert nested.elements[0].value.type is None and len(nested.elements[0].value.elements) == 2
    address = expr("&T{}")
    assert address.op == "&" and isinstance(address.operand, n.CompositeLit)
    assert isinstance(expr("[3]int{}").type, n.ArrayTypeExpr)
    assert isinstance(expr('map[string][]int{"a": {1}}').elements[0].value, n.CompositeLit)
    assert isinstance(expr("struct{ x int }{1}").type, n.StructTypeExpr)


def test_function_literals():
    lit = expr("func(a int) (int, bool) { return a, true }")
    assert isinstance(lit, n.FuncLit) and len(lit.params) == 1 and len(lit.results) == 2
    go = stmt("go func() {\n\tx = 1\n}()")
    assert isinstance(go.call.function, n.FuncLit)


def test_composite_literals_in_control_headers_follow_go():
    assert isinstance(stmt("if x == (T{}) {\n}").condition.right, n.ParenExpr)
    assert stmt("for _, v := range []int{1, 2} {\n\t_ = v\n}").iterable.elements[1].value.value == 2
    assert isinstance(stmt("if f(T{}) {\n}").condition, n.CallExpr)
    node = stmt("if ok := func() bool { return T{} == T{} }(); ok {\n}")
    assert isinstance(node.init.values[0].function, n.FuncLit)
    assert stmt("switch p := (P{}); p {\n}").tag.name == "p"
    # In a header a bare `T{` starts the block, as in Go: this is a syntax error.
    assert first_error("func main() {\n\tif x == T{} {\n\t}\n}\n") == (2, 14, "syntax error: unexpected {")


# ---------------------------------------------------------------- semicolons


def token_types(source: str) -> list[str]:
    tokens, problems = tokenize(source, "t.gol")
    assert problems == []
    return [t.type for t in tokens]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("x\n", ["IDENT", "SEMI"]),
        ("1\n'a'\n\"s\"\n", ["INT", "SEMI", "RUNE", "SEMI", "STRING", "SEMI"]),
        (
            "break\ncontinue\nfallthrough\nreturn\n",
            ["BREAK", "SEMI", "CONTINUE", "SEMI", "FALLTHROUGH", "SEMI", "RETURN", "SEMI"],
        ),
        ("x++\ny--\n", ["IDENT", "INC", "SEMI", "IDENT", "DEC", "SEMI"]),
        (")\n]\n}\n", ["RPAREN", "SEMI", "RBRACK", "SEMI", "RBRACE", "SEMI"]),
        ("x +\ny", ["IDENT", "PLUS", "IDENT", "SEMI"]),
        ("f(a,\nb)", ["IDENT", "LPAREN", "IDENT", "COMMA", "IDENT", "RPAREN", "SEMI"]),
        ("x // comment\ny", ["IDENT", "SEMI", "IDENT", "SEMI"]),
        ("x /* one line */ y", ["IDENT", "IDENT", "SEMI"]),
        ("x /* two\nlines */ y", ["IDENT", "SEMI", "IDENT", "SEMI"]),
        ("return", ["RETURN", "SEMI"]),
        ("func\n", ["FUNC"]),
        ("", []),
    ],
)
def test_semicolon_insertion(source, expected):
    assert token_types(source) == expected


def test_inserted_semicolon_reads_as_newline_in_errors():
    assert first_error("func main() {\n\tf(a\n}\n") == (
        2,
        5,
        "syntax error: unexpected newline, expected comma or )",
    )
    assert first_error("func main() {\n\tx := []int{1,\n\t\t2\n\t}\n}\n")[2] == (
        "syntax error: unexpected newline, expected comma or }"
    )


# ---------------------------------------------------------------- spans and printing


def test_spans_count_characters_and_tabs_as_one():
    (decl,) = program('func main() {\n\té := "ü"; x := 1\n}\n').declarations
    first, second = decl.body.statements
    assert (first.span.line, first.span.column, first.span.end_column) == (2, 2, 10)  # end exclusive
    assert (second.names[0].span.line, second.names[0].span.column) == (2, 12)
    assert (decl.span.line, decl.span.column, decl.span.end_line) == (1, 1, 3)
    assert decl.body.span.column == 13 and decl.span.file == "t.gol"


def test_leading_byte_order_mark_is_ignored():
    (decl,) = program("\ufefffunc main() {}").declarations
    assert (decl.span.line, decl.span.column) == (1, 1)


def test_label_before_closing_brace_labels_an_empty_statement():
    (labeled,) = body("L:")
    assert labeled.label.name == "L" and isinstance(labeled.statement, n.EmptyStmt)


def test_span_of_binary_expression_covers_both_operands():
    node = expr("a +\n\tbb")
    assert (node.span.line, node.span.column, node.span.end_line, node.span.end_column) == (4, 5, 5, 4)


def test_printer_output_is_indented_and_stable():
    tree = program("package main\n\nfunc main() {\n\tx := 1 + 2\n}\n")
    text = format_tree(tree)
    assert text == format_tree(program("package main\n\nfunc main() {\n\tx := 1 + 2\n}\n"))
    assert text.splitlines()[:3] == ["Program package='main' @1:1", "  imports: ()", "  declarations:"]
    assert "- BinaryExpr op='+' @4:7" in [line.strip() for line in text.splitlines()]


def test_every_spec_file_parses():
    files = sorted((ROOT / "specs").glob("**/*.gol"))
    assert files, "specs/ should hold .gol files"
    for path in files:
        tree = parse(path.read_text(encoding="utf-8"), str(path))
        assert any(isinstance(d, n.FuncDecl) and d.name.name == "main" for d in tree.declarations), path


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("func F[T any](x T) {}\n", (1, 7, "generics are not supported")),
        ("type L[T any] struct{}\n", (1, 7, "generics are not supported")),
        ("var x interface{}\n", (1, 7, "interfaces are not supported")),
        ("func main() {\nL:\n\tgoto L\n}\n", (3, 2, "goto is not supported")),
        ("var x = 1.5\n", (1, 9, "floating-point numbers are not supported")),
        ("var x = 1e3\n", (1, 9, "floating-point numbers are not supported")),
        ("var x = .5\n", (1, 9, "floating-point numbers are not supported")),
        ("var x = 2i\n", (1, 9, "complex numbers are not supported")),
        ("func main() {\n\tswitch v := x.(type) {\n\t}\n}\n", (2, 15, "type switches are not supported")),
        ("func main() {\n\tswitch x.(type) {\n\t}\n}\n", (2, 10, "type switches are not supported")),
        ("var x = 0b102\n", (1, 13, "invalid digit '2' in binary literal")),
        ("var x = 09\n", (1, 10, "invalid digit '9' in octal literal")),
        ("var x = 0x\n", (1, 9, "hexadecimal literal has no digits")),
        ("var x = 1__0\n", (1, 9, "'_' must separate successive digits")),
        ('var s = "abc\n', (1, 9, "string literal not terminated")),
        ("var s = `abc\n", (1, 9, "raw string literal not terminated")),
        ("var r = 'ab'\n", (1, 9, "more than one character in rune literal")),
        ("var r = ''\n", (1, 9, "empty rune literal or unescaped ' in rune literal")),
        ('var s = "\\q"\n', (1, 10, "unknown escape sequence")),
        ('var s = "\\xZZ"\n', (1, 10, "invalid escape sequence")),
        ("/* never closed\n", (1, 1, "comment not terminated")),
        ("var x = 1 @ 2\n", (1, 11, "invalid character U+0040 '@'")),
        ("var x = \x00\n", (1, 9, "invalid NUL character")),
        ("}\n", (1, 1, "syntax error: non-declaration statement outside function body")),
        ("x := 1\n", (1, 1, "syntax error: non-declaration statement outside function body")),
        ("var x =\n", (1, 8, "syntax error: unexpected EOF, expected expression")),
        ("func main() {\n\tx := 1 +\n}\n", (3, 1, "syntax error: unexpected }, expected expression")),
        (
            "func main() {\n\tvar x = 1\n\tx = = 2\n}\n",
            (3, 6, "syntax error: unexpected =, expected expression"),
        ),
        ("func main() {\n\tfor {\n}\n", (3, 2, "syntax error: unexpected EOF, expected }")),
        ("func main() {\n\tgo x\n}\n", (2, 5, "expression in go must be function call")),
        ("func main() {\n\ta.b := 1\n}\n", (2, 2, "syntax error: non-name on left side of :=")),
        (
            "func main() {\n\tselect {\n\tcase x = 1:\n\t}\n}\n",
            (3, 7, "syntax error: select case must be receive, send or assign recv"),
        ),
        ("func f(a int, string) {}\n", (1, 15, "syntax error: mixed named and unnamed parameters")),
        ("func f(a ...int) {}\n", (1, 10, "variadic functions are not supported")),
        ("func f()\n", (1, 6, "missing function body")),
        ("type T = int\n", (1, 8, "type aliases are not supported")),
        ("type T struct{ sync.Mutex }\n", (1, 16, "embedded fields are not supported")),
        ('import f "fmt"\n', (1, 8, "renamed imports are not supported")),
    ],
)
def test_error_position_and_message(source, expected):
    found = errors(source)
    assert found[0] == expected, found


def test_several_syntax_errors_in_one_file():
    found = errors("func a() {\n\tx := \n}\n\nfunc b() {\n\t)\n}\n\nvar c = \n")
    assert [(line, column) for line, column, _ in found] == [(3, 1), (6, 2), (9, 8)]
    assert all(message.startswith("syntax error: unexpected") for _, _, message in found)


def test_diagnostics_carry_the_file_name():
    with pytest.raises(SourceError) as info:
        parse("}", "dir/prog.gol")
    assert info.value.diagnostics[0].file == "dir/prog.gol"
    rendered = info.value.render()
    assert rendered == "dir/prog.gol:1:1: syntax error: non-declaration statement outside function body\n}\n^"
