"""Lark parse results -> syntax tree nodes.

``Builder`` is a Lark transformer applied inline by the LALR parser (one callback per reduction),
so no Lark tree is built and nothing recurses: 3,000 nested parentheses are 3,000 callbacks.
Callbacks receive every token (all terminals are named), which gives exact spans. Constructs
the grammar accepts only to reject are recorded in ``diagnostics``; parsing goes on.
"""

from __future__ import annotations

import dataclasses

from lark import Token

from modelcheck.library import MODELS
from modelcheck.syntax import nodes as n
from modelcheck.syntax.diagnostics import Diagnostic
from modelcheck.syntax.quoting import go_quote

MAX_LITERAL_DIGITS = 600  # enough for any 512-bit literal, even in binary
SUPPORTED_IMPORTS = frozenset({"fmt", "sync", "sync/atomic", "time", "runtime", *MODELS})


@dataclasses.dataclass
class Seq:
    """An intermediate list (names, expressions, parameters) with the span it covers."""

    items: list | tuple
    first: object = None
    last: object = None
    kind: str = ""


@dataclasses.dataclass
class Signature:
    params: tuple
    results: tuple
    first: object
    last: object


@dataclasses.dataclass
class Args:
    items: tuple
    spread: bool


def _start(x) -> tuple[int, int] | None:
    if isinstance(x, Token):
        return x.line, x.column
    if isinstance(x, n.Node):
        return x.span.line, x.span.column
    if isinstance(x, Seq | Signature) and x.first is not None:
        return _start(x.first)
    if isinstance(x, Seq | Signature) and x.items:
        return _start(x.items[0])
    return None


def _end(x) -> tuple[int, int] | None:
    if isinstance(x, Token):
        return x.end_line, x.end_column
    if isinstance(x, n.Node):
        return x.span.end_line, x.span.end_column
    if isinstance(x, Seq | Signature) and x.last is not None:
        return _end(x.last)
    if isinstance(x, Seq | Signature) and x.items:
        return _end(x.items[-1])
    return None


def _tokens_of(children, kind: str) -> list[Token]:
    return [c for c in children if isinstance(c, Token) and c.type == kind]


def _nodes(children) -> list:
    return [c for c in children if not isinstance(c, Token)]


