"""``run_deep``: run a function with a big stack and a high recursion limit.

The parser itself never recurses, but later passes over the tree (the checker, printers) may
walk it recursively; 3,000 nested parentheses must still go through without RecursionError.
Python's recursion limit is per interpreter, so it is raised for the duration of the call.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TypeVar

STACK_SIZE = 512 * 1024 * 1024
RECURSION_LIMIT = 200_000

T = TypeVar("T")
_lock = threading.Lock()
_active = 0  # run_deep calls in progress; the recursion limit is restored when none is left
_saved_limit = sys.getrecursionlimit()


def run_deep(fn: Callable[..., T], *args, **kwargs) -> T:
    """Call ``fn(*args, **kwargs)`` in a thread with a 512 MiB stack; return or re-raise its result."""
    global _active, _saved_limit
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = fn(*args, **kwargs)
        except BaseException as error:  # re-raised in the calling thread
            outcome["error"] = error

    with _lock:
        if _active == 0:
            _saved_limit = sys.getrecursionlimit()
        _active += 1
        sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))
        old_stack = threading.stack_size()
        try:
            threading.stack_size(STACK_SIZE)
            worker = threading.Thread(target=target, name="mc-deep", daemon=True)
            worker.start()
        finally:
            threading.stack_size(old_stack)
    try:
        worker.join()
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                sys.setrecursionlimit(_saved_limit)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
