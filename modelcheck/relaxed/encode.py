"""The candidate executions of an unrolled program, as Z3 constraints, under ``go`` or ``sc``.

Every event has an ``executed`` flag (implied by its guard and by its program-order
predecessor). Events in the synchronization order (SO) have an integer position: under ``go``
the synchronizing events, prints and the program's end; under ``sc`` every event. Under ``go``
happens-before is computed as vector clocks: an acquiring event's clock is the maximum of its
predecessor's and of the releasing events that the solver's choices (SO, matches, reads-from)
connect to it. Reads choose their write with reads-from Booleans (SEMANTICS.md §4).
"""

from __future__ import annotations

import z3

from modelcheck.relaxed import events as ev
from modelcheck.relaxed.selection import SelectEncoding
from modelcheck.relaxed.synchronization import SynchronizationEncoding
from modelcheck.relaxed.termination import TerminationEncoding
from modelcheck.relaxed.values import Unsupported, read_variables

GO, SC = "go", "sc"


class Encoding(SynchronizationEncoding, TerminationEncoding, SelectEncoding):
    """Builds the constraints into ``self.solver``; keeps the variables the engine reads back."""

    def __init__(self, unrolled: ev.Unrolled, model: str):
        if model not in (GO, SC):
            raise ValueError(f"unknown model {model}")
        self.unrolled = unrolled
        self.model = model
        self.events = unrolled.events
        self.solver = z3.Solver()
        self.executed = {e.id: z3.Bool(f"x{e.id}") for e in self.events}
        self.ordered = [e for e in self.events if self.in_order(e)]
        self.position = {e.id: z3.Int(f"p{e.id}") for e in self.ordered}
        self.ancestors = self.ancestor_sets()
        self.reads_from: dict = {}  # read id -> [(write id or None, Boolean)]
        self.by_location: dict = {}
        for e in self.events:
            if e.kind in ev.MEMORY_KINDS:
                self.by_location.setdefault(e.location, []).append(e)
        self.clock_sources: dict = {}  # acquiring event id -> [(active, releasing clock)]
        self.encode_structure()
        self.encode_synchronization()
        self.encode_defaults()
        self.encode_memory()
        self.encode_termination()
        self.clocks = self.vector_clocks() if model == GO else {}
        if model == GO:
            self.encode_reads_go()
            self.encode_thin_air()

    # ------------------------------------------------------------ structure

    def in_order(self, e: ev.Event) -> bool:
        if e.synchronizes or e.kind in (ev.PRINT, ev.GO, ev.SELECT_DEFAULT) or e.kind in ev.END_KINDS:
            return True
        return self.model == SC and e.kind in ev.MEMORY_KINDS

    def ancestor_sets(self) -> dict:
        ancestors: dict = {}
        for e in self.events:
            ancestors[e.id] = (ancestors[e.parent] | {e.parent}) if e.parent is not None else frozenset()
        return ancestors

    def before(self, a: int, b: int) -> bool:
        """a is before b in program order plus S2 (a static part of happens-before)."""
        return a in self.ancestors[b]

    def add(self, *constraints) -> None:
        self.solver.add(*constraints)

    def pos(self, e) -> z3.ArithRef:
        return self.position[e.id if isinstance(e, ev.Event) else e]

    def encode_structure(self) -> None:
        x = self.executed
        for e in self.events:
            self.add(z3.Implies(x[e.id], e.guard))
            if e.parent is not None:
                self.add(z3.Implies(x[e.id], x[e.parent]))
        for e in self.ordered:
            earlier = self.nearest_ordered_ancestor(e)
            if earlier is not None:
                self.add(z3.Implies(x[e.id], self.pos(earlier) < self.pos(e)))
        if len(self.ordered) > 1:
            self.add(z3.Distinct(*[self.pos(e) for e in self.ordered]))
        ends = [e for e in self.events if e.kind in ev.END_KINDS]
        self.ends = ends
        if ends:
            self.add(z3.AtMost(*[x[e.id] for e in ends], 1))
        for end in ends:
            for e in self.ordered:
                if e is not end and e.kind not in ev.END_KINDS:
                    self.add(z3.Implies(z3.And(x[e.id], x[end.id]), self.pos(e) < self.pos(end)))

    def nearest_ordered_ancestor(self, e: ev.Event) -> int | None:
        parent = e.parent
        while parent is not None and parent not in self.position:
            parent = self.events[parent].parent
        return parent

    def by_location_writes(self, location) -> list:
        return [e for e in self.by_location.get(location, []) if e.writes]

    # ------------------------------------------------------------ memory

    def read_term(self, read: ev.Event) -> z3.ExprRef:
        return read.read_value if read.kind == ev.RMW else read.value

    def encode_memory(self) -> None:
        """Reads-from candidates for every read; the SO rule for atomics (and all reads under sc)."""
        for accesses in self.by_location.values():
            writes = [e for e in accesses if e.writes]
            atomic = {e.atomic for e in accesses}
            if (
                len(atomic) > 1
                and any(e.reads and e.atomic for e in accesses)
                and any(not w.atomic for w in writes)
            ):
                raise Unsupported(f"mixed atomic and plain accesses to {accesses[0].name}")
            for read in accesses:
                if read.reads:
                    self.reads_from[read.id] = self.candidates(read, writes)
                    if read.atomic or self.model == SC:
                        self.encode_latest_write(read, writes)

    def candidates(self, read: ev.Event, writes: list) -> list:
        """(write id or None for the initial value, Boolean) pairs, statically pruned: never a
        write after the read in program order, nor one overwritten in program order before it."""
        x = self.executed
        chosen = []
        reachable = [w for w in writes if w.id != read.id and not self.before(read.id, w.id)]
        for w in reachable:
            if any(self.before(w.id, o.id) and self.before(o.id, read.id) for o in reachable if o is not w):
                continue
            flag = z3.Bool(f"rf{w.id}_{read.id}")
            self.add(z3.Implies(flag, z3.And(x[w.id], x[read.id], self.read_term(read) == w.value)))
            chosen.append((w.id, flag))
        if not any(self.before(o.id, read.id) for o in reachable):
            flag = z3.Bool(f"rf_init_{read.id}")
            initial, _ = self.unrolled.initial[read.location]
            self.add(z3.Implies(flag, z3.And(x[read.id], self.read_term(read) == initial)))
            chosen.append((None, flag))
        flags = [flag for _, flag in chosen]
        self.add(
            z3.Implies(x[read.id], z3.PbEq([(flag, 1) for flag in flags], 1) if flags else z3.BoolVal(False))
        )
        return chosen

    def encode_latest_write(self, read: ev.Event, writes: list) -> None:
        x = self.executed
        others = [w for w in writes if w.id != read.id]
        for write_id, flag in self.reads_from[read.id]:
            if write_id is None:
                newer = [z3.Not(z3.And(x[w.id], self.pos(w) < self.pos(read))) for w in others]
                self.add(z3.Implies(flag, z3.And(*newer)))
                continue
            write = self.events[write_id]
            between = [
                z3.Not(z3.And(x[w.id], self.pos(write) < self.pos(w), self.pos(w) < self.pos(read)))
                for w in others
                if w is not write
            ]
            self.add(z3.Implies(flag, z3.And(self.pos(write) < self.pos(read), *between)))
            if read.atomic and write.atomic:
                self.clock_sources.setdefault(read.id, []).append((flag, write_id, False))

    # ------------------------------------------------------------ happens-before (go)

    def vector_clocks(self) -> dict:
        """Per event, goroutine -> latest event depth of that goroutine happening before it
        (an int, or a Z3 Int for acquiring events); missing means none."""
        releasing = {e.goroutine for e in self.events if e.synchronizes or e.kind == ev.GO}
        clocks: dict = {}
        bases: dict = {}
        for e in self.events:
            base = dict(clocks[e.parent]) if e.parent is not None else {}
            base[e.goroutine] = e.depth
            bases[e.id] = base
            if e.id in self.clock_sources:
                clock = dict(base)
                for g in releasing:
                    if g != e.goroutine:
                        clock[g] = z3.Int(f"c{e.id}_{g}")
                clocks[e.id] = clock
            else:
                clocks[e.id] = base
        for e_id, sources in self.clock_sources.items():
            for g, variable in clocks[e_id].items():
                if g == self.events[e_id].goroutine or not isinstance(variable, z3.ArithRef):
                    continue
                maximum = bases[e_id].get(g, -1)
                for active, source_id, use_base in sources:
                    value = (bases if use_base else clocks)[source_id].get(g, -1)
                    if isinstance(value, int) and isinstance(maximum, int) and value <= maximum:
                        continue
                    maximum = z3.If(z3.And(active, value > maximum), value, maximum)
                self.add(variable == maximum)
        return clocks

    def happens_before(self, a: int, b: int) -> z3.BoolRef | bool:
        if self.before(a, b):
            return True
        first = self.events[a]
        if first.goroutine == self.events[b].goroutine:
            return False
        known = self.clocks[b].get(first.goroutine)
        if known is None:
            return False
        if isinstance(known, int):
            return first.depth <= known
        return first.depth <= known

    def encode_reads_go(self) -> None:
        """A plain read r may read w unless r hb w or some w' has w hb w' hb r (§4)."""
        x = self.executed
        for read_id, chosen in self.reads_from.items():
            read = self.events[read_id]
            if read.atomic:
                continue
            writes = [w for w in self.by_location_writes(read.location) if w.id != read_id]
            for write_id, flag in chosen:
                if write_id is None:
                    hidden = [z3.Not(z3.And(x[w.id], self.happens_before(w.id, read_id))) for w in writes]
                    self.add(z3.Implies(flag, z3.And(*hidden)))
                    continue
                conditions = [z3.Not(self.happens_before(read_id, write_id))]
                for w in writes:
                    if w.id != write_id:
                        shadow = z3.And(
                            x[w.id], self.happens_before(write_id, w.id), self.happens_before(w.id, read_id)
                        )
                        conditions.append(z3.Not(shadow))
                self.add(z3.Implies(flag, z3.And(*conditions)))

    def encode_thin_air(self) -> None:
        """acyclic(rf ∪ dep): integer ranks rising along reads-from and dependencies."""
        rank = {e.id: z3.Int(f"t{e.id}") for e in self.events if e.kind in ev.MEMORY_KINDS}
        for read_id, chosen in self.reads_from.items():
            for write_id, flag in chosen:
                if write_id is not None:
                    self.add(z3.Implies(flag, rank[write_id] < rank[read_id]))
        cache: dict = {}
        read_events = self.unrolled.read_events
        for e in self.events:
            if not e.writes:
                continue
            names = read_variables(e.guard, cache) | read_variables(e.value, cache)
            for name in names:
                source = read_events.get(name)
                if source is not None and source != e.id and self.before(source, e.id):
                    self.add(z3.Implies(self.executed[e.id], rank[source] < rank[e.id]))
