"""Symbolic values of the relaxed engine, and how they become Z3 terms.

Integers and booleans read from shared memory are Z3 Int and Bool terms. Every other value
(strings, pointers, nil, channels, closures) is *opaque*: Z3 sees an integer naming the
concrete value in an ``Interner``, and the unroller case-splits over the finitely many concrete
values a location can hold whenever it needs one (a pointer to dereference, a string to measure).
"""

from __future__ import annotations

from dataclasses import dataclass

import z3

from modelcheck.syntax.types import AtomicType, BoolType, IntType, Type


class Unsupported(Exception):
    """The program uses something the relaxed engine does not model; ``reason`` says what."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, eq=False)
class Opaque:
    """A non-numeric value read from shared memory: ``term`` is the Interner id of the concrete
    value, one of ``candidates``."""

    term: z3.ArithRef
    candidates: frozenset


@dataclass(frozen=True, eq=False)
class Text:
    """Text that fmt would produce from values not all known yet: formatted once the solver
    has chosen them."""

    kind: str
    arguments: tuple
    types: tuple


class Interner:
    """Numbers for concrete opaque values (and stable numbers for dynamic blocks and channels,
    so that a re-run of the unroller names them alike)."""

    def __init__(self) -> None:
        self.ids: dict = {}
        self.values: list = []

    def id(self, value: object) -> int:
        key = (type(value).__name__, value)
        if key not in self.ids:
            self.ids[key] = len(self.values)
            self.values.append(value)
        return self.ids[key]

    def value(self, number: int) -> object:
        return self.values[number]


def sort_of(t: Type) -> str:
    """ "int", "bool" or "opaque": how a cell of type t is represented in Z3."""
    if isinstance(t, IntType):
        return "int"
    if isinstance(t, BoolType):
        return "bool"
    if isinstance(t, AtomicType):
        return "bool" if t.kind == "Bool" else "int"
    return "opaque"


def fresh(name: str, sort: str) -> object:
    """A fresh variable of the given sort, as a register value."""
    if sort == "int":
        return z3.Int(name)
    if sort == "bool":
        return z3.Bool(name)
    return Opaque(z3.Int(name), frozenset())


def is_symbolic(value: object) -> bool:
    if isinstance(value, z3.ExprRef | Opaque | Text):
        return True
    if isinstance(value, tuple):
        return any(is_symbolic(item) for item in value)
    return False


def term(value: object, interner: Interner) -> z3.ExprRef:
    """The Z3 term of a register value stored in one cell."""
    if isinstance(value, Opaque):
        return value.term
    if isinstance(value, z3.ExprRef):
        return value
    if isinstance(value, bool):
        return z3.BoolVal(value)
    if isinstance(value, int):
        return z3.IntVal(value)
    if isinstance(value, Text):
        raise Unsupported("formatted text with values read from shared memory, stored or compared")
    if is_symbolic(value):
        raise Unsupported("a struct holding values read from shared memory, sent or compared")
    return z3.IntVal(interner.id(value))


def candidates(value: object) -> frozenset:
    """The concrete values an opaque register value may take (itself when concrete)."""
    if isinstance(value, Opaque):
        return value.candidates
    return frozenset([value])


def concrete(model_value: z3.ExprRef, sort: str, interner: Interner) -> object:
    """A value of a Z3 model as a register value."""
    if sort == "bool":
        return z3.is_true(model_value)
    number = model_value.as_long()
    return number if sort == "int" else interner.value(number)


def read_variables(expression: z3.ExprRef, cache: dict) -> frozenset:
    """Names of the uninterpreted constants (read values) an expression mentions."""
    key = expression.get_id()
    if key in cache:
        return cache[key]
    if z3.is_const(expression) and expression.decl().kind() == z3.Z3_OP_UNINTERPRETED:
        result = frozenset([str(expression)])
    else:
        result = frozenset().union(*(read_variables(child, cache) for child in expression.children()))
    cache[key] = result
    return result
