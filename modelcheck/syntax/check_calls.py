"""Selectors (fields, methods, sync/atomic methods, package members) and calls (functions,
methods, closures, conversions, builtins, package functions)."""

from __future__ import annotations

from collections.abc import Callable

from modelcheck.syntax import constants as const
from modelcheck.syntax import nodes
from modelcheck.syntax.check_expressions import unparen
from modelcheck.syntax.constants import expr_string
from modelcheck.syntax.symbols import (
    Builtin,
    CallInfo,
    Constant,
    FieldSelection,
    Function,
    MemberSelection,
    Method,
    MethodSelection,
    PackageName,
    QualifiedSelection,
    SyncMethodSelection,
    TypeSymbol,
)
from modelcheck.syntax.types import (
    INT,
    INT_TYPES,
    NIL,
    STRING,
    UNTYPED_STRING,
    VOID,
    AtomicType,
    BoolType,
    FormattedMethod,
    FuncType,
    IntType,
    PointerType,
    SliceType,
    StringType,
    StructType,
    SyncType,
    TupleType,
    Type,
    UntypedType,
)
from modelcheck.syntax.universe import (
    DURATION,
    FMT_FUNCTIONS,
    INVALID,
    KNOWN_UNSUPPORTED,
    PACKAGE_NAMES,
    TIME_CONSTANTS,
    UNSUPPORTED_MEMBERS,
    atomic_function_type,
    atomic_method_type,
    sync_method_type,
)

VALUE_BUILTINS = ("len", "cap", "make", "new", "append", "min", "max")


def results_type(signature: FuncType) -> Type:
    if not signature.results:
        return VOID
    if len(signature.results) == 1:
        return signature.results[0]
    return TupleType(signature.results)


def formatted_alias(base: StructType, name: str) -> FormattedMethod | None:
    """The ``X__`` method of a library struct that ``name`` (``X`` or ``Xf``) stands for."""
    if not base.library:
        return None
    method = base.methods.get(name + "__")
    if method is not None:
        return FormattedMethod(method, "Sprintln")
    method = base.methods.get(name.removesuffix("f") + "__") if name.endswith("f") else None
    return FormattedMethod(method, "Sprintf") if method is not None else None


