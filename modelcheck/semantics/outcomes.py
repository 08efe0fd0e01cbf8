"""What a check finds, as values: outcomes, races, leaks, and the result of a whole search.

One taxonomy shared by the explorer, the relaxed engine, the reports and the exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# How an execution ended.
END_OK = "ok"  # main returned
END_PANIC = "panic"  # an unrecovered panic: "panic: MESSAGE"
END_FATAL = "fatal"  # a fatal error such as "sync: unlock of unlocked mutex"
END_DEADLOCK = "deadlock"  # every goroutine blocked while main had not returned
END_HANG = "hang"  # only goroutines spinning in loops that can never exit remain
ENDS = (END_OK, END_PANIC, END_FATAL, END_DEADLOCK, END_HANG)

DEADLOCK_MESSAGE = "all goroutines are asleep - deadlock!"


@dataclass(frozen=True)
class Outcome:
    """The observable behaviour of one execution: everything it printed, in order (stdout and
    ``print``/``println`` alike), and how it ended. ``message`` is the panic value or fatal
    error text without its ``panic: ``/``fatal error: `` prefix; None for "ok" and "hang"."""

    output: str
    end: str = END_OK
    message: str | None = None

    def order(self) -> tuple:
        """Reports list outcomes in this order: normal endings first, then panics, fatal
        errors, deadlocks and hangs; each kind by output."""
        return (ENDS.index(self.end), self.output, self.message or "")

    def describe(self) -> str:
        """The way Go itself would show the ending: ``panic: boom``, ``fatal error: ...``."""
        if self.end == END_PANIC:
            return f"panic: {self.message}"
        if self.end in (END_FATAL, END_DEADLOCK):
            return f"fatal error: {self.message}"
        if self.end == END_HANG:
            return "hangs: a loop can never exit"
        return "ok"


@dataclass(frozen=True)
class SourceLocation:
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class GoroutineInfo:
    """A goroutine as reports name it: its number (main is 1, as in Go), the function it runs,
    and the ``go`` statement that created it (None for main)."""

    number: int
    function: str
    created_at: SourceLocation | None


@dataclass(frozen=True)
class Access:
    """One side of a data race."""

    operation: str  # "read" or "write"
    goroutine: GoroutineInfo
    location: SourceLocation
    atomic: bool = False


@dataclass(frozen=True)
class Race:
    """Two conflicting accesses to ``variable`` not ordered by happens-before. ``variable`` is
    the source name: ``x``, ``t.x`` for a field, ``a[2]`` for an element."""

    variable: str
    first: Access
    second: Access

    def key(self) -> tuple:
        """Races are reported once per pair of source accesses."""
        sides = sorted(
            [
                (self.first.operation, str(self.first.location)),
                (self.second.operation, str(self.second.location)),
            ]
        )
        return (self.variable, tuple(sides))


@dataclass(frozen=True)
class BlockedGoroutine:
    """A goroutine blocked at the end of an execution, and what it waits on
    (``chan receive``, ``sync.Mutex.Lock``, ``sync.WaitGroup.Wait``, ``select``, ...)."""

    goroutine: GoroutineInfo
    waiting_on: str
    location: SourceLocation


@dataclass(frozen=True)
class Step:
    """One step of a schedule: the goroutine that moved (Go's number), what it did, and where.
    ``key`` is the machine's branch key, so that the schedule can be replayed exactly."""

    goroutine: int
    description: str
    location: SourceLocation | None
    key: tuple = ()
    partner: int | None = None  # Go's number of the other goroutine of a joint channel step


@dataclass
class Finding:
    """An outcome as found: the outcome, one witness schedule, and for deadlocks and leaks the
    goroutines that were blocked. ``relaxed``: only the Go memory model allows it (no
    interleaving produces it)."""

    outcome: Outcome
    schedule: list[Step] = field(default_factory=list)
    blocked: list[BlockedGoroutine] = field(default_factory=list)
    relaxed: bool = False
    witness: object = None  # engine-specific detail for `mc explain`


@dataclass
class Statistics:
    complete: int = 0  # executions that ran to the end
    redundant: int = 0  # sleep-set-blocked runs
    blocked: int = 0  # runs cut short by a blocked reversal or an await that never woke
    bounded: int = 0  # executions cut by --unroll
    events: int = 0
    seconds: float = 0.0


@dataclass
class Result:
    """Everything one search found. ``complete`` is False when a bound (``--unroll``,
    ``--max-executions``, ``--timeout``, an interrupt) cut the search: then nothing may be
    reported as impossible. ``incomplete_reasons`` says which bounds cut it."""

    file: str
    model: str
    complete: bool = True
    test: str | None = None  # the test checked (``TestXxx``), None for a main program
    incomplete_reasons: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    races: list[Race] = field(default_factory=list)
    leaks: list[Finding] = field(default_factory=list)
    statistics: Statistics = field(default_factory=Statistics)
    notes: list[str] = field(default_factory=list)  # e.g. "race-free: go outcomes = sc (DRF-SC)"

    @property
    def outcomes(self) -> list[Outcome]:
        return [finding.outcome for finding in self.findings]

    @property
    def race_variables(self) -> set[str]:
        return {race.variable for race in self.races}
