"""Fuzz inputs and a guarded runner, shared by tests/test_fuzz.py (CI) and tests/fuzz_campaign.py.

An input is a FuzzInput: the bytes of a .gol file and the ``mc`` arguments to run it with. A
Worker runs inputs one at a time in a forked process, each in-process through click's CliRunner,
and kills the process (after a stack dump) when an input is past its bound. ``problems`` says
what is wrong with a run: every input must get an answer, with no traceback, an exit status in
the documented set, within the bound.
"""

from __future__ import annotations

import collections
import faulthandler
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st
from program_generator import programs

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("**/*.gol"))
SPEC_NAMES = [str(path.relative_to(ROOT)) for path in SPECS]
SPEC_BYTES = [path.read_bytes() for path in SPECS]

TIMEOUT = "2"
MAX_EXECUTIONS = "50"
EXIT_STATUSES = frozenset({0, 1, 2, 3})  # ok, found something, bad input or usage, incomplete
FORBIDDEN_OUTPUT = ("Traceback", "internal error")
MEMORY_LIMIT = 4 * 1024**3  # address space a worker may add: an allocation beyond it is a MemoryError
OUTPUT_KEPT = 4000  # characters of output kept from each run
SAVED_TRACEBACK = re.compile(r"the traceback is in (\S+)")  # where mc's guard keeps a traceback

# --- invocations -------------------------------------------------------------------------------

PATH, DIRECTORY = "{path}", "{dir}"
BOUNDS = ("--timeout", TIMEOUT, "--max-executions", MAX_EXECUTIONS)
CHECK = ("check", PATH, *BOUNDS)
EXPLAIN = ("explain", PATH, *BOUNDS)
INVOCATIONS = (
    CHECK,
    (*CHECK, "--json"),
    (*CHECK, "--format", "sarif"),
    (*CHECK, "--model", "sc", "--no-color"),
    (*CHECK, "--unroll", "3", "--format", "json"),
    EXPLAIN,
    (*EXPLAIN, "--witness", "--deadlock"),
    (*EXPLAIN, "--panic", "--json"),
    (*EXPLAIN, "--race", "x", "--columns"),
    (*EXPLAIN, "--prints", "0", "--model", "sc"),
    (*EXPLAIN, "--leak", "--dot", DIRECTORY + "/graph.dot"),
    (*EXPLAIN, "--hang"),
    ("parse", PATH),
    ("parse", PATH, "--ast"),
)
# Plain ``check`` is drawn four times as often as any other invocation. (Not ``--jobs``: a
# worker is a daemon process, which multiprocessing does not let have children.)
WEIGHTED_INVOCATIONS = (CHECK, CHECK, CHECK, *INVOCATIONS)


@dataclass(frozen=True)
class FuzzInput:
    """A .gol file's bytes, the arguments to run ``mc`` with, and where the input came from."""

    kind: str  # "generated", "bytes", "tokens" or "extreme"
    label: str  # the spec it mutates, the extreme program's name, ...
    data: bytes
    args: tuple[str, ...] = CHECK

    def argv(self, path: str, directory: str) -> list[str]:
        """The arguments with the file's path and the scratch directory filled in."""
        return [arg.replace(PATH, path).replace(DIRECTORY, directory) for arg in self.args]


def invocations():
    """Arguments for ``mc``: mostly ``check``, also ``explain`` and ``parse``."""
    return st.sampled_from(WEIGHTED_INVOCATIONS)


# --- (a) generated programs ----------------------------------------------------------------------


def generated_inputs():
    """Programs of tests/program_generator.py, with and without library memory."""
    return st.builds(
        lambda text, args: FuzzInput("generated", "program_generator", text.encode(), args),
        st.one_of(programs(), programs(memory=True)),
        invocations(),
    )


# --- (b) byte-level mutations of the specs -------------------------------------------------------

INTERESTING_BYTES = (
    b"\x00", b"\r", b"\r\n", b"\n", b"\t", b"\xff", b"\xc3", b"\x80", b"\xed\xa0\x80", b"\xef\xbb\xbf",
    b"\xe2\x80\xa8", b"\xf4\x90\x80\x80", b"\\", b'"', b"`", b"'", b"/*", b"//", b"{", b"}", b"(",
    b"9999999999999999999999", b"\x1b[31m", "é".encode(), "世".encode(),
)  # fmt: skip


