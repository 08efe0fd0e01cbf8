"""Building one IR function: registers, labels, and where each variable lives."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from modelcheck.ir import instructions as ir
from modelcheck.syntax.nodes import Span
from modelcheck.syntax.symbols import Variable


@dataclass(frozen=True)
class InRegister:
    """A non-escaping scalar local: its value is in ``register``."""

    register: int


@dataclass(frozen=True)
class InCell:
    """A variable stored in memory: ``register`` holds the pointer to its first cell."""

    register: int


@dataclass(frozen=True)
class InGlobal:
    """A package-level variable: heap block number ``block``."""

    block: int


Location = InRegister | InCell | InGlobal


class LoweringError(Exception):
    """A construct the front end accepted but the IR cannot express."""

    def __init__(self, span: Span | None, message: str):
        super().__init__(message)
        self.span = span
        self.message = message


@dataclass
class LoopLabels:
    """Jump targets of an enclosing loop, switch or select (for break/continue)."""

    label: str | None
    break_target: object
    continue_target: object | None


class Label:
    """A forward-referable position in the code."""

    def __init__(self) -> None:
        self.position: int | None = None


@dataclass
class FunctionBuilder:
    name: str
    display_name: str
    span: Span | None
    register_count: int = 0
    code: list = field(default_factory=list)
    locations: dict[Variable, Location] = field(default_factory=dict)
    targets: list[LoopLabels] = field(default_factory=list)
    result_registers: list[int] = field(default_factory=list)
    named_results: list[Variable | None] = field(default_factory=list)
    epilogue: Label = field(default_factory=Label)
    patches: list[tuple[int, str, Label]] = field(default_factory=list)

    def new_register(self) -> int:
        self.register_count += 1
        return self.register_count - 1

    def emit(self, instruction: ir.Instr) -> None:
        self.code.append(instruction)

    def emit_jump(self, target: Label, span: Span | None = None) -> None:
        self.patches.append((len(self.code), "target", target))
        self.code.append(ir.Jump(-1, span))

    def emit_branch(self, condition: int, if_true: Label, if_false: Label, span: Span | None = None) -> None:
        index = len(self.code)
        self.patches.append((index, "if_true", if_true))
        self.patches.append((index, "if_false", if_false))
        self.code.append(ir.Branch(condition, -1, -1, span))

    def place(self, label: Label) -> None:
        label.position = len(self.code)

    def constant(self, value: object, span: Span | None = None) -> int:
        register = self.new_register()
        self.emit(ir.Const(register, value, span))
        return register

    def finish(self, param_count: int, result_count: int) -> ir.Function:
        for index, attribute, label in self.patches:
            assert label.position is not None, f"unplaced label in {self.name}"
            self.code[index] = replace(self.code[index], **{attribute: label.position})
        assert self.epilogue.position is not None
        return ir.Function(
            name=self.name,
            display_name=self.display_name,
            param_count=param_count,
            result_count=result_count,
            register_count=self.register_count,
            code=self.code,
            epilogue=self.epilogue.position,
            span=self.span,
        )
