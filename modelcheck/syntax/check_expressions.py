"""Expressions: names, literals, operators with Go's constant arithmetic, indexing, slicing,
composite and function literals; untyped constants and assignability."""

from __future__ import annotations

from collections.abc import Callable

from modelcheck.syntax import constants as const
from modelcheck.syntax import nodes
from modelcheck.syntax.constants import expr_string, format_value
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
    NIL,
    UNTYPED_INT,
    UNTYPED_RUNE,
    UNTYPED_STRING,
    VOID,
    ArrayType,
    BoolType,
    ChanType,
    FormattedMethod,
    FuncType,
    IntType,
    MapType,
    PointerType,
    SliceType,
    StringType,
    StructType,
    TupleType,
    Type,
    UntypedType,
    is_nillable,
)
from modelcheck.syntax.universe import INVALID

COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
SHIFTS = ("<<", ">>")
UNTYPED_RANK = {"int": 0, "rune": 1}


# Where a value is used, for diagnostics ("argument to f"): the text, or a function computing it
# only when a diagnostic needs it (the callee's text of a long call chain is costly to build).
Context = str | Callable[[], str]


def context_text(context: Context) -> str:
    return context if isinstance(context, str) else context()


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
            self.result.types[e] = resolved
            return resolved
        if not isinstance(e, nodes.Expr):
            self.error(e, "expression expected")
            return INVALID
        result = self.dispatch(e)
        self.result.types[e] = result
        return result

    def value(self, e: nodes.Node) -> Type:
        """Check ``e`` where exactly one value is needed."""
        return self.as_value(e, self.expr(e))

    def as_value(self, e: nodes.Node, result: Type) -> Type:
        """The type of the already-checked ``e`` used as one value (INVALID after an error)."""
        if e in self.is_type:
            self.error(e, f"{expr_string(e)} (type) is not an expression")
            result = INVALID
        elif result is VOID:
            self.error(e, f"{expr_string(e)} (no value) used as value")
            result = INVALID
        elif isinstance(result, TupleType):
            self.error(e, f"multiple-value {expr_string(e)} (value of type {result}) in single-value context")
            result = INVALID
        elif isinstance(result, FormattedMethod):
            self.error(e, f"method values are not supported: {expr_string(e)}")
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
            shown = "" if value == text else f" {value}"
            return f"{text} (constant{shown} of type {value_type})"
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
        if isinstance(source, StructType) and isinstance(target, StructType):
            # Identical underlying types, and at least one of them is not a named type.
            return (source.name is None or target.name is None) and source.fields == target.fields
        return False

    def assign(self, e: nodes.Node, target: Type | None, context: Context) -> bool:
        """Check that the already-checked value ``e`` can be assigned to ``target`` (None: blank)."""
        if target is None:
            self.default_value(e, context)
            return True
        source = self.result.types.get(e, INVALID)
        if isinstance(source, UntypedType) or source == NIL:
            status = self.convert_untyped(e, target)  # changes nothing unless "ok"
            if status == "ok":
                return True
            suffix = " (overflows)" if status == "overflow" else ""
            where = context_text(context)
            self.error(e, f"cannot use {self.describe(e)} as {target} value in {where}{suffix}")
            return False
        if not self.assignable(source, target):
            self.error(e, f"cannot use {self.describe(e)} as {target} value in {context_text(context)}")
            return False
        return True

    def assign_type(self, at: nodes.Node, source: Type, target: Type | None, context: Context) -> bool:
        """Assignability of one item of a multi-value call (no untyped values there)."""
        if target is None or self.assignable(source, target):
            return True
        self.error(at, f"cannot use {source} value as {target} value in {context_text(context)}")
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
            return None if inner is None else str(t)
        if isinstance(t, StructType):
            for struct_field in t.fields:
                if self.incomparable(struct_field.type) is not None:
                    return f"struct containing {struct_field.type}"
        return None
