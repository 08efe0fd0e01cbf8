"""The IR: a checked program lowered to functions of register-machine instructions in which
every shared-memory access and every synchronizing action is an explicit event.

Public surface: ``lower`` and the ``instructions`` module.
"""

from modelcheck.ir import instructions
from modelcheck.ir.lower import lower

__all__ = ["instructions", "lower"]