BYTE_ACTIONS = ("flip", "insert", "delete", "replace")


def byte_edits():
    """Edits of a byte string: (where in [0, 1], action, bytes to insert, xor mask, count)."""
    return st.lists(
        st.tuples(
            st.floats(0, 1),
            st.sampled_from(BYTE_ACTIONS),
            st.one_of(st.sampled_from(INTERESTING_BYTES), st.binary(min_size=1, max_size=3)),
            st.integers(1, 255),
            st.integers(1, 8),
        ),
        min_size=1,
        max_size=6,
    )


def apply_byte_edits(data: bytes, edits) -> bytes:
    """``data`` with each edit applied in turn."""
    buffer = bytearray(data)
    for where, action, chunk, mask, count in edits:
        position = min(int(where * len(buffer)), max(0, len(buffer) - 1))
        if action == "flip" and buffer:
            buffer[position] ^= mask
        elif action == "insert":
            buffer[position:position] = chunk
        elif action == "delete":
            del buffer[position : position + count]
        elif action == "replace":
            buffer[position : position + len(chunk)] = chunk
    return bytes(buffer)


def byte_mutants():
    """A spec with a few bytes flipped, inserted, deleted or replaced."""
    return st.builds(
        lambda index, edits, args: FuzzInput(
            "bytes", SPEC_NAMES[index], apply_byte_edits(SPEC_BYTES[index], edits), args
        ),
        st.integers(0, len(SPECS) - 1),
        byte_edits(),
        invocations(),
    )


# --- (c) token-level mutations of the specs ------------------------------------------------------

TOKEN = re.compile(r"\s+|[A-Za-z_]\w*|\d+|\"[^\"\n]*\"|.", re.DOTALL)
WORDS = sorted(
    {"nil", "iota", "_", "int8", "uint", "string", "len", "make", "append", "close", "recover"}
    | {"0", "1", "300", "-", "&", "*", "<-", ":=", "=", "(", ")", "{", "}", "[", "]", ",", ".", "..."}
    | {"go", "defer", "return", "break", "continue", "for", "range", "select", "switch", "case"}
    | {"struct{}", "chan", "map[int]int", "func()", "[]int", "sync.Mutex", "x", "main", "fmt"}
)
# Words that make programs grow: more goroutines, loops, recursion, huge sizes and values.
GROWTH_WORDS = (
    "go", "for", "for {", "for { go main() }", "go main()", "main()", "defer main()",
    "func() { func() { func() {}() }() }()", "go func() { for {} }()", "select {}",
    "make([]int, 1<<40)", "make(map[int]int, 1<<40)", "make(chan int, 1<<40)", "1<<62", "1 << 63",
    "1 << 1000", "9223372036854775807", "-9223372036854775808", "0x7fffffffffffffff",
    "18446744073709551615", "[1 << 30]int", "/ 0", "% 0", "<< 200", ">> 64",
)  # fmt: skip
ALL_WORDS = tuple(WORDS) + GROWTH_WORDS
# Whole statements, inserted as a line of their own, so that the program often stays valid.
GROWTH_STATEMENTS = (
    "go main()", "main()", "defer main()", "for { go main() }", "go func() { for {} }()",
    "func() { func() { func() { func() {}() }() }() }()", "select {}", "for {}", "x := 1 << 62",
    "_ = make([]int, 1<<40)", "_ = make(chan int, 1<<40)", "_ = make(map[int]int, 1<<40)",
    "_ = 1 / len([]int{})", "var p *int; *p = 1", "panic(1)", "for i := range 1 << 62 { _ = i }",
)  # fmt: skip


def tokens_of(text: str) -> list[str]:
    """The tokens of ``text``, whitespace included: joining them gives ``text`` back."""
    return TOKEN.findall(text)


TOKEN_ACTIONS = ("delete", "replace", "insert", "duplicate")


