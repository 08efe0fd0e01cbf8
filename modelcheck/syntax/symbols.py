"""What the checker learns about a program: symbols, and side tables keyed by syntax node.

The syntax tree stays frozen; the checker's findings live in ``CheckedProgram``, whose tables
are keyed by node (nodes hash by identity). Later stages read only this module's types.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from modelcheck.syntax import nodes
from modelcheck.syntax.types import FuncType, StructType, Type

_symbol_ids = itertools.count(1)


@dataclass(eq=False)
class Symbol:
    """A named entity; ``span`` is where it is declared (None for predeclared ones)."""

    name: str
    type: Type | None
    span: nodes.Span | None
    id: int = field(default_factory=lambda: next(_symbol_ids), init=False)


@dataclass(eq=False)
class Variable(Symbol):
    """A variable. ``role`` is "package", "local", "param", "result" or "receiver".

    ``captured``: a function literal refers to it (so it is shared with the closure).
    ``address_taken``: ``&v`` appears, or a method with a pointer receiver is called on it, or a
    sync/atomic method is called on it (those take the address implicitly).
    """

    role: str = "local"
    captured: bool = False
    address_taken: bool = False

    @property
    def escapes(self) -> bool:
        """Whether the variable must live in shared memory rather than in a goroutine's frame."""
        return self.role == "package" or self.captured or self.address_taken


@dataclass(eq=False)
class Constant(Symbol):
    value: int | str | bool = 0


@dataclass(eq=False)
class TypeSymbol(Symbol):
    """A type name: predeclared (``int``) or declared (``type T struct``)."""


@dataclass(eq=False)
class Function(Symbol):
    """A declared function; ``package`` names its package, ``library`` when that package is
    the Go source of a library model."""

    declaration: nodes.FuncDecl | None = None
    package: str = "main"
    library: bool = False


@dataclass(eq=False)
class Method(Symbol):
    """A method of a named struct type; ``pointer_receiver`` for ``func (t *T) m()``."""

    receiver_type: StructType | None = None
    pointer_receiver: bool = False
    declaration: nodes.FuncDecl | None = None
    package: str = "main"
    library: bool = False


@dataclass(eq=False)
class Builtin(Symbol):
    """``len``, ``cap``, ``make``, ``new``, ``append``, ``close``, ``panic``, ``recover``,
    ``print``, ``println``, ``delete``, ``copy``, ``min``, ``max``."""


@dataclass(eq=False)
class PackageName(Symbol):
    """An imported package: ``fmt``, ``sync``, ``atomic`` (path ``sync/atomic``), ``time``,
    ``runtime``, or a package written in Go source (``testing``), whose package block is
    ``scope``."""

    path: str = ""
    scope: object = None


# ---------------------------------------------------------------- selections and calls


@dataclass(frozen=True)
class FieldSelection:
    """``x.f`` selects field ``index`` of ``struct``; ``through_pointer`` when x is a pointer
    (Go's implicit ``(*x).f``)."""

    struct: StructType
    index: int
    through_pointer: bool


@dataclass(frozen=True)
class MethodSelection:
    """``x.m`` selects a declared method. ``receiver_pointer``: x is itself a pointer.
    The IR takes ``&x`` when the method wants a pointer and x is not one, and ``*x`` when the
    method wants a value and x is a pointer."""

    method: Method
    receiver_pointer: bool


@dataclass(frozen=True)
class SyncMethodSelection:
    """``mu.Lock``, ``wg.Add``, ``once.Do``, ``n.Load`` and the like on a sync or atomic typed
    operand. ``type`` is the SyncType or AtomicType; ``receiver_pointer`` as above."""

    type: Type
    name: str
    receiver_pointer: bool


@dataclass(frozen=True)
class MemberSelection:
    """``testing.Short``, ``testing.T``: a member of a package written in Go source; the
    selector identifier resolves to ``symbol``, and later stages treat ``e`` as that
    identifier."""

    symbol: Symbol


@dataclass(frozen=True)
class QualifiedSelection:
    """``fmt.Println``, ``atomic.AddInt64``, ``time.Second``, ``runtime.Gosched``: ``package``
    is the import path."""

    package: str
    member: str


Selection = FieldSelection | MethodSelection | SyncMethodSelection | QualifiedSelection | MemberSelection


@dataclass(frozen=True)
class CallInfo:
    """What a CallExpr does.

    ``kind`` is one of:
      "function"    a call of a declared function (``target`` is the Function)
      "method"      a declared method (the callee is a SelectorExpr with a MethodSelection)
      "closure"     a call of a function value (a variable, a field, a literal, a result)
      "conversion"  ``T(x)``; ``target`` is the Type converted to
      "builtin"     ``target`` is the builtin's name ("len", "append", ...)
      "package"     ``target`` is "fmt.Println", "atomic.AddInt64", "time.Sleep", ...
      "sync"        a method of a sync/atomic type (callee has a SyncMethodSelection)
    """

    kind: str
    target: object = None


@dataclass
class CheckedProgram:
    """A program that passed the checker, with everything later stages need to know."""

    program: nodes.Program
    source: str
    # Every file's text by name (several files for a package; library models included).
    sources: dict[str, str] = field(default_factory=dict)
    # The package checked (the last of the packages; the others are library models it imports).
    package_name: str = "main"
    packages: tuple[nodes.Package, ...] = ()
    # The test functions ``func TestXxx(t *testing.T)`` of the package, in source order.
    tests: list[Function] = field(default_factory=list)
    # The type of every expression, untyped constants already converted to the type the
    # context gives them (``var x int64 = 1``: the literal has type int64).
    types: dict[nodes.Node, Type] = field(default_factory=dict)
    # The value of every constant expression (ints, strings, bools).
    constants: dict[nodes.Expr, int | str | bool] = field(default_factory=dict)
    # Every identifier that refers to a symbol, including declaring occurrences.
    symbols: dict[nodes.Ident, Symbol] = field(default_factory=dict)
    selections: dict[nodes.SelectorExpr, Selection] = field(default_factory=dict)
    calls: dict[nodes.CallExpr, CallInfo] = field(default_factory=dict)
    # Resolved types of written type expressions.
    type_expressions: dict[nodes.TypeExpr, Type] = field(default_factory=dict)
    # Package-level variables in initialization order (Go's dependency order), then the
    # init() functions in source order, then main.
    package_variables: list[nodes.VarSpec] = field(default_factory=list)
    init_functions: list[nodes.FuncDecl] = field(default_factory=list)
    main: nodes.FuncDecl | None = None
    functions: dict[str, Function] = field(default_factory=dict)
    # For each function literal, the variables of enclosing functions it refers to.
    captures: dict[nodes.FuncLit, list[Variable]] = field(default_factory=dict)

    def type_of(self, node: nodes.Node) -> Type:
        return self.types[node]

    def function_type(self, declaration: nodes.FuncDecl | nodes.FuncLit) -> FuncType:
        return self.types[declaration]  # type: ignore[return-value]
