"""Lowering of statements: control flow, assignment, loops (with their spin and unroll
markers), switch, select, go, defer and return."""

from __future__ import annotations

from modelcheck.ir import instructions as ir
from modelcheck.ir.builder import InCell, InRegister, Label, LoopLabels, LoweringError
from modelcheck.ir.layout import size, zero_value
from modelcheck.ir.lower_calls import CallLowering
from modelcheck.syntax import nodes
from modelcheck.syntax.symbols import SyncMethodSelection, Variable
from modelcheck.syntax.types import (
    INT,
    ArrayType,
    AtomicType,
    ChanType,
    IntType,
    MapType,
    PointerType,
    SliceType,
    UntypedType,
    is_string,
)


class StatementLowering(CallLowering):
    """Mixin: statements of the function being built."""

    loop_ids: int

    def statement(self, s: nodes.Stmt, label: str | None = None) -> None:
        method = getattr(self, "stmt_" + type(s).__name__, None)
        if method is None:
            raise LoweringError(s.span, f"{type(s).__name__} is not supported")
        if isinstance(s, nodes.ForStmt | nodes.RangeStmt | nodes.SwitchStmt | nodes.SelectStmt):
            method(s, label)
        else:
            method(s)

    def statements(self, body) -> None:
        for s in body:
            self.statement(s)

    def stmt_Block(self, s: nodes.Block) -> None:
        self.statements(s.statements)

    def stmt_EmptyStmt(self, s: nodes.EmptyStmt) -> None:
        pass

    def stmt_ExprStmt(self, s: nodes.ExprStmt) -> None:
        if isinstance(s.expr, nodes.CallExpr):
            self.call(s.expr)
        else:
            self.expr(s.expr)

    def stmt_SendStmt(self, s: nodes.SendStmt) -> None:
        channel = self.expr(s.channel)
        self.builder.emit(ir.Send(channel, self.expr(s.value), s.span, self.text(s.channel)))

    def stmt_LabeledStmt(self, s: nodes.LabeledStmt) -> None:
        self.statement(s.statement, s.label.name)

    def stmt_DeclStmt(self, s: nodes.DeclStmt) -> None:
        if isinstance(s.decl, nodes.VarDecl):
            for spec in s.decl.specs:
                self.declare_spec(spec.names, spec.values, s.span)

    def declare_spec(self, names, values, span) -> None:
        registers = self.value_list(values, len(names)) if values else [None] * len(names)
        for name, register in zip(names, registers, strict=True):
            variable = self.checked.symbols.get(name)
            if isinstance(variable, Variable):
                self.declare_variable(variable, register, name.span)

    def value_list(self, values, count: int) -> list[int]:
        """Evaluate the right side of an assignment of ``count`` values into fresh registers
        (fresh, so that ``a, b = b, a`` reads both before writing either)."""
        b = self.builder
        if len(values) == 1 and count > 1:
            return self.tuple_value(values[0], count)
        registers = []
        for value in values:
            register = self.expr(value)
            copy = b.new_register()
            b.emit(ir.Move(copy, register, value.span))
            registers.append(copy)
        return registers

    def tuple_value(self, e: nodes.Expr, count: int) -> list[int]:
        """A multi-value expression: a call, ``m[k]`` with ok, or ``<-c`` with ok."""
        b = self.builder
        inner = e
        while isinstance(inner, nodes.ParenExpr):
            inner = inner.inner
        if isinstance(inner, nodes.CallExpr):
            return self.call(inner)
        if isinstance(inner, nodes.IndexExpr):
            map_type = self.type_of(inner.operand)
            assert isinstance(map_type, MapType)
            map_register = self.expr(inner.operand)
            key = self.expr(inner.index)
            value, ok = b.new_register(), b.new_register()
            name = self.text(inner.operand)
            b.emit(ir.MapGet(value, ok, map_register, key, zero_value(map_type.value), e.span, name))
            return [value, ok]
        if isinstance(inner, nodes.UnaryExpr) and inner.op == "<-":
            channel_type = self.type_of(inner.operand)
            assert isinstance(channel_type, ChanType)
            channel = self.expr(inner.operand)
            value, ok = b.new_register(), b.new_register()
            b.emit(ir.Receive(value, ok, channel, zero_value(channel_type.element), e.span))
            return [value, ok]
        raise LoweringError(e.span, "expected a multi-valued expression")

    # ------------------------------------------------------------ assignment

    def stmt_AssignStmt(self, s: nodes.AssignStmt) -> None:
        if s.op != "=":
            self.compound_assign(s.targets[0], s.op[:-1], s.values[0], s.span)
            return
        targets = [self.prepare_target(target) for target in s.targets]
        values = self.value_list(s.values, len(s.targets))
        for target, value in zip(targets, values, strict=True):
            self.assign(target, value, s.span)

    def stmt_IncDecStmt(self, s: nodes.IncDecStmt) -> None:
        self.compound_assign(s.target, "+" if s.op == "++" else "-", None, s.span)

    def compound_assign(self, target: nodes.Expr, op: str, value: nodes.Expr | None, span) -> None:
        b = self.builder
        t = self.type_of(target)
        prepared = self.prepare_target(target)
        current = self.read_target(prepared, span)
        operand = self.expr(value) if value is not None else b.constant(1, span)
        result = b.new_register()
        b.emit(ir.Binary(result, op, current, operand, t, span))
        self.assign(prepared, result, span)

    def prepare_target(self, e: nodes.Expr):
        """Evaluate the operands of an assignment target (Go's first phase)."""
        while isinstance(e, nodes.ParenExpr):
            e = e.inner
        if isinstance(e, nodes.Ident):
            if e.name == "_":
                return ("blank",)
            variable = self.checked.symbols[e]
            assert isinstance(variable, Variable)
            where = self.location(variable)
            if isinstance(where, InRegister):
                return ("register", where.register, variable.type, variable.name)
        if isinstance(e, nodes.IndexExpr) and isinstance(self.type_of(e.operand), MapType):
            map_type = self.type_of(e.operand)
            return ("map", self.expr(e.operand), self.expr(e.index), map_type, self.text(e.operand))
        return ("memory", self.address(e), self.type_of(e), self.access_name(e))

    def read_target(self, target, span) -> int:
        kind = target[0]
        if kind == "register":
            return target[1]
        if kind == "map":
            result = self.builder.new_register()
            self.builder.emit(
                ir.MapGet(result, None, target[1], target[2], zero_value(target[3].value), span, target[4])
            )
            return result
        return self.load_value(target[1], target[2], target[3], span)

    def assign(self, target, value: int, span) -> None:
        kind = target[0]
        if kind == "register":
            self.builder.emit(ir.Move(target[1], value, span))
        elif kind == "map":
            self.builder.emit(ir.MapSet(target[1], target[2], value, span, target[4]))
        elif kind == "memory":
            self.store_value(target[1], target[2], value, target[3], span)

    def stmt_ShortVarDecl(self, s: nodes.ShortVarDecl) -> None:
        values = self.value_list(s.values, len(s.names))
        for name, value in zip(s.names, values, strict=True):
            self.define_or_assign(name, value, s.span)

    def define_or_assign(self, name: nodes.Ident, value: int, span) -> None:
        """``:=`` declares the names that are new and assigns the others."""
        if name.name == "_":
            return
        variable = self.checked.symbols[name]
        assert isinstance(variable, Variable)
        if variable in self.builder.locations and variable.span != name.span:
            self.write_variable(variable, value, span)
        else:
            self.declare_variable(variable, value, span)

    # ------------------------------------------------------------ control flow

    def stmt_IfStmt(self, s: nodes.IfStmt) -> None:
        b = self.builder
        if s.init is not None:
            self.statement(s.init)
        then, otherwise, done = Label(), Label(), Label()
        b.emit_branch(self.expr(s.condition), then, otherwise, s.span)
        b.place(then)
        self.statement(s.then)
        b.emit_jump(done)
        b.place(otherwise)
        if s.otherwise is not None:
            self.statement(s.otherwise)
        b.place(done)

    def live_registers(self) -> tuple[int, ...]:
        return tuple(
            sorted(
                where.register
                for where in self.builder.locations.values()
                if isinstance(where, InRegister | InCell)
            )
        )

    def loop(self, label, span, head_code, body_code, post_code, live_extra=()) -> None:
        """The common loop shape: LoopEnter; head (may exit); body; continue: post; LoopBack."""
        b = self.builder
        self.loop_ids += 1
        loop_id = self.loop_ids
        live = tuple(sorted(set(self.live_registers()) | set(live_extra)))
        head, body, proceed, done = Label(), Label(), Label(), Label()
        b.emit(ir.LoopEnter(loop_id, live, span))
        b.place(head)
        head_code(body, done)
        b.place(body)
        b.emit(ir.LoopIteration(loop_id, span))
        b.targets.append(LoopLabels(label, done, proceed))
        body_code()
        b.targets.pop()
        b.place(proceed)
        post_code()
        b.emit(ir.LoopBack(loop_id, live, span))
        b.emit_jump(head, span)
        b.place(done)

    def stmt_ForStmt(self, s: nodes.ForStmt, label: str | None = None) -> None:
        b = self.builder
        declared: list[Variable] = []
        if s.init is not None:
            self.statement(s.init)
            if isinstance(s.init, nodes.ShortVarDecl):
                declared = [self.checked.symbols[n] for n in s.init.names if n.name != "_"]  # type: ignore[misc]

        def head(body: Label, done: Label) -> None:
            if s.condition is None:
                b.emit_jump(body)
            else:
                b.emit_branch(self.expr(s.condition), body, done, s.span)

        def post() -> None:
            # Go 1.22: each iteration has its own copy of the loop variables.
            for variable in declared:
                where = b.locations[variable]
                if isinstance(where, InCell) and variable.escapes:
                    value = self.load_value(where.register, variable.type, variable.name, s.span)
                    b.emit(ir.Alloc(where.register, variable.type, variable.name, False, s.span))
                    self.store_value(
                        where.register, variable.type, value, variable.name, s.span, initialize=True
                    )
            if s.post is not None:
                self.statement(s.post)

        self.loop(label, s.span, head, lambda: self.statement(s.body), post)

    def stmt_RangeStmt(self, s: nodes.RangeStmt, label: str | None = None) -> None:
        b = self.builder
        t = self.type_of(s.iterable)
        if isinstance(t, ChanType):
            self.range_channel(s, label, t)
            return
        if isinstance(t, MapType):
            self.range_map(s, label)
            return
        if is_string(t):
            raise LoweringError(s.span, "range over a string is not supported")
        element_type = None
        if isinstance(t, IntType | UntypedType):
            count = self.expr(s.iterable)
            element = None
        elif isinstance(t, SliceType):
            base = self.expr(s.iterable)
            count = b.new_register()
            b.emit(ir.Length(count, base, "slice", "len", s.span))
            element, element_type = ("slice", base), t.element
        else:
            array_type = t.element if isinstance(t, PointerType) else t
            assert isinstance(array_type, ArrayType)
            count = b.constant(array_type.length, s.span)
            element_type = array_type.element
            if isinstance(t, PointerType):
                element = ("array", self.expr(s.iterable), array_type)
            elif self.in_memory(s.iterable):
                element = ("array", self.address(s.iterable), array_type)
            else:
                element = ("tuple", self.expr(s.iterable), array_type)
        index = b.constant(0, s.span)

        def head(body: Label, done: Label) -> None:
            condition = b.new_register()
            b.emit(ir.Binary(condition, "<", index, count, INT, s.span))
            b.emit_branch(condition, body, done, s.span)

        def body() -> None:
            key_value = index
            value = None
            if s.value is not None and not (isinstance(s.value, nodes.Ident) and s.value.name == "_"):
                value = self.range_element(element, index, element_type, s)
            self.bind_range(s, s.key, key_value)
            if value is not None:
                self.bind_range(s, s.value, value)
            self.statement(s.body)

        def post() -> None:
            b.emit(ir.Binary(index, "+", index, b.constant(1, s.span), INT, s.span))

        self.loop(label, s.span, head, body, post, (index,))

    def range_element(self, element, index: int, element_type, s: nodes.RangeStmt) -> int:
        b = self.builder
        kind = element[0]
        if kind == "slice":
            address = b.new_register()
            b.emit(ir.SliceElementAddress(address, element[1], index, size(element_type), s.span))
            return self.load_value(address, element_type, self.text(s.iterable), s.span)
        if kind == "array":
            array_type = element[2]
            address = b.new_register()
            b.emit(
                ir.ArrayElementAddress(
                    address, element[1], index, array_type.length, size(element_type), s.span
                )
            )
            return self.load_value(address, element_type, self.text(s.iterable), s.span)
        value = b.new_register()
        b.emit(ir.Unpack(value, element[1], index, True, element[2].length, s.span))
        return value

    def bind_range(self, s: nodes.RangeStmt, target: nodes.Expr | None, value: int) -> None:
        if target is None or (isinstance(target, nodes.Ident) and target.name == "_"):
            return
        if s.define:
            assert isinstance(target, nodes.Ident)
            variable = self.checked.symbols[target]
            assert isinstance(variable, Variable)
            self.declare_variable(variable, value, s.span)
        else:
            self.assign(self.prepare_target(target), value, s.span)

    def range_map(self, s: nodes.RangeStmt, label) -> None:
        """Each iteration asks the machine for the next entry (``MapNext``), so entries
        deleted or added by the body count as Go says, and every order is explored."""
        b = self.builder
        map_register = self.expr(s.iterable)
        iterator = b.constant(None, s.span)
        key, value, ok = b.new_register(), b.new_register(), b.new_register()

        def head(body: Label, done: Label) -> None:
            b.emit(ir.MapNext(key, value, ok, map_register, iterator, s.span))
            b.emit_branch(ok, body, done, s.span)

        def body() -> None:
            self.bind_range(s, s.key, key)
            if s.value is not None:
                self.bind_range(s, s.value, value)
            self.statement(s.body)

        self.loop(label, s.span, head, body, lambda: None, (iterator,))

    def range_channel(self, s: nodes.RangeStmt, label, t: ChanType) -> None:
        b = self.builder
        channel = self.expr(s.iterable)
        value, ok = b.new_register(), b.new_register()

        def head(body: Label, done: Label) -> None:
            b.emit(ir.Receive(value, ok, channel, zero_value(t.element), s.span))
            b.emit_branch(ok, body, done, s.span)

        def body() -> None:
            self.bind_range(s, s.key, value)
            self.statement(s.body)

        self.loop(label, s.span, head, body, lambda: None)

    def stmt_SwitchStmt(self, s: nodes.SwitchStmt, label: str | None = None) -> None:
        b = self.builder
        if s.init is not None:
            self.statement(s.init)
        tag = self.expr(s.tag) if s.tag is not None else None
        tag_type = self.type_of(s.tag) if s.tag is not None else None
        done = Label()
        bodies = [Label() for _ in s.clauses]
        default_body = None
        for clause, body in zip(s.clauses, bodies, strict=True):
            if clause.is_default:
                default_body = body
                continue
            for expression in clause.expressions:
                value = self.expr(expression)
                if tag is not None:
                    condition = b.new_register()
                    b.emit(ir.Binary(condition, "==", tag, value, tag_type, expression.span))
                    value = condition
                following = Label()
                b.emit_branch(value, body, following, expression.span)
                b.place(following)
        b.emit_jump(default_body or done)
        b.targets.append(LoopLabels(label, done, None))
        for clause, body in zip(s.clauses, bodies, strict=True):
            b.place(body)
            self.statements(clause.body)
            b.emit_jump(done)
        b.targets.pop()
        b.place(done)

    def stmt_SelectStmt(self, s: nodes.SelectStmt, label: str | None = None) -> None:
        b = self.builder
        cases: list[ir.SelectCase] = []
        clauses = [clause for clause in s.clauses if not clause.is_default]
        default = next((clause for clause in s.clauses if clause.is_default), None)
        for clause in clauses:
            comm = clause.comm
            if isinstance(comm, nodes.SendStmt):
                channel = self.expr(comm.channel)
                cases.append(ir.SelectCase("send", channel, self.expr(comm.value), None, comm.span))
            else:
                receive = self.select_receive(comm)
                channel_type = self.type_of(receive.operand)
                assert isinstance(channel_type, ChanType)
                channel = self.expr(receive.operand)
                cases.append(
                    ir.SelectCase("receive", channel, None, zero_value(channel_type.element), comm.span)
                )
        chosen, value, ok = b.new_register(), b.new_register(), b.new_register()
        b.emit(ir.Select(chosen, value, ok, tuple(cases), default is not None, s.span))
        done = Label()
        b.targets.append(LoopLabels(label, done, None))
        for index, clause in enumerate([*clauses, default] if default else clauses):
            is_default = clause is default
            condition = b.new_register()
            b.emit(
                ir.Binary(condition, "==", chosen, b.constant(-1 if is_default else index), INT, clause.span)
            )
            body, following = Label(), Label()
            b.emit_branch(condition, body, following, clause.span)
            b.place(body)
            if not is_default:
                self.bind_select(clause.comm, value, ok)
            self.statements(clause.body)
            b.emit_jump(done)
            b.place(following)
        b.targets.pop()
        b.place(done)

    @staticmethod
    def select_receive(comm: nodes.Stmt) -> nodes.UnaryExpr:
        if isinstance(comm, nodes.ExprStmt):
            expression = comm.expr
        elif isinstance(comm, nodes.AssignStmt | nodes.ShortVarDecl):
            expression = comm.values[0]
        else:
            raise LoweringError(comm.span, "unsupported select case")
        while isinstance(expression, nodes.ParenExpr):
            expression = expression.inner
        assert isinstance(expression, nodes.UnaryExpr) and expression.op == "<-"
        return expression

    def bind_select(self, comm: nodes.Stmt, value: int, ok: int) -> None:
        if isinstance(comm, nodes.ShortVarDecl):
            for name, register in zip(comm.names, (value, ok), strict=False):
                self.define_or_assign(name, register, comm.span)
        elif isinstance(comm, nodes.AssignStmt):
            for target, register in zip(comm.targets, (value, ok), strict=False):
                self.assign(self.prepare_target(target), register, comm.span)

    def stmt_BranchStmt(self, s: nodes.BranchStmt) -> None:
        b = self.builder
        label = s.label.name if s.label is not None else None
        for target in reversed(b.targets):
            if label is not None and target.label != label:
                continue
            if s.keyword == "break":
                b.emit_jump(target.break_target, s.span)  # type: ignore[arg-type]
                return
            if s.keyword == "continue" and target.continue_target is not None:
                b.emit_jump(target.continue_target, s.span)  # type: ignore[arg-type]
                return
        raise LoweringError(s.span, f"{s.keyword} is not supported here")

    def stmt_ReturnStmt(self, s: nodes.ReturnStmt) -> None:
        b = self.builder
        if s.values:
            values = self.value_list(s.values, len(b.named_results))
            for index, value in enumerate(values):
                variable = b.named_results[index]
                if variable is not None:
                    self.write_variable(variable, value, s.span)
                else:
                    b.emit(ir.Move(b.result_registers[index], value, s.span))
        b.emit_jump(b.epilogue, s.span)

    # ------------------------------------------------------------ go and defer

    def stmt_GoStmt(self, s: nodes.GoStmt) -> None:
        function, callee, arguments = self.deferred_call(s.call)
        self.builder.emit(ir.Go(function, callee, tuple(arguments), s.span))

    def stmt_DeferStmt(self, s: nodes.DeferStmt) -> None:
        function, callee, arguments = self.deferred_call(s.call)
        self.builder.emit(ir.Defer(function, callee, tuple(arguments), s.span))

    def deferred_call(self, e: nodes.CallExpr) -> tuple[str | None, int | None, list[int]]:
        """The function and evaluated arguments of a ``go``/``defer`` call. Calls of builtins,
        fmt, sync and atomic become small generated functions taking the evaluated values."""
        info = self.checked.calls[e]
        if info.kind in ("function", "method", "closure"):
            return self.callee_and_arguments(e, info)
        if info.kind == "sync":
            selector = e.function
            assert isinstance(selector, nodes.SelectorExpr)
            selection = self.checked.selections[selector]
            assert isinstance(selection, SyncMethodSelection)
            address = self.receiver(selector.operand, True, selection.receiver_pointer)
            operands = [self.expr(argument) for argument in e.arguments]  # type: ignore[arg-type]
            values = [address, *operands]
            return self.thunk(e, values, lambda regs: self.emit_sync(selection, regs[0], regs[1:], e))
        if info.kind == "builtin" and info.target in ("close", "panic"):
            value = self.expr(e.arguments[0])  # type: ignore[arg-type]
            value_type = self.type_of(e.arguments[0])
            if info.target == "close":
                name = self.text(e.arguments[0])
                return self.thunk(e, [value], lambda regs: self.builder.emit(ir.Close(regs[0], e.span, name)))
            return self.thunk(
                e, [value], lambda regs: self.builder.emit(ir.Panic(regs[0], value_type, e.span))
            )
        if info.kind in ("builtin", "package") and str(info.target) in (
            "print",
            "println",
            "fmt.Print",
            "fmt.Println",
            "fmt.Printf",
        ):
            name = str(info.target)
            kind = {"fmt.Print": "Sprint", "fmt.Println": "Sprintln", "fmt.Printf": "Sprintf"}.get(name, name)
            text = self.format(e, kind, list(e.arguments))
            return self.thunk(e, [text], lambda regs: self.builder.emit(ir.Print(regs[0], e.span)))
        if info.kind == "package" and str(info.target) in ("time.Sleep", "runtime.Gosched"):
            self.call(e)
            return self.thunk(e, [], lambda regs: None)
        if info.kind == "builtin" and info.target == "recover":
            return self.thunk(e, [], lambda regs: None)  # recover not called by a deferred function
        raise LoweringError(e.span, f"go/defer of {info.target} is not supported")

    def emit_sync(self, selection: SyncMethodSelection, address: int, operands: list[int], e) -> None:
        b = self.builder
        name = self.text(e.function.operand)
        if isinstance(selection.type, AtomicType):
            self.atomic_operation(selection.name, address, operands, selection.type.value_type, name, e.span)
            return
        operation = f"{selection.type}.{selection.name}".removeprefix("sync.")
        if operation == "Once.Do":
            b.emit(ir.Call((), "$once_do", None, (address, operands[0]), e.span))
        elif operation == "WaitGroup.Done":
            b.emit(ir.SyncOp(None, address, "WaitGroup.Add", b.constant(-1), e.span))
        elif operation == "RWMutex.Lock":
            b.emit(ir.SyncOp(None, address, "RWMutex.Lock", None, e.span))
            b.emit(ir.SyncOp(None, address, "RWMutex.Acquire", None, e.span))
        else:
            argument = operands[0] if operands else None
            dst = b.new_register() if operation.endswith(("TryLock", "TryRLock")) else None
            b.emit(ir.SyncOp(dst, address, operation, argument, e.span))

    def thunk(self, e: nodes.CallExpr, values: list[int], emit_body) -> tuple[str, None, list[int]]:
        """A generated function whose parameters are ``values`` and whose body emit_body
        writes (given the parameter registers)."""
        name = self.new_thunk_name()  # type: ignore[attr-defined]

        def body(parameters: list[int]) -> None:
            emit_body(parameters)

        self.build_function(  # type: ignore[attr-defined]
            name, self.text(e), parameters=len(values), body=body, span=e.span
        )
        return name, None, values


__all__ = ["StatementLowering"]
