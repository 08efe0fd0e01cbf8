"""Declarations: imports, package-level objects (used before they appear), types, constants
(iota, implicit repetition), variables, functions and methods, and Go's initialization order."""

from __future__ import annotations

from modelcheck.syntax import nodes
from modelcheck.syntax.constants import expr_string
from modelcheck.syntax.symbols import Constant, Function, Method, PackageName, Symbol, TypeSymbol, Variable
from modelcheck.syntax.types import (
    NIL,
    VOID,
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
    TupleType,
    Type,
    UntypedType,
    default_type,
)
from modelcheck.syntax.universe import (
    ATOMIC_INT_KINDS,
    DURATION,
    INVALID,
    PACKAGE_NAMES,
    UNSUPPORTED_MEMBERS,
    UNSUPPORTED_NAMES,
    package_symbol,
)


class DeclarationChecker:
    """Package structure, type expressions and var/const/type/func declarations."""

    # ------------------------------------------------------------ the whole program

    def check_program(self) -> None:
        program = self.program
        if program.package is not None and program.package != "main":
            self.error(program, f"package {program.package}: only package main is supported")
        self.types_complete = False
        self.declare_imports()
        self.collect_package()
        for import_node, symbol in self.imports:
            if symbol.name in self.package_scope.names:
                self.error(
                    import_node, f"{symbol.name} already declared through import of package {symbol.name}"
                )
        self.types_complete = True
        self.run_delayed()
        for declaration in program.declarations:
            if isinstance(declaration, nodes.ConstDecl | nodes.VarDecl):
                for spec in declaration.specs:
                    for ident in spec.names:
                        symbol = self.result.symbols.get(ident)
                        if symbol in self.lazy:
                            self.force(symbol)
        for declaration in program.declarations:
            if isinstance(declaration, nodes.FuncDecl):
                self.function_declaration(declaration)
        self.run_delayed()
        for import_node, symbol in self.imports:
            if symbol not in self.used:
                self.error(import_node, f'"{symbol.path}" imported and not used')
        if self.result.main is None:
            self.error(program, "function main is undeclared in the main package")
        self.result.package_variables = self.initialization_order()

    def run_delayed(self) -> None:
        while self.delayed:
            self.delayed.pop(0)()

    def declare_imports(self) -> None:
        self.imports: list[tuple[nodes.Import, PackageName]] = []
        for import_node in self.program.imports:
            path = import_node.path
            if path not in PACKAGE_NAMES:
                what = {"unsafe": "unsafe", "reflect": "reflect"}.get(path)
                message = f'package "{path}" is not supported' if what is None else f"{what} is not supported"
                self.error(import_node, message)
                continue
            symbol = package_symbol(path, import_node.span)
            name = symbol.name
            if name in self.file_scope.names:
                self.error(import_node, f"{name} redeclared in this block")
                continue
            self.file_scope.names[name] = symbol
            self.imports.append((import_node, symbol))

    def collect_package(self) -> None:
        """Declare every package-level name first, so that uses may precede declarations."""
        scope = self.package_scope
        type_decls: list[nodes.TypeDecl] = []
        functions: list[nodes.FuncDecl] = []
        for declaration in self.program.declarations:
            if isinstance(declaration, nodes.TypeDecl):
                symbol = TypeSymbol(
                    declaration.name.name, StructType(declaration.name.name), declaration.span
                )
                self.declare(declaration.name, symbol, scope)
                type_decls.append(declaration)
            elif isinstance(declaration, nodes.ConstDecl):
                self.collect_consts(declaration, scope)
            elif isinstance(declaration, nodes.VarDecl):
                for spec in declaration.specs:
                    self.decl_deps[spec] = set()
                    for ident in spec.names:
                        variable = Variable(ident.name, None, ident.span, role="package")
                        self.declare(ident, variable, scope)
                        if ident.name != "_":
                            self.lazy[variable] = spec
                    if all(ident.name == "_" for ident in spec.names):
                        self.delayed.append(lambda spec=spec: self.check_lazy(spec))
            elif isinstance(declaration, nodes.FuncDecl):
                functions.append(declaration)
        for declaration in type_decls:
            self.fill_named_type(declaration)
        for declaration in functions:
            self.collect_function(declaration)

    def collect_consts(self, declaration: nodes.ConstDecl, scope) -> None:
        source: nodes.ConstSpec | None = None
        for spec in declaration.specs:
            if spec.values or source is None:
                source = spec
            for ident in spec.names:
                constant = Constant(ident.name, None, ident.span)
                self.declare(ident, constant, scope)
                if ident.name != "_":
                    self.lazy[constant] = (spec, source)

    def force(self, symbol: Symbol) -> None:
        """Check the package-level declaration of ``symbol`` now (it is used before it appears)."""
        item = self.lazy.get(symbol)
        if item is None:
            return
        if item in self.resolving:
            self.error(symbol.span, f"initialization cycle: {symbol.name} refers to itself")
            symbol.type = INVALID
            self.lazy.pop(symbol, None)
            return
        self.check_lazy(item)

    def check_lazy(self, item: object) -> None:
        """Check a package-level VarSpec, or a (ConstSpec, source line) pair, at package level."""
        self.resolving.add(item)
        saved = (self.scope, self.func, self.deps, self.iota, self.breakables)
        self.scope, self.func, self.breakables = self.file_scope, None, []
        try:
            if isinstance(item, tuple):
                self.deps = None
                self.const_spec(item[0], item[1])
            else:
                self.deps = self.decl_deps[item]
                self.package_var_spec(item)
        finally:
            self.scope, self.func, self.deps, self.iota, self.breakables = saved
            self.resolving.discard(item)

    def package_var_spec(self, spec: nodes.VarSpec) -> None:
        for ident in spec.names:
            self.lazy.pop(self.result.symbols.get(ident), None)
        types = self.var_spec_types(spec)
        for ident, var_type in zip(spec.names, types, strict=True):
            symbol = self.result.symbols.get(ident)
            if symbol is not None:
                symbol.type = var_type
                self.result.types[ident] = var_type

    # ------------------------------------------------------------ var and const specs

    def var_spec_types(self, spec: nodes.VarSpec) -> list[Type]:
        """Check a var spec's type and values; the type of each name."""
        declared = self.resolve_type(spec.type) if spec.type is not None else None
        count = len(spec.names)
        if not spec.values:
            return [declared or INVALID] * count
        value_types = self.rhs_types(spec.values, count, "variable declaration")
        result = []
        for index in range(count):
            if value_types is None:
                result.append(declared or INVALID)
                continue
            value = spec.values[index] if len(spec.values) == count else None
            source = value_types[index]
            if declared is not None:
                if value is not None:
                    self.assign(value, declared, "variable declaration")
                else:
                    self.assign_type(spec.values[0], source, declared, "variable declaration")
                result.append(declared)
            else:
                if value is not None:
                    source = self.default_value(value, "variable declaration")
                result.append(source)
        return result

    def local_var_spec(self, spec: nodes.VarSpec) -> None:
        types = self.var_spec_types(spec)
        for ident, var_type in zip(spec.names, types, strict=True):
            self.declare(ident, Variable(ident.name, var_type, ident.span, role="local"))

    def const_spec(self, spec: nodes.ConstSpec, source: nodes.ConstSpec) -> None:
        """Evaluate one line of a const group; ``source`` is the line whose values it repeats."""
        for ident in spec.names:
            self.lazy.pop(self.result.symbols.get(ident), None)
        self.iota = spec.iota
        declared = self.resolve_type(source.type) if source.type is not None else None
        values = source.values
        for index, ident in enumerate(spec.names):
            constant = self.result.symbols.get(ident)
            if not isinstance(constant, Constant):
                constant = Constant(ident.name, None, ident.span)
            constant.type, constant.value = INVALID, 0
            if index >= len(values):
                self.error(ident, "missing init expr for const declaration")
                continue
            value = values[index]
            value_type = self.value(value)
            if value_type is INVALID:
                continue
            if value not in self.result.constants:
                self.error(value, f"{self.describe(value)} is not constant")
                continue
            if declared is not None:
                if not self.assign(value, declared, "constant declaration"):
                    continue
                value_type = declared
            constant.type, constant.value = value_type, self.result.constants[value]
            self.result.types[ident] = value_type
        if len(values) > len(spec.names) and spec is source:
            self.error(values[len(spec.names)], "extra init expr")
        self.iota = None

    def local_const_decl(self, declaration: nodes.ConstDecl) -> None:
        source: nodes.ConstSpec | None = None
        for spec in declaration.specs:
            if spec.values or source is None:
                source = spec
            constants = [Constant(ident.name, None, ident.span) for ident in spec.names]
            for ident, constant in zip(spec.names, constants, strict=True):
                self.result.symbols[ident] = constant
            self.const_spec(spec, source)
            for ident, constant in zip(spec.names, constants, strict=True):
                self.declare(ident, constant)

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

    # ------------------------------------------------------------ functions and methods

    def collect_function(self, declaration: nodes.FuncDecl) -> None:
        signature = self.signature(declaration.params, declaration.results)
        self.result.types[declaration] = signature
        self.result.types[declaration.name] = signature
        name = declaration.name.name
        if declaration.receiver is not None:
            self.collect_method(declaration, signature)
            return
        function = Function(name, signature, declaration.name.span, declaration=declaration)
        self.decl_deps[function] = set()
        if name in ("init", "main") and (declaration.params or declaration.results):
            self.error(declaration.name, f"func {name} must have no arguments and no return values")
        if name == "init":
            self.result.symbols[declaration.name] = function
            self.result.init_functions.append(declaration)
            return
        if name == "main" and self.result.main is None:
            self.result.main = declaration
        if name in self.package_scope.names:
            self.error(declaration.name, f"{name} redeclared in this block")
            return
        self.declare(declaration.name, function, self.package_scope)
        self.result.functions[name] = function

    def collect_method(self, declaration: nodes.FuncDecl, signature: FuncType) -> None:
        receiver = declaration.receiver
        receiver_type = self.resolve_type(receiver.type)
        pointer = isinstance(receiver_type, PointerType)
        base = receiver_type.element if pointer else receiver_type
        name = declaration.name.name
        method = Method(
            name, signature, declaration.name.span, pointer_receiver=pointer, declaration=declaration
        )
        self.decl_deps[method] = set()
        self.result.symbols[declaration.name] = method
        if base is INVALID:
            return
        if not isinstance(base, StructType) or base.name is None:
            self.error(receiver.type, f"invalid receiver type {receiver_type}")
            return
        method.receiver_type = base
        if name in base.methods:
            self.error(declaration.name, f"method {base.name}.{name} already declared")
        elif base.field_index(name) is not None:
            self.error(declaration.name, f"field and method with the same name {name}")
        elif name != "_":
            base.methods[name] = method

    def function_declaration(self, declaration: nodes.FuncDecl) -> None:
        signature = self.result.types.get(declaration)
        if not isinstance(signature, FuncType):
            return
        symbol = self.result.symbols.get(declaration.name)
        self.deps = self.decl_deps.get(symbol, set())
        self.scope = self.file_scope
        self.function_body(declaration, signature, declaration.receiver)
        self.deps = None

    # ------------------------------------------------------------ initialization order

    def initialization_order(self) -> list[nodes.VarSpec]:
        """Package variable specs in Go's order: repeatedly the earliest one whose
        dependencies (through the functions it calls) are all initialized."""
        specs = [
            spec
            for declaration in self.program.declarations
            if isinstance(declaration, nodes.VarDecl)
            for spec in declaration.specs
        ]
        spec_of: dict[Symbol, nodes.VarSpec] = {}
        for spec in specs:
            for ident in spec.names:
                symbol = self.result.symbols.get(ident)
                if isinstance(symbol, Variable):
                    spec_of[symbol] = spec
        needs: dict[nodes.VarSpec, set[nodes.VarSpec]] = {}
        for spec in specs:
            reached: set[nodes.VarSpec] = set()
            seen: set[object] = set()
            stack = list(self.decl_deps.get(spec, ()))
            while stack:
                item = stack.pop()
                if item in seen:
                    continue
                seen.add(item)
                if item in spec_of:
                    reached.add(spec_of[item])
                else:
                    stack.extend(self.decl_deps.get(item, ()))
            if spec in reached:
                name = next((i.name for i in spec.names if i.name != "_"), "_")
                self.error(spec.names[0], f"initialization cycle: {name} refers to itself")
                reached.discard(spec)
            needs[spec] = reached
        order: list[nodes.VarSpec] = []
        done: set[nodes.VarSpec] = set()
        remaining = list(specs)
        while remaining:
            ready = next((s for s in remaining if needs[s] <= done), None)
            if ready is None:
                spec = remaining[0]
                self.error(spec.names[0], f"initialization cycle for {spec.names[0].name}")
                ready = spec
            remaining.remove(ready)
            done.add(ready)
            order.append(ready)
        return order

    # ------------------------------------------------------------ helpers shared by the mixins

    def default_value(self, expr: nodes.Expr, context: str) -> Type:
        """Give an untyped value its default type (where nothing else types it)."""
        value_type = self.result.types.get(expr, INVALID)
        if value_type == NIL:
            self.error(expr, f"use of untyped nil in {context}")
            return INVALID
        if value_type is VOID or isinstance(value_type, TupleType):
            return INVALID
        if isinstance(value_type, UntypedType):
            target = default_type(value_type)
            return target if self.assign(expr, target, context) else INVALID
        return value_type
