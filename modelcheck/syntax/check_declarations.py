"""Declarations: imports, package-level objects (used before they appear), types, constants
(iota, implicit repetition), variables, functions and methods, and Go's initialization order."""

from __future__ import annotations

from modelcheck.syntax import nodes
from modelcheck.syntax.check_expressions import Context, context_text
from modelcheck.syntax.quoting import go_quote
from modelcheck.syntax.scopes import Scope
from modelcheck.syntax.symbols import Constant, Function, Method, PackageName, Symbol, TypeSymbol, Variable
from modelcheck.syntax.types import (
    NIL,
    VOID,
    FuncType,
    PointerType,
    StructType,
    TupleType,
    Type,
    UntypedType,
    default_type,
)
from modelcheck.syntax.universe import (
    INVALID,
    PACKAGE_NAMES,
    package_symbol,
)


class DeclarationChecker:
    """Package structure, type expressions and var/const/type/func declarations."""

    # ------------------------------------------------------------ the whole program

    def check_program(self) -> None:
        """Check each package in turn: the library models first, the package checked last."""
        for unit in self.units:
            self.check_unit(unit)

    def check_unit(self, unit: nodes.Package) -> None:
        self.unit = unit
        self.package_scope = Scope(self.universe, "package")
        self.file_scopes = {f.span.file: Scope(self.package_scope, "file") for f in unit.files}
        self.types_complete = False
        self.imports: list[tuple[nodes.Import, PackageName]] = []
        for file in unit.files:
            self.declare_imports(file)
        self.collect_package(unit)
        for import_node, symbol in self.imports:
            if symbol.name in self.package_scope.names:
                self.error(
                    import_node, f"{symbol.name} already declared through import of package {symbol.name}"
                )
        self.types_complete = True
        self.run_delayed()
        declarations = [d for file in unit.files for d in file.declarations]
        for declaration in declarations:
            if isinstance(declaration, nodes.ConstDecl | nodes.VarDecl):
                for spec in declaration.specs:
                    for ident in spec.names:
                        symbol = self.result.symbols.get(ident)
                        if symbol in self.lazy:
                            self.force(symbol)
        for declaration in declarations:
            if isinstance(declaration, nodes.FuncDecl):
                self.function_declaration(declaration)
        self.run_delayed()
        for import_node, symbol in self.imports:
            if symbol not in self.used:
                self.error(import_node, f'"{symbol.path}" imported and not used')
        if unit.name == "main" and not unit.library and self.result.main is None:
            self.error(unit.files[0], "function main is undeclared in the main package")
        self.result.package_variables += self.initialization_order(declarations)
        self.package_scopes[unit.path] = self.package_scope

    def file_scope_of(self, node: nodes.Node) -> Scope:
        """The file block of the file ``node`` is in (it holds that file's imports)."""
        return self.file_scopes.get(node.span.file) or next(iter(self.file_scopes.values()))

    def run_delayed(self) -> None:
        while self.delayed:
            self.delayed.pop(0)()

    def declare_imports(self, file: nodes.Program) -> None:
        file_scope = self.file_scope_of(file)
        for import_node in file.imports:
            path = import_node.path
            if path in self.package_scopes:  # a model in Go source (with the built-in part, if any)
                symbol = PackageName(
                    path.rsplit("/", 1)[-1],
                    None,
                    import_node.span,
                    path=path,
                    scope=self.package_scopes[path],
                )
            elif path in PACKAGE_NAMES:
                symbol = package_symbol(path, import_node.span)
            else:
                what = {"unsafe": "unsafe", "reflect": "reflect"}.get(path)
                message = (
                    f"package {go_quote(path)} is not supported"
                    if what is None
                    else f"{what} is not supported"
                )
                self.error(import_node, message)
                continue
            name = symbol.name
            if name in file_scope.names:
                self.error(import_node, f"{name} redeclared in this block")
                continue
            file_scope.names[name] = symbol
            self.imports.append((import_node, symbol))

    def collect_package(self, unit: nodes.Package) -> None:
        """Declare every package-level name first, so that uses may precede declarations."""
        scope = self.package_scope
        type_decls: list[nodes.TypeDecl] = []
        functions: list[nodes.FuncDecl] = []
        for declaration in (d for file in unit.files for d in file.declarations):
            if isinstance(declaration, nodes.TypeDecl):
                struct = StructType(declaration.name.name, package=unit.name, library=unit.library)
                symbol = TypeSymbol(declaration.name.name, struct, declaration.span)
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
            self.scope = self.file_scope_of(declaration)
            self.fill_named_type(declaration)
        for declaration in functions:
            self.scope = self.file_scope_of(declaration)
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
            if all(ident.name == "_" for ident in spec.names):
                self.delayed.append(lambda item=(spec, source): self.check_lazy(item))

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
        spec = item[0] if isinstance(item, tuple) else item
        self.scope, self.func, self.breakables = self.file_scope_of(spec), None, []
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
        value_types = self.rhs_types(spec.values, count)
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
        errors = len(self.diagnostics)
        types = self.var_spec_types(spec)
        for ident, var_type in zip(spec.names, types, strict=True):
            variable = Variable(ident.name, var_type, ident.span, role="local")
            self.declare(ident, variable)
            if len(self.diagnostics) > errors:  # like Go: no "declared and not used" after an error
                self.used.add(variable)

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
        if len(values) > len(spec.names):
            self.error(values[len(spec.names)] if spec is source else spec.names[0], "extra init expr")
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

    # ------------------------------------------------------------ functions and methods

    def collect_function(self, declaration: nodes.FuncDecl) -> None:
        signature = self.signature(declaration.params, declaration.results)
        self.result.types[declaration] = signature
        self.result.types[declaration.name] = signature
        name = declaration.name.name
        if declaration.receiver is not None:
            self.collect_method(declaration, signature)
            return
        function = Function(
            name,
            signature,
            declaration.name.span,
            declaration=declaration,
            package=self.unit.name,
            library=self.unit.library,
        )
        self.decl_deps[function] = set()
        if name in ("init", "main") and (declaration.params or declaration.results):
            self.error(declaration.name, f"func {name} must have no arguments and no return values")
        if name == "init":
            self.result.symbols[declaration.name] = function
            self.result.init_functions.append(declaration)
            return
        if name == "main" and self.result.main is None and self.unit.name == "main" and not self.unit.library:
            self.result.main = declaration
        if name in self.package_scope.names:
            self.error(declaration.name, f"{name} redeclared in this block")
            return
        self.declare(declaration.name, function, self.package_scope)
        if not self.unit.library:
            self.result.functions[name] = function

    def collect_method(self, declaration: nodes.FuncDecl, signature: FuncType) -> None:
        receiver = declaration.receiver
        receiver_type = self.resolve_type(receiver.type)
        pointer = isinstance(receiver_type, PointerType)
        base = receiver_type.element if pointer else receiver_type
        name = declaration.name.name
        method = Method(
            name,
            signature,
            declaration.name.span,
            pointer_receiver=pointer,
            declaration=declaration,
            package=self.unit.name,
            library=self.unit.library,
        )
        self.decl_deps[method] = set()
        self.result.symbols[declaration.name] = method
        if base is INVALID:
            return
        if not isinstance(base, StructType) or base.name is None:
            self.error(receiver, f"invalid receiver type {receiver_type}")
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
        self.scope = self.file_scope_of(declaration)
        self.function_body(declaration, signature, declaration.receiver)
        self.deps = None

    # ------------------------------------------------------------ initialization order

    def initialization_order(self, declarations: list[nodes.Decl]) -> list[nodes.VarSpec]:
        """Package variable specs in Go's order: repeatedly the earliest one whose
        dependencies (through the functions it calls) are all initialized."""
        specs = [
            spec
            for declaration in declarations
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

    def default_value(self, expr: nodes.Expr, context: Context) -> Type:
        """Give an untyped value its default type (where nothing else types it)."""
        value_type = self.result.types.get(expr, INVALID)
        if value_type == NIL:
            self.error(expr, f"use of untyped nil in {context_text(context)}")
            return INVALID
        if value_type is VOID or isinstance(value_type, TupleType):
            return INVALID
        if isinstance(value_type, UntypedType):
            target = default_type(value_type)
            return target if self.assign(expr, target, context) else INVALID
        return value_type
