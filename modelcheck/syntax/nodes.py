"""The syntax tree of a .gol program: frozen dataclasses, each node carrying its source span.

Nodes compare by identity (``eq=False``): later stages keep side tables keyed by node
(types, resolved names), and two textually equal expressions at different places are
different nodes. ``ast_equal`` compares trees structurally when a test needs it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Span:
    """A region of a source file; lines and columns count from 1, columns in characters."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


node = dataclass(frozen=True, eq=False)


@node
class Node:
    span: Span


# ---------------------------------------------------------------- type expressions


@node
class TypeExpr(Node):
    """A type written in the source."""


@node
class TypeName(TypeExpr):
    """``int``, ``T``, ``sync.Mutex``, ``atomic.Int32``: package is None for unqualified names."""

    name: str
    package: str | None = None


@node
class PointerTypeExpr(TypeExpr):
    element: TypeExpr


@node
class ArrayTypeExpr(TypeExpr):
    length: Expr
    element: TypeExpr


@node
class SliceTypeExpr(TypeExpr):
    element: TypeExpr


@node
class MapTypeExpr(TypeExpr):
    key: TypeExpr
    value: TypeExpr


@node
class ChanTypeExpr(TypeExpr):
    """``chan T`` (direction "both"), ``chan<- T`` ("send"), ``<-chan T`` ("receive")."""

    element: TypeExpr
    direction: str = "both"


@node
class FieldDecl(Node):
    names: tuple[Ident, ...]
    type: TypeExpr


@node
class StructTypeExpr(TypeExpr):
    fields: tuple[FieldDecl, ...]


@node
class Param(Node):
    """A parameter or result; ``name`` is None for unnamed ones."""

    name: Ident | None
    type: TypeExpr


@node
class FuncTypeExpr(TypeExpr):
    params: tuple[Param, ...]
    results: tuple[Param, ...]


# ---------------------------------------------------------------- expressions


@node
class Expr(Node):
    """An expression."""


@node
class Ident(Expr):
    """A name; ``true``, ``false``, ``nil`` and ``iota`` are identifiers too, as in Go."""

    name: str


@node
class IntLit(Expr):
    """An integer literal; ``is_rune`` for character literals such as ``'a'``."""

    value: int
    text: str
    is_rune: bool = False


@node
class StringLit(Expr):
    """An interpreted or raw string literal, escapes already decoded."""

    value: str
    text: str


@node
class UnaryExpr(Expr):
    """``-x``, ``+x``, ``!x``, ``^x``, ``&x``, ``*p`` and the receive ``<-c``."""

    op: str
    operand: Expr


@node
class BinaryExpr(Expr):
    op: str
    left: Expr
    right: Expr


@node
class ParenExpr(Expr):
    inner: Expr


@node
class CallExpr(Expr):
    """A call, a conversion (``int64(x)``, ``[]int(nil)``) or a builtin call.

    ``function`` is a TypeExpr when the parser could tell it is a type (``[]int(x)``,
    ``make([]int, 3)`` passes the type as an argument); a plain name such as ``int64`` is an
    Ident, which the checker resolves. ``spread`` is True for ``append(a, b...)``.
    """

    function: Expr | TypeExpr
    arguments: tuple[Expr | TypeExpr, ...]
    spread: bool = False


@node
class SelectorExpr(Expr):
    """``x.f``: a field, a method, or a qualified name such as ``fmt.Println``."""

    operand: Expr
    selector: Ident


@node
class IndexExpr(Expr):
    operand: Expr
    index: Expr


@node
class SliceExpr(Expr):
    """``a[low:high]`` and ``a[low:high:max]``; absent bounds are None."""

    operand: Expr
    low: Expr | None
    high: Expr | None
    max: Expr | None


@node
class Element(Node):
    """One element of a composite literal: ``value`` or ``key: value``."""

    key: Expr | None
    value: Expr


@node
class CompositeLit(Expr):
    """``T{...}``; ``type`` is None for an elided type inside an outer literal."""

    type: TypeExpr | None
    elements: tuple[Element, ...]


@node
class FuncLit(Expr):
    params: tuple[Param, ...]
    results: tuple[Param, ...]
    body: Block


@node
class TypeExprAsExpr(Expr):
    """A type where the grammar expects an expression, e.g. the first argument of ``make``."""

    type: TypeExpr


# ---------------------------------------------------------------- statements


@node
class Stmt(Node):
    """A statement."""


@node
class Block(Stmt):
    statements: tuple[Stmt, ...]


@node
class EmptyStmt(Stmt):
    pass


@node
class ExprStmt(Stmt):
    expr: Expr


@node
class SendStmt(Stmt):
    channel: Expr
    value: Expr


