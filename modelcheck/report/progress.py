"""A progress bar for long searches, on the terminal's standard error, via ``rich``: executions
so far, executions per second, and an estimate of the time left when a bound (``--max-executions``
or ``--timeout``) says where the search will stop at the latest. The explorer calls it with the
Result so far every ``progress_every`` runs; it never prints itself."""

from __future__ import annotations

import time

from modelcheck.semantics.outcomes import Result


class ProgressBar:
    """Use as a context manager; pass the instance as ``Options.progress``."""

    def __init__(self, label: str, max_executions: int | None = None, timeout: float | None = None):
        self.label = label
        self.max_executions = max_executions
        self.timeout = timeout
        self.started = time.monotonic()
        self.progress = None
        self.task = None

    def __enter__(self) -> ProgressBar:
        return self

    def start(self) -> None:
        """Shown from the first report on, so that quick searches never flash a bar."""
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[status]}"),
            console=Console(stderr=True),
            transient=True,
        )
        self.progress.start()
        self.task = self.progress.add_task(self.label, total=None, status="starting")

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()

    def __call__(self, result: Result) -> None:
        if self.progress is None:
            self.start()
        statistics = result.statistics
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = statistics.complete / elapsed
        fraction = self.fraction(statistics.complete, elapsed)
        estimate = f", about {elapsed / fraction - elapsed:.0f}s left" if fraction else ""
        status = f"{statistics.complete} executions, {rate:.0f}/s{estimate}"
        total = 1.0 if fraction is not None else None
        self.progress.update(self.task, completed=fraction or 0, total=total, status=status)

    def fraction(self, executions: int, elapsed: float) -> float | None:
        """How far the search is towards its nearest bound, if it has one."""
        parts = []
        if self.max_executions:
            parts.append(executions / self.max_executions)
        if self.timeout:
            parts.append(elapsed / self.timeout)
        return min(max(parts), 1.0) if parts else None
