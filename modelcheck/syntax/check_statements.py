"""Statements: function bodies, assignments (with comma-ok and multi-value forms), control flow
with its scopes, labels, break/continue, select, and Go's terminating-statement rule."""

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
    VOID,
    ArrayType,
    ChanType,
    FuncType,
    IntType,
    MapType,
    PointerType,
    SliceType,
    TupleType,
    Type,
    UntypedType,
    default_type,
)
from modelcheck.syntax.universe import INVALID


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class StatementChecker:
    """Statements and function bodies."""

    # ------------------------------------------------------------ functions

    def function_body(self, node: nodes.FuncDecl | nodes.FuncLit, signature: FuncType, receiver) -> None:
        from modelcheck.syntax.checker import FuncState

        state = FuncState(node, signature, self.func)
        saved = (self.scope, self.func, self.breakables, self.iota)
        self.open_scope("function")
        self.func, self.breakables, self.iota = state, [], None
        if receiver is not None and receiver.name is not None:
            receiver_type = self.result.type_expressions.get(receiver.type, INVALID)
            self.declare(
                receiver.name,
                Variable(receiver.name.name, receiver_type, receiver.name.span, role="receiver"),
            )
        for params, types, role in (
            (node.params, signature.params, "param"),
            (node.results, signature.results, "result"),
        ):
            for param, param_type in zip(params, types, strict=True):
                if param.name is not None:
                    self.declare(
                        param.name, Variable(param.name.name, param_type, param.name.span, role=role)
                    )
        state.result_names = any(result.name is not None for result in node.results)
        self.statements(node.body.statements)
        if signature.results and not self.terminating(node.body):
            span = node.body.span
            self.error(
                nodes.Span(
                    span.file, span.end_line, max(1, span.end_column - 1), span.end_line, span.end_column
                ),
                "missing return",
            )
        self.report_unused(state)
        self.scope, self.func, self.breakables, self.iota = saved

    # ------------------------------------------------------------ statement lists

    def statements(self, statements: tuple[nodes.Stmt, ...]) -> None:
        for statement in statements:
            self.statement(statement)

    def block(self, block: nodes.Block) -> None:
        self.open_scope()
        self.statements(block.statements)
        self.close_scope()

    def statement(self, s: nodes.Stmt) -> None:
        method = getattr(self, f"stmt_{type(s).__name__}", None)
        if method is None:
            self.error(s, "unsupported statement")
            return
        method(s)

    def stmt_Block(self, s: nodes.Block) -> None:
        self.block(s)

    def stmt_EmptyStmt(self, s: nodes.EmptyStmt) -> None:
        pass

    def stmt_ExprStmt(self, s: nodes.ExprStmt) -> None:
        e = s.expr
        result = self.expr(e)
        inner = unparen(e)
        if result is INVALID:
            return
        if isinstance(inner, nodes.CallExpr):
            info = self.result.calls.get(inner)
            discarded = info is not None and (
                info.kind == "conversion"
                or (
                    info.kind == "builtin"
                    and info.target in ("len", "cap", "make", "new", "append", "min", "max")
                )
            )
            if not discarded:
                return
        elif isinstance(inner, nodes.UnaryExpr) and inner.op == "<-":
            return
        self.error(e, f"{self.describe(e)} is not used")

    def stmt_SendStmt(self, s: nodes.SendStmt) -> None:
        channel = self.value(s.channel)
        value_type = self.value(s.value)
        if channel is INVALID:
            return
        if not isinstance(channel, ChanType):
            self.error(s, f"invalid operation: cannot send to non-channel {self.describe(s.channel)}")
            return
        if channel.direction == "receive":
            self.error(
                s, f"invalid operation: cannot send to receive-only channel {self.describe(s.channel)}"
            )
            return
        if value_type is not INVALID:
            self.assign(s.value, channel.element, "send")

    def stmt_IncDecStmt(self, s: nodes.IncDecStmt) -> None:
        target = self.lhs(s.target)
        self.mark_used(s.target)
        if target is None or target is INVALID:
            return
        if not isinstance(target, IntType):
            self.error(s, f"invalid operation: {expr_string(s.target)}{s.op} (non-numeric type {target})")

    def stmt_DeclStmt(self, s: nodes.DeclStmt) -> None:
        declaration = s.decl
        if isinstance(declaration, nodes.VarDecl):
            for spec in declaration.specs:
                self.local_var_spec(spec)
        elif isinstance(declaration, nodes.ConstDecl):
            self.local_const_decl(declaration)
        elif isinstance(declaration, nodes.TypeDecl):
            self.local_type_decl(declaration)
        else:
            self.error(s, "unsupported declaration")

    def stmt_GoStmt(self, s: nodes.GoStmt | nodes.DeferStmt, keyword: str = "go") -> None:
        self.expr(s.call)
        info = self.result.calls.get(s.call)
        if info is not None and (
            info.kind == "conversion"
            or (
                info.kind == "builtin"
                and info.target in ("len", "cap", "make", "new", "append", "min", "max")
            )
        ):
            self.error(s, f"{keyword} discards result of {self.describe(s.call)}")

    def stmt_DeferStmt(self, s: nodes.DeferStmt) -> None:
        self.stmt_GoStmt(s, "defer")

    def stmt_BranchStmt(self, s: nodes.BranchStmt) -> None:
        if s.keyword in ("goto", "fallthrough"):
            self.error(s, f"{s.keyword} is not supported")
            return
        loop_only = s.keyword == "continue"
        if s.label is None:
            if not any(kind == "loop" or not loop_only for kind, _, _ in self.breakables):
                where = "is not in a loop" if loop_only else "is not in a loop, switch, or select"
                self.error(s, f"{s.keyword} {where}")
            return
        name = s.label.name
        label = self.func.labels.get(name) if self.func is not None else None
        if label is not None:
            label[1] = True
        for kind, label_name, _ in self.breakables:
            if label_name == name and (kind == "loop" or not loop_only):
                return
        if label is None:
            self.error(s.label, f"{s.keyword} label not defined: {name}")
        else:
            self.error(s.label, f"invalid {s.keyword} label {name}")

    def stmt_LabeledStmt(self, s: nodes.LabeledStmt) -> None:
        name = s.label.name
        if self.func is not None:
            if name in self.func.labels:
                self.error(s.label, f"label {name} already defined")
            else:
                self.func.labels[name] = [s, name == "_"]
        loops = (nodes.ForStmt, nodes.RangeStmt, nodes.SwitchStmt, nodes.SelectStmt)
        self.pending_label = name if isinstance(s.statement, loops) else None
        self.statement(s.statement)
        self.pending_label = None

    def take_label(self) -> str | None:
        label = getattr(self, "pending_label", None)
        self.pending_label = None
        return label

    def stmt_ReturnStmt(self, s: nodes.ReturnStmt) -> None:
        if self.func is None:
            self.error(s, "return outside function")
            return
        wanted = self.func.signature.results
        if not s.values:
            if wanted and not self.func.result_names:
                self.error(s, "not enough return values")
            return
        if not wanted:
            for value in s.values:
                self.expr(value)
            self.error(s.values[0], "too many return values")
            return
        if len(s.values) == 1 and len(wanted) > 1:
            result = self.expr(s.values[0])
            if isinstance(result, TupleType) and len(result.items) == len(wanted):
                for item, target in zip(result.items, wanted, strict=True):
                    self.assign_type(s.values[0], item, target, "return statement")
                return
            if result is not INVALID:
                self.error(s.values[0], "not enough return values")
            return
        types = [self.value(value) for value in s.values]
        if len(s.values) != len(wanted):
            word = "too many" if len(s.values) > len(wanted) else "not enough"
            self.error(s.values[0], f"{word} return values")
            return
        for value, value_type, target in zip(s.values, types, wanted, strict=True):
            if value_type is not INVALID:
                self.assign(value, target, "return statement")

    # ------------------------------------------------------------ assignments

    def rhs_types(self, values: tuple[nodes.Expr, ...], count: int, context: str) -> list[Type] | None:
        """Check the right-hand side of an assignment of ``count`` targets; the type of each
        item (comma-ok forms and multi-value calls included), or None after a mismatch."""
        if len(values) == 1 and count > 1:
            value = values[0]
            inner = unparen(value)
            if count == 2 and (
                isinstance(inner, nodes.IndexExpr)
                or (isinstance(inner, nodes.UnaryExpr) and inner.op == "<-")
            ):
                value_type = self.value(value)
                if isinstance(inner, nodes.UnaryExpr) or isinstance(
                    self.result.types.get(inner.operand), MapType
                ):
                    return [value_type, BOOL]
                self.error(value, "assignment mismatch: 2 variables but 1 value")
                return None
            value_type = self.expr(value)
            if isinstance(value_type, TupleType):
                if len(value_type.items) == count:
                    return list(value_type.items)
                callee = (
                    expr_string(inner.function) if isinstance(inner, nodes.CallExpr) else expr_string(value)
                )
                self.error(
                    value,
                    f"assignment mismatch: {plural(count, 'variable')} but {callee} returns "
                    f"{plural(len(value_type.items), 'value')}",
                )
                return None
            if value_type is INVALID:
                return None
            if isinstance(inner, nodes.CallExpr) and value_type is not VOID:
                callee = expr_string(inner.function)
                self.error(
                    value, f"assignment mismatch: {plural(count, 'variable')} but {callee} returns 1 value"
                )
            elif value_type is VOID:
                self.error(value, f"{expr_string(value)} (no value) used as value")
            else:
                self.error(value, f"assignment mismatch: {plural(count, 'variable')} but 1 value")
            return None
        types = [self.value(value) for value in values]
        if len(values) != count:
            self.error(
                values[0],
                f"assignment mismatch: {plural(count, 'variable')} but {plural(len(values), 'value')}",
            )
            return None
        return types

    def lhs(self, target: nodes.Expr) -> Type | None:
        """Check an assignment target; its type, None for the blank identifier."""
        inner = unparen(target)
        if isinstance(inner, nodes.Ident) and inner.name == "_":
            return None
        if isinstance(inner, nodes.Ident):
            symbol = self.resolve(inner, use=False)
            if symbol is None:
                return INVALID
            if not isinstance(symbol, Variable):
                self.expr(target)
                self.unassignable(target)
                return INVALID
            target_type = symbol.type or INVALID
            self.result.types[inner] = target_type
            self.result.types[target] = target_type
            return target_type
        target_type = self.value(target)
        if target_type is INVALID:
            return INVALID
        if not self.addressable(target) and not self.is_map_index(target):
            self.unassignable(target)
            return INVALID
        return target_type

    def mark_used(self, target: nodes.Expr) -> None:
        """``x++`` and ``x += y`` read x: Go counts them as uses."""
        inner = unparen(target)
        if isinstance(inner, nodes.Ident) and isinstance(self.result.symbols.get(inner), Variable):
            self.used.add(self.result.symbols[inner])

    def unassignable(self, target: nodes.Expr) -> None:
        inner = unparen(target)
        if isinstance(inner, nodes.SelectorExpr) and self.is_map_index(inner.operand):
            self.error(target, f"cannot assign to struct field {expr_string(target)} in map")
            return
        self.error(
            target, f"cannot assign to {expr_string(target)} (neither addressable nor a map index expression)"
        )

    def stmt_AssignStmt(self, s: nodes.AssignStmt) -> None:
        if s.op != "=":
            self.compound_assignment(s)
            return
        targets = [self.lhs(target) for target in s.targets]
        types = self.rhs_types(s.values, len(s.targets), "assignment")
        if types is None:
            return
        single = len(s.values) == len(s.targets)
        for index, target in enumerate(targets):
            if target is INVALID or types[index] is INVALID:
                continue
            if single:
                self.assign(s.values[index], target, "assignment")
            else:
                self.assign_type(s.values[0], types[index], target, "assignment")

    def compound_assignment(self, s: nodes.AssignStmt) -> None:
        """``x op= y``: ``x op y`` must be valid and assignable back to x (x counts as used)."""
        if len(s.targets) != 1 or len(s.values) != 1:
            self.error(s, f"assignment operation {s.op} requires single-valued expressions")
            return
        target, value = s.targets[0], s.values[0]
        target_type = self.lhs(target)
        self.mark_used(target)
        value_type = self.value(value)
        if target_type is None:
            self.error(target, "cannot use _ as value")
            return
        if target_type is INVALID or value_type is INVALID:
            return
        operation = nodes.BinaryExpr(s.span, s.op[:-1], target, value)
        try:
            self.binary_types(operation, target_type, value_type)
        finally:
            self.result.constants.pop(operation, None)

    def define_position(self, s: nodes.ShortVarDecl) -> nodes.Span:
        """Where the ``:=`` of ``s`` is (Go reports there), found in the source after the names."""
        last = s.names[-1].span
        lines = self.source.splitlines()
        if 1 <= last.end_line <= len(lines):
            column = lines[last.end_line - 1].find(":=", last.end_column - 1)
            if column >= 0:
                return nodes.Span(last.file, last.end_line, column + 1, last.end_line, column + 3)
        return s.span

    def stmt_ShortVarDecl(self, s: nodes.ShortVarDecl, context: str = "assignment") -> None:
        fresh = [i for i in s.names if i.name != "_" and i.name not in self.scope.names]
        if not fresh:
            self.error(self.define_position(s), "no new variables on left side of :=")
        types = self.rhs_types(s.values, len(s.names), context)
        seen: set[str] = set()
        for index, ident in enumerate(s.names):
            value = s.values[index] if len(s.values) == len(s.names) else None
            item_type = INVALID if types is None else types[index]
            if ident.name == "_":
                if value is not None and item_type is not INVALID:
                    self.assign(value, None, context)
                continue
            if ident.name in seen:
                self.error(ident, f"{ident.name} repeated on left side of :=")
                continue
            seen.add(ident.name)
            existing = self.scope.names.get(ident.name)
            if existing is not None:
                if not isinstance(existing, Variable):
                    self.error(ident, f"cannot assign to {ident.name}")
                    continue
                self.result.symbols[ident] = existing
                self.result.types[ident] = existing.type or INVALID
                self.note_capture(existing)
                if item_type is not INVALID:
                    if value is not None:
                        self.assign(value, existing.type, context)
                    else:
                        self.assign_type(s.values[0], item_type, existing.type, context)
                continue
            variable_type = item_type
            if value is not None and item_type is not INVALID:
                variable_type = self.default_value(value, context)
            if isinstance(variable_type, UntypedType):
                variable_type = default_type(variable_type)
            self.declare(ident, Variable(ident.name, variable_type, ident.span, role="local"))

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
            if self.convert_untyped(case, tag_type) != "ok":
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
                self.error(case, f"duplicate case {expr_string(case)} in expression switch")
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
