"""mc: an exhaustive model checker for Go concurrency."""

__version__ = "0.1.0"
