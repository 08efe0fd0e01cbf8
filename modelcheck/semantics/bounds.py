"""The resources one execution may use, and what happens when it reaches one.

Go stops a runaway program in its own ways (a stack overflow at 1 GB of stack, an
out-of-memory crash) at sizes no exhaustive search could reach. So each resource an execution
can grow without end has a bound here; reaching it cuts the execution, and the search is
then reported incomplete with the bound named, never as an outcome Go might not have.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

DEFAULT_MAX_DEPTH = 10_000  # frames on one goroutine's stack
DEFAULT_MAX_GOROUTINES = 1_000  # goroutines started in one execution, main included
DEFAULT_MAX_ALLOC = 1 << 22  # memory cells allocated in one execution
DEFAULT_MAX_STEPS = 10_000_000  # instructions run in one execution
DEFAULT_MAX_MEMORY = 2048  # MiB of resident memory for the whole search (mc's process)
CHECK_EVERY = 1024  # instructions between two looks at the step bound and the deadline


@dataclass(frozen=True)
class Limits:
    """Bounds of one execution, and the deadline (``time.monotonic``) of the whole search."""

    max_depth: int = DEFAULT_MAX_DEPTH
    max_goroutines: int = DEFAULT_MAX_GOROUTINES
    max_alloc: int = DEFAULT_MAX_ALLOC
    max_steps: int = DEFAULT_MAX_STEPS
    deadline: float | None = None
    max_memory: int = DEFAULT_MAX_MEMORY
    memory_base: float = 0.0  # MiB resident when the search began: what it holds is above it

    @staticmethod
    def unbounded() -> Limits:
        """For replaying a schedule the search already ran to its end."""
        huge = 1 << 62
        return Limits(huge, huge, huge, huge, None, huge)

    def starting(self, deadline: float | None) -> Limits:
        """These limits for a search that begins now and must end by ``deadline``."""
        return replace(self, deadline=deadline, memory_base=resident_mib() or 0.0)

    def stop_reason(self, now: float) -> str | None:
        """Why the whole search must stop now (``now``: ``time.monotonic()``), if it must:
        the deadline passed, or the search holds more than --max-memory (what the process
        holds above ``memory_base``, so that earlier work in the same process is not counted)."""
        if self.deadline is not None and now > self.deadline:
            return "deadline"
        resident = resident_mib()
        if resident is not None and resident - self.memory_base > self.max_memory:
            return memory_reason(self.max_memory)
        return None


class BoundReached(Exception):  # noqa: N818 (a signal, not an error)
    """The running goroutine reached a bound: the execution is cut here."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class SearchStopped(Exception):  # noqa: N818 (a signal, not an error)
    """The deadline passed, or memory ran out, in the middle of an execution: the whole
    search stops. ``reason``: "deadline" (the caller names its --timeout) or the bound."""

    def __init__(self, reason: str = "deadline"):
        super().__init__(reason)
        self.reason = reason


PAGE_MIB = os.sysconf("SC_PAGE_SIZE") / (1 << 20) if hasattr(os, "sysconf") else 0.0


def resident_mib() -> float | None:
    """The resident memory of this process in MiB (None where /proc is not there)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * PAGE_MIB
    except (OSError, ValueError, IndexError):
        return None


def depth_reason(limit: int) -> str:
    return (
        f"a goroutine's call depth reached --max-depth {limit} "
        "(unbounded recursion: Go would stop it with 'fatal error: stack overflow')"
    )


def goroutines_reason(limit: int) -> str:
    return f"an execution reached --max-goroutines {limit} (goroutines started, main included)"


def alloc_reason(limit: int) -> str:
    return f"an execution allocated more than --max-alloc {limit} memory cells"


def memory_reason(limit: int) -> str:
    return f"the search held more than --max-memory {limit} MiB"


def steps_reason(limit: int) -> str:
    return f"an execution ran more than --max-steps {limit} instructions"


__all__ = [
    "BoundReached",
    "CHECK_EVERY",
    "Limits",
    "SearchStopped",
    "alloc_reason",
    "depth_reason",
    "goroutines_reason",
    "memory_reason",
    "resident_mib",
    "steps_reason",
]
