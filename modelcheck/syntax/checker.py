"""The checker: resolves names, types every expression and rejects what Go rejects.

``check(program, source)`` returns a ``CheckedProgram`` or raises ``SourceError`` with every
error of the file. The work is split over mixins, one per module: declarations, types, expressions, operators,
literals, calls (and selectors), builtins, statements and control flow; this module holds the
shared state: scopes, the functions being checked, diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from modelcheck.syntax import nodes
from modelcheck.syntax.check_builtins import BuiltinChecker
from modelcheck.syntax.check_calls import CallChecker
from modelcheck.syntax.check_control import ControlChecker
from modelcheck.syntax.check_declarations import DeclarationChecker
from modelcheck.syntax.check_expressions import ExpressionChecker
from modelcheck.syntax.check_literals import LiteralChecker
from modelcheck.syntax.check_operators import OperatorChecker
from modelcheck.syntax.check_statements import StatementChecker
from modelcheck.syntax.check_types import TypeChecker
from modelcheck.syntax.diagnostics import Diagnostic, SourceError
from modelcheck.syntax.parser import missing_package
from modelcheck.syntax.scopes import Scope
from modelcheck.syntax.symbols import (
    CheckedProgram,
    Function,
    Method,
    PackageName,
    Symbol,
    Variable,
)
from modelcheck.syntax.types import FuncType, UntypedType, default_type
from modelcheck.syntax.universe import INVALID, UNSUPPORTED_NAMES, universe_symbols


@dataclass(eq=False)
class FuncState:
    """A function or function literal being checked."""

    node: nodes.FuncDecl | nodes.FuncLit
    signature: FuncType
    parent: FuncState | None
    result_names: bool = False
    locals: list[Variable] = field(default_factory=list)
    labels: dict[str, list] = field(default_factory=dict)  # name -> [LabeledStmt, used]


class Checker(
    DeclarationChecker,
    TypeChecker,
    ExpressionChecker,
    OperatorChecker,
    LiteralChecker,
    CallChecker,
    BuiltinChecker,
    StatementChecker,
    ControlChecker,
):
    """All the state of one check; the mixins hold the rules."""

    def __init__(self, units: list[nodes.Package], sources: dict[str, str]):
        self.units = units
        self.program = units[-1].files[0]
        self.sources = sources
        self.source = sources.get(self.program.span.file, "")
        self.lines: dict[str, list[str]] = {}  # source_lines of each file, split on first use
        self.result = CheckedProgram(
            self.program, self.source, sources=sources, package_name=units[-1].name, packages=tuple(units)
        )
        self.diagnostics: list[Diagnostic] = []
        self.reported: set[tuple[int, int, str]] = set()
        self.universe = Scope(None, "universe")
        self.universe.names.update(universe_symbols())
        self.package_scope = Scope(self.universe, "package")
        self.file_scopes: dict[str, Scope] = {}
        self.package_scopes: dict[str, Scope] = {}  # import path -> package block, once checked
        self.scope = self.package_scope
        self.func: FuncState | None = None
        self.iota: int | None = None
        self.used: set[Symbol] = set()
        self.owner: dict[Variable, FuncState] = {}
        self.is_type: set[nodes.Node] = set()
        # Package-level initialization dependencies: the declaration being checked and, per
        # declaration (VarSpec, Function, Method), the package objects it refers to.
        self.deps: set[Symbol] | None = None
        self.decl_deps: dict[object, set[Symbol]] = {}
        self.lazy: dict[Symbol, object] = {}
        self.resolving: set[object] = set()
        self.breakables: list[tuple[str, str | None, nodes.Stmt]] = []
        self.delayed: list = []
        self.pending_label: str | None = None
        self.types_complete = False

    # ------------------------------------------------------------ diagnostics

    def error(self, where: nodes.Node | nodes.Span | None, message: str) -> None:
        span = getattr(where, "span", where)
        if not isinstance(span, nodes.Span):
            span = getattr(self.program, "span", None)
        if not isinstance(span, nodes.Span):
            span = nodes.Span("<input>", 1, 1, 1, 1)
        key = (span.line, span.column, message)
        if key in self.reported:
            return
        self.reported.add(key)
        self.diagnostics.append(Diagnostic(span.file, span.line, span.column, message))

    # ------------------------------------------------------------ scopes

    def open_scope(self, kind: str = "block") -> Scope:
        self.scope = Scope(self.scope, kind)
        return self.scope

    def close_scope(self) -> None:
        assert self.scope.parent is not None
        self.scope = self.scope.parent

    def declare(self, ident: nodes.Ident, symbol: Symbol, scope: Scope | None = None) -> None:
        """Declare ``symbol`` under ``ident`` in ``scope`` (default: the current one)."""
        scope = scope or self.scope
        if ident.name == "_":
            return
        self.result.symbols[ident] = symbol
        if ident.name in scope.names:
            self.error(ident, f"{ident.name} redeclared in this block")
            self.used.add(symbol)
        else:
            scope.names[ident.name] = symbol
        if isinstance(symbol, Variable) and self.func is not None and symbol.role != "package":
            self.owner[symbol] = self.func
            if symbol.role == "local":
                self.func.locals.append(symbol)
        if symbol.type is not None:
            self.result.types[ident] = symbol.type

    def resolve(self, ident: nodes.Ident, use: bool = True) -> Symbol | None:
        """The symbol ``ident`` names, recording it; reports ``undefined`` when there is none."""
        symbol = self.scope.lookup(ident.name)
        if symbol is None:
            message = UNSUPPORTED_NAMES.get(ident.name, f"undefined: {ident.name}")
            self.error(ident, message)
            return None
        self.result.symbols[ident] = symbol
        if symbol in self.lazy:
            self.force(symbol)
        if isinstance(symbol, Variable):
            if use:
                self.used.add(symbol)
            self.note_capture(symbol)
            if symbol.role == "package" and self.deps is not None:
                self.deps.add(symbol)
        elif isinstance(symbol, Function | Method) and self.deps is not None:
            self.deps.add(symbol)
        elif isinstance(symbol, PackageName):
            self.used.add(symbol)
        return symbol

    def note_capture(self, variable: Variable) -> None:
        """Record ``variable`` as captured by every function literal between here and its owner."""
        owner = self.owner.get(variable)
        if owner is None or owner is self.func:
            return
        state = self.func
        while state is not None and state is not owner:
            if isinstance(state.node, nodes.FuncLit):
                captured = self.result.captures.setdefault(state.node, [])
                if variable not in captured:
                    captured.append(variable)
            state = state.parent
        variable.captured = True

    def report_unused(self, state: FuncState) -> None:
        for variable in state.locals:
            if variable not in self.used and variable.span is not None:
                self.error(variable.span, f"declared and not used: {variable.name}")
        for name, (statement, used) in state.labels.items():
            if not used:
                self.error(statement.label, f"label {name} defined and not used")

    def finish_types(self) -> None:
        """Untyped values that no context typed get their default type."""
        types = self.result.types
        for node, node_type in types.items():
            if isinstance(node_type, UntypedType):
                types[node] = default_type(node_type)


def check(program: nodes.Program, source: str) -> CheckedProgram:
    """Check the one-file program ``program``; return its tables or raise SourceError listing
    every error."""
    missing = missing_package(source, program.span.file) if program.package is None else []
    if missing:  # like Go, nothing else is reported then
        raise SourceError(missing, source)
    unit = nodes.Package(program.package or "main", program.span.file, (program,))
    return check_packages([unit], {program.span.file: source})


def check_packages(units: list[nodes.Package], sources: dict[str, str]) -> CheckedProgram:
    """Check ``units`` in order (each may import the ones before it); the last is the package
    checked. Returns its tables or raises SourceError listing every error."""
    source = sources if len(sources) > 1 else next(iter(sources.values()), "")
    program = units[-1].files[0]
    checker = Checker(units, sources)
    try:
        checker.check_program()
    except RecursionError:
        checker.error(program, "program too deeply nested")
    except Exception as error:  # a checker bug must still surface as a diagnostic
        if not checker.diagnostics:
            checker.error(program, f"internal error in the checker: {type(error).__name__}: {error}")
    if checker.diagnostics:
        raise SourceError(checker.diagnostics, source)
    try:
        checker.finish_types()
    except Exception as error:  # pragma: no cover - defensive, as above
        checker.error(program, f"internal error in the checker: {type(error).__name__}: {error}")
        raise SourceError(checker.diagnostics, source) from None
    return checker.result


__all__ = ["INVALID", "check", "check_packages"]