def token_edits():
    """Edits of a token list: (where in [0, 1], action, word or statement, span). Half of them
    add a whole statement, which keeps more programs valid."""
    token_edit = st.tuples(
        st.floats(0, 1), st.sampled_from(TOKEN_ACTIONS), st.sampled_from(ALL_WORDS), st.integers(1, 12)
    )
    statement_edit = st.tuples(
        st.floats(0, 1), st.just("line"), st.sampled_from(GROWTH_STATEMENTS), st.just(1)
    )
    return st.lists(st.one_of(statement_edit, token_edit), min_size=1, max_size=4)


def apply_token_edits(text: str, edits) -> str:
    """``text`` with each token edit applied: ``duplicate`` repeats ``span`` tokens in place,
    ``line`` puts the word on a line of its own."""
    tokens = tokens_of(text) or [""]
    for where, action, word, span in edits:
        position = min(int(where * len(tokens)), len(tokens) - 1)
        if action == "delete":
            del tokens[position : position + span]
        elif action == "replace":
            tokens[position] = word
        elif action == "insert":
            tokens.insert(position, word + " ")
        elif action == "line":
            insert_line(tokens, position, word)
        else:
            tokens[position:position] = tokens[position : position + span]
        tokens = tokens or [""]
    return "".join(tokens)


def insert_line(tokens: list[str], position: int, text: str) -> None:
    """Put ``text`` on a line of its own, inside a block: at the first indented line from
    ``position`` on (wrapping around)."""
    for index in [*range(position, len(tokens)), *range(position)]:
        indent = tokens[index].rsplit("\n", 1)[1] if "\n" in tokens[index] else ""
        if indent:
            tokens.insert(index + 1, f"{text}\n{indent}")
            return


def token_mutants():
    """A spec with a few tokens deleted, replaced, inserted or duplicated."""
    return st.builds(
        lambda index, edits, args: FuzzInput(
            "tokens", SPEC_NAMES[index], apply_token_edits(SPEC_BYTES[index].decode(), edits).encode(), args
        ),
        st.integers(0, len(SPECS) - 1),
        token_edits(),
        invocations(),
    )


def seeded_byte_edit(rng: random.Random):
    return (rng.random(), rng.choice(BYTE_ACTIONS), rng.choice(INTERESTING_BYTES), rng.randint(1, 255), 4)


def seeded_token_edit(rng: random.Random):
    if rng.random() < 0.5:
        return (rng.random(), "line", rng.choice(GROWTH_STATEMENTS), 1)
    return (rng.random(), rng.choice(TOKEN_ACTIONS), rng.choice(ALL_WORDS), rng.randint(1, 12))


def seeded_mutants(index: int, args: tuple[str, ...] = CHECK) -> list[FuzzInput]:
    """One byte-level and one token-level mutant of spec ``index``, the same on every run."""
    rng = random.Random(SPEC_NAMES[index])
    source, name = SPEC_BYTES[index], SPEC_NAMES[index]
    byte_edits = [seeded_byte_edit(rng) for _ in range(rng.randint(1, 3))]
    token_edits = [seeded_token_edit(rng) for _ in range(rng.randint(1, 2))]
    return [
        FuzzInput("bytes", name, apply_byte_edits(source, byte_edits), args),
        FuzzInput("tokens", name, apply_token_edits(source.decode(), token_edits).encode(), args),
    ]


# --- (d) hand-written extreme programs -----------------------------------------------------------


def program(*body: str, imports: str = "", top: tuple[str, ...] = ()) -> str:
    """A whole program: imports (names separated by spaces), top-level declarations and the
    statements of main, one per argument."""
    header = "".join(f'import "{name}"\n' for name in imports.split())
    declarations = "".join(f"{line}\n" for line in top)
    statements = "".join(f"\t{line}\n" for line in body)
    return f"package main\n\n{header}{declarations}\nfunc main() {{\n{statements}}}\n"


def nested(opening: str, middle: str, closing: str, depth: int) -> str:
    """``depth`` openings, the middle, then ``depth`` closings, one per line."""
    return "\n".join([opening] * depth + [middle] + [closing] * depth)


