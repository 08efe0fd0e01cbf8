"""Random small concurrent .gol programs for property tests (hypothesis strategies).

Programs use 2-4 goroutines over shared ints, a mutex, a buffered and an unbuffered channel, a
WaitGroup, an atomic counter, branches and prints (or, with ``memory``, a map and a slice that
library code reads; with ``channels``, traffic on a buffered channel of capacity 2); main joins
through per-goroutine buffered channels so that the join adds no interleavings of its own.
"""

from __future__ import annotations

from hypothesis import strategies as st

VARIABLES = ("x", "y")


# Library memory: a map written, deleted from and ranged over (under the mutex or racing), a
# slice appended to past its capacity, and fmt reading what it prints.
MEMORY = (
    st.just("mu.Lock()\n\tm[2] = x\n\tmu.Unlock()"),
    st.just("mu.Lock()\n\tdelete(m, 1)\n\tmu.Unlock()"),
    st.just(
        "mu.Lock()\n\tfor k, v := range m {\n"
        '\t\tfmt.Println("m", k, v)\n\t\tdelete(m, 3-k)\n\t}\n\tmu.Unlock()'
    ),
    st.just("for k := range m {\n\t\tx = k\n\t}"),
    st.just("ys = append(ys, x)"),
    st.just("ys[0] = y"),
    st.just("fmt.Println(ys)"),
    st.just("fmt.Println(m)"),
)


def statement(depth: int = 0, memory: bool = False):
    if memory:
        simple = st.one_of(
            st.builds(lambda v, n: f"{v} = {n}", st.sampled_from(VARIABLES), st.integers(0, 2)),
            st.just("mu.Lock()\n\tx = x + 1\n\tmu.Unlock()"),
            *MEMORY,
        )
        return simple if depth > 0 else st.one_of(simple, branch(statement(1, memory)))
    simple = st.one_of(
        st.builds(lambda v, n: f"{v} = {n}", st.sampled_from(VARIABLES), st.integers(0, 2)),
        st.builds(lambda v, w: f"{v} = {w} + 1", st.sampled_from(VARIABLES), st.sampled_from(VARIABLES)),
        st.builds(lambda v: f"fmt.Println({v})", st.sampled_from(VARIABLES)),
        st.just("mu.Lock()\n\tx = x + 1\n\tmu.Unlock()"),
        st.just('mu.Lock()\n\tfmt.Println("locked", y)\n\tmu.Unlock()'),
        st.just("atomic.AddInt32(&a, 1)"),
        st.just("fmt.Println(atomic.LoadInt32(&a))"),
        st.just('select {\n\tcase bc <- 1:\n\tdefault:\n\t\tfmt.Println("full")\n\t}'),
        st.just('select {\n\tcase v := <-bc:\n\t\tfmt.Println("got", v)\n\tdefault:\n\t}'),
        st.just('select {\n\tcase uc <- 7:\n\t\tfmt.Println("sent")\n\tdefault:\n\t}'),
        st.just('select {\n\tcase v := <-uc:\n\t\tfmt.Println("recv", v)\n\tdefault:\n\t}'),
        st.just("wg.Done()"),
        st.just("uc <- 3"),
        st.just("fmt.Println(<-uc)"),
        st.just("bc <- 4"),
        st.just("fmt.Println(<-bc)"),
        st.just("wg.Wait()"),
        st.just("once.Do(func() {\n\t\ty = 2\n\t})"),
        st.just('rw.RLock()\n\tfmt.Println("r", x)\n\trw.RUnlock()'),
        st.just("rw.Lock()\n\ty = y + 1\n\trw.Unlock()"),
        st.just("for atomic.LoadInt32(&a) == 0 {\n\t}"),
        st.just(
            "func() {\n\t\tdefer func() {\n\t\t\trecover()\n\t\t}()\n"
            '\t\tif x == 1 {\n\t\t\tpanic("p")\n\t\t}\n\t\tx = 1\n\t}()'
        ),
        st.just("close(bc)"),
        st.just("select {\n\tcase uc <- 5:\n\tcase v, ok := <-bc:\n\t\tfmt.Println(v, ok)\n\t}"),
        st.just("if ok := mu.TryLock(); ok {\n\t\tmu.Unlock()\n\t}"),
    )
    if depth > 0:
        return simple
    return st.one_of(simple, branch(statement(1)))


