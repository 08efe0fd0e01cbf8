"""Lowering a checked program to the IR: one IR function per declared function, method and
function literal, plus ``$entry``, which the main goroutine runs: package variable
initialization in Go's order, the init functions, then main."""

from __future__ import annotations

from modelcheck.ir import instructions as ir
from modelcheck.ir.builder import FunctionBuilder, InCell, InRegister, LoweringError
from modelcheck.ir.layout import zero_value
from modelcheck.ir.lower_calls import function_ir_name, method_function_name, once_functions
from modelcheck.ir.lower_memory import needs_memory
from modelcheck.ir.lower_statements import StatementLowering
from modelcheck.ir.values import Closure
from modelcheck.syntax import nodes
from modelcheck.syntax.diagnostics import Diagnostic, SourceError
from modelcheck.syntax.symbols import CheckedProgram, Function, Method, Variable
from modelcheck.syntax.types import FuncType

ENTRY = "$entry"
TEST_MAIN = "testing.Main__"  # the testing model's function that runs one test


class Lowerer(StatementLowering):
    def __init__(self, checked: CheckedProgram, test: Function | None = None):
        self.checked = checked
        self.test = test
        self.program = ir.ProgramIR(checked.program.span.file, checked.source, sources=checked.sources)
        self.global_blocks: dict[Variable, int] = {}
        self.builder: FunctionBuilder = FunctionBuilder("$none", "", None)
        self.loop_ids = 0
        self.literal_counts: dict[str, int] = {}
        self.thunk_count = 0
        self.function_names: dict[nodes.FuncDecl, str] = {}
        self.library_names: set[str] = set()  # IR names of library model functions

    # ------------------------------------------------------------ program

    def lower(self) -> ir.ProgramIR:
        for spec in self.checked.package_variables:
            for name in spec.names:
                variable = self.checked.symbols.get(name)
                if isinstance(variable, Variable):
                    self.global_blocks[variable] = len(self.program.global_blocks)
                    self.program.global_blocks.append((variable.name, variable.type))
        for function in once_functions(self.checked.program.span):
            self.program.functions[function.name] = function
        init_count = 0
        for declaration in self.declarations():
            symbol = self.checked.symbols.get(declaration.name)
            if isinstance(symbol, Method):
                name = method_function_name(symbol)
            elif declaration.name.name == "init":
                name = f"init.{init_count}"
                init_count += 1
            else:
                name = function_ir_name(symbol) if isinstance(symbol, Function) else declaration.name.name
            self.function_names[declaration] = name
            if isinstance(symbol, Function | Method) and symbol.library:
                self.library_names.add(name)
        for declaration, name in self.function_names.items():
            self.lower_declaration(declaration, name)
        self.lower_entry()
        return self.program

    def declarations(self) -> list[nodes.FuncDecl]:
        """Every function declaration of every package, library models first."""
        files = [f for unit in self.checked.packages for f in unit.files] or [self.checked.program]
        return [d for f in files for d in f.declarations if isinstance(d, nodes.FuncDecl)]

    def lower_entry(self) -> None:
        def body(parameters: list[int]) -> None:
            b = self.builder
            for spec in self.checked.package_variables:
                if not spec.values:
                    continue
                values = self.value_list(spec.values, len(spec.names))
                for name, value in zip(spec.names, values, strict=True):
                    variable = self.checked.symbols.get(name)
                    if isinstance(variable, Variable):
                        self.write_variable(variable, value, name.span)
            for declaration in self.checked.init_functions:
                b.emit(ir.Call((), self.function_names[declaration], None, (), declaration.span))
            if self.test is not None:
                self.call_test(self.test)
                return
            main = self.checked.main
            assert main is not None
            b.emit(ir.Call((), self.function_names[main], None, (), main.span))

        span = (
            self.test.span if self.test is not None else self.checked.main.span if self.checked.main else None
        )
        self.build_function(ENTRY, f"{self.checked.package_name}.main", 0, body, span)

    def call_test(self, test: Function) -> None:
        """What ``go test`` runs: the testing model's ``Main__(name, TestXxx)``."""
        b = self.builder
        name = b.constant(test.name, test.span)
        function = b.constant(Closure(function_ir_name(test)), test.span)
        b.emit(ir.Call((), TEST_MAIN, None, (name, function), test.span))

    # ------------------------------------------------------------ functions

    def lower_declaration(self, declaration: nodes.FuncDecl, name: str) -> None:
        symbol = self.checked.symbols.get(declaration.name)
        display = self.function_display(declaration, name, symbol)
        params = list(declaration.params)
        if declaration.receiver is not None:
            params.insert(0, declaration.receiver)
        self.lower_body(
            name,
            display,
            [],
            params,
            declaration.results,
            declaration.body,
            self.checked.types[declaration],
            declaration.span,
        )

    def function_display(self, declaration, name: str, symbol) -> str:
        """Go's name of a function in a stack trace: ``cache.(*LRU).Get``, ``testing.tRunner``."""
        package = symbol.package if isinstance(symbol, Function | Method) else self.checked.package_name
        if isinstance(symbol, Method) and symbol.receiver_type is not None:
            star = "*" if symbol.pointer_receiver else ""
            return f"{package}.({star}{symbol.receiver_type.name}).{declaration.name.name}"
        return f"{package}.{name.removeprefix(package + '.')}"

    def lower_function_literal(self, literal: nodes.FuncLit) -> str:
        outer = self.builder.name
        count = self.literal_counts.get(outer, 0) + 1
        self.literal_counts[outer] = count
        base = "main" if outer == ENTRY else outer
        name = f"{base}.func{count}"
        library = outer in self.library_names
        if library:
            self.library_names.add(name)
        captures = self.checked.captures.get(literal, [])
        self.lower_body(
            name,
            name if library else f"{self.checked.package_name}.{name}",
            captures,
            list(literal.params),
            literal.results,
            literal.body,
            self.checked.types[literal],
            literal.span,
        )
        return name

    def lower_body(self, name, display, captures, params, results, body, function_type, span) -> None:
        assert isinstance(function_type, FuncType)
        saved, saved_loops = self.builder, None
        b = FunctionBuilder(name, display, span)
        self.builder = b
        del saved_loops
        capture_registers = [b.new_register() for _ in captures]
        parameter_registers = [b.new_register() for _ in params]
        for variable, register in zip(captures, capture_registers, strict=True):
            b.locations[variable] = InCell(register)
        for param, register in zip(params, parameter_registers, strict=True):
            variable = self.checked.symbols.get(param.name) if param.name is not None else None
            if not isinstance(variable, Variable):
                continue
            if needs_memory(variable):
                self.declare_variable(variable, register, param.span)
            else:
                b.locations[variable] = InRegister(register)
        for result, result_type in zip(results, function_type.results, strict=True):
            variable = self.checked.symbols.get(result.name) if result.name is not None else None
            if isinstance(variable, Variable):
                self.declare_variable(variable, None, result.span)
                b.named_results.append(variable)
            else:
                b.named_results.append(None)
            register = b.constant(zero_value(result_type), result.span)
            b.result_registers.append(register)
        self.statement(body)
        b.place(b.epilogue)
        b.emit(ir.RunDefers(span))
        values = []
        for variable, register in zip(b.named_results, b.result_registers, strict=True):
            values.append(self.read_variable(variable, span) if variable is not None else register)
        b.emit(ir.Return(tuple(values), span))
        self.program.functions[name] = b.finish(
            len(capture_registers) + len(parameter_registers), len(values)
        )
        self.builder = saved

    def build_function(self, name: str, display: str, parameters: int, body, span) -> None:
        """A generated function: ``body(parameter_registers)`` emits its code."""
        saved = self.builder
        b = FunctionBuilder(name, display, span)
        self.builder = b
        registers = [b.new_register() for _ in range(parameters)]
        body(registers)
        b.place(b.epilogue)
        b.emit(ir.RunDefers(span))
        b.emit(ir.Return((), span))
        self.program.functions[name] = b.finish(parameters, 0)
        self.builder = saved

    def new_thunk_name(self) -> str:
        self.thunk_count += 1
        return f"$call{self.thunk_count}"


def lower(checked: CheckedProgram, test: Function | None = None) -> ir.ProgramIR:
    """Lower a checked program, whose main goroutine runs ``main`` or, given ``test``, that test
    as ``go test`` does; constructs the IR cannot express become SourceError."""
    try:
        return Lowerer(checked, test).lower()
    except LoweringError as error:
        span = error.span or checked.program.span
        raise SourceError(
            [Diagnostic(span.file, span.line, span.column, error.message)], checked.source
        ) from None


__all__ = ["ENTRY", "lower"]
