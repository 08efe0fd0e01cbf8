"""Expressions: names, literals, operators with Go's constant arithmetic, indexing, slicing,
composite and function literals; untyped constants and assignability."""

from __future__ import annotations

from modelcheck.syntax import constants as const
from modelcheck.syntax import nodes
from modelcheck.syntax.constants import ConstantError, expr_string, format_value
from modelcheck.syntax.symbols import (
    Builtin,
    Constant,
    FieldSelection,
    Function,
    PackageName,
    TypeSymbol,
    Variable,
)
from modelcheck.syntax.types import (
    BOOL,
    INT,
    INT_TYPES,
    NIL,
    STRING,
    UNTYPED_BOOL,
    UNTYPED_INT,
    UNTYPED_RUNE,
    UNTYPED_STRING,
    VOID,
    ArrayType,
    AtomicType,
    BoolType,
    ChanType,
    FuncType,
    IntType,
    MapType,
    PointerType,
    SliceType,
    StringType,
    StructType,
    SyncType,
    TupleType,
    Type,
    UntypedType,
    default_type,
    is_nillable,
)
from modelcheck.syntax.universe import INVALID

COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
SHIFTS = ("<<", ">>")
UNTYPED_RANK = {"int": 0, "rune": 1}


def unparen(e: nodes.Node) -> nodes.Node:
    while isinstance(e, nodes.ParenExpr):
        e = e.inner
    return e


