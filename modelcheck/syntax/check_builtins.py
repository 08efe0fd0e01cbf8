"""The builtin functions, typed like Go: len, cap, make, new, append, close, panic, recover,
print, println, delete, copy, min, max."""

from __future__ import annotations

from modelcheck.syntax import nodes
from modelcheck.syntax.check_expressions import unparen
from modelcheck.syntax.constants import expr_string
from modelcheck.syntax.types import (
    ANY,
    INT,
    INT_TYPES,
    NIL,
    STRING,
    UNTYPED_STRING,
    VOID,
    ArrayType,
    ChanType,
    FuncType,
    MapType,
    PointerType,
    SliceType,
    StringType,
    Type,
    UntypedType,
)
from modelcheck.syntax.universe import (
    INVALID,
)


class BuiltinChecker:
    """The builtin functions, typed like Go: len, cap, make, new, append, close, panic, recover,"""

    # ------------------------------------------------------------ builtins

    def builtin(self, e: nodes.CallExpr, name: str) -> Type:
        handler = getattr(self, f"builtin_{name}")
        if e.spread and name != "append":
            self.error(e, f"invalid operation: invalid use of ... with built-in {name}")
        result = handler(e)
        # Like Go, type the builtin's name with the signature of this particular call.
        params = tuple(self.result.types.get(a, INVALID) for a in e.arguments)
        results = () if result is VOID else (result,)
        self.result.types[e.function] = FuncType(params, results)
        return result

    def argument_count(self, e: nodes.CallExpr, low: int, high: int | None) -> bool:
        count = len(e.arguments)
        if count < low:
            self.error(e, f"not enough arguments for {expr_string(e)} (expected {low}, found {count})")
        elif high is not None and count > high:
            self.error(
                e.arguments[high], f"too many arguments for {expr_string(e)} (expected {high}, found {count})"
            )
        else:
            return True
        self.arguments_only(e.arguments)
        return False

    def builtin_len(self, e: nodes.CallExpr, name: str = "len") -> Type:
        if not self.argument_count(e, 1, 1):
            return INT
        argument = e.arguments[0]
        source = self.value(argument)
        if source is INVALID:
            return INT
        base = (
            source.element
            if isinstance(source, PointerType) and isinstance(source.element, ArrayType)
            else source
        )
        allowed = (ArrayType, SliceType, ChanType) + ((StringType, MapType) if name == "len" else ())
        if source == UNTYPED_STRING and name == "len":
            self.retype(argument, STRING)
            base = STRING
        if not isinstance(base, allowed):
            self.error(argument, f"invalid argument: {self.describe(argument)} for built-in {name}")
            return INT
        value = self.result.constants.get(argument)
        if isinstance(value, str):
            self.result.constants[e] = len(value.encode())
        elif isinstance(base, ArrayType) and not self.has_call_or_receive(argument):
            self.result.constants[e] = base.length
        return INT

    def builtin_cap(self, e: nodes.CallExpr) -> Type:
        return self.builtin_len(e, "cap")

    def has_call_or_receive(self, e: nodes.Node) -> bool:
        e = unparen(e)
        if isinstance(e, nodes.CallExpr):
            return True
        if isinstance(e, nodes.UnaryExpr):
            return e.op == "<-" or self.has_call_or_receive(e.operand)
        if isinstance(e, nodes.SelectorExpr):
            return self.has_call_or_receive(e.operand)
        if isinstance(e, nodes.IndexExpr):
            return self.has_call_or_receive(e.operand) or self.has_call_or_receive(e.index)
        if isinstance(e, nodes.BinaryExpr):
            return self.has_call_or_receive(e.left) or self.has_call_or_receive(e.right)
        return False

    def type_argument(self, argument: nodes.Node) -> Type:
        argument_type = self.expr(argument)
        if argument not in self.is_type:
            if argument_type is not INVALID:
                self.error(argument, f"{expr_string(argument)} is not a type")
            return INVALID
        return argument_type

    def size_argument(self, argument: nodes.Node) -> None:
        size = self.value(argument)
        if size is INVALID:
            return
        if not self.is_integer_type(size):
            self.error(argument, f"cannot convert {self.describe(argument)} to type int")
            return
        value = self.result.constants.get(argument)
        if isinstance(size, UntypedType):
            self.convert_untyped(argument, INT)
        if isinstance(value, int) and value < 0:
            self.error(
                argument,
                f"invalid argument: index {expr_string(argument)} (constant of type int) "
                "must not be negative",
            )

    def builtin_make(self, e: nodes.CallExpr) -> Type:
        if not e.arguments:
            self.error(e, "not enough arguments for make() (expected 1, found 0)")
            return INVALID
        made = self.type_argument(e.arguments[0])
        sizes = e.arguments[1:]
        if made is INVALID:
            self.arguments_only(sizes)
            return INVALID
        if isinstance(made, SliceType):
            low, high = 1, 2
        elif isinstance(made, MapType | ChanType):
            low, high = 0, 1
        else:
            self.error(
                e.arguments[0],
                f"invalid argument: cannot make {expr_string(e.arguments[0])}; "
                "type must be slice, map, or channel",
            )
            return INVALID
        if not low <= len(sizes) <= high:
            self.error(
                e,
                f"invalid operation: {expr_string(e)} expects {low + 1} or {high + 1} arguments; "
                f"found {len(e.arguments)}",
            )
        for size in sizes:
            self.size_argument(size)
        values = [self.result.constants.get(size) for size in sizes]
        if len(values) == 2 and all(isinstance(v, int) for v in values) and values[0] > values[1]:
            self.error(sizes[0], "invalid argument: length and capacity swapped")
        return made

    def builtin_new(self, e: nodes.CallExpr) -> Type:
        if not self.argument_count(e, 1, 1):
            return INVALID
        made = self.type_argument(e.arguments[0])
        return INVALID if made is INVALID else PointerType(made)

    def builtin_append(self, e: nodes.CallExpr) -> Type:
        if not e.arguments:
            self.error(e, "not enough arguments for append() (expected 1, found 0)")
            return INVALID
        first = e.arguments[0]
        slice_type = self.value(first)
        if slice_type is INVALID:
            self.arguments_only(e.arguments[1:])
            return INVALID
        if not isinstance(slice_type, SliceType):
            if slice_type == NIL:
                self.error(first, "first argument to append must be a typed slice; have untyped nil")
            else:
                self.error(first, f"invalid argument: {self.describe(first)} is not a slice")
            self.arguments_only(e.arguments[1:])
            return INVALID
        rest = e.arguments[1:]
        if e.spread:
            if len(rest) != 1:
                self.error(e, "can only use ... with final argument in list")
                self.arguments_only(rest)
                return slice_type
            spread_type = self.value(rest[0])
            if slice_type.element == INT_TYPES["uint8"] and spread_type in (STRING, UNTYPED_STRING):
                self.retype(rest[0], STRING)
            elif spread_type is not INVALID:
                self.assign(rest[0], slice_type, "argument to append")
            return slice_type
        for argument in rest:
            if self.value(argument) is not INVALID:
                self.assign(argument, slice_type.element, "argument to append")
        return slice_type

    def builtin_close(self, e: nodes.CallExpr) -> Type:
        if not self.argument_count(e, 1, 1):
            return VOID
        argument = e.arguments[0]
        channel = self.value(argument)
        if channel is INVALID:
            return VOID
        if not isinstance(channel, ChanType):
            self.error(argument, f"invalid operation: cannot close non-channel {self.describe(argument)}")
        elif channel.direction == "receive":
            self.error(
                argument, f"invalid operation: cannot close receive-only channel {self.describe(argument)}"
            )
        return VOID

    def builtin_panic(self, e: nodes.CallExpr) -> Type:
        if (
            self.argument_count(e, 1, 1)
            and self.value(e.arguments[0]) is not INVALID
            and self.result.types.get(e.arguments[0]) != NIL
        ):
            self.default_value(e.arguments[0], "argument to panic")
        return VOID

    def builtin_recover(self, e: nodes.CallExpr) -> Type:
        self.argument_count(e, 0, 0)
        return ANY

    def builtin_print(self, e: nodes.CallExpr, name: str = "print") -> Type:
        for argument in e.arguments:
            if self.value(argument) is not INVALID:
                self.default_value(argument, f"argument to built-in {name}")
        return VOID

    def builtin_println(self, e: nodes.CallExpr) -> Type:
        return self.builtin_print(e, "println")

    def builtin_delete(self, e: nodes.CallExpr) -> Type:
        if not self.argument_count(e, 2, 2):
            return VOID
        map_type = self.value(e.arguments[0])
        key_type = self.value(e.arguments[1])
        if map_type is INVALID:
            return VOID
        if not isinstance(map_type, MapType):
            self.error(e.arguments[0], f"invalid argument: {self.describe(e.arguments[0])} is not a map")
        elif key_type is not INVALID:
            self.assign(e.arguments[1], map_type.key, "argument to delete")
        return VOID

    def builtin_copy(self, e: nodes.CallExpr) -> Type:
        if not self.argument_count(e, 2, 2):
            return INT
        destination, source = (self.value(argument) for argument in e.arguments)
        if destination is INVALID or source is INVALID:
            return INT
        if source == UNTYPED_STRING:
            self.retype(e.arguments[1], STRING)
            source = STRING
        ok = isinstance(destination, SliceType) and (
            (isinstance(source, SliceType) and source.element == destination.element)
            or (source == STRING and destination.element == INT_TYPES["uint8"])
        )
        if not ok:
            self.error(
                e,
                f"invalid argument: copy expects slice arguments; found {self.describe(e.arguments[0])} "
                f"and {self.describe(e.arguments[1])}",
            )
        return INT

    def builtin_min(self, e: nodes.CallExpr, name: str = "min") -> Type:
        if not self.argument_count(e, 1, None):
            return INVALID
        types = [self.value(argument) for argument in e.arguments]
        if any(t is INVALID for t in types):
            return INVALID
        common = types[0]
        for argument, argument_type in zip(e.arguments, types, strict=True):
            if not (self.is_integer_type(argument_type) or argument_type in (STRING, UNTYPED_STRING)):
                self.error(argument, f"invalid argument: {self.describe(argument)} cannot be ordered")
                return INVALID
        typed = [t for t in types if not isinstance(t, UntypedType)]
        if typed:
            common = typed[0]
            for argument in e.arguments:
                if not self.assign(argument, common, f"argument to {name}"):
                    return INVALID
        elif any(t == UNTYPED_STRING for t in types) and any(t != UNTYPED_STRING for t in types):
            self.error(e, f"invalid argument: mismatched types in {name}")
            return INVALID
        else:
            common = max(types, key=lambda t: {"int": 0, "rune": 1}.get(t.kind, 0))
        values = [self.result.constants.get(argument) for argument in e.arguments]
        if all(v is not None for v in values):
            self.result.constants[e] = min(values) if name == "min" else max(values)
        return common

    def builtin_max(self, e: nodes.CallExpr) -> Type:
        return self.builtin_min(e, "max")
