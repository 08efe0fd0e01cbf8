"""Lowering of calls: user functions, methods, closures, conversions, builtins, fmt, time,
runtime, sync and sync/atomic."""

from __future__ import annotations

from modelcheck.ir import instructions as ir
from modelcheck.ir.builder import LoweringError
from modelcheck.ir.layout import size
from modelcheck.ir.lower_expressions import ExpressionLowering
from modelcheck.syntax import nodes
from modelcheck.syntax.symbols import (
    CallInfo,
    Function,
    Method,
    MethodSelection,
    SyncMethodSelection,
)
from modelcheck.syntax.types import (
    INT,
    AtomicType,
    ChanType,
    MapType,
    PointerType,
    SliceType,
    TupleType,
    Type,
    VoidType,
    is_string,
)

ONCE_DO = "$once_do"
ONCE_END = "$once_end"


def function_ir_name(function: Function) -> str:
    """The IR name of a declared function: its own name, package-qualified in a library model
    (so that ``testing.tRunner`` and a program's ``tRunner`` stay apart)."""
    return f"{function.package}.{function.name}" if function.library else function.name


def method_function_name(method: Method) -> str:
    assert method.receiver_type is not None
    prefix = f"{method.package}." if method.library else ""
    return f"{prefix}{method.receiver_type.name}.{method.name}"


def position_text(span) -> str:
    """``cache_test.go:12``: a call's position as Go's testing package prints it."""
    return f"{span.file.replace(chr(92), '/').rsplit('/', 1)[-1]}:{span.line}"


