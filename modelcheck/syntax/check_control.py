"""Control flow: if, for, range, switch and select with their scopes, and Go's
terminating-statement rule (for "missing return")."""

from __future__ import annotations

from modelcheck.syntax import nodes
from modelcheck.syntax.check_expressions import unparen
from modelcheck.syntax.constants import expr_string
from modelcheck.syntax.symbols import Variable
from modelcheck.syntax.types import (
    BOOL,
    INT,
    INT_TYPES,
    NIL,
    STRING,
    UNTYPED_BOOL,
    UNTYPED_STRING,
    ArrayType,
    ChanType,
    IntType,
    MapType,
    PointerType,
    SliceType,
    Type,
    UntypedType,
    default_type,
)
from modelcheck.syntax.universe import INVALID


class ControlChecker:
    """Control flow: if, for, range, switch and select with their scopes, and Go's"""

    # ------------------------------------------------------------ control flow

    def condition(self, e: nodes.Expr, what: str) -> None:
        condition_type = self.value(e)
        if condition_type is INVALID:
            return
        if condition_type not in (BOOL, UNTYPED_BOOL):
            self.error(e, f"non-boolean condition in {what} statement")
            return
        self.retype(e, BOOL)

    def stmt_IfStmt(self, s: nodes.IfStmt) -> None:
        self.take_label()
        self.open_scope()
        if s.init is not None:
            self.statement(s.init)
        self.condition(s.condition, "if")
        self.block(s.then)
        if s.otherwise is not None:
            self.statement(s.otherwise)
        self.close_scope()

    def stmt_ForStmt(self, s: nodes.ForStmt) -> None:
        label = self.take_label()
        self.open_scope()
        if s.init is not None:
            self.statement(s.init)
        if s.condition is not None:
            self.condition(s.condition, "for")
        if s.post is not None:
            self.statement(s.post)
        self.breakables.append(("loop", label, s))
        self.block(s.body)
        self.breakables.pop()
        self.close_scope()

    def range_types(self, s: nodes.RangeStmt) -> tuple[Type, Type | None]:
        """The key and value types of a range loop (value None when it has none)."""
        iterable = self.value(s.iterable)
        if iterable is INVALID:
            return INVALID, INVALID
        base = (
            iterable.element
            if isinstance(iterable, PointerType) and isinstance(iterable.element, ArrayType)
            else iterable
        )
        if isinstance(base, UntypedType) and base.kind in ("int", "rune"):
            base = default_type(base)
            self.retype(s.iterable, base)
        if base == UNTYPED_STRING:
            self.retype(s.iterable, STRING)
            base = STRING
        if isinstance(base, IntType):
            return base, None
        if isinstance(base, ArrayType | SliceType):
            return INT, base.element
        if base == STRING:
            return INT, INT_TYPES["int32"]
        if isinstance(base, MapType):
            return base.key, base.value
        if isinstance(base, ChanType):
            if base.direction == "send":
                self.error(
                    s.iterable,
                    f"invalid operation: range {expr_string(s.iterable)} "
                    f"receive from send-only channel {base}",
                )
            return base.element, None
        self.error(s.iterable, f"cannot range over {self.describe(s.iterable)}")
        return INVALID, INVALID

    def stmt_RangeStmt(self, s: nodes.RangeStmt) -> None:
        label = self.take_label()
        self.open_scope()
        key_type, value_type = self.range_types(s)
        if s.value is not None and value_type is None:
            self.error(s.value, f"range over {self.describe(s.iterable)} permits only one iteration variable")
            value_type = INVALID
        for target, target_type in ((s.key, key_type), (s.value, value_type)):
            if target is None:
                continue
            if s.define:
                if not isinstance(target, nodes.Ident):
                    self.error(target, f"non-name {expr_string(target)} on left side of :=")
                    continue
                self.declare(target, Variable(target.name, target_type, target.span, role="local"))
                if target.name != "_":
                    self.result.types[target] = target_type
            else:
                lhs_type = self.lhs(target)
                if (
                    lhs_type not in (None, INVALID)
                    and target_type is not INVALID
                    and not self.assignable(target_type, lhs_type)
                ):
                    self.error(
                        target,
                        f"cannot use {expr_string(target)} (value of type {target_type}) "
                        f"as {lhs_type} value in range",
                    )
        self.breakables.append(("loop", label, s))
        self.block(s.body)
        self.breakables.pop()
        self.close_scope()

    def stmt_SwitchStmt(self, s: nodes.SwitchStmt) -> None:
        label = self.take_label()
        self.open_scope()
        if s.init is not None:
            self.statement(s.init)
        tag_type: Type = BOOL
        if s.tag is not None:
            tag_type = self.value(s.tag)
            if tag_type is not INVALID:
                tag_type = self.default_value(s.tag, "switch expression")
        seen: dict[object, nodes.Expr] = {}
        defaults = 0
        self.breakables.append(("switch", label, s))
        for clause in s.clauses:
            if clause.is_default:
                defaults += 1
                if defaults > 1:
                    self.error(clause, "multiple defaults in switch")
            for case in clause.expressions:
                self.switch_case(s, case, tag_type, seen)
            self.open_scope()
            self.statements(clause.body)
            self.close_scope()
        self.breakables.pop()
        self.close_scope()

    def switch_case(self, s: nodes.SwitchStmt, case: nodes.Expr, tag_type: Type, seen: dict) -> None:
        case_type = self.value(case)
        if case_type is INVALID or tag_type is INVALID:
            return
        if s.tag is None:
            if case_type not in (BOOL, UNTYPED_BOOL):
                self.error(
                    case,
                    f"invalid case {expr_string(case)} in switch (mismatched types {case_type} and bool)",
                )
                return
            self.retype(case, BOOL)
            return
        if isinstance(case_type, UntypedType) or case_type == NIL:
            description = self.describe(case)
            status = self.convert_untyped(case, tag_type)
            if status == "overflow":
                self.error(case, f"{description} overflows {tag_type}")
                return
            if status != "ok":
                self.error(
                    case,
                    f"invalid case {expr_string(case)} in switch on {expr_string(s.tag)} "
                    f"(mismatched types {case_type} and {tag_type})",
                )
                return
        elif not self.assignable(case_type, tag_type) and not self.assignable(tag_type, case_type):
            self.error(
                case,
                f"invalid case {expr_string(case)} in switch on {expr_string(s.tag)} "
                f"(mismatched types {case_type} and {tag_type})",
            )
            return
        reason = self.incomparable(tag_type)
        if reason is not None and case_type != NIL:
            self.error(
                case,
                f"invalid case {expr_string(case)} in switch "
                f"(can only compare {reason} {expr_string(s.tag)} to nil)",
            )
            return
        value = self.result.constants.get(case)
        if value is not None:
            key = (type(value), value)
            if key in seen:
                self.error(case, f"duplicate case {self.describe(case)} in expression switch")
            seen[key] = case

    def stmt_SelectStmt(self, s: nodes.SelectStmt) -> None:
        label = self.take_label()
        defaults = 0
        self.breakables.append(("select", label, s))
        for clause in s.clauses:
            self.open_scope()
            if clause.is_default:
                defaults += 1
                if defaults > 1:
                    self.error(clause, "multiple defaults in select")
            elif clause.comm is not None:
                self.comm_clause(clause.comm)
            self.statements(clause.body)
            self.close_scope()
        self.breakables.pop()

    def comm_clause(self, comm: nodes.Stmt) -> None:
        if isinstance(comm, nodes.SendStmt):
            self.statement(comm)
            return
        if isinstance(comm, nodes.ExprStmt):
            value = comm.expr
        elif isinstance(comm, nodes.AssignStmt | nodes.ShortVarDecl) and len(comm.values) == 1:
            value = comm.values[0]
        else:
            value = None
        inner = unparen(value) if value is not None else None
        if not (isinstance(inner, nodes.UnaryExpr) and inner.op == "<-"):
            self.error(comm, "select case must be receive, send or assign recv")
            return
        if isinstance(comm, nodes.AssignStmt) and comm.op != "=":
            self.error(comm, "select case must be receive, send or assign recv")
            return
        self.statement(comm)

    # ------------------------------------------------------------ terminating statements

    def terminating(self, s: nodes.Stmt | None, label: str | None = None) -> bool:
        """Go's terminating statement (spec "Terminating statements")."""
        if isinstance(s, nodes.ReturnStmt):
            return True
        if isinstance(s, nodes.BranchStmt):
            return s.keyword == "goto"
        if isinstance(s, nodes.ExprStmt):
            call = unparen(s.expr)
            info = self.result.calls.get(call) if isinstance(call, nodes.CallExpr) else None
            return info is not None and info.kind == "builtin" and info.target == "panic"
        if isinstance(s, nodes.Block):
            return self.terminating_list(s.statements)
        if isinstance(s, nodes.IfStmt):
            return s.otherwise is not None and self.terminating(s.then) and self.terminating(s.otherwise)
        if isinstance(s, nodes.ForStmt):
            return s.condition is None and not self.has_break(s.body.statements, label, True)
        if isinstance(s, nodes.LabeledStmt):
            return self.terminating(s.statement, s.label.name)
        if isinstance(s, nodes.SwitchStmt):
            return any(c.is_default for c in s.clauses) and all(
                self.terminating_list(c.body) and not self.has_break(c.body, label, True) for c in s.clauses
            )
        if isinstance(s, nodes.SelectStmt):
            return all(
                self.terminating_list(c.body) and not self.has_break(c.body, label, True) for c in s.clauses
            )
        return False

    def terminating_list(self, statements: tuple[nodes.Stmt, ...]) -> bool:
        relevant = [s for s in statements if not isinstance(s, nodes.EmptyStmt)]
        return bool(relevant) and self.terminating(relevant[-1])

    def has_break(self, statements, label: str | None, top: bool) -> bool:
        """Whether a break targets the enclosing statement (unlabelled at ``top`` level, or by label)."""
        for s in statements:
            if isinstance(s, nodes.BranchStmt) and s.keyword == "break":
                if (s.label is None and top) or (s.label is not None and s.label.name == label):
                    return True
            elif isinstance(s, nodes.Block):
                if self.has_break(s.statements, label, top):
                    return True
            elif isinstance(s, nodes.LabeledStmt):
                if self.has_break((s.statement,), label, top):
                    return True
            elif isinstance(s, nodes.IfStmt):
                branches = [s.then] + ([s.otherwise] if s.otherwise is not None else [])
                if self.has_break(branches, label, top):
                    return True
            elif isinstance(s, nodes.ForStmt | nodes.RangeStmt):
                if label is not None and self.has_break(s.body.statements, label, False):
                    return True
            elif (
                isinstance(s, nodes.SwitchStmt | nodes.SelectStmt)
                and label is not None
                and any(self.has_break(c.body, label, False) for c in s.clauses)
            ):
                return True
        return False
