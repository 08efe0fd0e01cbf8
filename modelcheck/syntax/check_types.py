"""Type expressions: named structs (recursive through pointers), arrays with constant lengths,
maps with comparable keys, channels, functions, and the sync/atomic/time types."""

from __future__ import annotations

from modelcheck.syntax import nodes
from modelcheck.syntax.constants import expr_string
from modelcheck.syntax.symbols import PackageName, TypeSymbol
from modelcheck.syntax.types import (
    ArrayType,
    AtomicType,
    ChanType,
    FuncType,
    MapType,
    PointerType,
    SliceType,
    StructField,
    StructType,
    SyncType,
    Type,
)
from modelcheck.syntax.universe import (
    ATOMIC_INT_KINDS,
    DURATION,
    INVALID,
    PACKAGE_NAMES,
    UNSUPPORTED_MEMBERS,
    UNSUPPORTED_NAMES,
)


class TypeChecker:
    """Type expressions: named structs (recursive through pointers), arrays with constant lengths,"""

    # ------------------------------------------------------------ types

    def fill_named_type(self, declaration: nodes.TypeDecl) -> None:
        symbol = self.result.symbols.get(declaration.name)
        if not isinstance(declaration.type, nodes.StructTypeExpr):
            self.error(declaration, "only struct types can be declared")
            resolved = self.resolve_type(declaration.type)
            if symbol is not None:
                symbol.type = resolved
            return
        if symbol is None or not isinstance(symbol.type, StructType):
            return
        struct = symbol.type
        struct.fields = self.struct_fields(declaration.type)
        self.result.type_expressions[declaration.type] = struct
        self.delayed_or_now(lambda: self.check_recursive(declaration, struct))

    def local_type_decl(self, declaration: nodes.TypeDecl) -> None:
        symbol = TypeSymbol(declaration.name.name, StructType(declaration.name.name), declaration.span)
        self.declare(declaration.name, symbol)
        self.fill_named_type(declaration)

    def check_recursive(self, declaration: nodes.TypeDecl, struct: Type) -> None:
        def contains(t: Type, seen: set[int]) -> bool:
            if t is struct:
                return True
            if isinstance(t, ArrayType):
                return contains(t.element, seen)
            if isinstance(t, StructType) and id(t) not in seen:
                seen.add(id(t))
                return any(contains(f.type, seen) for f in t.fields)
            return False

        if isinstance(struct, StructType) and any(contains(f.type, set()) for f in struct.fields):
            self.error(declaration.name, f"invalid recursive type {declaration.name.name}")
            struct.fields = tuple(
                StructField(f.name, INVALID) if contains(f.type, set()) else f for f in struct.fields
            )

    def struct_fields(self, expr: nodes.StructTypeExpr) -> tuple[StructField, ...]:
        fields: list[StructField] = []
        seen: set[str] = set()
        for declaration in expr.fields:
            field_type = self.resolve_type(declaration.type)
            for ident in declaration.names:
                if ident.name in seen and ident.name != "_":
                    self.error(ident, f"{ident.name} redeclared")
                seen.add(ident.name)
                fields.append(StructField(ident.name, field_type))
                self.result.types[ident] = field_type
        return tuple(fields)

    def resolve_type(self, expr: nodes.TypeExpr) -> Type:
        """The type a written type expression denotes (recorded in ``type_expressions``)."""
        resolved = self._resolve_type(expr)
        self.result.type_expressions[expr] = resolved
        return resolved

    def _resolve_type(self, expr: nodes.TypeExpr) -> Type:
        if isinstance(expr, nodes.TypeName):
            return self.type_name(expr)
        if isinstance(expr, nodes.PointerTypeExpr):
            return PointerType(self.resolve_type(expr.element))
        if isinstance(expr, nodes.SliceTypeExpr):
            return SliceType(self.resolve_type(expr.element))
        if isinstance(expr, nodes.ArrayTypeExpr):
            length = self.array_length(expr)
            element = self.resolve_type(expr.element)
            return INVALID if length is None else ArrayType(length, element)
        if isinstance(expr, nodes.MapTypeExpr):
            key, value = self.resolve_type(expr.key), self.resolve_type(expr.value)
            self.delayed_or_now(lambda: self.check_map_key(expr, key))
            return MapType(key, value)
        if isinstance(expr, nodes.ChanTypeExpr):
            return ChanType(self.resolve_type(expr.element), expr.direction)
        if isinstance(expr, nodes.StructTypeExpr):
            return StructType(None, self.struct_fields(expr))
        if isinstance(expr, nodes.FuncTypeExpr):
            return self.signature(expr.params, expr.results)
        if isinstance(expr, nodes.Expr):
            self.error(expr, f"{expr_string(expr)} is not a type")
            return INVALID
        self.error(expr, "unsupported type")
        return INVALID

    def delayed_or_now(self, check) -> None:
        """Run ``check`` once every named struct type has its fields."""
        if self.types_complete:
            check()
        else:
            self.delayed.append(check)

    def check_map_key(self, expr: nodes.MapTypeExpr, key: Type) -> None:
        if key is not INVALID and self.incomparable(key) is not None:
            self.error(expr.key, f"invalid map key type {key}")

    def type_name(self, expr: nodes.TypeName) -> Type:
        if expr.package is not None:
            return self.qualified_type(expr)
        symbol = self.scope.lookup(expr.name)
        if symbol is None:
            self.error(expr, UNSUPPORTED_NAMES.get(expr.name, f"undefined: {expr.name}"))
            return INVALID
        if symbol in self.lazy:
            self.force(symbol)
        if not isinstance(symbol, TypeSymbol):
            self.error(expr, f"{expr.name} is not a type")
            return INVALID
        return symbol.type or INVALID

    def qualified_type(self, expr: nodes.TypeName) -> Type:
        package = self.scope.lookup(expr.package)
        if not isinstance(package, PackageName):
            self.error(expr, f"undefined: {expr.package}")
            return INVALID
        self.used.add(package)
        name, member = package.name, expr.name
        if package.scope is not None and (package.path not in PACKAGE_NAMES or member in package.scope.names):
            symbol = package.scope.names.get(member) if member[:1].isupper() else None
            if isinstance(symbol, TypeSymbol):
                return symbol.type or INVALID
            self.error(expr, f"undefined: {name}.{member}")
            return INVALID
        if (name, member) in UNSUPPORTED_MEMBERS:
            self.error(expr, UNSUPPORTED_MEMBERS[(name, member)])
            return INVALID
        if name == "sync" and member in ("Mutex", "RWMutex", "WaitGroup", "Once"):
            return SyncType(member)
        if name == "atomic" and member in (*ATOMIC_INT_KINDS, "Bool"):
            return AtomicType(member)
        if name == "time" and member == "Duration":
            return DURATION
        self.error(expr, f"undefined: {name}.{member}")
        return INVALID

    def array_length(self, expr: nodes.ArrayTypeExpr) -> int | None:
        if expr.length is None:
            self.error(expr, "invalid use of [...] array (outside a composite literal)")
            return None
        length_type = self.value(expr.length)
        if length_type is INVALID:
            return None
        value = self.result.constants.get(expr.length)
        if value is None:
            self.error(expr.length, f"array length {self.describe(expr.length)} must be constant")
            return None
        if not self.is_integer_type(length_type) or isinstance(value, bool | str):
            self.error(expr.length, f"array length {self.describe(expr.length)} must be integer")
            return None
        if value < 0 or value >= 1 << 40:
            self.error(expr.length, f"invalid array length {expr_string(expr.length)}")
            return None
        self.default_value(expr.length, "array length")
        return value

    def signature(self, params: tuple[nodes.Param, ...], results: tuple[nodes.Param, ...]) -> FuncType:
        return FuncType(
            tuple(self.resolve_type(p.type) for p in params),
            tuple(self.resolve_type(p.type) for p in results),
        )