EXTREMES = {
    # recursion and goroutines without end
    "unbounded_recursion": program("println(f(0))", top=("func f(n int) int { return f(n+1) + 1 }",)),
    "unbounded_recursion_void": program("f()", top=("func f() { f() }",)),
    "mutual_recursion": program("f(0)", top=("func f(n int) { g(n + 1) }", "func g(n int) { f(n + 1) }")),
    "recursive_closure": program(
        "var f func(int) int", "f = func(n int) int { return f(n + 1) }", "println(f(0))"
    ),
    "main_calls_main": program("main()"),
    "init_calls_recursion": program(top=("func init() { f() }", "func f() { f() }")),
    "recursive_goroutines": program("f(0)", top=("func f(n int) { go f(n + 1); f(n + 1) }",)),
    "goroutine_tree": program("f()", "select {}", top=("func f() { go f(); go f() }",)),
    "for_go_f": program("for { go f() }", top=("func f() {}",)),
    "for_go_closure": program("x := 0", "for { go func() { x++ }() }"),
    "waitgroup_10000": program(
        "var wg sync.WaitGroup",
        "for i := 0; i < 10000; i++ { wg.Add(1); go func() { wg.Done() }() }",
        "wg.Wait()",
        'fmt.Println("done")',
        imports="fmt sync",
    ),
    "waitgroup_10000_unrolled": program(
        "var wg sync.WaitGroup", "wg.Add(10000)", *["go wg.Done()"] * 10000, "wg.Wait()", imports="sync"
    ),
    "goroutines_300_literal": program("c := make(chan int, 300)", *["go func() { c <- 1 }()"] * 300, "<-c"),
    # nil dereferences in main
    "nil_pointer_main_read": program("var p *int", "println(*p)"),
    "nil_pointer_main_write": program("var p *int", "*p = 1"),
    "nil_pointer_main_field": program("var p *T", "p.x = 1", top=("type T struct{ x int }",)),
    "nil_pointer_global": program("println(*p)", top=("var p *int",)),
    "nil_pointer_method": program(
        "var t *T", "t.get()", top=("type T struct{ x int }", "func (t *T) get() int { return t.x }")
    ),
    "nil_slice_index": program("var s []int", "s[0] = 1"),
    "nil_map_write_main": program("var m map[int]int", "m[1] = 1"),
    "nil_func_call": program("var f func()", "f()"),
    # huge allocations
    "make_huge_slice": program("s := make([]int, 1<<40)", "println(len(s))"),
    "make_huge_slice_cap": program("s := make([]int, 0, 1<<62)", "println(cap(s))"),
    "make_huge_slice_variable": program("n := 1 << 40", "s := make([]int, n)", "s[n-1] = 1"),
    "make_negative_slice_variable": program("n := -1", "s := make([]int, n)", "println(len(s))"),
    "make_huge_map": program("m := make(map[int]int, 1<<40)", "m[1] = 2", "println(len(m))"),
    "make_huge_channel": program("c := make(chan int, 1<<40)", "c <- 1", "println(<-c)"),
    "make_huge_channel_variable": program("n := 1 << 62", "c := make(chan int, n)", "println(cap(c))"),
    "huge_array_local": program("var a [1 << 40]int", "a[5] = 1", "println(a[5])"),
    "huge_array_global": program("println(len(a))", top=("var a [1 << 30]int",)),
    "append_doubling": program("s := []int{1}", "for { s = append(s, s...) }"),
    "string_doubling": program('s := "x"', "for i := 0; i < 64; i++ { s += s }", "println(len(s))"),
    # deep nesting and big programs
    "nested_closures_10": program(nested("func() {", "println(1)", "}()", 10)),
    "nested_closures_20": program(nested("func() {", "println(1)", "}()", 20)),
    "nested_closures_40": program(nested("func() {", "println(1)", "}()", 40)),
    "nested_closures_200": program(nested("func() {", "println(1)", "}()", 200)),
    "nested_goroutines_12": program(
        "done := make(chan bool)", nested("go func() {", "done <- true", "}()", 12), "<-done"
    ),
    "nested_ifs_500": program("x := 1", nested("if x > 0 {", "println(x)", "}", 500)),
    "long_sum_5000": program("x := 1", "y := " + " + ".join(["x"] * 5000), "println(y)"),
    "globals_1000": program("println(v999)", top=tuple(f"var v{i} = {i}" for i in range(1000))),
    # arithmetic at the edges
    "division_by_zero_variable": program("x := 0", "println(1 / x)"),
    "modulo_by_zero_variable": program("x := 0", "println(1 % x)"),
    "division_by_zero_constant": program("println(1 / 0)"),
    "division_by_zero_in_goroutine": program(
        "x := 0", "done := make(chan bool)", "go func() { println(7 / x); done <- true }()", "<-done"
    ),
    "min_int_divided_by_minus_one": program(
        "x := int64(-9223372036854775808)", "y := int64(-1)", "println(x/y, x%y)"
    ),
    "shift_huge_count": program("x := 1", "println(x<<1000, x>>1000, -x>>1000)"),
    "shift_count_variable": program("x := 1", "n := uint(1 << 62)", "println(x << n)"),
    "shift_negative_count": program("x := 1", "n := -1", "println(x << n)"),
    "shift_constant_overflow": program("const c = 1 << 1000", "println(c >> 998)"),
    "constant_overflow_int": program("x := 1 << 63", "println(x)"),
    "big_constants": program(
        "const big = 1 << 62",
        "x := big * 3 / 3",
        "var u uint64 = 18446744073709551615",
        "var y int64 = 9223372036854775807",
        "y++",
        "u++",
        "println(x, y, u)",
    ),
    "multiply_overflow_loop": program("x := 3", "for i := 0; i < 200; i++ { x *= x }", "println(x)"),
    "range_huge_int": program("n := 0", "for i := range 1 << 62 { n += i }", "println(n)"),
    "printf_odd_verbs": program(
        'fmt.Printf("%d %!  %[5]d %*d %z %", 1)', 'fmt.Println(fmt.Sprintf("%v %T %q", 1, 2))', imports="fmt"
    ),
    # loops without end, with and without events
    "infinite_loop_empty": program("for {", "}"),
    "infinite_loop_local": program("x := 0", "for { x++ }"),
    "infinite_loop_global": program("for { x++ }", top=("var x int",)),
    "infinite_loop_print": program("for { println(1) }"),
    "infinite_loop_mutex": program(
        "for { mu.Lock(); mu.Unlock() }", imports="sync", top=("var mu sync.Mutex",)
    ),
    "infinite_loop_channel": program("c := make(chan int)", "go func() { for { c <- 1 } }()", "for { <-c }"),
    "infinite_loop_gosched": program("for { runtime.Gosched() }", imports="runtime"),
    "infinite_loop_sleep": program("for { time.Sleep(1) }", imports="time"),
    "infinite_loop_in_goroutine": program("go func() { for { x++ } }()", "println(x)", top=("var x int",)),
    "spin_on_flag_never_set": program("for !done {", "}", top=("var done bool",)),
    "select_forever_loop": program("for { select {} }"),
    "nested_infinite_loops": program("for { for { for { x++ } } }", top=("var x int",)),
}


