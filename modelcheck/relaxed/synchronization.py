"""Synchronizing objects in the encoding: mutexes, WaitGroups, Once and channels.

Each object's events lie in the synchronization order; what an operation may do depends on
the executed operations before it there (counted with pseudo-Boolean sums), and every rule of
SEMANTICS.md §3 that makes a release happen before an acquire becomes a clock source of the
acquiring event (S4-S8, S10, S11, S13). Executions that would end in a fatal error or a panic
of a sync object (unlock of an unlocked mutex, a negative WaitGroup counter, a send on or a
close of a closed channel) happen at a FAIL event, whose condition is encoded here.
"""

from __future__ import annotations

import z3

from modelcheck.relaxed import events as ev

RW_KINDS = frozenset({ev.RW_ANNOUNCE, ev.RW_ACQUIRE, ev.RW_TRYLOCK, ev.RW_UNLOCK, ev.RW_RLOCK, ev.RW_RUNLOCK})


class SynchronizationEncoding:
    """Mixin of Encoding: the constraints of sync objects and channels."""

    def encode_synchronization(self) -> None:
        objects: dict = {}
        for e in self.events:
            if e.kind in ev.SYNC_KINDS:
                objects.setdefault(e.location, []).append(e)
        self.channel_matches: dict = {}
        for location, operations in objects.items():
            kinds = {e.kind for e in operations}
            if location[0] == "chan":
                self.encode_channel(location, operations)
            elif kinds & RW_KINDS:
                self.encode_rw_mutex(operations)
            elif kinds & {ev.LOCK, ev.UNLOCK, ev.TRY_FAIL}:
                self.encode_mutex(operations)
            elif kinds & {ev.WG_ADD, ev.WG_WAIT}:
                self.encode_wait_group(operations)
            else:
                self.encode_once(operations)

    def count_before(self, events: list, e: ev.Event | None, weight=lambda other: 1) -> z3.ArithRef:
        """Sum of weights of the executed ``events`` before e in the synchronization order (all
        of them, at the end of the execution, when e is None)."""
        terms = [
            z3.If(self.executed[o.id] if e is None else self.earlier(o, e), weight(o), 0)
            for o in events
            if o is not e
        ]
        return z3.Sum(*terms) if terms else z3.IntVal(0)

    def source(self, acquire: ev.Event, active, release: ev.Event, use_base: bool = False) -> None:
        self.clock_sources.setdefault(acquire.id, []).append((active, release.id, use_base))

    def earlier(self, a: ev.Event, b: ev.Event) -> z3.BoolRef:
        return z3.And(self.executed[a.id], self.pos(a) < self.pos(b))

    def encode_mutex(self, operations: list) -> None:
        """S8, S10: locks and unlocks alternate; every earlier unlock happens before a lock."""
        x = self.executed
        locks = [e for e in operations if e.kind == ev.LOCK]
        unlocks = [e for e in operations if e.kind == ev.UNLOCK]
        for lock in locks:
            for unlock in unlocks:
                self.source(lock, self.earlier(unlock, lock), unlock)
        owners = {e.id: self.owner(e) for e in operations if e.kind in (ev.UNLOCK, ev.FAIL)}
        if all(owner is not None for owner in owners.values()):
            self.encode_critical_sections(locks, unlocks, owners, operations)
            return
        for lock in locks:
            free = self.count_before(locks, lock) == self.count_before(unlocks, lock)
            self.add(z3.Implies(x[lock.id], free))
        for unlock in unlocks:
            held = self.count_before(locks, unlock) == self.count_before(unlocks, unlock) + 1
            self.add(z3.Implies(x[unlock.id], held))
        for fail in self.failures(operations):  # unlock of an unlocked mutex
            free = self.count_before(locks, fail) == self.count_before(unlocks, fail)
            self.add(z3.Implies(x[fail.id], free))

    def owner(self, unlock: ev.Event) -> int | None:
        """The lock this unlock releases when its own goroutine took it (no unlock between)."""
        parent = unlock.parent
        while parent is not None:
            event = self.events[parent]
            if event.goroutine != unlock.goroutine:
                return None
            if event.location == unlock.location and event.kind in (ev.LOCK, ev.UNLOCK):
                return parent if event.kind == ev.LOCK else None
            parent = event.parent
        return None

    def encode_critical_sections(self, locks: list, unlocks: list, owners: dict, operations: list) -> None:
        """Every unlock releases its own goroutine's lock: two executed critical sections do
        not overlap (cheaper than counting)."""
        x = self.executed
        releases: dict = {}
        for unlock in unlocks:
            releases.setdefault(owners[unlock.id], []).append(unlock)
        for fail in self.failures(operations):
            self.add(z3.Not(x[fail.id]))  # its own lock is held: the unlock cannot fail

        def released_before(lock: ev.Event, other: ev.Event) -> z3.BoolRef:
            return z3.Or(*[self.earlier(u, other) for u in releases.get(lock.id, [])])

        for index, first in enumerate(locks):
            for second in locks[index + 1 :]:
                apart = z3.Or(released_before(first, second), released_before(second, first))
                self.add(z3.Implies(z3.And(x[first.id], x[second.id]), apart))

    def rw_state(self, operations: list, e: ev.Event) -> tuple:
        """(writer announced, writer holds it, readers) just before e in SO."""

        def count(*kinds):
            return self.count_before([o for o in operations if o.kind in kinds], e)

        unlocks = count(ev.RW_UNLOCK)
        writer = count(ev.RW_ANNOUNCE, ev.RW_TRYLOCK) - unlocks
        active = count(ev.RW_ACQUIRE, ev.RW_TRYLOCK) - unlocks
        return writer, active, count(ev.RW_RLOCK) - count(ev.RW_RUNLOCK)

    def encode_rw_mutex(self, operations: list) -> None:
        """S8, S9, S10: a writer announces itself (blocking new readers), then waits for the
        readers to leave; Unlock happens before later RLocks and Locks, RUnlock before later Locks."""
        x = self.executed
        unlocks = [o for o in operations if o.kind == ev.RW_UNLOCK]
        runlocks = [o for o in operations if o.kind == ev.RW_RUNLOCK]
        for e in operations:
            writer, active, readers = self.rw_state(operations, e)
            condition = {
                ev.RW_ANNOUNCE: writer == 0,
                ev.RW_ACQUIRE: readers == 0,
                ev.RW_RLOCK: writer == 0,
                ev.RW_TRYLOCK: z3.And(writer == 0, readers == 0),
                ev.RW_UNLOCK: active == 1,
                ev.RW_RUNLOCK: readers >= 1,
            }.get(e.kind)
            if e.kind == ev.FAIL:
                condition = active == 0 if e.cause == "rw-unlock" else readers == 0
            if condition is not None:
                self.add(z3.Implies(x[e.id], condition))
            if e.kind in (ev.RW_RLOCK, ev.RW_ACQUIRE, ev.RW_TRYLOCK):
                releases = unlocks + (runlocks if e.kind != ev.RW_RLOCK else [])
                for release in releases:
                    self.source(e, self.earlier(release, e), release)

    @staticmethod
    def failures(operations: list) -> list:
        return [e for e in operations if e.kind == ev.FAIL]

    def encode_wait_group(self, operations: list) -> None:
        """S13: Wait returns when the counter is 0, after every Done before it."""
        x = self.executed
        adds = [e for e in operations if e.kind == ev.WG_ADD]
        waits = [e for e in operations if e.kind == ev.WG_WAIT]
        for add in adds:
            self.add(z3.Implies(x[add.id], self.count_before(adds, add, lambda o: o.value) + add.value >= 0))
        for wait in waits:
            self.add(z3.Implies(x[wait.id], self.count_before(adds, wait, lambda o: o.value) == 0))
            for add in adds:
                if add.value < 0:
                    self.source(wait, self.earlier(add, wait), add)
        for fail in self.failures(operations):  # the counter would go negative
            self.add(
                z3.Implies(x[fail.id], self.count_before(adds, fail, lambda o: o.value) + fail.value < 0)
            )

    def encode_once(self, operations: list) -> None:
        """S11: the first Do runs f; the others return after f completed."""
        x = self.executed
        runs = [e for e in operations if e.kind == ev.ONCE_RUN]
        dones = [e for e in operations if e.kind == ev.ONCE_DONE]
        ends = [e for e in operations if e.kind == ev.ONCE_END]
        begins = runs + dones
        if runs:
            self.add(z3.AtMost(*[x[e.id] for e in runs], 1))
        for run in runs:
            self.add(
                z3.Implies(x[run.id], z3.And(*[z3.Not(self.earlier(o, run)) for o in begins if o is not run]))
            )
        for done in dones:
            self.add(z3.Implies(x[done.id], z3.Or(*[self.earlier(end, done) for end in ends])))
            for end in ends:
                self.source(done, self.earlier(end, done), end)

    def encode_channel(self, channel: tuple, operations: list) -> None:
        """FIFO: the k-th receive takes the k-th send (S4); with capacity C the k-th receive
        happens before the (k+C)-th send completes (S6, S7); a receive sees the close (S5) only
        once every send was received. An unbuffered send and its receive are adjacent in SO."""
        x = self.executed
        capacity = self.unrolled.capacities[channel]
        sends = [e for e in operations if e.kind == ev.SEND]
        receives = [e for e in operations if e.kind in (ev.RECEIVE, ev.RECEIVE_CLOSED)]
        closes = [e for e in operations if e.kind == ev.CLOSE]
        rank = {e.id: self.count_before(sends, e) for e in sends}
        rank.update({e.id: self.count_before(receives, e) for e in receives})
        if closes:
            self.add(z3.AtMost(*[x[c.id] for c in closes], 1))
        for send in sends:
            for close in closes:
                self.add(z3.Implies(z3.And(x[send.id], x[close.id]), self.pos(send) < self.pos(close)))
        for fail in self.failures(operations):  # a send on, or close of, a closed channel
            self.add(z3.Implies(x[fail.id], z3.Or(*[self.earlier(close, fail) for close in closes])))
        matches: dict = {}
        for receive in receives:
            if receive.kind == ev.RECEIVE_CLOSED:
                total = z3.Sum(*[z3.If(x[s.id], 1, 0) for s in sends]) if sends else z3.IntVal(0)
                closed = z3.Or(*[self.earlier(c, receive) for c in closes]) if closes else z3.BoolVal(False)
                self.add(z3.Implies(x[receive.id], z3.And(closed, rank[receive.id] >= total)))
                for close in closes:
                    self.source(receive, self.earlier(close, receive), close)
                continue
            for send in sends:
                if self.before(receive.id, send.id) or (capacity == 0 and self.before(send.id, receive.id)):
                    continue  # an unbuffered send and its receive meet: neither waits for the other
                flag = z3.Bool(f"m{send.id}_{receive.id}")
                matches[(send.id, receive.id)] = flag
                timing = (
                    self.pos(send) + 1 == self.pos(receive)
                    if capacity == 0
                    else self.pos(send) < self.pos(receive)
                )
                self.add(z3.Implies(flag, z3.And(x[send.id], x[receive.id], rank[send.id] == rank[receive.id],
                                                 receive.value == send.value, timing)))  # fmt: skip
                self.source(receive, flag, send)
                if capacity == 0:
                    self.source(send, flag, receive, use_base=True)
            mine = [matches[(s.id, receive.id)] for s in sends if (s.id, receive.id) in matches]
            self.add(
                z3.Implies(x[receive.id], z3.PbEq([(m, 1) for m in mine], 1) if mine else z3.BoolVal(False))
            )
        for send in sends:
            mine = [flag for (s, _), flag in matches.items() if s == send.id]
            if mine:
                self.add(z3.AtMost(*mine, 1))
            if capacity == 0:
                self.add(z3.Implies(x[send.id], z3.Or(*mine) if mine else z3.BoolVal(False)))
                continue
            freed = [
                z3.And(self.earlier(r, send), rank[r.id] + capacity == rank[send.id])
                for r in receives
                if r.kind == ev.RECEIVE
            ]
            self.add(z3.Implies(x[send.id], z3.Or(rank[send.id] < capacity, *freed)))
            for r in receives:
                if r.kind == ev.RECEIVE:
                    self.source(
                        send, z3.And(self.earlier(r, send), rank[r.id] + capacity == rank[send.id]), r
                    )
        self.channel_matches[channel] = matches
