"""The DPOR benchmark suite of ../shared/ALGORITHMS.md §3 as generated .gol (Go) programs.

Each generator ``name(param) -> str`` returns the source of one benchmark, written the way
GenMC's (or Nidhugg's) test writes it: pthreads become goroutines, globals become
package-level variables, ``assert(0)`` becomes ``panic``. ``EXPECTED[name][param]`` is the
number of complete executions an optimal explorer runs under sequential consistency (the
number of Mazurkiewicz traces).

Joins add no interleavings of their own: every goroutine gets its own ``done`` channel of
capacity 1 that it sends on as its last step, and main receives from them in order. (A
shared WaitGroup would add orderings among the Done calls.) Litmus tests have one size;
their parameter is ``None``.
"""

from __future__ import annotations

from collections.abc import Callable
from math import factorial


def join_main(spawns: list[str], before: str = "") -> str:
    """``func main``: run ``before``, start each call of ``spawns`` as a goroutine with its
    own done channel appended to its arguments, then receive from each channel in order."""
    lines = ["func main() {"]
    if before:
        lines.extend("\t" + line for line in before.strip("\n").split("\n"))
    for index, call in enumerate(spawns):
        name, _, arguments = call.partition("(")
        arguments = arguments.rstrip(")")
        separator = ", " if arguments else ""
        lines.append(f"\tdone{index} := make(chan bool, 1)")
        lines.append(f"\tgo {name}({arguments}{separator}done{index})")
    lines.extend(f"\t<-done{index}" for index in range(len(spawns)))
    lines.append("}")
    return "\n".join(lines) + "\n"


def program(
    declarations: str, functions: str, spawns: list[str], imports: tuple[str, ...] = (), before: str = ""
) -> str:
    """A whole program: package clause, imports, package-level declarations, goroutine
    functions and the joining main."""
    parts = ["package main\n"]
    if len(imports) == 1:
        parts.append(f'import "{imports[0]}"\n')
    elif imports:
        parts.append("import (\n" + "".join(f'\t"{name}"\n' for name in imports) + ")\n")
    parts.append(declarations.strip("\n") + "\n")
    parts.append(functions.strip("\n") + "\n")
    parts.append(join_main(spawns, before))
    return "\n".join(parts)


# ---------------------------------------------------------------- parametric benchmarks


def lastzero(n: int) -> str:
    """Reader scans ``a`` from index N down to the last zero; writer j sets a[j] = a[j-1]+1.
    Traces: (N+3)*2^(N-2)."""
    functions = """
func reader(done chan bool) {
	i := N
	for a[i] != 0 {
		i--
	}
	done <- true
}

func writer(j int, done chan bool) {
	a[j] = a[j-1] + 1
	done <- true
}
"""
    declarations = f"const N = {n}\n\nvar a [N + 1]int\n"
    spawns = ["reader()"] + [f"writer({j})" for j in range(1, n + 1)]
    return program(declarations, functions, spawns)


def readers(n: int) -> str:
    """One writer ``x = 42`` and N readers ``r := x``: each reader is before or after the
    write, 2^N traces."""
    functions = """
func writer(done chan bool) {
	x = 42
	done <- true
}

func reader(done chan bool) {
	r := x
	_ = r
	done <- true
}
"""
    spawns = ["writer()"] + ["reader()"] * n
    return program("var x int\n", functions, spawns)


def indexer(n: int) -> str:
    """N goroutines each insert 4 values into a 128-slot open-addressing hash table with
    CAS (GenMC's indexer). Only goroutines 12 and up collide: 8^(N-11) traces."""
    functions = """
func worker(tid int32, done chan bool) {
	for m := int32(0); m < 4; m++ {
		w := m*11 + tid
		h := w * 7 % Size
		for !atomic.CompareAndSwapInt32(&table[h], 0, w) {
			h = (h + 1) % Size
		}
	}
	done <- true
}
"""
    declarations = "const Size = 128\n\nvar table [Size]int32\n"
    spawns = [f"worker({tid})" for tid in range(n)]
    return program(declarations, functions, spawns, imports=("sync/atomic",))


def filesystem(n: int) -> str:
    """Flanagan and Godefroid's file system (POPL 2005), as in GenMC: goroutine tid locks
    inode tid%32 and, if it has no block, takes the first free block from (i*2)%26 on under
    per-block locks. Goroutines 13 and up collide with 0, 1, ...: 2^(N-13) traces."""
    functions = """
func worker(tid int, done chan bool) {
	i := tid % NumInode
	locki[i].Lock()
	if inode[i] == 0 {
		b := (i * 2) % NumBlocks
		for {
			lockb[b].Lock()
			if !busy[b] {
				busy[b] = true
				inode[i] = b + 1
				lockb[b].Unlock()
				break
			}
			lockb[b].Unlock()
			b = (b + 1) % NumBlocks
		}
	}
	locki[i].Unlock()
	done <- true
}
"""
    declarations = """
const (
	NumBlocks = 26
	NumInode  = 32
)

var (
	locki [NumInode]sync.Mutex
	inode [NumInode]int
	lockb [NumBlocks]sync.Mutex
	busy  [NumBlocks]bool
)
"""
    spawns = [f"worker({tid})" for tid in range(n)]
    return program(declarations, functions, spawns, imports=("sync",))