class Builder:
    """The LALR callbacks; ``reset`` before each parse."""

    def __init__(self) -> None:
        self.reset("<input>")

    def reset(self, filename: str) -> None:
        self.file = filename
        self.diagnostics: list[Diagnostic] = []

    # ------------------------------------------------------------ helpers

    def span(self, *parts) -> n.Span:
        starts = [s for s in (_start(p) for p in parts) if s is not None]
        ends = [e for e in (_end(p) for p in parts) if e is not None]
        if not starts:
            return n.Span(self.file, 1, 1, 1, 1)
        (line, col), (end_line, end_col) = starts[0], ends[-1]
        return n.Span(self.file, line, col, end_line, end_col)

    def error(self, at, message: str) -> None:
        line, col = _start(at) or (1, 1)
        self.diagnostics.append(Diagnostic(self.file, line, col, message))

    def ident(self, children) -> n.Ident:
        token = children[0]
        return n.Ident(self.span(token), str(token))

    # ------------------------------------------------------------ program

    def start(self, children) -> n.Program:
        package = None
        imports: list[n.Import] = []
        decls: list[n.Decl] = []
        for child in children:
            if child.kind == "package":
                package = str(child.items[0])
            elif child.kind == "imports":
                imports.extend(child.items)
            else:
                decls.extend(child.items)
        return n.Program(self.span(*children), package, tuple(imports), tuple(decls))

    def recover(self, children):
        return None

    def package_clause(self, children):
        name = children[1]
        return Seq((name,), children[0], children[-1], "package")

    def import_decls(self, children) -> Seq:
        items = tuple(i for group in children for i in group)
        return Seq(items, kind="imports")

    def import_decl(self, children) -> list:
        return [c for c in children if isinstance(c, n.Import)]

    import_group = import_decl

    def import_spec(self, children) -> n.Import:
        path_token = children[-1]
        path = path_token.decoded
        if len(children) == 2:
            self.error(children[0], "renamed imports are not supported")
        if path in ("unsafe", "reflect"):
            self.error(path_token, f"package {path} is not supported")
        elif path not in SUPPORTED_IMPORTS:
            self.error(path_token, f"import of package {go_quote(path)} is not supported")
        return n.Import(self.span(*children), path)

    def top_decls(self, children) -> Seq:
        if not children:
            return Seq([])
        seq, decl = children[0], children[1]
        seq.items.extend(decl if isinstance(decl, list) else [decl])
        return seq

    # ------------------------------------------------------------ declarations

    def var_decl(self, children) -> n.VarDecl:
        return n.VarDecl(self.span(*children), tuple(_nodes(children)))

    var_group = var_decl

    def var_spec(self, children) -> n.VarSpec:
        names, kind = children[0], children[1]
        values = tuple(children[3].items) if len(children) == 4 else ()
        return n.VarSpec(self.span(*children), tuple(names.items), kind, values)

    def var_spec_untyped(self, children) -> n.VarSpec:
        return n.VarSpec(self.span(*children), tuple(children[0].items), None, tuple(children[2].items))

    def const_decl(self, children) -> n.ConstDecl:
        specs = _nodes(children)
        specs = [dataclasses.replace(spec, iota=index) for index, spec in enumerate(specs)]
        if specs and not specs[0].values:
            self.error(specs[0], "missing init expr for const declaration")
        return n.ConstDecl(self.span(*children), tuple(specs))

    const_group = const_decl

    def const_spec(self, children) -> n.ConstSpec:
        names = children[0]
        if len(children) == 1:
            return n.ConstSpec(self.span(*children), tuple(names.items), None, (), 0)
        return n.ConstSpec(self.span(*children), tuple(names.items), children[1], tuple(children[3].items), 0)

    def const_spec_untyped(self, children) -> n.ConstSpec:
        return n.ConstSpec(self.span(*children), tuple(children[0].items), None, tuple(children[2].items), 0)

    def type_decl(self, children) -> n.TypeDecl:
        decl = children[1]
        return dataclasses.replace(decl, span=self.span(*children))

    def type_group(self, children) -> list:
        return _nodes(children)

    def type_spec(self, children) -> n.TypeDecl:
        return n.TypeDecl(self.span(*children), self.ident(children[:1]), children[-1])

    def generic_type_spec(self, children) -> n.TypeDecl:
        self.error(children[1], "generics are not supported")
        return self.type_spec(children)

    def alias_type_spec(self, children) -> n.TypeDecl:
        self.error(children[1], "type aliases are not supported")
        return self.type_spec(children)

    def type_params(self, children) -> Seq:
        return Seq((), children[0], children[-1])

    def func_decl(self, children) -> n.FuncDecl:
        name, signature, body = children[1], children[2], children[3]
        return n.FuncDecl(
            self.span(*children), self.ident([name]), None, signature.params, signature.results, body
        )

    def func_decl_no_body(self, children) -> n.FuncDecl:
        self.error(children[1], "missing function body")
        body = n.Block(self.span(children[-1]), ())
        return self.func_decl([*children, body])

    def generic_func_decl(self, children) -> n.FuncDecl:
        self.error(children[2], "generics are not supported")
        return self.func_decl([children[0], children[1], children[3], children[4]])

    def method_decl(self, children) -> n.FuncDecl:
        receivers, name, signature, body = children[1], children[2], children[3], children[4]
        receiver = None
        if len(receivers.items) != 1:
            message = "method has no receiver" if not receivers.items else "method has multiple receivers"
            self.error(receivers, message)
        else:
            receiver = receivers.items[0]
        return n.FuncDecl(
            self.span(*children), self.ident([name]), receiver, signature.params, signature.results, body
        )

    def signature(self, children) -> Signature:
        params = children[0]
        results: tuple = ()
        if len(children) == 2:
            result = children[1]
            results = (
                tuple(result.items) if isinstance(result, Seq) else (n.Param(result.span, None, result),)
            )
        return Signature(tuple(params.items), results, children[0], children[-1])

    def params(self, children) -> Seq:
        entries = _nodes(children)
        if not any(kind == "named" for kind, *_ in entries):
            items = tuple(n.Param(entry[1].span, None, entry[1]) for entry in entries)
            return Seq(items, children[0], children[-1])
        params: list[n.Param] = []
        pending: list[n.Ident] = []
        for kind, *rest in entries:
            if kind == "named":
                name, kind_type = rest
                for ident in [*pending, name]:
                    params.append(n.Param(self.span(ident, kind_type), ident, kind_type))
                pending = []
            elif isinstance(rest[0], n.TypeName) and rest[0].package is None:
                pending.append(n.Ident(rest[0].span, rest[0].name))
            else:
                self.error(rest[0], "syntax error: mixed named and unnamed parameters")
        if pending:
            self.error(pending[-1], "syntax error: mixed named and unnamed parameters")
        return Seq(tuple(params), children[0], children[-1])

    def param_decl(self, children):
        return ("type", children[0])

    def named_param(self, children):
        return ("named", self.ident(children[:1]), children[1])

    def variadic_param(self, children):
        self.error(_tokens_of(children, "ELLIPSIS")[0], "variadic functions are not supported")
        if len(children) == 3:
            return self.named_param([children[0], children[2]])
        return ("type", children[-1])

    def ident_list(self, children) -> Seq:
        idents = tuple(n.Ident(self.span(t), str(t)) for t in children if t.type == "IDENT")
        return Seq(idents, children[0], children[-1])

    # ------------------------------------------------------------ types

    def type_name(self, children) -> n.TypeName:
        return n.TypeName(self.span(*children), str(children[0]))

    def qualified_type_name(self, children) -> n.TypeName:
        return n.TypeName(self.span(*children), str(children[2]), str(children[0]))

    def pointer_type(self, children) -> n.PointerTypeExpr:
        return n.PointerTypeExpr(self.span(*children), children[1])

    def paren_type(self, children):
        return children[1]

    def recv_chan_type(self, children) -> n.ChanTypeExpr:
        return n.ChanTypeExpr(self.span(*children), children[2], "receive")

    def chan_type(self, children) -> n.ChanTypeExpr:
        return n.ChanTypeExpr(self.span(*children), children[1], "both")

    def send_chan_type(self, children) -> n.ChanTypeExpr:
        return n.ChanTypeExpr(self.span(*children), children[2], "send")

    def array_type(self, children) -> n.ArrayTypeExpr:
        return n.ArrayTypeExpr(self.span(*children), children[1], children[3])

    def ellipsis_array_type(self, children) -> n.ArrayTypeExpr:
        self.error(children[0], "[...] array types are not supported")
        length = n.IntLit(self.span(children[1]), 0, "0")
        return n.ArrayTypeExpr(self.span(*children), length, children[3])

    def slice_type(self, children) -> n.SliceTypeExpr:
        return n.SliceTypeExpr(self.span(*children), children[2])

    def map_type(self, children) -> n.MapTypeExpr:
        return n.MapTypeExpr(self.span(*children), children[2], children[4])

    def struct_type(self, children) -> n.StructTypeExpr:
        return n.StructTypeExpr(self.span(*children), tuple(_nodes(children)))

    def field_decl(self, children) -> n.FieldDecl:
        return n.FieldDecl(self.span(*children), tuple(children[0].items), children[1])

    def embedded_field(self, children) -> n.FieldDecl:
        type_name = [c for c in children if isinstance(c, n.TypeName)][0]
        self.error(children[0], "embedded fields are not supported")
        return n.FieldDecl(self.span(*children), (n.Ident(type_name.span, type_name.name),), type_name)

    def func_type(self, children) -> n.FuncTypeExpr:
        signature = children[1]
        return n.FuncTypeExpr(self.span(*children), signature.params, signature.results)

    def interface_type(self, children) -> n.TypeName:
        return n.TypeName(self.span(*children), "interface{}")  # rejected by the token scan

    # ------------------------------------------------------------ statements

    def block(self, children) -> n.Block:
        return n.Block(self.span(*children), tuple(children[1].items))

    body_block = block

    def stmt_list(self, children) -> Seq:
        seq, item = (Seq([]), children[0]) if len(children) == 1 else (children[0], children[2])
        if isinstance(item, list):
            seq.items.extend(item)
        elif item is not None:
            seq.items.append(item)
        return seq

    def case_clauses(self, children) -> list:
        if not children:
            return []
        children[0].append(children[1])
        return children[0]

    comm_clauses = case_clauses

    def empty_stmt(self, children):
        return None

    def decl_stmt(self, children):
        decl = children[0]
        if isinstance(decl, list):
            return [n.DeclStmt(d.span, d) for d in decl]
        return n.DeclStmt(decl.span, decl)

    def labeled_stmt(self, children) -> n.LabeledStmt:
        label, statement = children[0], children[2]
        if statement is None:
            statement = n.EmptyStmt(self.span(children[1]))
        elif isinstance(statement, list):
            self.error(statement[0], "syntax error: a grouped type declaration cannot be labeled")
            statement = statement[0]
        return n.LabeledStmt(self.span(*children), self.ident([label]), statement)

    def _call_of(self, keyword: Token, expr) -> n.CallExpr:
        if isinstance(expr, n.CallExpr):
            return expr
        self.error(expr, f"expression in {keyword} must be function call")
        return n.CallExpr(expr.span, expr, ())

    def go_stmt(self, children) -> n.GoStmt:
        return n.GoStmt(self.span(*children), self._call_of(children[0], children[1]))

    def defer_stmt(self, children) -> n.DeferStmt:
        return n.DeferStmt(self.span(*children), self._call_of(children[0], children[1]))

    def return_stmt(self, children) -> n.ReturnStmt:
        values = tuple(children[1].items) if len(children) == 2 else ()
        return n.ReturnStmt(self.span(*children), values)

    def branch_stmt(self, children) -> n.BranchStmt:
        label = self.ident(children[1:]) if len(children) == 2 else None
        return n.BranchStmt(self.span(*children), str(children[0]), label)

    def expr_stmt(self, children) -> n.ExprStmt:
        return n.ExprStmt(children[0].span, children[0])

    def send_stmt(self, children) -> n.SendStmt:
        return n.SendStmt(self.span(*children), children[0], children[2])

    def incdec_stmt(self, children) -> n.IncDecStmt:
        return n.IncDecStmt(self.span(*children), children[0], str(children[1]))

    def assign_stmt(self, children) -> n.AssignStmt:
        left, op, right = children
        targets = tuple(left.items) if isinstance(left, Seq) else (left,)
        values = tuple(right.items) if isinstance(right, Seq) else (right,)
        return n.AssignStmt(self.span(*children), targets, str(op), values)

    def short_var_decl(self, children) -> n.ShortVarDecl:
        left, _, right = children
        names = []
        for target in left.items:
            if isinstance(target, n.Ident):
                names.append(target)
            else:
                self.error(target, "syntax error: non-name on left side of :=")
        return n.ShortVarDecl(self.span(*children), tuple(names), tuple(right.items))

    def header_stmt(self, children):
        return ("header", children[0])

    def else_part(self, children):
        return children[1]

    def if_stmt(self, children) -> n.IfStmt:
        parts = _nodes(children)
        otherwise = parts[2] if len(parts) == 3 else None
        return n.IfStmt(self.span(*children), None, parts[0], parts[1], otherwise)

    def if_init_stmt(self, children) -> n.IfStmt:
        init, condition, then, *rest = _nodes(children)
        return n.IfStmt(self.span(*children), init, condition, then, rest[0] if rest else None)

    def switch_stmt(self, children) -> n.SwitchStmt:
        init = tag = None
        clauses = []
        for child in children:
            if isinstance(child, tuple):
                init = child[1]
            elif isinstance(child, list):
                clauses.extend(child)
            elif isinstance(child, n.Expr):
                tag = child
        return n.SwitchStmt(self.span(*children), init, tag, tuple(clauses))

    def type_switch(self, children) -> n.SwitchStmt:
        return self.switch_stmt([c for c in children if not isinstance(c, n.Expr | Seq)] + [children[-1]])

    def case_clause(self, children) -> n.CaseClause:
        body = children[-1]
        return n.CaseClause(self.span(*children), tuple(children[1].items), False, tuple(body.items))

    def default_clause(self, children) -> n.CaseClause:
        return n.CaseClause(self.span(*children), (), True, tuple(children[-1].items))

    def select_stmt(self, children) -> n.SelectStmt:
        return n.SelectStmt(self.span(*children), tuple(children[2]))

    def comm_clause(self, children) -> n.CommClause:
        comm = children[1]
        if not _is_comm(comm):
            self.error(comm, "syntax error: select case must be receive, send or assign recv")
        return n.CommClause(self.span(*children), comm, False, tuple(children[-1].items))

    def default_comm_clause(self, children) -> n.CommClause:
        return n.CommClause(self.span(*children), None, True, tuple(children[-1].items))

    def for_infinite(self, children) -> n.ForStmt:
        return n.ForStmt(self.span(*children), None, None, None, children[-1])

    def for_cond(self, children) -> n.ForStmt:
        return n.ForStmt(self.span(*children), None, children[1], None, children[-1])

    def for_clause(self, children) -> n.ForStmt:
        semis = [i for i, c in enumerate(children) if isinstance(c, Token) and c.type == "SEMI"]
        first, second = semis[0], semis[1]
        init = children[1] if first > 1 else None
        condition = children[first + 1] if second > first + 1 else None
        post = children[second + 1] if len(children) - 1 > second + 1 else None
        if isinstance(condition, n.ExprStmt):
            condition = condition.expr
        if isinstance(post, n.ShortVarDecl):
            self.error(post, "syntax error: cannot declare in post statement of for loop")
        return n.ForStmt(self.span(*children), init, condition, post, children[-1])

    def for_range_bare(self, children) -> n.RangeStmt:
        return n.RangeStmt(self.span(*children), None, None, False, children[2], children[3])

    def for_range(self, children) -> n.RangeStmt:
        targets, op, iterable, body = children[1], children[2], children[4], children[5]
        items = tuple(targets.items)
        if len(items) > 2:
            self.error(items[2], "range clause permits at most two iteration variables")
        define = op.type == "DEFINE"
        if define:
            for item in items:
                if not isinstance(item, n.Ident):
                    self.error(item, "syntax error: non-name on left side of :=")
        key = items[0]
        value = items[1] if len(items) > 1 else None
        return n.RangeStmt(self.span(*children), key, value, define, iterable, body)

    # ------------------------------------------------------------ expressions

    def expr_list(self, children) -> Seq:
        if len(children) == 1:
            return Seq([children[0]])
        children[0].items.append(children[2])
        return children[0]

    arg_list = expr_list
    element_list = expr_list

    def binary(self, children) -> n.BinaryExpr:
        left, op, right = children
        return n.BinaryExpr(self.span(left, right), str(op), left, right)

    def unary(self, children) -> n.UnaryExpr:
        return n.UnaryExpr(self.span(*children), str(children[0]), children[1])

    def selector(self, children) -> n.SelectorExpr:
        return n.SelectorExpr(self.span(*children), children[0], self.ident(children[2:]))

    def type_switch_guard(self, children):
        self.error(children[1], "type switches are not supported")
        return children[0]

    def type_assert(self, children):
        self.error(children[1], "type assertions are not supported")
        return children[0]

    def index(self, children) -> n.IndexExpr:
        return n.IndexExpr(self.span(*children), children[0], children[2])

    def _slice(self, children) -> n.SliceExpr:
        bounds: list = [None, None, None]
        slot = 0
        for child in children[2:-1]:
            if isinstance(child, Token):
                slot += 1
            else:
                bounds[slot] = child
        return n.SliceExpr(self.span(*children), children[0], *bounds)

    slice2 = _slice
    slice3 = _slice

    def call(self, children) -> n.CallExpr:
        function, args = children[0], children[2]
        if isinstance(function, n.TypeExprAsExpr):
            function = function.type
        return n.CallExpr(self.span(*children), function, tuple(args.items), args.spread)

    def conversion(self, children) -> n.CallExpr:
        return n.CallExpr(self.span(*children), children[0], (children[2],))

    def composite(self, children) -> n.CompositeLit:
        head, elements = children[0], children[2]
        if isinstance(head, n.TypeExpr):
            kind = head
        elif isinstance(head, n.Ident):
            kind = n.TypeName(head.span, head.name)
        elif isinstance(head, n.SelectorExpr) and isinstance(head.operand, n.Ident):
            kind = n.TypeName(head.span, head.selector.name, head.operand.name)
        else:
            self.error(head, "syntax error: invalid composite literal type")
            kind = None
        return n.CompositeLit(self.span(*children), kind, tuple(elements.items))

    def ident_expr(self, children) -> n.Ident:
        return self.ident(children)

    def int_lit(self, children) -> n.IntLit:
        token = children[0]
        value = _int_value(str(token))
        if value is None:
            self.error(token, "integer literal too large")
            value = 0
        return n.IntLit(self.span(token), value, str(token))

    def rune_lit(self, children) -> n.IntLit:
        token = children[0]
        return n.IntLit(self.span(token), token.decoded, str(token), True)

    def string_lit(self, children) -> n.StringLit:
        token = children[0]
        return n.StringLit(self.span(token), token.decoded, str(token))

    def paren(self, children) -> n.ParenExpr:
        return n.ParenExpr(self.span(*children), children[1])

    def func_lit(self, children) -> n.FuncLit:
        signature = children[1]
        return n.FuncLit(self.span(*children), signature.params, signature.results, children[2])

    def call_args(self, children) -> Args:
        if not children:
            return Args((), False)
        return Args(tuple(children[0].items), bool(_tokens_of(children, "ELLIPSIS")))

    def type_arg(self, children) -> n.TypeExprAsExpr:
        return n.TypeExprAsExpr(children[0].span, children[0])

    def literal_value(self, children) -> Seq:
        return children[0] if children else Seq([])

    def element(self, children) -> n.Element:
        return n.Element(children[0].span, None, children[0])

    def keyed_element(self, children) -> n.Element:
        return n.Element(self.span(*children), children[0], children[2])

    def elided_composite(self, children) -> n.CompositeLit:
        return n.CompositeLit(self.span(*children), None, tuple(children[1].items))