# Buffered-channel traffic of capacity 2: several values in flight at once, so that a receive
# and a send of another slot commute, beside the mutex whose order they may hide.
CHANNELS = (
    st.builds(lambda n: f"bc2 <- {n}", st.integers(1, 3)),
    st.just("fmt.Println(<-bc2)"),
    st.just('if v, ok := <-bc2; ok {\n\t\tfmt.Println(v)\n\t} else {\n\t\tfmt.Println("closed")\n\t}'),
    st.just("fmt.Println(len(bc2))"),
    st.just("close(bc2)"),
    st.just("mu.Lock()\n\tx = x + 1\n\tmu.Unlock()"),
    st.just('mu.Lock()\n\tfmt.Println("l", x)\n\tmu.Unlock()'),
    st.just("y = 1"),
    st.just('select {\n\tcase v := <-bc2:\n\t\tfmt.Println("got", v)\n\tdefault:\n\t}'),
    st.just('select {\n\tcase bc2 <- 9:\n\tcase v := <-bc:\n\t\tfmt.Println("bc", v)\n\t}'),
)


def branch(body):
    return st.builds(
        lambda v, n, text: f"if {v} == {n} {{\n\t{text}\n\t}}",
        st.sampled_from(VARIABLES),
        st.integers(0, 1),
        body,
    )


@st.composite
def programs(draw, memory: bool = False, channels: bool = False) -> str:
    """A program; ``memory``: statements on the map and slice of MEMORY, with plain writes and
    the mutex, instead of the synchronization mix; ``channels``: the buffered traffic of
    CHANNELS, main taking part before it joins."""
    goroutine_count = 2 if memory or channels else draw(st.integers(2, 3))  # naive enumeration stays quick
    if channels:
        body = st.lists(st.one_of(*CHANNELS), min_size=1, max_size=2)
    else:
        body = st.lists(statement(memory=memory), min_size=1, max_size=2)
    bodies = [draw(body) for _ in range(goroutine_count)]
    main_body = draw(st.lists(st.one_of(*CHANNELS), min_size=1, max_size=2)) if channels else []
    dones = sum(body.count("wg.Done()") for body in bodies)
    lines = [
        "package main",
        "",
        'import (\n\t"fmt"\n\t"sync"\n\t"sync/atomic"\n)',
        "",
        "var x, y int",
        "var a int32",
        "var mu sync.Mutex",
        "var rw sync.RWMutex",
        "var once sync.Once",
        "var wg sync.WaitGroup",
        "var bc = make(chan int, 1)",
        "var uc = make(chan int)",
        *(["var bc2 = make(chan int, 2)"] if channels else []),
        *(["var m = map[int]int{1: 1}", "var ys = make([]int, 1, 1)"] if memory else []),
        "",
        "func main() {",
        f"\twg.Add({dones})",
    ]
    for index, body in enumerate(bodies):
        lines.append(f"\tdone{index} := make(chan bool, 1)")
        lines.append("\tgo func() {")
        lines.extend("\t\t" + statement_text.replace("\n", "\n\t") for statement_text in body)
        lines.append(f"\t\tdone{index} <- true")
        lines.append("\t}()")
    lines.extend("\t" + statement_text.replace("\n", "\n\t") for statement_text in main_body)
    for index in range(goroutine_count):
        lines.append(f"\t<-done{index}")
    if draw(st.booleans()):
        lines.append("\twg.Wait()")
    lines.append("\tfmt.Println(x, y, atomic.LoadInt32(&a))")
    lines.append("}")
    return "\n".join(lines) + "\n"