@node
class IncDecStmt(Stmt):
    target: Expr
    op: str  # "++" or "--"


@node
class AssignStmt(Stmt):
    """``a, b = x, y`` (op "="), or ``a += x`` (op "+=", one target and one value)."""

    targets: tuple[Expr, ...]
    op: str
    values: tuple[Expr, ...]


@node
class ShortVarDecl(Stmt):
    """``a, b := x, y``; ``names`` may include ``_``."""

    names: tuple[Ident, ...]
    values: tuple[Expr, ...]


@node
class DeclStmt(Stmt):
    """A ``var``, ``const`` or ``type`` declaration inside a function."""

    decl: Decl


@node
class GoStmt(Stmt):
    call: CallExpr


@node
class DeferStmt(Stmt):
    call: CallExpr


@node
class ReturnStmt(Stmt):
    values: tuple[Expr, ...]


@node
class BranchStmt(Stmt):
    """``break``, ``continue``, ``goto`` or ``fallthrough``, with an optional label."""

    keyword: str
    label: Ident | None


@node
class LabeledStmt(Stmt):
    label: Ident
    statement: Stmt


@node
class IfStmt(Stmt):
    init: Stmt | None
    condition: Expr
    then: Block
    otherwise: IfStmt | Block | None


@node
class ForStmt(Stmt):
    """Three-clause, condition-only (init and post None) and infinite (all None) loops."""

    init: Stmt | None
    condition: Expr | None
    post: Stmt | None
    body: Block


@node
class RangeStmt(Stmt):
    """``for k, v := range x``; ``define`` for ``:=``, False for ``=``; key/value may be None."""

    key: Expr | None
    value: Expr | None
    define: bool
    iterable: Expr
    body: Block


@node
class CaseClause(Node):
    """A ``case e1, e2:`` clause (``expressions`` empty and ``is_default`` for ``default:``)."""

    expressions: tuple[Expr, ...]
    is_default: bool
    body: tuple[Stmt, ...]


@node
class SwitchStmt(Stmt):
    """An expression switch; ``tag`` is None for a bare ``switch {``."""

    init: Stmt | None
    tag: Expr | None
    clauses: tuple[CaseClause, ...]


@node
class CommClause(Node):
    """A ``select`` case: ``comm`` is a SendStmt, an ExprStmt of ``<-c``, an AssignStmt or
    ShortVarDecl whose single value is ``<-c``; None with ``is_default`` for ``default:``."""

    comm: Stmt | None
    is_default: bool
    body: tuple[Stmt, ...]


@node
class SelectStmt(Stmt):
    clauses: tuple[CommClause, ...]


# ---------------------------------------------------------------- declarations


@node
class Decl(Node):
    """A top-level or local declaration."""


@node
class VarSpec(Node):
    names: tuple[Ident, ...]
    type: TypeExpr | None
    values: tuple[Expr, ...]


@node
class VarDecl(Decl):
    specs: tuple[VarSpec, ...]


@node
class ConstSpec(Node):
    """One line of a const declaration. ``values`` is empty when the line repeats the previous
    line's expressions (Go's implicit repetition); ``iota`` is the line's index in its group."""

    names: tuple[Ident, ...]
    type: TypeExpr | None
    values: tuple[Expr, ...]
    iota: int


@node
class ConstDecl(Decl):
    specs: tuple[ConstSpec, ...]


@node
class TypeDecl(Decl):
    name: Ident
    type: TypeExpr


@node
class FuncDecl(Decl):
    """A function, or a method when ``receiver`` is set."""

    name: Ident
    receiver: Param | None
    params: tuple[Param, ...]
    results: tuple[Param, ...]
    body: Block


@node
class Import(Node):
    path: str


@node
class Program(Node):
    """A whole file: ``package`` is None when the clause is omitted."""

    package: str | None
    imports: tuple[Import, ...]
    declarations: tuple[Decl, ...]


@dataclass(frozen=True)
class Package:
    """The files of one package, checked together: ``library`` for the Go source of a library
    model (``testing``), whose names are package-qualified in the IR and in reports."""

    name: str
    path: str
    files: tuple[Program, ...]
    library: bool = False


def ast_equal(left: object, right: object) -> bool:
    """Structural equality of two trees, ignoring spans."""
    if isinstance(left, Node) and isinstance(right, Node):
        if type(left) is not type(right):
            return False
        return all(
            ast_equal(getattr(left, f.name), getattr(right, f.name)) for f in fields(left) if f.name != "span"
        )
    if isinstance(left, tuple) and isinstance(right, tuple):
        return len(left) == len(right) and all(ast_equal(a, b) for a, b in zip(left, right, strict=True))
    return left == right