def _is_comm(stmt) -> bool:
    """Whether a select case's statement is a send, or a receive (possibly assigned)."""

    def is_receive(expr) -> bool:
        return isinstance(expr, n.UnaryExpr) and expr.op == "<-"

    if isinstance(stmt, n.SendStmt):
        return True
    if isinstance(stmt, n.ExprStmt):
        return is_receive(stmt.expr)
    if isinstance(stmt, n.AssignStmt) and stmt.op == "=" or isinstance(stmt, n.ShortVarDecl):
        return (
            len(stmt.values) == 1
            and is_receive(stmt.values[0])
            and 1 <= len(getattr(stmt, "targets", getattr(stmt, "names", ()))) <= 2
        )
    return False


def _int_value(text: str) -> int | None:
    """The value of a Go integer literal already checked by the lexer; None beyond 512 bits
    (Go's limit for untyped constants); 0 for a literal the lexer already reported."""
    digits = text.replace("_", "").lower()
    if len(digits) > MAX_LITERAL_DIGITS:
        return None
    try:
        if digits.startswith(("0x", "0o", "0b")):
            value = int(digits, 0)
        elif len(digits) > 1 and digits.startswith("0"):
            value = int(digits[1:], 8)
        else:
            value = int(digits)
    except ValueError:
        return 0
    return None if value.bit_length() > 512 else value
