"""Unary and binary operators, with Go's constant arithmetic and untyped operand conversion."""

from __future__ import annotations

from modelcheck.syntax import constants as const
from modelcheck.syntax import nodes
from modelcheck.syntax.check_expressions import COMPARISONS, SHIFTS, UNTYPED_RANK, unparen
from modelcheck.syntax.constants import ConstantError, expr_string
from modelcheck.syntax.types import (
    BOOL,
    INT_TYPES,
    NIL,
    STRING,
    UNTYPED_BOOL,
    UNTYPED_STRING,
    ArrayType,
    AtomicType,
    BoolType,
    ChanType,
    FuncType,
    IntType,
    MapType,
    PointerType,
    SliceType,
    StructType,
    SyncType,
    Type,
    UntypedType,
    default_type,
)
from modelcheck.syntax.universe import INVALID


class OperatorChecker:
    """Unary and binary operators, with Go's constant arithmetic and untyped operand conversion."""

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
            operand_type = self.as_value(e.operand, operand_type)
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
                    self.error(
                        e, f"{expr_string(e)} (constant {result} of type {int_type}) overflows {int_type}"
                    )
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
        return common if self.fold_binary(e, left_value, right_value, common) else INVALID

    def fold_binary(self, e: nodes.BinaryExpr, left_value, right_value, common: Type) -> bool:
        """Record the constant value of ``e`` (constant operands); False after an error."""
        op = e.op
        if op in ("&&", "||"):
            self.result.constants[e] = (
                (left_value and right_value) if op == "&&" else (left_value or right_value)
            )
            return True
        int_type = common if isinstance(common, IntType) else None
        try:
            if isinstance(left_value, str):
                result = const.string_concat(left_value, right_value)
            else:
                result = const.integer_binary(op, left_value, right_value, int_type)
        except ConstantError as error:
            self.error(e, str(error))
            return False
        if int_type is not None and not const.representable(result, int_type):
            self.error(e, f"{expr_string(e)} (constant {result} of type {int_type}) overflows {int_type}")
            return False
        self.result.constants[e] = result
        return True

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
            self.error(e, f"{expr_string(e)} (constant {result} of type {int_type}) overflows {int_type}")
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