def extreme_inputs(args: tuple[str, ...] = CHECK) -> list[FuzzInput]:
    """Every extreme program, under ``args``."""
    return [FuzzInput("extreme", name, text.encode(), args) for name, text in EXTREMES.items()]


def extreme_invocations() -> list[FuzzInput]:
    """Every extreme program under one of the other invocations, in turn: all are used."""
    others = INVOCATIONS[1:]
    return [
        FuzzInput("extreme", name, text.encode(), others[number % len(others)])
        for number, (name, text) in enumerate(EXTREMES.items())
    ]


# --- running an input ----------------------------------------------------------------------------


@dataclass
class RunResult:
    """What one run of ``mc`` gave: exit status, output, exception, or that it never answered."""

    exit_code: int | None = None
    output: str = ""
    exception: str | None = None  # the exception's last traceback line, if one escaped
    traceback: str | None = None
    seconds: float = 0.0
    past_bound: bool = False
    crashed: str | None = None  # how the worker process died, if it did
    stacks: str = ""  # the worker's threads when it was stopped or crashed


def run_in_process(fuzz_input: FuzzInput, directory: str) -> RunResult:
    """Write the input to ``directory`` and run ``mc`` on it through click's CliRunner."""
    from click.testing import CliRunner

    from modelcheck.cli import main

    path = os.path.join(directory, "fuzz.gol")
    with open(path, "wb") as file:
        file.write(fuzz_input.data)
    started = time.perf_counter()
    result = CliRunner().invoke(main, fuzz_input.argv(path, directory))
    run = RunResult(result.exit_code, result.output[-OUTPUT_KEPT:], seconds=time.perf_counter() - started)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        lines = traceback.format_exception(*result.exc_info)
        run.traceback = "".join(lines)
        run.exception = lines[-1].strip()
    elif saved := SAVED_TRACEBACK.search(run.output):
        run.traceback = take_file(saved.group(1))
        run.exception = run.traceback.strip().rsplit("\n", 1)[-1].strip() if run.traceback else None
    return run


