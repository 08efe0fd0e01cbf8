"""Statements: function bodies, assignments (with comma-ok and multi-value forms), control flow
with its scopes, labels, break/continue, select, and Go's terminating-statement rule."""

from __future__ import annotations

from modelcheck.syntax import nodes
from modelcheck.syntax.check_expressions import unparen
from modelcheck.syntax.constants import expr_string
from modelcheck.syntax.diagnostics import source_lines
from modelcheck.syntax.symbols import Variable
from modelcheck.syntax.types import (
    BOOL,
    VOID,
    ChanType,
    FuncType,
    IntType,
    MapType,
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
            self.error(s.call, f"{keyword} discards result of {self.describe(s.call)}")

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

    def rhs_types(self, values: tuple[nodes.Expr, ...], count: int) -> list[Type] | None:
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
        if len(values) == 1 and isinstance(unparen(values[0]), nodes.CallExpr):
            value_type = self.expr(values[0])
            if isinstance(value_type, TupleType):
                callee = expr_string(unparen(values[0]).function)
                self.error(
                    values[0],
                    f"assignment mismatch: {plural(count, 'variable')} but {callee} returns "
                    f"{plural(len(value_type.items), 'value')}",
                )
                return None
            types = [self.as_value(values[0], value_type)]
        else:
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
        errors = len(self.diagnostics)
        targets = [self.lhs(target) for target in s.targets]
        types = self.rhs_types(s.values, len(s.targets))
        if types is not None:
            single = len(s.values) == len(s.targets)
            for index, target in enumerate(targets):
                if target is INVALID or types[index] is INVALID:
                    continue
                if single:
                    self.assign(s.values[index], target, "assignment")
                else:
                    self.assign_type(s.values[0], types[index], target, "assignment")
        if len(self.diagnostics) > errors:  # like Go: no "declared and not used" after an error
            for target in s.targets:
                self.mark_used(target)

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
        lines = self.lines.get(last.file)
        if lines is None:
            lines = self.lines[last.file] = source_lines(self.sources.get(last.file, ""))
        if 1 <= last.end_line <= len(lines):
            column = lines[last.end_line - 1].find(":=", last.end_column - 1)
            if column >= 0:
                return nodes.Span(last.file, last.end_line, column + 1, last.end_line, column + 3)
        return s.span

    def stmt_ShortVarDecl(self, s: nodes.ShortVarDecl, context: str = "assignment") -> None:
        fresh = [i for i in s.names if i.name != "_" and i.name not in self.scope.names]
        if not fresh:
            self.error(self.define_position(s), "no new variables on left side of :=")
        errors = len(self.diagnostics)
        types = self.rhs_types(s.values, len(s.names))
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
            variable = Variable(ident.name, variable_type, ident.span, role="local")
            self.declare(ident, variable)
            if len(self.diagnostics) > errors:  # like Go: no "declared and not used" after an error
                self.used.add(variable)