class CallLowering(ExpressionLowering):
    """Mixin: calls. ``call`` returns the registers of the results."""

    def result_count(self, e: nodes.CallExpr) -> int:
        t = self.type_of(e)
        if isinstance(t, TupleType):
            return len(t.items)
        return 0 if isinstance(t, VoidType) else 1

    def call(self, e: nodes.CallExpr) -> list[int]:
        info = self.checked.calls[e]
        b = self.builder
        if info.kind in ("function", "method", "closure"):
            function, callee, arguments = self.callee_and_arguments(e, info)
            results = [b.new_register() for _ in range(self.result_count(e))]
            b.emit(ir.Call(tuple(results), function, callee, tuple(arguments), e.span))
            return results
        if info.kind == "formatted":
            return self.formatted_call(e, info.target)
        if info.kind == "conversion":
            return [self.conversion(e, info.target)]  # type: ignore[arg-type]
        if info.kind == "builtin":
            return self.builtin(e, str(info.target))
        if info.kind == "package":
            return self.package_call(e, str(info.target))
        if info.kind == "sync":
            return self.sync_call(e)
        raise LoweringError(e.span, f"unsupported call kind {info.kind}")

    def callee_and_arguments(
        self, e: nodes.CallExpr, info: CallInfo
    ) -> tuple[str | None, int | None, list[int]]:
        """The function name or closure register, and the evaluated arguments (receiver first
        for methods), in Go's left-to-right order."""
        if info.kind == "function":
            assert isinstance(info.target, Function)
            return function_ir_name(info.target), None, self.arguments(e)
        if info.kind == "method":
            selector = e.function
            assert isinstance(selector, nodes.SelectorExpr)
            selection = self.checked.selections[selector]
            assert isinstance(selection, MethodSelection)
            receiver = self.receiver(
                selector.operand, selection.method.pointer_receiver, selection.receiver_pointer
            )
            return method_function_name(selection.method), None, [receiver, *self.arguments(e)]
        callee = self.expr(e.function)  # type: ignore[arg-type]
        return None, callee, self.arguments(e)

    def formatted_call(self, e: nodes.CallExpr, formatted) -> list[int]:
        """``t.Errorf(format, args...)``: the library's ``Error__(at, message)`` with the call's
        position and the message formatted as fmt does."""
        selector = e.function
        assert isinstance(selector, nodes.SelectorExpr)
        selection = self.checked.selections[selector]
        assert isinstance(selection, MethodSelection)
        method = formatted.method
        receiver = self.receiver(selector.operand, method.pointer_receiver, selection.receiver_pointer)
        at = self.builder.constant(position_text(e.span), e.span)
        message = self.format(e, f"log {formatted.kind}", list(e.arguments))
        name = method_function_name(method)
        self.builder.emit(ir.Call((), name, None, (receiver, at, message), e.span))
        return []

    def receiver(self, operand: nodes.Expr, wants_pointer: bool, is_pointer: bool) -> int:
        """The receiver value a method gets: Go's implicit ``&x`` or ``*p``."""
        if wants_pointer:
            return self.expr(operand) if is_pointer else self.address(operand)
        if is_pointer:
            pointer = self.expr(operand)
            pointee = self.type_of(operand)
            assert isinstance(pointee, PointerType)
            return self.load_value(pointer, pointee.element, self.text(operand), operand.span)
        return self.expr(operand)

    def arguments(self, e: nodes.CallExpr) -> list[int]:
        if len(e.arguments) == 1 and isinstance(self.type_of(e.arguments[0]), TupleType):
            inner = e.arguments[0]
            assert isinstance(inner, nodes.CallExpr)
            return self.call(inner)
        return [self.expr(argument) for argument in e.arguments]  # type: ignore[arg-type]

    def conversion(self, e: nodes.CallExpr, target: Type) -> int:
        argument = e.arguments[0]
        assert isinstance(argument, nodes.Expr)
        if e in self.checked.constants:
            return self.builder.constant(self.checked.constants[e], e.span)
        value = self.expr(argument)
        result = self.builder.new_register()
        self.builder.emit(ir.Convert(result, value, self.type_of(argument), target, e.span))
        return result

    # ------------------------------------------------------------ builtins

    def builtin(self, e: nodes.CallExpr, name: str) -> list[int]:
        b = self.builder
        arguments = e.arguments
        if e in self.checked.constants:
            return [b.constant(self.checked.constants[e], e.span)]
        if name in ("len", "cap"):
            operand = arguments[0]
            t = self.type_of(operand)
            value = self.expr(operand)  # type: ignore[arg-type]
            result = b.new_register()
            if isinstance(t, MapType):
                b.emit(ir.MapLength(result, value, e.span))
            elif isinstance(t, ChanType):
                b.emit(ir.ChannelLength(result, value, name, e.span))
            else:
                kind = "string" if is_string(t) else "slice"
                b.emit(ir.Length(result, value, kind, name, e.span))
            return [result]
        if name == "make":
            return [self.make(e)]
        if name == "new":
            t = self.type_of(e)
            assert isinstance(t, PointerType)
            return [self.allocate(t.element, "", None, e.span)]
        if name == "append":
            return [self.append(e)]
        if name == "close":
            b.emit(ir.Close(self.expr(arguments[0]), e.span, self.text(arguments[0])))  # type: ignore[arg-type]
            return []
        if name == "panic":
            argument = arguments[0]
            b.emit(ir.Panic(self.expr(argument), self.type_of(argument), e.span))  # type: ignore[arg-type]
            return []
        if name == "recover":
            result = b.new_register()
            b.emit(ir.Recover(result, e.span))
            return [result]
        if name in ("print", "println"):
            self.print_call(e, name, list(arguments))
            return []
        if name == "delete":
            map_register = self.expr(arguments[0])  # type: ignore[arg-type]
            key = self.expr(arguments[1])  # type: ignore[arg-type]
            b.emit(ir.MapDelete(map_register, key, e.span, self.text(arguments[0])))
            return []
        if name in ("min", "max"):
            values = [self.expr(argument) for argument in arguments]  # type: ignore[arg-type]
            result = values[0]
            for value in values[1:]:
                combined = b.new_register()
                b.emit(ir.Binary(combined, name, result, value, self.type_of(e), e.span))
                result = combined
            return [result]
        raise LoweringError(e.span, f"builtin {name} is not supported")

    def make(self, e: nodes.CallExpr) -> int:
        b = self.builder
        t = self.type_of(e)
        extra = [self.expr(argument) for argument in e.arguments[1:]]  # type: ignore[arg-type]
        result = b.new_register()
        if isinstance(t, SliceType):
            b.emit(
                ir.MakeSlice(result, t.element, extra[0], extra[1] if len(extra) > 1 else None, "", e.span)
            )
        elif isinstance(t, MapType):
            b.emit(ir.MakeMap(result, "", e.span))
        elif isinstance(t, ChanType):
            b.emit(ir.MakeChan(result, t.element, extra[0] if extra else None, e.span))
        else:
            raise LoweringError(e.span, f"cannot make {t}")
        return result

    def append(self, e: nodes.CallExpr) -> int:
        """``append(s, x, y)``: grow s, then store the new elements (writes, so events when the
        backing array is shared). ``append(s, t...)`` copies t's elements one by one."""
        b = self.builder
        t = self.type_of(e)
        assert isinstance(t, SliceType)
        element_size = size(t.element)
        base = self.expr(e.arguments[0])  # type: ignore[arg-type]
        old_length = b.new_register()
        b.emit(ir.Length(old_length, base, "slice", "len", e.span))
        if e.spread:
            source = self.expr(e.arguments[1])  # type: ignore[arg-type]
            count = b.new_register()
            kind = "string" if is_string(self.type_of(e.arguments[1])) else "slice"
            b.emit(ir.Length(count, source, kind, "len", e.span))
            result = self.grow(base, count, t.element, self.text(e.arguments[0]), e.span)
            self.copy_loop(
                result, old_length, source, count, t.element, kind, e.span, self.text(e.arguments[1])
            )
            return result
        values = [self.expr(argument) for argument in e.arguments[1:]]  # type: ignore[arg-type]
        result = self.grow(base, b.constant(len(values)), t.element, self.text(e.arguments[0]), e.span)
        for offset, value in enumerate(values):
            index = b.new_register()
            b.emit(ir.Binary(index, "+", old_length, b.constant(offset), INT, e.span))
            address = b.new_register()
            b.emit(ir.SliceElementAddress(address, result, index, element_size, e.span))
            self.store_value(address, t.element, value, self.text(e.arguments[0]), e.span)
        return result

    def grow(self, base: int, count: int, element: Type, name: str, span) -> int:
        """The slice ``base`` grown by ``count`` elements. A reallocation copies the old
        elements with loads, as Go's growslice reads them: a write racing with it is a race."""
        b = self.builder
        result, copied = b.new_register(), b.new_register()
        b.emit(ir.AppendPrepare(result, copied, base, count, element, "", span))
        self.copy_loop(
            result, b.constant(0, span), base, copied, element, "slice", span, name, initialize=True
        )
        return result

    def copy_loop(
        self,
        target,
        start,
        source,
        count,
        element: Type,
        kind: str,
        span,
        name: str,
        initialize: bool = False,
    ) -> None:
        """for i := 0; i < count; i++ { target[start+i] = source[i] }; ``name`` names source's
        elements in reports; ``initialize``: target is a fresh array nobody else can see yet,
        so its stores are not events."""
        b = self.builder
        i = b.constant(0, span)
        one = b.constant(1, span)
        head, body, done = self.new_label(), self.new_label(), self.new_label()
        b.place(head)
        condition = b.new_register()
        b.emit(ir.Binary(condition, "<", i, count, INT, span))
        b.emit_branch(condition, body, done, span)
        b.place(body)
        if kind == "string":
            value = b.new_register()
            b.emit(ir.StringIndex(value, source, i, span))
        else:
            source_address = b.new_register()
            b.emit(ir.SliceElementAddress(source_address, source, i, size(element), span))
            value = self.load_value(source_address, element, name, span)
        index = b.new_register()
        b.emit(ir.Binary(index, "+", start, i, INT, span))
        target_address = b.new_register()
        b.emit(ir.SliceElementAddress(target_address, target, index, size(element), span))
        self.store_value(target_address, element, value, "", span, initialize)
        b.emit(ir.Binary(i, "+", i, one, INT, span))
        b.emit_jump(head, span)
        b.place(done)

    def print_call(self, e: nodes.CallExpr, kind: str, arguments: list) -> None:
        text = self.format(e, kind, arguments)
        self.builder.emit(ir.Print(text, e.span))

    def format(self, e: nodes.CallExpr, kind: str, arguments: list) -> int:
        registers = tuple(self.expr(argument) for argument in arguments)
        types = tuple(self.type_of(argument) for argument in arguments)
        result = self.builder.new_register()
        names = tuple(self.text(argument) for argument in arguments)
        self.builder.emit(ir.Format(result, kind, registers, types, e.span, names))
        return result

    # ------------------------------------------------------------ packages

    def package_call(self, e: nodes.CallExpr, name: str) -> list[int]:
        b = self.builder
        package, _, member = name.partition(".")
        arguments = list(e.arguments)
        if package == "fmt":
            if member in ("Print", "Println", "Printf"):
                kind = {"Print": "Sprint", "Println": "Sprintln", "Printf": "Sprintf"}[member]
                text = self.format(e, kind, arguments)
                b.emit(ir.Print(text, e.span))
                results = []
                if self.result_count(e):  # n, err: the byte count and a nil error
                    results = [b.new_register(), b.constant(None)]
                    b.emit(ir.Length(results[0], text, "string", "len", e.span))
                return results
            if member in ("Sprint", "Sprintln", "Sprintf"):
                return [self.format(e, member, arguments)]
        if package == "time" and member == "Sleep":
            self.expr(arguments[0])  # type: ignore[arg-type]
            return []  # a scheduling point and nothing more: no event
        if package == "runtime" and member == "Gosched":
            return []
        if package == "runtime" and member == "Goexit":
            b.emit(ir.Goexit(e.span))
            return []
        if package in ("atomic", "sync/atomic"):
            return self.atomic_function(e, member)
        raise LoweringError(e.span, f"{name} is not supported")

    def atomic_function(self, e: nodes.CallExpr, member: str) -> list[int]:
        """``atomic.AddInt64(&x, 1)`` and friends: the first argument is the address."""
        pointer_type = self.type_of(e.arguments[0])
        assert isinstance(pointer_type, PointerType)
        value_type = pointer_type.element
        address = self.expr(e.arguments[0])  # type: ignore[arg-type]
        operands = [self.expr(argument) for argument in e.arguments[1:]]  # type: ignore[arg-type]
        name = self.text(e.arguments[0]).lstrip("&")
        return self.atomic_operation(
            member.rstrip("0123456789").removesuffix("Int").removesuffix("Uint"),
            address,
            operands,
            value_type,
            name,
            e.span,
        )

    def atomic_operation(
        self, operation: str, address: int, operands: list[int], value_type: Type, name: str, span
    ) -> list[int]:
        b = self.builder
        if operation == "Load":
            result = b.new_register()
            b.emit(ir.Load(result, address, True, name, span))
            return [result]
        if operation == "Store":
            b.emit(ir.Store(address, operands[0], True, name, False, span))
            return []
        result = b.new_register()
        if operation == "Add":
            b.emit(ir.AtomicUpdate(result, address, "add", operands[0], None, value_type, name, span))
        elif operation == "Swap":
            b.emit(ir.AtomicUpdate(result, address, "swap", operands[0], None, value_type, name, span))
        elif operation == "CompareAndSwap":
            b.emit(ir.AtomicUpdate(result, address, "cas", operands[0], operands[1], value_type, name, span))
        else:
            raise LoweringError(span, f"atomic {operation} is not supported")
        return [result]

    # ------------------------------------------------------------ sync

    def sync_call(self, e: nodes.CallExpr) -> list[int]:
        b = self.builder
        selector = e.function
        assert isinstance(selector, nodes.SelectorExpr)
        selection = self.checked.selections[selector]
        assert isinstance(selection, SyncMethodSelection)
        address = self.receiver(selector.operand, True, selection.receiver_pointer)
        operands = [self.expr(argument) for argument in e.arguments]  # type: ignore[arg-type]
        name = self.text(selector.operand)
        if isinstance(selection.type, AtomicType):
            return self.atomic_operation(
                selection.name, address, operands, selection.type.value_type, name, e.span
            )
        operation = f"{selection.type}.{selection.name}".removeprefix("sync.")
        if operation == "Once.Do":
            b.emit(ir.Call((), ONCE_DO, None, (address, operands[0]), e.span))
            return []
        if operation == "WaitGroup.Done":
            b.emit(ir.SyncOp(None, address, "WaitGroup.Add", b.constant(-1), e.span))
            return []
        if operation == "WaitGroup.Add":
            b.emit(ir.SyncOp(None, address, "WaitGroup.Add", operands[0], e.span))
            return []
        if operation == "RWMutex.Lock":
            b.emit(ir.SyncOp(None, address, "RWMutex.Lock", None, e.span))
            b.emit(ir.SyncOp(None, address, "RWMutex.Acquire", None, e.span))
            return []
        if operation.endswith(("TryLock", "TryRLock")):
            result = b.new_register()
            b.emit(ir.SyncOp(result, address, operation, None, e.span))
            return [result]
        b.emit(ir.SyncOp(None, address, operation, None, e.span))
        return []


def once_functions(span) -> list[ir.Function]:
    """``$once_do(o, f)``: if Once.Begin says so, run f with Once.End deferred (so a panicking
    f still completes the Once, as Go's does); ``$once_end(o)``."""
    do = ir.Function(
        name=ONCE_DO,
        display_name="sync.(*Once).Do",
        param_count=2,
        result_count=0,
        register_count=3,
        code=[
            ir.SyncOp(2, 0, "Once.Begin", None, span),
            ir.Branch(2, 2, 5, span),
            ir.Defer(ONCE_END, None, (0,), span),
            ir.Call((), None, 1, (), span),
            ir.Jump(5, span),
            ir.RunDefers(span),
            ir.Return((), span),
        ],
        epilogue=5,
        span=span,
    )
    end = ir.Function(
        name=ONCE_END,
        display_name="sync.(*Once).doSlow",
        param_count=1,
        result_count=0,
        register_count=1,
        code=[ir.SyncOp(None, 0, "Once.End", None, span), ir.RunDefers(span), ir.Return((), span)],
        epilogue=1,
        span=span,
    )
    return [do, end]


__all__ = ["CallLowering", "once_functions"]