class ExpressionChecker:
    """Typing of expressions; records ``types``, ``constants`` and ``symbols``."""

    # ------------------------------------------------------------ entry points

    def expr(self, e: nodes.Node) -> Type:
        """Check ``e`` (a value, a type or a call without value) and record its type."""
        if isinstance(e, nodes.TypeExpr):
            resolved = self.resolve_type(e)
            self.is_type.add(e)
            return resolved
        if not isinstance(e, nodes.Expr):
            self.error(e, "expression expected")
            return INVALID
        result = self.dispatch(e)
        self.result.types[e] = result
        return result

    def value(self, e: nodes.Node) -> Type:
        """Check ``e`` where exactly one value is needed."""
        result = self.expr(e)
        if e in self.is_type:
            self.error(e, f"{expr_string(e)} (type) is not an expression")
            result = INVALID
        elif result is VOID:
            self.error(e, f"{expr_string(e)} (no value) used as value")
            result = INVALID
        elif isinstance(result, TupleType):
            self.error(e, f"multiple-value {expr_string(e)} (value of type {result}) in single-value context")
            result = INVALID
        if isinstance(e, nodes.Expr):
            self.result.types[e] = result
        return result

    def dispatch(self, e: nodes.Expr) -> Type:
        if isinstance(e, nodes.Ident):
            return self.ident(e)
        if isinstance(e, nodes.IntLit):
            self.result.constants[e] = e.value
            return UNTYPED_RUNE if e.is_rune else UNTYPED_INT
        if isinstance(e, nodes.StringLit):
            self.result.constants[e] = e.value
            return UNTYPED_STRING
        if isinstance(e, nodes.ParenExpr):
            inner = self.expr(e.inner)
            if e.inner in self.is_type:
                self.is_type.add(e)
            if e.inner in self.result.constants:
                self.result.constants[e] = self.result.constants[e.inner]
            return inner
        if isinstance(e, nodes.UnaryExpr):
            return self.unary(e)
        if isinstance(e, nodes.BinaryExpr):
            return self.binary(e)
        if isinstance(e, nodes.CallExpr):
            return self.call(e)
        if isinstance(e, nodes.SelectorExpr):
            return self.selector(e)
        if isinstance(e, nodes.IndexExpr):
            return self.index(e)
        if isinstance(e, nodes.SliceExpr):
            return self.slice_expr(e)
        if isinstance(e, nodes.CompositeLit):
            return self.composite(e, None)
        if isinstance(e, nodes.FuncLit):
            return self.func_lit(e)
        if isinstance(e, nodes.TypeExprAsExpr):
            resolved = self.resolve_type(e.type)
            self.is_type.add(e)
            return resolved
        self.error(e, "unsupported expression")
        return INVALID

    def ident(self, e: nodes.Ident) -> Type:
        if e.name == "_":
            self.error(e, "cannot use _ as value")
            return INVALID
        symbol = self.resolve(e)
        if symbol is None:
            return INVALID
        if isinstance(symbol, TypeSymbol):
            self.is_type.add(e)
            return symbol.type or INVALID
        if isinstance(symbol, Constant):
            if symbol.name == "iota" and symbol.span is None:
                if self.iota is None:
                    self.error(e, "cannot use iota outside constant declaration")
                    return INVALID
                self.result.constants[e] = self.iota
                return UNTYPED_INT
            if symbol.type is None or symbol.type is INVALID:
                return INVALID
            self.result.constants[e] = symbol.value
            return symbol.type
        if isinstance(symbol, Builtin):
            self.error(e, f"{e.name} (built-in) must be called")
            return INVALID
        if isinstance(symbol, PackageName):
            self.error(e, f"use of package {e.name} without selector")
            return INVALID
        if isinstance(symbol, Variable | Function):
            return symbol.type or INVALID
        return symbol.type or INVALID  # nil

    # ------------------------------------------------------------ descriptions and addressability

    def describe(self, e: nodes.Node) -> str:
        """Go's operand description: ``x (variable of type int)``, ``300 (untyped int constant)``."""
        text = expr_string(e)
        value_type = self.result.types.get(e, INVALID)
        if value_type == NIL:
            return "nil"
        if e in self.is_type:
            return f"{text} (type)"
        if e in self.result.constants:
            value = format_value(self.result.constants[e])
            if isinstance(value_type, UntypedType):
                suffix = "" if value == text else f" {value}"
                return f"{text} (untyped {value_type.kind} constant{suffix})"
            return f"{text} (constant {value} of type {value_type})"
        if self.addressable(e):
            return f"{text} (variable of type {value_type})"
        if self.is_map_index(e):
            return f"{text} (map index expression of type {value_type})"
        if value_type is VOID:
            return f"{text} (no value)"
        return f"{text} (value of type {value_type})"

    def addressable(self, e: nodes.Node) -> bool:
        e = unparen(e)
        if isinstance(e, nodes.Ident):
            return isinstance(self.result.symbols.get(e), Variable)
        if isinstance(e, nodes.UnaryExpr):
            return e.op == "*" and e.operand not in self.is_type
        if isinstance(e, nodes.SelectorExpr):
            selection = self.result.selections.get(e)
            if isinstance(selection, FieldSelection):
                return selection.through_pointer or self.addressable(e.operand)
            return False
        if isinstance(e, nodes.IndexExpr):
            operand_type = self.result.types.get(e.operand, INVALID)
            if isinstance(operand_type, SliceType | PointerType):
                return True
            if isinstance(operand_type, ArrayType):
                return self.addressable(e.operand)
        return False

    def is_map_index(self, e: nodes.Node) -> bool:
        e = unparen(e)
        return isinstance(e, nodes.IndexExpr) and isinstance(self.result.types.get(e.operand), MapType)

    def root_variable(self, e: nodes.Node) -> Variable | None:
        """The variable whose storage ``e`` designates (x, x.f, x[i] on an array), if any."""
        e = unparen(e)
        if isinstance(e, nodes.Ident):
            symbol = self.result.symbols.get(e)
            return symbol if isinstance(symbol, Variable) else None
        if isinstance(e, nodes.SelectorExpr):
            selection = self.result.selections.get(e)
            if isinstance(selection, FieldSelection) and not selection.through_pointer:
                return self.root_variable(e.operand)
            return None
        if isinstance(e, nodes.IndexExpr | nodes.SliceExpr) and isinstance(
            self.result.types.get(e.operand), ArrayType
        ):
            return self.root_variable(e.operand)
        return None

    def take_address(self, e: nodes.Node) -> None:
        variable = self.root_variable(e)
        if variable is not None:
            variable.address_taken = True

    # ------------------------------------------------------------ untyped values and assignability

    def retype(self, e: nodes.Node, target: Type) -> None:
        """Give the untyped expression ``e`` (and its untyped operands) the type ``target``."""
        old = self.result.types.get(e)
        if not isinstance(old, UntypedType) and old != NIL:
            return
        self.result.types[e] = target
        if isinstance(e, nodes.ParenExpr):
            self.retype(e.inner, target)
        elif isinstance(e, nodes.UnaryExpr) and e.op in ("+", "-", "^", "!"):
            self.retype(e.operand, target)
        elif isinstance(e, nodes.BinaryExpr) and e.op not in COMPARISONS:
            self.retype(e.left, target)
            if e.op not in SHIFTS:
                self.retype(e.right, target)

    def convert_untyped(self, e: nodes.Node, target: Type) -> str:
        """Convert an untyped ``e`` to ``target``: "ok", "mismatch" or "overflow"."""
        source = self.result.types.get(e, INVALID)
        if target is INVALID or source is INVALID:
            return "ok"
        if source == NIL:
            if not is_nillable(target):
                return "mismatch"
        elif isinstance(source, UntypedType):
            if source.kind in ("int", "rune"):
                if not isinstance(target, IntType):
                    return "mismatch"
                value = self.result.constants.get(e)
                if isinstance(value, int) and not const.representable(value, target):
                    return "overflow"
            elif (
                source.kind == "string"
                and not isinstance(target, StringType)
                or source.kind == "bool"
                and not isinstance(target, BoolType)
            ):
                return "mismatch"
        else:
            return "ok"
        self.retype(e, target)
        return "ok"

    def assignable(self, source: Type, target: Type) -> bool:
        if source is INVALID or target is INVALID or source == target:
            return True
        if isinstance(source, ChanType) and isinstance(target, ChanType):
            return source.direction == "both" and source.element == target.element
        if source == NIL:
            return is_nillable(target)
        return False

    def assign(self, e: nodes.Node, target: Type | None, context: str) -> bool:
        """Check that the already-checked value ``e`` can be assigned to ``target`` (None: blank)."""
        if target is None:
            self.default_value(e, context)
            return True
        source = self.result.types.get(e, INVALID)
        if isinstance(source, UntypedType) or source == NIL:
            description = self.describe(e)
            status = self.convert_untyped(e, target)
            if status == "ok":
                return True
            suffix = " (overflows)" if status == "overflow" else ""
            self.error(e, f"cannot use {description} as {target} value in {context}{suffix}")
            return False
        if not self.assignable(source, target):
            self.error(e, f"cannot use {self.describe(e)} as {target} value in {context}")
            return False
        return True

    def assign_type(self, at: nodes.Node, source: Type, target: Type | None, context: str) -> bool:
        """Assignability of one item of a multi-value call (no untyped values there)."""
        if target is None or self.assignable(source, target):
            return True
        self.error(at, f"cannot use {source} value as {target} value in {context}")
        return False

    def is_integer_type(self, t: Type) -> bool:
        return isinstance(t, IntType) or (isinstance(t, UntypedType) and t.kind in ("int", "rune"))

    def incomparable(self, t: Type) -> str | None:
        """Why values of ``t`` cannot be compared with ``==``, or None when they can."""
        if isinstance(t, SliceType):
            return "slice"
        if isinstance(t, MapType):
            return "map"
        if isinstance(t, FuncType):
            return "func"
        if isinstance(t, ArrayType):
            inner = self.incomparable(t.element)
            return None if inner is None else f"array of {inner}"
        if isinstance(t, StructType):
            for struct_field in t.fields:
                if self.incomparable(struct_field.type) is not None:
                    return f"struct containing {struct_field.type}"
        return None

    # ------------------------------------------------------------ operators

    def unary(self, e: nodes.UnaryExpr) -> Type:
        op = e.op
        if op == "&":
            inner = unparen(e.operand)
            operand_type = self.value(e.operand)
            if operand_type is INVALID:
                return INVALID
            if not isinstance(inner, nodes.CompositeLit):
                if not self.addressable(e.operand):
                    self.error(inner, f"invalid operation: cannot take address of {self.describe(inner)}")
                    return INVALID
                self.take_address(e.operand)
            return PointerType(operand_type)
        if op == "*":
            operand_type = self.expr(e.operand)
            if e.operand in self.is_type:
                self.is_type.add(e)
                return PointerType(operand_type)
            operand_type = self.value(e.operand)
            if operand_type is INVALID:
                return INVALID
            if operand_type == NIL:
                self.error(e, "invalid operation: cannot indirect nil")
                return INVALID
            if not isinstance(operand_type, PointerType):
                self.error(e.operand, f"invalid operation: cannot indirect {self.describe(e.operand)}")
                return INVALID
            return operand_type.element
        if op == "<-":
            return self.receive(e)
        operand_type = self.value(e.operand)
        if operand_type is INVALID:
            return INVALID
        allowed = operand_type in (BOOL, UNTYPED_BOOL) if op == "!" else self.is_integer_type(operand_type)
        if not allowed:
            self.error(
                e.operand, f"invalid operation: operator {op} not defined on {self.describe(e.operand)}"
            )
            return INVALID
        value = self.result.constants.get(e.operand)
        if value is not None:
            if op == "!":
                self.result.constants[e] = not value
            else:
                int_type = operand_type if isinstance(operand_type, IntType) else None
                result = const.integer_unary(op, value, int_type)
                if int_type is not None and not const.representable(result, int_type):
                    self.error(e, f"constant {result} overflows {int_type}")
                    return INVALID
                self.result.constants[e] = result
        return operand_type

    def receive(self, e: nodes.UnaryExpr) -> Type:
        channel = self.value(e.operand)
        if channel is INVALID:
            return INVALID
        if not isinstance(channel, ChanType):
            self.error(
                e.operand, f"invalid operation: cannot receive from non-channel {self.describe(e.operand)}"
            )
            return INVALID
        if channel.direction == "send":
            self.error(
                e.operand,
                f"invalid operation: cannot receive from send-only channel {self.describe(e.operand)}",
            )
        return channel.element

    def mismatch(self, e: nodes.BinaryExpr, left: Type, right: Type) -> Type:
        self.error(e, f"invalid operation: {expr_string(e)} (mismatched types {left} and {right})")
        return INVALID

    def unify(self, e: nodes.BinaryExpr) -> Type | None:
        """The common type of a binary expression's operands, converting an untyped one."""
        left, right = self.result.types[e.left], self.result.types[e.right]
        left_untyped = isinstance(left, UntypedType) or left == NIL
        right_untyped = isinstance(right, UntypedType) or right == NIL
        if left_untyped and right_untyped:
            if left == right:
                return left
            if (
                isinstance(left, UntypedType)
                and isinstance(right, UntypedType)
                and left.kind in UNTYPED_RANK
                and right.kind in UNTYPED_RANK
            ):
                return left if UNTYPED_RANK[left.kind] > UNTYPED_RANK[right.kind] else right
            self.mismatch(e, left, right)
            return None
        if left_untyped or right_untyped:
            untyped, typed, typed_type = (e.left, e.right, right) if left_untyped else (e.right, e.left, left)
            description = self.describe(untyped)
            status = self.convert_untyped(untyped, typed_type)
            if status == "overflow":
                self.error(untyped, f"{description} overflows {typed_type}")
                return None
            if status == "mismatch":
                self.mismatch(e, left, right)
                return None
            return typed_type
        if left != right:
            self.mismatch(e, left, right)
            return None
        return left

    def binary(self, e: nodes.BinaryExpr) -> Type:
        left = self.value(e.left)
        right = self.value(e.right)
        return self.binary_types(e, left, right)

    def binary_types(self, e: nodes.BinaryExpr, left: Type, right: Type) -> Type:
        """The type (and constant value) of ``e`` whose operands are already checked."""
        if left is INVALID or right is INVALID:
            return INVALID
        if e.op in SHIFTS:
            return self.shift(e, left, right)
        with_nil = NIL in (left, right)
        common = self.unify(e)
        if common is None:
            return INVALID
        if e.op in COMPARISONS:
            return self.comparison(e, common, with_nil)
        op = e.op
        if op in ("&&", "||"):
            allowed = common in (BOOL, UNTYPED_BOOL)
        elif op == "+":
            allowed = self.is_integer_type(common) or common in (STRING, UNTYPED_STRING)
        else:
            allowed = self.is_integer_type(common)
        if not allowed:
            operand = e.left if self.result.types[e.left] == common else e.right
            self.error(e, f"invalid operation: operator {op} not defined on {self.describe(operand)}")
            return INVALID
        right_value = self.result.constants.get(e.right)
        if op in ("/", "%") and right_value == 0 and self.is_integer_type(common):
            self.error(e.right, "invalid operation: division by zero")
            return INVALID
        left_value = self.result.constants.get(e.left)
        if left_value is None or right_value is None:
            return common
        if op in ("&&", "||"):
            self.result.constants[e] = (
                (left_value and right_value) if op == "&&" else (left_value or right_value)
            )
        elif isinstance(left_value, str):
            self.result.constants[e] = left_value + right_value
        else:
            int_type = common if isinstance(common, IntType) else None
            try:
                result = const.integer_binary(op, left_value, right_value, int_type)
            except ConstantError as error:
                self.error(e, str(error))
                return INVALID
            if int_type is not None and not const.representable(result, int_type):
                self.error(e, f"constant {result} overflows {int_type}")
                return INVALID
            self.result.constants[e] = result
        return common

    def shift(self, e: nodes.BinaryExpr, left: Type, right: Type) -> Type:
        if not self.is_integer_type(left):
            self.error(e, f"invalid operation: shifted operand {self.describe(e.left)} must be integer")
            return INVALID
        if not self.is_integer_type(right):
            self.error(e.right, f"invalid operation: shift count {self.describe(e.right)} must be integer")
            return INVALID
        right_value = self.result.constants.get(e.right)
        if isinstance(right, UntypedType):
            if right_value is not None and right_value < 0:
                self.error(e.right, f"invalid shift count {self.describe(e.right)}")
                return INVALID
            self.retype(e.right, INT_TYPES["uint"])
        left_value = self.result.constants.get(e.left)
        if left_value is None or right_value is None:
            if left_value is not None and isinstance(left, UntypedType):
                return left  # a non-constant shift of an untyped constant: typed by its context
            return left
        int_type = left if isinstance(left, IntType) else None
        try:
            result = const.integer_binary(e.op, left_value, right_value, int_type)
        except ConstantError as error:
            self.error(e.right, str(error))
            return INVALID
        if int_type is not None and not const.representable(result, int_type):
            self.error(e, f"constant {result} overflows {int_type}")
            return INVALID
        self.result.constants[e] = result
        return left

    def comparison(self, e: nodes.BinaryExpr, common: Type, with_nil: bool) -> Type:
        if e.op in ("==", "!="):
            if common == NIL:
                self.error(e, f"invalid operation: {expr_string(e)} (operator {e.op} not defined on nil)")
                return INVALID
            if not with_nil:
                reason = self.incomparable(common)
                if reason is not None:
                    if reason in ("slice", "map", "func"):
                        detail = f"{reason} can only be compared to nil"
                    else:
                        detail = f"{reason} cannot be compared"
                    self.error(e, f"invalid operation: {expr_string(e)} ({detail})")
                    return INVALID
        elif not (self.is_integer_type(common) or common in (STRING, UNTYPED_STRING)):
            kind = self.type_kind(common)
            self.error(e, f"invalid operation: {expr_string(e)} (operator {e.op} not defined on {kind})")
            return INVALID
        if isinstance(common, UntypedType):
            self.retype(e.left, default_type(common))
            self.retype(e.right, default_type(common))
        left_value, right_value = self.result.constants.get(e.left), self.result.constants.get(e.right)
        if left_value is not None and right_value is not None:
            self.result.constants[e] = const.compare(e.op, left_value, right_value)
        return UNTYPED_BOOL

    def type_kind(self, t: Type) -> str:
        kinds = {
            PointerType: "pointer",
            StructType: "struct",
            ChanType: "chan",
            MapType: "map",
            SliceType: "slice",
            FuncType: "func",
            ArrayType: "array",
            SyncType: "struct",
            AtomicType: "struct",
        }
        if isinstance(t, BoolType) or t == UNTYPED_BOOL:
            return "bool"
        return kinds.get(type(t), str(t))

    # ------------------------------------------------------------ indexing and slicing

    def index_value(self, index: nodes.Expr, length: int | None) -> None:
        """Check an index or slice bound: an integer, non-negative, within a constant length."""
        index_type = self.value(index)
        if index_type is INVALID:
            return
        if not self.is_integer_type(index_type):
            self.error(index, f"invalid argument: index {self.describe(index)} must be integer")
            return
        value = self.result.constants.get(index)
        if isinstance(index_type, UntypedType):
            self.convert_untyped(index, INT)
        if value is not None:
            if value < 0:
                self.error(
                    index,
                    f"invalid argument: index {expr_string(index)} (constant of type int) "
                    "must not be negative",
                )
            elif length is not None and value >= length:
                self.error(index, f"invalid argument: index {value} out of bounds [0:{length}]")

    def index(self, e: nodes.IndexExpr) -> Type:
        operand = self.value(e.operand)
        if operand is INVALID:
            self.value(e.index)
            return INVALID
        base = (
            operand.element
            if isinstance(operand, PointerType) and isinstance(operand.element, ArrayType)
            else operand
        )
        if isinstance(base, MapType):
            self.value(e.index)
            self.assign(e.index, base.key, "map index")
            return base.value
        if isinstance(base, ArrayType):
            self.index_value(e.index, base.length)
            return base.element
        if isinstance(base, SliceType):
            self.index_value(e.index, None)
            return base.element
        if base in (STRING, UNTYPED_STRING):
            value = self.result.constants.get(e.operand)
            self.index_value(e.index, len(value.encode()) if isinstance(value, str) else None)
            self.default_value(e.operand, "index expression")
            return INT_TYPES["uint8"]
        self.value(e.index)
        self.error(e, f"invalid operation: cannot index {self.describe(e.operand)}")
        return INVALID

    def slice_expr(self, e: nodes.SliceExpr) -> Type:
        operand = self.value(e.operand)
        bounds = [b for b in (e.low, e.high, e.max) if b is not None]
        length = None
        result: Type = INVALID
        if isinstance(operand, PointerType) and isinstance(operand.element, ArrayType):
            length, result = operand.element.length, SliceType(operand.element.element)
        elif isinstance(operand, ArrayType):
            length, result = operand.length, SliceType(operand.element)
            if not self.addressable(e.operand):
                self.error(e, f"invalid operation: {expr_string(e)} (slice of unaddressable value)")
            else:
                self.take_address(e.operand)
        elif isinstance(operand, SliceType):
            result = operand
        elif operand in (STRING, UNTYPED_STRING):
            self.default_value(e.operand, "slice expression")
            result = STRING
            if e.max is not None:
                self.error(e, "invalid operation: 3-index slice of string")
        elif operand is not INVALID:
            self.error(e, f"cannot slice {self.describe(e.operand)}")
        for bound in bounds:
            self.index_value(bound, None if length is None else length + 1)
        values = [self.result.constants.get(b) for b in bounds]
        for first, second in zip(values, values[1:], strict=False):
            if isinstance(first, int) and isinstance(second, int) and first > second:
                self.error(e, f"invalid slice indices: {second} < {first}")
        return result

    # ------------------------------------------------------------ literals

    def composite(self, e: nodes.CompositeLit, elided: Type | None) -> Type:
        """A composite literal; ``elided`` is the element type given by an enclosing literal."""
        pointer = False
        if e.type is None:
            if elided is None:
                self.error(e, "invalid composite literal type: missing type")
                return INVALID
            literal_type = elided
            if isinstance(elided, PointerType):
                pointer, literal_type = True, elided.element
        elif isinstance(e.type, nodes.ArrayTypeExpr) and e.type.length is None:
            element = self.resolve_type(e.type.element)
            literal_type = ArrayType(self.literal_length(e), element)
            self.result.type_expressions[e.type] = literal_type
        else:
            literal_type = self.resolve_type(e.type)
        if isinstance(literal_type, StructType):
            self.struct_literal(e, literal_type)
        elif isinstance(literal_type, ArrayType | SliceType):
            self.array_literal(e, literal_type)
        elif isinstance(literal_type, MapType):
            self.map_literal(e, literal_type)
        elif literal_type is not INVALID:
            self.error(e, f"invalid composite literal type {literal_type}")
            return INVALID
        else:
            for element in e.elements:
                self.element_value(element.value, INVALID, "composite literal")
        result = PointerType(literal_type) if pointer else literal_type
        self.result.types[e] = result
        return result

    def element_value(self, value: nodes.Expr, element_type: Type, context: str) -> None:
        if isinstance(value, nodes.CompositeLit) and value.type is None:
            self.composite(value, element_type)
            return
        if self.value(value) is not INVALID:
            self.assign(value, element_type, context)

    def literal_length(self, e: nodes.CompositeLit) -> int:
        index, length = 0, 0
        for element in e.elements:
            if element.key is not None and isinstance(self.result.constants.get(element.key), int):
                index = self.result.constants[element.key]
            elif element.key is not None:
                self.value(element.key)
                index = (
                    self.result.constants.get(element.key, index)
                    if isinstance(self.result.constants.get(element.key), int)
                    else index
                )
            index += 1
            length = max(length, index)
        return length

    def struct_literal(self, e: nodes.CompositeLit, struct: StructType) -> None:
        keyed = [element.key is not None for element in e.elements]
        if any(keyed) and not all(keyed):
            self.error(e, "mixture of field:value and value elements in struct literal")
        if all(keyed) and e.elements:
            seen: set[str] = set()
            for element in e.elements:
                key = element.key
                index = struct.field_index(key.name) if isinstance(key, nodes.Ident) else None
                if index is None:
                    name = expr_string(key)
                    self.error(key, f"unknown field {name} in struct literal of type {struct}")
                    self.element_value(element.value, INVALID, "struct literal")
                    continue
                if key.name in seen:
                    self.error(key, f"duplicate field name {key.name} in struct literal")
                seen.add(key.name)
                field_type = struct.fields[index].type
                self.result.types[key] = field_type
                self.element_value(element.value, field_type, "struct literal")
            return
        for position, element in enumerate(e.elements):
            field_type = struct.fields[position].type if position < len(struct.fields) else INVALID
            self.element_value(element.value, field_type, "struct literal")
        if e.elements and len(e.elements) < len(struct.fields):
            self.error(e.elements[-1].value, f"too few values in struct literal of type {struct}")
        elif len(e.elements) > len(struct.fields):
            self.error(
                e.elements[len(struct.fields)].value, f"too many values in struct literal of type {struct}"
            )

    def array_literal(self, e: nodes.CompositeLit, literal_type: ArrayType | SliceType) -> None:
        length = literal_type.length if isinstance(literal_type, ArrayType) else None
        index = 0
        seen: set[int] = set()
        for element in e.elements:
            if element.key is not None:
                self.index_value(element.key, length)
                key_value = self.result.constants.get(element.key)
                if isinstance(key_value, int) and not isinstance(key_value, bool):
                    index = key_value
                elif element.key in self.result.types and self.result.types[element.key] is not INVALID:
                    self.error(element.key, f"index {expr_string(element.key)} must be integer constant")
            elif length is not None and index >= length:
                self.error(element.value, f"index {index} is out of bounds (>= {length})")
            if index in seen:
                self.error(element.key or element.value, f"duplicate index {index} in array or slice literal")
            seen.add(index)
            index += 1
            self.element_value(element.value, literal_type.element, "array or slice literal")

    def map_literal(self, e: nodes.CompositeLit, map_type: MapType) -> None:
        seen: set[object] = set()
        for element in e.elements:
            if element.key is None:
                self.error(element.value, "missing key in map literal")
            else:
                self.element_value(element.key, map_type.key, "map literal")
                key_value = self.result.constants.get(element.key)
                if key_value is not None:
                    marker = (type(key_value), key_value)
                    if marker in seen:
                        self.error(element.key, f"duplicate key {expr_string(element.key)} in map literal")
                    seen.add(marker)
            self.element_value(element.value, map_type.value, "map literal")

    def func_lit(self, e: nodes.FuncLit) -> Type:
        signature = self.signature(e.params, e.results)
        self.result.types[e] = signature
        self.result.captures.setdefault(e, [])
        self.function_body(e, signature, None)
        return signature