def fibonacci(index: int) -> int:
    """fib(1) = fib(2) = 1."""
    previous, current = 0, 1
    for _ in range(index - 1):
        previous, current = current, previous + current
    return current


def fib_bench(k: int) -> str:
    """GenMC's fib_bench: t1 K times x = x + y, t2 K times y = x + y, t3 asserts neither
    exceeds fib(2+2K), which no schedule reaches. Started in GenMC's order t1, t3, t2."""
    functions = """
func thread1(done chan bool) {
	for i := 0; i < K; i++ {
		prevX := x
		prevY := y
		x = prevX + prevY
	}
	done <- true
}

func thread2(done chan bool) {
	for i := 0; i < K; i++ {
		prevX := x
		prevY := y
		y = prevX + prevY
	}
	done <- true
}

func thread3(done chan bool) {
	if x > Limit || y > Limit {
		panic("fib_bench: a value exceeds the largest Fibonacci number reachable")
	}
	done <- true
}
"""
    declarations = f"const (\n\tK     = {k}\n\tLimit = {fibonacci(2 + 2 * k)}\n)\n\nvar x, y = 1, 1\n"
    return program(declarations, functions, ["thread1()", "thread3()", "thread2()"])


def opt_lock(n: int) -> str:
    """Optimistic locking attempt: 2 goroutines j, up to N rounds of ``last = j; x = j``;
    a goroutine that still sees its own ``last`` reads x and stops."""
    functions = """
func worker(j int, done chan bool) {
	for round := 0; round < N; round++ {
		last = j
		x = j
		if last == j {
			r := x
			_ = r
			break
		}
	}
	done <- true
}
"""
    declarations = f"const N = {n}\n\nvar last, x int\n"
    return program(declarations, functions, ["worker(1)", "worker(2)"])


def n_writers_a_reader(n: int) -> str:
    """N writers ``x = i`` and one reader ``r := x``: N! write orders times N+1 places for
    the read, (N+1)! traces."""
    functions = """
func writer(i int, done chan bool) {
	x = i
	done <- true
}

func reader(done chan bool) {
	r := x
	_ = r
	done <- true
}
"""
    spawns = [f"writer({i})" for i in range(1, n + 1)] + ["reader()"]
    return program("var x int\n", functions, spawns)


def redundant_co(n: int) -> str:
    """t1 writes x = 1 N times, t2 writes x = 2 N times, t3 reads x twice: (2N choose N)
    write orders times (2N+1)(2N+2)/2 places for the two reads."""
    functions = """
func thread1(done chan bool) {
	for i := 0; i < N; i++ {
		x = 1
	}
	done <- true
}

func thread2(done chan bool) {
	for i := 0; i < N; i++ {
		x = 2
	}
	done <- true
}

func thread3(done chan bool) {
	a := x
	b := x
	_, _ = a, b
	done <- true
}
"""
    declarations = f"const N = {n}\n\nvar x int\n"
    return program(declarations, functions, ["thread1()", "thread2()", "thread3()"])


def ainc(n: int) -> str:
    """N goroutines ``atomic.AddInt64(&x, 1)``: every order of the adds, N! traces."""
    functions = """
func worker(done chan bool) {
	atomic.AddInt64(&x, 1)
	done <- true
}
"""
    return program("var x int64\n", functions, ["worker()"] * n, imports=("sync/atomic",))


def casrot(n: int) -> str:
    """Goroutine i = 1..N: ``CAS(&x, i-1, i)``; a failed CAS is a read."""
    functions = """
func worker(i int32, done chan bool) {
	atomic.CompareAndSwapInt32(&x[0], i-1, i)
	done <- true
}
"""
    spawns = [f"worker({i})" for i in range(1, n + 1)]
    return program("var x [1]int32\n", functions, spawns, imports=("sync/atomic",))


def lockinc(n: int) -> str:
    """N goroutines increment x under one mutex: N! lock orders."""
    functions = """
func worker(done chan bool) {
	mu.Lock()
	x = x + 1
	mu.Unlock()
	done <- true
}
"""
    declarations = "var (\n\tmu sync.Mutex\n\tx  int\n)\n"
    return program(declarations, functions, ["worker()"] * n, imports=("sync",))


def mpat(k: int) -> str:
    """K pairs: wa_i locks and unlocks ma[i]; ra_i does the same inside mi. The K ra's run
    in K! orders and each ra_i goes before or after wa_i: K!*2^K traces."""
    functions = """
func wa(i int, done chan bool) {
	ma[i].Lock()
	ma[i].Unlock()
	done <- true
}

func ra(i int, done chan bool) {
	mi.Lock()
	ma[i].Lock()
	ma[i].Unlock()
	mi.Unlock()
	done <- true
}
"""
    declarations = f"const K = {k}\n\nvar (\n\tmi sync.Mutex\n\tma [K]sync.Mutex\n)\n"
    spawns = []
    for i in range(k):
        spawns += [f"wa({i})", f"ra({i})"]
    return program(declarations, functions, spawns, imports=("sync",))