class CallChecker:
    """Selectors and calls."""

    # ------------------------------------------------------------ selectors

    def package_of(self, e: nodes.SelectorExpr) -> PackageName | None:
        if isinstance(e.operand, nodes.Ident):
            symbol = self.scope.lookup(e.operand.name)
            if isinstance(symbol, PackageName):
                self.resolve(e.operand)
                return symbol
        return None

    def selector(self, e: nodes.SelectorExpr) -> Type:
        package = self.package_of(e)
        if package is not None and self.in_source(package, e.selector.name):
            return self.source_member(e, package)
        if package is not None:
            member = self.qualified(e, package)
            if isinstance(member, FuncType) or member is None:
                if member is not None:
                    self.error(e, f"{expr_string(e)} (package function) must be called")
                return INVALID
            return member
        operand = self.expr(e.operand)
        if e.operand in self.is_type:
            if operand is not INVALID:
                self.error(e, f"method expressions are not supported: {expr_string(e)}")
            return INVALID
        operand = self.as_value(e.operand, operand)
        if operand is INVALID:
            return INVALID
        through_pointer = isinstance(operand, PointerType)
        base = operand.element if through_pointer else operand
        if isinstance(base, StructType):
            selected = self.struct_member(e, operand, base, through_pointer)
        elif isinstance(base, SyncType | AtomicType):
            selected = self.sync_method(e, operand, base, through_pointer)
        else:
            selected = None
        if selected is not None:
            return selected
        name = e.selector.name
        self.error(e.selector, f"{expr_string(e)} undefined (type {operand} has no field or method {name})")
        return INVALID

    def struct_member(
        self, e: nodes.SelectorExpr, operand: Type, base: StructType, through_pointer: bool
    ) -> Type | None:
        """The field or declared method ``e`` selects (INVALID after an error), or None."""
        name = e.selector.name
        if base.library and base.package != self.unit.name and not name[:1].isupper():
            kind = "field" if base.field_index(name) is not None else "method"
            if base.field_index(name) is not None or name in base.methods:
                self.error(
                    e.selector, f"{expr_string(e)} undefined (cannot refer to unexported {kind} {name})"
                )
                return INVALID
            return None
        index = base.field_index(name)
        if index is not None and name != "_":
            self.result.selections[e] = FieldSelection(base, index, through_pointer)
            field_type = base.fields[index].type
            self.result.types[e.selector] = field_type
            return field_type
        method = base.methods.get(name)
        if method is None:
            formatted = formatted_alias(base, name) if not name.endswith("__") else None
            if formatted is None:
                return None
            method = formatted.method
        if method.pointer_receiver and not through_pointer and not self.pointer_receiver_of(e, operand):
            return INVALID
        self.result.selections[e] = MethodSelection(method, through_pointer)
        self.result.symbols[e.selector] = method
        if self.deps is not None:
            self.deps.add(method)
        if method.name != name:  # the formatted form of an X__ method
            self.result.types[e.selector] = formatted = formatted_alias(base, name)
            return formatted
        self.result.types[e.selector] = method.type
        return method.type

    def sync_method(
        self, e: nodes.SelectorExpr, operand: Type, base: SyncType | AtomicType, through_pointer: bool
    ) -> Type | None:
        """The sync or atomic method ``e`` selects (INVALID after an error), or None."""
        name = e.selector.name
        lookup = sync_method_type if isinstance(base, SyncType) else atomic_method_type
        signature = lookup(base.kind, name)
        if signature is None:
            return None
        if not through_pointer and not self.pointer_receiver_of(e, operand):
            return INVALID
        self.result.selections[e] = SyncMethodSelection(base, name, through_pointer)
        self.result.types[e.selector] = signature
        return signature

    def pointer_receiver_of(self, e: nodes.SelectorExpr, operand: Type) -> bool:
        """A pointer method called on the value ``e.operand``: its address is taken, or it has
        none (an error)."""
        if not self.addressable(e.operand):
            self.error(e.selector, f"cannot call pointer method {e.selector.name} on {operand}")
            return False
        self.take_address(e.operand)
        return True

    @staticmethod
    def in_source(package: PackageName, member: str) -> bool:
        """Whether ``package.member`` is the Go source model's (else it is built in, as
        ``time.Sleep`` is beside the timers of the time model)."""
        if package.scope is None:
            return False
        return package.path not in PACKAGE_NAMES or member in package.scope.names

    def source_member(self, e: nodes.SelectorExpr, package: PackageName) -> Type:
        """``testing.Short``: an exported name of a package written in Go source, which then
        stands for that package's identifier."""
        name = e.selector.name
        symbol = package.scope.names.get(name) if name[:1].isupper() else None
        if symbol is None:
            if name in package.scope.names:
                self.error(e.selector, f"name {name} not exported by package {package.name}")
            else:
                self.error(e.selector, f"undefined: {package.name}.{name}")
            return INVALID
        self.result.selections[e] = MemberSelection(symbol)
        self.result.symbols[e.selector] = symbol
        if isinstance(symbol, TypeSymbol):
            self.is_type.add(e)
        if isinstance(symbol, Constant) and symbol.type is not None:
            self.result.constants[e] = symbol.value
        if isinstance(symbol, Function | Method) and self.deps is not None:
            self.deps.add(symbol)
        result = symbol.type or INVALID
        self.result.types[e] = result
        return result

    def qualified(self, e: nodes.SelectorExpr, package: PackageName) -> Type | None:
        """A package member: its FuncType for functions, its type for constants and types."""
        name, member = package.name, e.selector.name
        if (name, member) in UNSUPPORTED_MEMBERS:
            self.error(e, UNSUPPORTED_MEMBERS[(name, member)])
            return None
        selection = QualifiedSelection(package.path, member)
        result: Type | None = None
        if name == "fmt" and member in FMT_FUNCTIONS:
            result = FuncType((), (STRING,) if FMT_FUNCTIONS[member] else ())
        elif name == "time" and member == "Sleep":
            result = FuncType((DURATION,), ())
        elif name == "time" and member in TIME_CONSTANTS:
            self.result.constants[e] = TIME_CONSTANTS[member]
            result = DURATION
        elif name == "time" and member == "Duration":
            self.is_type.add(e)
            result = DURATION
        elif name == "runtime" and member in ("Gosched", "Goexit"):
            result = FuncType((), ())
        elif name == "runtime" and member == "NumGoroutine":
            result = FuncType((), (INT,))
        elif name == "atomic":
            result = atomic_function_type(member)
            if result is None and member in ("Int32", "Int64", "Uint32", "Uint64", "Bool"):
                self.is_type.add(e)
                result = AtomicType(member)
        elif name == "sync" and member in ("Mutex", "RWMutex", "WaitGroup", "Once"):
            self.is_type.add(e)
            result = SyncType(member)
        if result is None:
            if member in KNOWN_UNSUPPORTED.get(name, ()):
                self.error(e.selector, f"{name}.{member} is not supported")
            else:
                self.error(e.selector, f"undefined: {name}.{member}")
            return None
        self.result.selections[e] = selection
        self.result.types[e] = result
        return result

    # ------------------------------------------------------------ calls

    def call(self, e: nodes.CallExpr) -> Type:
        function = unparen(e.function)
        if isinstance(function, nodes.Ident):
            symbol = self.scope.lookup(function.name)
            if isinstance(symbol, Builtin):
                self.result.symbols[function] = symbol
                self.result.calls[e] = CallInfo("builtin", symbol.name)
                return self.builtin(e, symbol.name)
        if isinstance(function, nodes.SelectorExpr):
            package = self.package_of(function)
            if package is not None and not self.in_source(package, function.selector.name):
                return self.package_call(e, function, package)
        callee = self.expr(e.function)
        if e.function in self.is_type:
            return self.conversion(e, callee)
        if isinstance(callee, FormattedMethod):
            return self.formatted_call(e, callee)
        callee = self.as_value(e.function, callee)
        if callee is INVALID:
            self.arguments_only(e.arguments)
            return INVALID
        if not isinstance(callee, FuncType):
            self.error(e, f"invalid operation: cannot call non-function {self.describe(e.function)}")
            self.arguments_only(e.arguments)
            return INVALID
        selection = self.result.selections.get(function) if isinstance(function, nodes.SelectorExpr) else None
        symbol = self.result.symbols.get(function) if isinstance(function, nodes.Ident) else None
        if isinstance(selection, MemberSelection):
            symbol = selection.symbol
        if isinstance(selection, MethodSelection):
            info = CallInfo("method", selection.method)
        elif isinstance(selection, SyncMethodSelection):
            info = CallInfo("sync", f"{selection.type}.{selection.name}")
        elif isinstance(symbol, Function):
            info = CallInfo("function", symbol)
        else:
            info = CallInfo("closure")
        self.result.calls[e] = info
        self.arguments(e, callee.params)
        return results_type(callee)

    def arguments_only(self, arguments) -> None:
        """Check arguments of a call that is already wrong, to find their own errors."""
        for argument in arguments:
            if self.value(argument) not in (INVALID, NIL):
                self.default_value(argument, "argument")

    def arguments(self, e: nodes.CallExpr, params: tuple[Type, ...], name: str | None = None) -> None:
        """Check a call's arguments against ``params``; ``name`` (default: the callee as written,
        computed only for a diagnostic) names the function in messages."""

        def called() -> str:
            return name if name is not None else expr_string(e.function)

        if e.spread:
            self.error(e, f"cannot use ... in call to non-variadic {called()}")
        arguments = e.arguments
        if len(arguments) == 1 and len(params) != 1:
            single = self.expr(arguments[0])
            if isinstance(single, TupleType):
                self.tuple_arguments(arguments[0], single, params, called)
                return
            types = [self.as_value(arguments[0], single)]
        else:
            types = [self.value(argument) for argument in arguments]
        if len(arguments) < len(params):
            self.error(self.closing_position(e), f"not enough arguments in call to {called()}")
        elif len(arguments) > len(params):
            self.error(arguments[len(params)], f"too many arguments in call to {called()}")
        for argument, argument_type, param in zip(arguments, types, params, strict=False):
            if argument_type is not INVALID:
                self.assign(argument, param, lambda: f"argument to {called()}")
        for argument in arguments[len(params) :]:
            self.default_value(argument, "argument")

    def tuple_arguments(
        self, argument: nodes.Expr, single: TupleType, params: tuple[Type, ...], called: Callable[[], str]
    ) -> None:
        """``f(g())`` where g returns several values: they are f's arguments."""
        if len(single.items) != len(params):
            word = "not enough" if len(single.items) < len(params) else "too many"
            self.error(argument, f"{word} arguments in call to {called()}")
            return
        for item, param in zip(single.items, params, strict=True):
            self.assign_type(argument, item, param, f"argument to {called()}")

    def closing_position(self, e: nodes.Node) -> nodes.Span:
        """The position of the closing parenthesis or brace of ``e`` (Go reports missing
        arguments and struct values there)."""
        span = e.span
        return nodes.Span(
            span.file, span.end_line, max(1, span.end_column - 1), span.end_line, span.end_column
        )

    def formatted_call(self, e: nodes.CallExpr, callee: FormattedMethod) -> Type:
        """``t.Errorf(format, args...)``: the arguments are checked as fmt's are."""
        self.result.calls[e] = CallInfo("formatted", callee)
        self.format_arguments(e, expr_string(e.function), callee.kind == "Sprintf")
        return VOID

    def format_arguments(self, e: nodes.CallExpr, name: str, formatted: bool) -> None:
        """fmt's variadic ``...any`` arguments, a leading format string when ``formatted``."""
        if e.spread:
            self.error(e, f"cannot use ... in call to {name}")
        if formatted and not e.arguments:
            self.error(self.closing_position(e), f"not enough arguments in call to {name}")
        for position, argument in enumerate(e.arguments):
            if self.value(argument) is INVALID:
                continue
            if formatted and position == 0:
                self.assign(argument, STRING, f"argument to {name}")
            else:
                self.default_value(argument, f"argument to {name}")

    def package_call(self, e: nodes.CallExpr, function: nodes.SelectorExpr, package: PackageName) -> Type:
        signature = self.qualified(function, package)
        if signature is None:
            self.arguments_only(e.arguments)
            return INVALID
        name = f"{package.name}.{function.selector.name}"
        if function in self.is_type:
            return self.conversion(e, signature)
        self.result.calls[e] = CallInfo("package", name)
        if package.name == "fmt":
            self.format_arguments(e, name, function.selector.name.endswith("f"))
            return results_type(signature)
        self.arguments(e, signature.params, name)
        return results_type(signature)

    # ------------------------------------------------------------ conversions

    def conversion(self, e: nodes.CallExpr, target: Type) -> Type:
        self.result.calls[e] = CallInfo("conversion", target)
        if len(e.arguments) != 1:
            word = "missing argument" if not e.arguments else "too many arguments"
            self.error(e, f"{word} in conversion to {target}")
            self.arguments_only(e.arguments)
            return target
        argument = e.arguments[0]
        source = self.value(argument)
        if source is INVALID or target is INVALID:
            return target
        if isinstance(source, UntypedType) or source == NIL:
            self.untyped_conversion(e, argument, source, target)
        elif not self.convertible(source, target):
            self.error(argument, f"cannot convert {self.describe(argument)} to type {target}")
        elif argument in self.result.constants:
            self.constant_conversion(e, argument, source, target)
        return target

    def untyped_conversion(self, e: nodes.CallExpr, argument: nodes.Node, source: Type, target: Type) -> None:
        """``T(x)`` of an untyped constant (or nil) ``x``."""
        value = self.result.constants.get(argument)
        if isinstance(target, StringType) and source.kind in ("int", "rune"):
            self.retype(argument, INT_TYPES["int32"] if source.kind == "rune" else INT)
            self.result.constants[e] = self.rune_string(value)
        elif source == UNTYPED_STRING and self.byte_or_rune_slice(target):
            self.retype(argument, STRING)
        elif self.convert_untyped(argument, target) != "ok":  # which changes nothing then
            self.error(argument, f"cannot convert {self.describe(argument)} to type {target}")
        elif value is not None:
            self.result.constants[e] = value

    def constant_conversion(
        self, e: nodes.CallExpr, argument: nodes.Node, source: Type, target: Type
    ) -> None:
        """``T(c)`` of a typed constant ``c`` that converts: the constant result, if any."""
        value = self.result.constants[argument]
        if isinstance(target, IntType) and isinstance(source, IntType):
            if not const.representable(value, target):
                self.error(argument, f"cannot convert {self.describe(argument)} to type {target}")
                return
            self.result.constants[e] = value
        elif isinstance(target, StringType) and isinstance(source, IntType):
            self.result.constants[e] = self.rune_string(value)
        elif isinstance(target, StringType | BoolType):
            self.result.constants[e] = value

    def rune_string(self, value: object) -> str:
        if isinstance(value, int) and 0 <= value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF:
            return chr(value)
        return "\ufffd"

    def byte_or_rune_slice(self, t: Type) -> bool:
        return isinstance(t, SliceType) and t.element in (INT_TYPES["uint8"], INT_TYPES["int32"])

    def convertible(self, source: Type, target: Type) -> bool:
        if self.assignable(source, target):
            return True
        if isinstance(source, IntType) and isinstance(target, IntType | StringType):
            return True
        if isinstance(source, StringType) and self.byte_or_rune_slice(target):
            return True
        if self.byte_or_rune_slice(source) and isinstance(target, StringType):
            return True
        if isinstance(source, PointerType) and isinstance(target, PointerType):
            return self.same_underlying(source.element, target.element)
        return self.same_underlying(source, target)

    def same_underlying(self, a: Type, b: Type) -> bool:
        if isinstance(a, StructType) and isinstance(b, StructType):
            return len(a.fields) == len(b.fields) and all(
                x.name == y.name and x.type == y.type for x, y in zip(a.fields, b.fields, strict=True)
            )
        return a == b
