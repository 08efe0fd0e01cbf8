"""The explorer: every interleaving that matters, reduced by DPOR, under sequential
consistency. Public surface: ``explore`` and ``Options``."""

from modelcheck.explore.explorer import DEFAULT_UNROLL, Options, explore

__all__ = ["DEFAULT_UNROLL", "Options", "explore"]