def take_file(path: str) -> str:
    """The text of the file at ``path``, which is then removed."""
    try:
        text = Path(path).read_text(errors="replace")
        os.remove(path)
    except OSError:
        return ""
    return text


def problems(run: RunResult) -> list[str]:
    """Every way in which a run failed to give a proper answer (empty: it did)."""
    found = []
    if run.past_bound:
        found.append("past bound")
    if run.crashed:
        found.append(f"crashed: {run.crashed}")
    if run.exception:
        found.append(f"exception: {run.exception}")
    if run.exit_code is not None and run.exit_code not in EXIT_STATUSES:
        found.append(f"exit status {run.exit_code}")
    found.extend(f"output contains {word!r}" for word in FORBIDDEN_OUTPUT if word in run.output)
    return found


def describe(fuzz_input: FuzzInput, run: RunResult) -> str:
    """A failure report: the input, the arguments, what went wrong, output and traceback."""
    text = shorten(fuzz_input.data.decode("utf-8", "backslashreplace"))
    parts = [
        f"{fuzz_input.kind} input from {fuzz_input.label}: mc {' '.join(fuzz_input.args)}",
        f"problems: {'; '.join(problems(run))}",
        f"--- input ---\n{text}",
        f"--- output (exit status {run.exit_code}) ---\n{run.output}",
    ]
    if run.traceback:
        parts.append(f"--- traceback ---\n{shorten(run.traceback)}")
    if run.stacks:
        parts.append(f"--- stacks of the stopped worker ---\n{shorten(run.stacks)}")
    return "\n".join(parts)


def shorten(text: str, limit: int = 6000) -> str:
    """``text``, or its start and end with the middle left out."""
    if len(text) <= limit:
        return text
    return f"{text[: limit // 2]}\n[... {len(text) - limit} characters left out ...]\n{text[-limit // 2 :]}"


# --- the worker process --------------------------------------------------------------------------


def serve(connection, directory: str) -> None:
    """The worker's loop: receive an input, run it, send the RunResult back."""
    # On top of what the process holds at the fork: the suite's own earlier tests may have
    # grown the parent, and a limit below that would fail every input.
    limit = address_space() + MEMORY_LIMIT
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    tempfile.tempdir = directory  # mc's guard saves tracebacks there
    dump = open(os.path.join(directory, "stacks.txt"), "w")  # noqa: SIM115 - open for the process
    faulthandler.enable(dump, all_threads=True)
    faulthandler.register(signal.SIGUSR1, dump, all_threads=True)
    while True:
        try:
            fuzz_input = connection.recv()
        except EOFError:
            return
        connection.send(run_in_process(fuzz_input, directory))


