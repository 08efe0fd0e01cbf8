"""The relaxed engine: outcomes a memory model allows beyond interleavings, found with Z3.
Public surface: ``explore_relaxed``, ``RelaxedResult`` and ``Unsupported``."""

from modelcheck.relaxed.engine import RelaxedResult, explore_relaxed
from modelcheck.relaxed.values import Unsupported

__all__ = ["RelaxedResult", "Unsupported", "explore_relaxed"]