# ---------------------------------------------------------------- litmus tests


def litmus(declarations: str, threads: list[str]) -> str:
    """A litmus test: each body in ``threads`` becomes goroutine t<i>; results go to
    package-level r-variables so every read happens."""
    functions = []
    for index, body in enumerate(threads):
        lines = "".join(f"\t{line}\n" for line in body.split("; "))
        functions.append(f"func t{index}(done chan bool) {{\n{lines}\tdone <- true\n}}\n")
    spawns = [f"t{index}()" for index in range(len(threads))]
    return program(declarations, "\n".join(functions), spawns)


def sb(_: None = None) -> str:
    """Store buffering: x = 1; r1 = y || y = 1; r2 = x. r1 = r2 = 0 is not SC: 3 traces."""
    return litmus("var x, y, r1, r2 int\n", ["x = 1; r1 = y", "y = 1; r2 = x"])


def mp(_: None = None) -> str:
    """Message passing: x = 1; y = 1 || r1 = y; r2 = x. r1 = 1, r2 = 0 is not SC: 3 traces."""
    return litmus("var x, y, r1, r2 int\n", ["x = 1; y = 1", "r1 = y; r2 = x"])


def lb(_: None = None) -> str:
    """Load buffering: r1 = x; y = 1 || r2 = y; x = 1. r1 = r2 = 1 is not SC: 3 traces."""
    return litmus("var x, y, r1, r2 int\n", ["r1 = x; y = 1", "r2 = y; x = 1"])


def two_plus_two_w(_: None = None) -> str:
    """2+2W: x = 1; y = 2 || y = 1; x = 2. Final x = 1, y = 1 is not SC: 3 traces."""
    return litmus("var x, y int\n", ["x = 1; y = 2", "y = 1; x = 2"])


def corr(_: None = None) -> str:
    """Coherence of reads: x = 1; x = 2 || r1 = x; r2 = x. The reads fall among the
    ordered writes in 6 ways; r1 = 2, r2 = 1 is not possible."""
    return litmus("var x, r1, r2 int\n", ["x = 1; x = 2", "r1 = x; r2 = x"])


def iriw_like(_: None = None) -> str:
    """Independent readers of one write: x = 1 || three readers r_a = x; r_b = x. Each reader
    sees 0,0 / 0,1 / 1,1 independently of the others: 3^3 = 27 traces."""
    declarations = "var x, r1, r2, r3, r4, r5, r6 int\n"
    return litmus(declarations, ["x = 1", "r1 = x; r2 = x", "r3 = x; r4 = x", "r5 = x; r6 = x"])


# ---------------------------------------------------------------- the table

GENERATORS: dict[str, Callable] = {
    "lastzero": lastzero,
    "readers": readers,
    "indexer": indexer,
    "filesystem": filesystem,
    "fib_bench": fib_bench,
    "opt_lock": opt_lock,
    "n_writers_a_reader": n_writers_a_reader,
    "redundant_co": redundant_co,
    "ainc": ainc,
    "casrot": casrot,
    "lockinc": lockinc,
    "mpat": mpat,
    "SB": sb,
    "MP": mp,
    "LB": lb,
    "2+2W": two_plus_two_w,
    "CoRR": corr,
    "IRIW-like": iriw_like,
}

EXPECTED: dict[str, dict[int | None, int]] = {
    "lastzero": {n: (n + 3) * 2 ** (n - 2) for n in (2, 3, 4, 5, 6, 7, 8, 10, 15)},
    "readers": {n: 2**n for n in (2, 4, 6, 8, 10, 13)},
    "indexer": {12: 8, 13: 64, 14: 512, 15: 4096},
    "filesystem": {14: 2, 16: 8, 18: 32, 19: 64},
    "fib_bench": {1: 11, 2: 140, 3: 1698, 4: 19605, 5: 218243},
    "opt_lock": {1: 10, 2: 42, 3: 126, 4: 346},
    "n_writers_a_reader": {n: factorial(n + 1) for n in (1, 2, 3, 4, 5, 6)},
    "redundant_co": {1: 12, 2: 90, 3: 560, 4: 3150},
    "ainc": {n: factorial(n) for n in (2, 3, 4, 5, 6, 7)},
    "casrot": {2: 2, 3: 5, 4: 14, 5: 43, 6: 144, 7: 523},
    "lockinc": {n: factorial(n) for n in (2, 3, 4, 5, 6, 7)},
    "mpat": {k: factorial(k) * 2**k for k in (1, 2, 3, 4, 5)},
    "SB": {None: 3},
    "MP": {None: 3},
    "LB": {None: 3},
    "2+2W": {None: 3},
    "CoRR": {None: 6},
    "IRIW-like": {None: 27},
}


def source(name: str, param: int | None) -> str:
    """The program text of benchmark ``name`` at ``param``."""
    return GENERATORS[name](param)