def address_space() -> int:
    """The bytes of address space this process has mapped (VmSize)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def warm_up() -> None:
    """Import and exercise mc once in this process, so that forked workers start warm."""
    global WARM
    if not WARM:
        with tempfile.TemporaryDirectory() as directory:
            run_in_process(FuzzInput("warm-up", SPEC_NAMES[0], SPEC_BYTES[0]), directory)
        WARM = True


WARM = False


class Worker:
    """A forked process that runs inputs one at a time; one past its bound is stopped."""

    def __init__(self) -> None:
        self.process = None
        self.connection = None
        self.directory = ""

    def start(self) -> None:
        warm_up()
        context = multiprocessing.get_context("fork")
        self.directory = tempfile.mkdtemp(prefix="mc-fuzz-")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=serve, args=(child, self.directory), daemon=True)
        self.process.start()
        child.close()

    def submit(self, fuzz_input: FuzzInput) -> None:
        """Send an input; collect the answer with ``collect``."""
        if self.process is None:
            self.start()
        self.started = time.perf_counter()
        self.connection.send(fuzz_input)

    def collect(self, bound: float) -> RunResult:
        """The answer to the input sent last, or a past-bound result once ``bound`` s have gone."""
        remaining = bound - (time.perf_counter() - self.started)
        try:
            if self.connection.poll(max(0.0, remaining)):
                run = self.connection.recv()
                run.seconds = time.perf_counter() - self.started
                return run
        except (EOFError, OSError):
            return self.died()
        return self.stop()

    def run(self, fuzz_input: FuzzInput, bound: float) -> RunResult:
        self.submit(fuzz_input)
        return self.collect(bound)

    def stop(self) -> RunResult:
        """Dump the stacks of the stuck process, kill it, and say that it was past its bound."""
        seconds = time.perf_counter() - self.started
        os.kill(self.process.pid, signal.SIGUSR1)
        time.sleep(0.5)
        stacks = self.stacks()
        self.close()
        return RunResult(seconds=seconds, past_bound=True, stacks=stacks)

    def died(self) -> RunResult:
        """The process ended without answering: a crash (a signal, or exit from within)."""
        seconds = time.perf_counter() - self.started
        self.process.join(5)
        code = self.process.exitcode
        how = f"signal {signal.Signals(-code).name}" if code and code < 0 else f"exit code {code}"
        stacks = self.stacks()
        self.close()
        return RunResult(seconds=seconds, crashed=how, stacks=stacks)

    def stacks(self) -> str:
        try:
            return Path(self.directory, "stacks.txt").read_text(errors="replace")
        except OSError:
            return ""

    def close(self) -> None:
        """Kill the process and remove its scratch directory."""
        if self.process is not None:
            self.process.kill()
            self.process.join()
            self.connection.close()
        self.process = None
        shutil.rmtree(self.directory, ignore_errors=True)


# --- telling failures apart ----------------------------------------------------------------------

FRAME = re.compile(r'File "([^"]+)", line (\d+),? in (\S+)')
WRAPPERS = tuple(  # entry points every run goes through: no help in telling failures apart
    f"modelcheck/{name}.py"
    for name in ("cli", "guard", "check", "explain", "explain_command", "syntax/limits")
)


def modelcheck_frames(text: str) -> list[str]:
    """``module:function`` of each modelcheck frame in a traceback or stack dump, in text order."""
    frames = []
    for file, _line, function in FRAME.findall(text):
        if "/modelcheck/" in file and not file.endswith(WRAPPERS):
            frames.append(f"{file.split('/modelcheck/')[-1].removesuffix('.py')}:{function}")
    return frames


def stuck_thread(stacks: str) -> str:
    """The dumped thread that was doing the work (not one waiting in threading or a pipe)."""
    threads = re.split(r"\n(?=(?:Current thread|Thread) 0x)", stacks.strip())
    for thread in threads:
        if modelcheck_frames(thread) and "threading.py" not in thread.split("\n", 2)[1]:
            return thread
    return threads[-1] if threads else ""


def recursion_cycle(frames: list[str]) -> str:
    """The frames repeated most often: the cycle a RecursionError went round (its innermost
    frame is wherever the limit happened to strike)."""
    counts = collections.Counter(frames)
    most = max(counts.values())
    return " / ".join(sorted(frame for frame, count in counts.items() if count == most))


def signature(run: RunResult) -> str:
    """A short key that groups runs failing the same way at the same place."""
    if run.exception:
        frames = modelcheck_frames(run.traceback or "")
        kind = run.exception.split(":")[0]
        if kind == "RecursionError" and frames:
            return f"RecursionError in the cycle {recursion_cycle(frames)}"
        return f"{kind} at {frames[-1] if frames else '?'}"
    if run.past_bound or run.crashed:
        # faulthandler lists the most recent call first: the outermost frames are the stable ones
        frames = modelcheck_frames(stuck_thread(run.stacks))[::-1]
        how = "past bound" if run.past_bound else f"crashed ({run.crashed})"
        return f"{how} in {' > '.join(frames[:3]) or '?'}"
    return "; ".join(problems(run))
