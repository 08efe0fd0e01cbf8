"""How an execution that never ends normally ends: a deadlock or a hang.

The program is stuck when main has not returned, nothing panicked, and every started goroutine
has finished, spins forever, or waits at an operation that can never complete in the final
state (a held mutex, a WaitGroup counter other than 0, an empty channel nobody closes, a full
one, a Once whose f never completes, a nil channel). Stuck with a spinning goroutine is a hang,
otherwise a deadlock, as in the explorer. A spinning read whose order is decided (under sc, or
an atomic read) must see the last write of its location: it repeats forever.
"""

from __future__ import annotations

import z3

from modelcheck.relaxed import events as ev

BLOCKING_KINDS = frozenset(
    {
        ev.LOCK,
        ev.WG_WAIT,
        ev.RECEIVE,
        ev.SEND,
        ev.ONCE_RUN,
        ev.BLOCK,
        ev.RW_ANNOUNCE,
        ev.RW_ACQUIRE,
        ev.RW_RLOCK,
    }
)


class TerminationEncoding:
    """Mixin of Encoding: ``self.hang`` and ``self.deadlock``."""

    def encode_termination(self) -> None:
        x = self.executed
        by_location: dict = {}
        for e in self.events:
            if e.location is not None:
                by_location.setdefault(e.location, []).append(e)
        self.operations_at = by_location
        waiting: dict = {}  # (channel, kind) -> frontier conditions, for unbuffered channels
        children: dict = {}
        for e in self.events:
            children.setdefault((e.parent, e.goroutine), []).append(e)
        spinning, settled = [], []
        for g in self.unrolled.goroutines:
            own = [e for e in self.events if e.goroutine == g.id]
            finished = [x[e.id] for e in own if e.kind == ev.EXIT]
            spins = [z3.And(x[e.id], self.spin_is_final(e)) for e in own if e.kind == ev.SPIN]
            blocked = []
            groups: dict = {}
            for e in own:
                if e.group is not None:
                    groups.setdefault(e.group, []).append(e)
            for e in own:
                if e.group is not None and e is not groups[e.group][0]:
                    continue
                members = groups.get(e.group, [e]) if e.group is not None else [e]
                if any(m.kind == ev.SELECT_DEFAULT for m in members):
                    continue  # a select with a default never blocks
                blocking = [m for m in members if m.kind in BLOCKING_KINDS and m.cause != "try"]
                if not blocking:
                    continue
                # the goroutine's last event is e's parent: nothing after it ran, e's path reached it
                after = [z3.Not(x[c.id]) for c in children.get((e.parent, e.goroutine), [])]
                frontier = z3.And(x[e.parent] if e.parent is not None else True, *after, e.reach)
                blocked.append(z3.And(frontier, *[self.stuck(m) for m in blocking]))
                for m in blocking:
                    if m.kind in (ev.SEND, ev.RECEIVE) and self.unrolled.capacities[m.location] == 0:
                        waiting.setdefault((m.location, m.kind), []).append(frontier)
            spinning += spins
            started = x[g.spawn] if g.spawn is not None else z3.BoolVal(True)
            settled.append(z3.Implies(started, z3.Or(*finished, *spins, *blocked)))
        meeting = [
            z3.Not(z3.And(z3.Or(*senders), z3.Or(*waiting.get((channel, ev.RECEIVE), []))))
            for (channel, kind), senders in waiting.items()
            if kind == ev.SEND
        ]  # an unbuffered sender and receiver both waiting would meet
        stuck = z3.And(*[z3.Not(x[e.id]) for e in self.ends], *settled, *meeting)
        any_spin = z3.Or(*spinning) if spinning else z3.BoolVal(False)
        self.hang = z3.And(stuck, any_spin)
        self.deadlock = z3.And(stuck, z3.Not(any_spin))

    def executed_count(self, location, kind: str) -> z3.ArithRef:
        terms = [
            z3.If(self.executed[e.id], 1, 0) for e in self.operations_at.get(location, []) if e.kind == kind
        ]
        return z3.Sum(*terms) if terms else z3.IntVal(0)

    def stuck(self, e: ev.Event) -> z3.BoolRef:
        """e could not complete in the final state."""
        x = self.executed
        operations = self.operations_at.get(e.location, [])
        if e.kind == ev.BLOCK:
            return z3.BoolVal(True)
        if e.kind == ev.LOCK:
            return self.executed_count(e.location, ev.LOCK) > self.executed_count(e.location, ev.UNLOCK)
        if e.kind in (ev.RW_ANNOUNCE, ev.RW_ACQUIRE, ev.RW_RLOCK):
            writer, _, readers = self.rw_state(operations, None)
            return readers > 0 if e.kind == ev.RW_ACQUIRE else writer > 0
        if e.kind == ev.WG_WAIT:
            deltas = [z3.If(x[o.id], o.value, 0) for o in operations if o.kind == ev.WG_ADD]
            return (z3.Sum(*deltas) if deltas else z3.IntVal(0)) != 0
        if e.kind == ev.ONCE_RUN:
            running = z3.Or(*[x[o.id] for o in operations if o.kind == ev.ONCE_RUN])
            return z3.And(running, *[z3.Not(x[o.id]) for o in operations if o.kind == ev.ONCE_END])
        open_channel = z3.Not(z3.Or(*[x[o.id] for o in operations if o.kind == ev.CLOSE]))
        buffered = self.executed_count(e.location, ev.SEND) - self.executed_count(e.location, ev.RECEIVE)
        if e.kind == ev.RECEIVE:
            return z3.And(open_channel, buffered == 0)
        capacity = self.unrolled.capacities[e.location]
        return z3.And(open_channel, buffered == capacity) if capacity else open_channel

    def spin_is_final(self, spin: ev.Event) -> z3.BoolRef:
        final = []
        for read_id in spin.spin_reads:
            read = self.events[read_id]
            if self.model == "sc" or read.atomic:
                for write in self.by_location_writes(read.location):
                    if write.id != read_id:
                        final.append(z3.Implies(self.executed[write.id], self.pos(write) < self.pos(read)))
        return z3.And(*final)
