"""Source-DPOR with sleep sets (Abdulla et al., POPL 2014, Algorithm 1) over the machine's
transitions, plus naive enumeration of every interleaving for cross-checking.

The search is a depth-first walk over a stack of nodes, one per scheduling point of the
current execution; each node keeps the state before its step, so backtracking costs no
replay. Happens-before between the events of the current execution (program order plus
dependence) is kept as bitmasks over positions in the execution. Races are found when an
event runs and, at the end of an execution, for the pending event of every goroutine that
did not finish (it was blocked, or the program ended first).

Two refinements from Optimal-DPOR (same paper, Algorithm 2) keep the search free of
sleep-set-blocked runs on the whole benchmark suite without wakeup trees: the goroutines that
can start a reversal are judged by dependence inside the reversed sequence, and a reversal
that a sleeping transition can start is dropped, since its executions were explored already.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from modelcheck.semantics.bounds import SearchStopped
from modelcheck.semantics.events import LOCK, READ, EventRecord, Machine, Transition, conflicting, reversible
from modelcheck.semantics.state import SPINNING, State, fingerprint

# Objects accessed only by reads and writes, whose races can always be reversed: memory cells
# and the output. An access of one is ordered after every earlier one by the latest write.
PLAIN_OBJECTS = frozenset({"cell", "output"})
MEMORY_CHECK_EVERY = 64  # steps between two looks at the memory the search holds


@dataclass(slots=True)
class Node:
    state: State
    transitions: dict  # transition id -> Transition, enabled at this state
    sleep: dict  # transition id -> Transition, asleep at this state
    last_event: dict  # goroutine -> position of its latest event before this node (-1: none)
    backtrack: set = field(default_factory=set)  # goroutines to explore from here
    done: set = field(default_factory=set)  # transition ids explored from here
    current: Transition | None = None  # the transition of the execution being explored
    record: EventRecord | None = None
    mask: int = 0  # positions of the events that happen before record (itself included)
    by_goroutine: dict = field(default_factory=dict)  # goroutine -> (its transitions, objects it waits on)


def goroutines_of(record) -> tuple:
    return (record.goroutine,) if record.partner is None else (record.goroutine, record.partner)


def dependent(a, b) -> bool:
    """Whether two events (records or transitions) do not commute."""
    if a.is_global or b.is_global:
        return True
    for key, mode in a.objects:
        for other_key, other_mode in b.objects:
            if key == other_key and conflicting(mode, other_mode):
                return True
    return False


def wake_up(sleep: dict, record) -> dict:
    """The sleep set after ``record``: the sleeping transitions independent of it."""
    if not sleep or record.is_global:
        return {}
    involved = goroutines_of(record)
    objects = record.objects
    awake = {}
    for tid, t in sleep.items():
        if t.goroutine in involved or t.is_global or (t.partner is not None and t.partner in involved):
            continue
        if objects and t.objects and dependent(t, record):
            continue
        awake[tid] = t
    return awake


class Terminal:
    """Why an execution stopped."""

    ENDED = "ended"  # the program ended: main returned, a crash, a fatal error
    STUCK = "stuck"  # no goroutine can move: deadlock or hang
    BOUNDED = "bounded"  # a loop bound cut it
    ASLEEP = "asleep"  # every enabled transition is in the sleep set (redundant)


class Search:
    """One exploration. ``visit(node_stack, terminal)`` is called for every execution end;
    it returns False to stop the search early."""

    def __init__(
        self, machine: Machine, visit, reduce: bool = True, prefix: tuple = (), prefix_sleep: tuple = ()
    ):
        self.machine = machine
        self.visit = visit
        self.reduce = reduce
        # A fixed start (parallel search, see parallel.py): the transition ids taken first and,
        # per prefix node, the ids explored there before (asleep). Prefix nodes are not
        # revisited: the reversals they need are handed back as ``requests``, (position,
        # goroutines that can start the reversal, those of them enabled there).
        self.prefix = prefix
        self.prefix_sleep = prefix_sleep
        self.requests: list[tuple] = []
        self.stack: list[Node] = []
        self.stopped = False
        # Without reduction, states already explored are not explored again: the search
        # still covers every interleaving, and stays feasible for cross-checking.
        self.visited: set | None = None if reduce else set()
        # Which positions of the current execution touched each object, so that the events
        # an event depends on are found without scanning the whole execution.
        self.index: dict = {}
        self.global_positions: list[int] = []
        self.indexed: list[tuple] = []
        self.steps = 0  # steps taken, for the periodic look at memory
        self.deadline = machine.limits.deadline

    # ------------------------------------------------------------ driver

    def run(self) -> None:
        state = self.machine.initial_state()
        root = self.new_node(state, {}, {})
        self.stack.append(root)
        if self.at_end(root):
            return
        if not self.follow_prefix():
            return
        while self.stack and not self.stopped:
            node = self.stack[-1]
            if node.current is not None:
                node.sleep[node.current.id] = node.current
                node.current = None
            transition = self.next_transition(node)
            if transition is None:
                self.stack.pop()
                continue
            self.step(node, transition)

    def follow_prefix(self) -> bool:
        """Take the prefix's transitions; False when the execution ended on the way."""
        for level, transition_id in enumerate(self.prefix):
            node = self.stack[-1]
            asleep = self.prefix_sleep[level] if level < len(self.prefix_sleep) else ()
            node.sleep.update({tid: node.transitions[tid] for tid in asleep if tid in node.transitions})
            node.done.update(node.transitions)  # frozen: explored by other tasks
            depth = len(self.stack)
            self.step(node, node.transitions[transition_id])
            node.current = None
            if len(self.stack) == depth:
                return False
        return True

    def next_transition(self, node: Node) -> Transition | None:
        for transition_id, transition in node.transitions.items():
            if transition_id in node.done or transition_id in node.sleep:
                continue
            if self.reduce and transition.goroutine not in node.backtrack:
                continue
            return transition
        return None

    def new_node(self, state: State, sleep: dict, last_event: dict, parent: Node | None = None) -> Node:
        """A node for state. A goroutine's transitions depend only on its own state and on
        the objects its next event touches, so those of the parent are reused for every
        goroutine the last step neither changed nor touched the objects of.

        Transitions are ordered newest goroutine first, which is the order the search tries
        them in. Any order is sound; this one leaves no sleep-set-blocked runs on lastzero
        (against 16,867 for 3,328 traces oldest first, ALGORITHMS.md §1) and costs nothing
        measurable elsewhere on the benchmark suite (BENCHMARKS.md)."""
        by_goroutine: dict = {}
        transitions: dict = {}
        if state.ended is None and not state.bounded:  # a cut execution has no next step
            if parent is None or parent.record.is_global:
                reusable, touched = {}, set()
            else:
                reusable, touched = parent.by_goroutine, {key for key, _ in parent.record.objects}
            owned = state.owned
            machine = self.machine
            for g in reversed(state.goroutines):
                known = reusable.get(g.id)
                if known is None or g.id in owned or not touched.isdisjoint(known[1]):
                    found = machine.goroutine_transitions(state, g)
                    objects = {key for t in found for key, _ in t.objects}
                    objects.update(key for key, _ in machine.pending_objects(state, g, found))
                    known = (found, frozenset(objects))
                by_goroutine[g.id] = known
                for transition in known[0]:
                    transitions[transition.id] = transition
        return Node(state, transitions, sleep, last_event, by_goroutine=by_goroutine)

    def step(self, node: Node, transition: Transition) -> None:
        self.keep_time()
        self.steps += 1
        if self.steps % MEMORY_CHECK_EVERY == 0:
            self.machine.check_stop()
        node.done.add(transition.id)
        node.current = transition
        state = node.state.copy()
        record = self.machine.execute(state, transition)
        position = len(self.stack) - 1
        node.record = record
        involved = goroutines_of(record)
        mask = self.program_order_mask(node.last_event, involved) | (1 << position)
        # Races are judged from the initiator's program order: the partner of a joint
        # channel step only waited, and its arrival may race with the initiator's choice.
        before = self.program_order_mask(node.last_event, (record.goroutine,))
        self.truncate(position)
        conflicts = self.conflicts(record, position)
        for index, _, _ in conflicts:
            mask |= self.stack[index].mask
        node.mask = mask
        if self.reduce:
            self.find_races(record, before, conflicts, position)
            if record.partner is not None and any(
                t.goroutine == record.partner for t in node.transitions.values()
            ):
                # A joint step takes the partner's choice too (a waiting select's send case):
                # its own cases here (a closed channel's receive, say) are alternatives to it.
                node.backtrack.add(record.partner)
        self.add_to_index(record, position)
        last_event = dict(node.last_event)
        for goroutine in involved + record.spawned:
            last_event[goroutine] = position
        sleep = wake_up(node.sleep, record) if self.reduce else {}
        if self.visited is not None:
            key = fingerprint(state)
            if key in self.visited:
                return
            self.visited.add(key)
        child = self.new_node(state, sleep, last_event, node)
        self.stack.append(child)
        self.at_end(child)

    def keep_time(self) -> None:
        """Stop the search once its deadline has passed: looked at every step and every
        reversal, since with many goroutines the search's own work per step is large."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise SearchStopped()

    def at_end(self, node: Node) -> bool:
        """If node ends the execution, report it, look for races with the pending events,
        and pop it; returns whether it did."""
        terminal = self.terminal(node)
        if terminal is None:
            if self.reduce:
                first = next(t for tid, t in node.transitions.items() if tid not in node.sleep)
                node.backtrack.add(first.goroutine)
            return False
        if self.reduce and terminal != Terminal.ASLEEP:
            self.probe_pending(node)
        if not self.visit(self.stack, terminal):
            self.stopped = True
        self.stack.pop()
        return True

    def terminal(self, node: Node) -> str | None:
        state = node.state
        if state.ended is not None:
            return Terminal.ENDED
        if state.bounded:
            return Terminal.BOUNDED
        if not node.transitions:
            return Terminal.STUCK
        if node.sleep.keys() >= node.transitions.keys():
            return Terminal.ASLEEP
        return None

    # ------------------------------------------------------------ races

    def program_order_mask(self, last_event: dict, goroutines) -> int:
        mask = 0
        for goroutine in goroutines:
            position = last_event.get(goroutine, -1)
            if position >= 0:
                mask |= self.stack[position].mask
        return mask

    def truncate(self, position: int) -> None:
        """Forget the index entries of positions at or after ``position``."""
        while len(self.indexed) > position:
            keys, was_global = self.indexed.pop()
            for key in keys:
                self.index[key].pop()
            if was_global:
                self.global_positions.pop()

    def add_to_index(self, record, position: int) -> None:
        for key, mode in record.objects:
            self.index.setdefault(key, []).append((position, mode))
        if record.is_global:
            self.global_positions.append(position)
        self.indexed.append(([key for key, _ in record.objects], record.is_global))

    def conflicts(self, event, limit: int) -> list[tuple[int, bool, bool]]:
        """The events before ``limit`` that event depends on, latest first, each as
        (position, whether the race could be reversed, whether it may stand in for earlier
        races: plain or atomic memory, or two locks of one mutex — races that are always
        reversible, so the immediate-race rule applies to them)."""
        if event.is_global:
            return [(q, True, False) for q in range(limit - 1, -1, -1)]
        found: dict[int, tuple[bool, bool]] = {q: (True, False) for q in self.global_positions if q < limit}
        for key, mode in event.objects:
            plain = key[0] in PLAIN_OBJECTS
            for q, other in reversed(self.index.get(key, ())):
                if q < limit and conflicting(mode, other):
                    can_reverse = reversible(other, mode)
                    covers = can_reverse and (plain or mode == other == LOCK)
                    was_reversible, was_covering = found.get(q, (False, False))
                    found[q] = (was_reversible or can_reverse, was_covering or covers)
                if plain and other != READ:
                    # Every earlier access of the object conflicts with this write, so it
                    # happens before it: covered, and already in its mask.
                    break
        return [(q, *found[q]) for q in sorted(found, reverse=True)]

    def find_races(self, record, before: int, conflicts: list, position: int) -> None:
        """Source-DPOR's race step for the event at ``position``: for each earlier event it
        races with, make sure the reversal will be explored."""
        covered = 0
        for index, can_reverse, covers in conflicts:
            if can_reverse and not (before >> index) & 1 and not (covered >> index) & 1:
                self.reverse(index, record, position)
            if covers:
                covered |= self.stack[index].mask

    def reverse(self, index: int, record, position: int) -> None:
        """Add to node ``index``'s backtrack set a goroutine that can start the sequence
        notdep(e, E).record, unless one is already there."""
        self.keep_time()
        node = self.stack[index]
        sequence = [j for j in range(index + 1, position) if not (self.stack[j].mask >> index) & 1]
        events = [self.stack[j].record for j in sequence]
        events.append(record)
        initials, first_keys = self.initials(events)
        in_prefix = index < len(self.prefix)
        if not initials or (not in_prefix and any(g in node.backtrack for g in initials)):
            return
        # An initial asleep here means every execution starting with the reversal has been
        # explored already, with that goroutine first (Optimal-DPOR's sleep-set check).
        if any(first_keys[g] is not None and (g, first_keys[g]) in node.sleep for g in initials):
            return
        own = record.goroutine
        enabled = {t.goroutine for t in node.transitions.values()}
        if initials[0] == own and own not in enabled:
            # Nothing in the reversed sequence comes before the racing event, yet it cannot
            # run here: only e itself enables it (an unlock before a lock, a send before the
            # receive it unblocks), so the race cannot be reversed.
            return
        if in_prefix:  # the backtrack set of a prefix node lives in the parent
            candidates = tuple(g for g in initials if g in enabled)
            if candidates:
                self.requests.append((index, tuple(initials), candidates))
            return
        for goroutine in initials:
            if goroutine in enabled:
                node.backtrack.add(goroutine)
                return

    @staticmethod
    def initials(events: list) -> tuple[list[int], dict]:
        """The goroutines whose first event in ``events`` depends on no earlier one of them
        (so the sequence can start with it), the last event's goroutine first when it is one;
        and each goroutine's first key (None for a pending event). Dependence is judged
        inside the sequence only: a path through events left out of it does not count."""
        initials: list[int] = []
        first_keys: dict = {}
        seen: set = set()  # goroutines with an earlier event in the sequence, or created by one
        touched: dict = {}  # object -> access modes of the earlier events
        after_global = False
        last = len(events) - 1
        for position, event in enumerate(events):
            involved = goroutines_of(event)
            if event.goroutine not in first_keys:
                first_keys[event.goroutine] = getattr(event, "key", None)
                free = not after_global and not (event.is_global and seen)
                free = free and not any(g in seen for g in involved)
                free = free and not any(
                    conflicting(mode, other) for key, mode in event.objects for other in touched.get(key, ())
                )
                if free:
                    if position == last:
                        initials.insert(0, event.goroutine)
                    else:
                        initials.append(event.goroutine)
            seen.update(involved)
            seen.update(getattr(event, "spawned", ()))
            for key, mode in event.objects:
                touched.setdefault(key, set()).add(mode)
            after_global = after_global or event.is_global
        return initials, first_keys

    def probe_pending(self, node: Node) -> None:
        """Races between what each unfinished goroutine would do next and the execution."""
        position = len(self.stack) - 1
        for g in node.state.goroutines:
            if not g.frames and g.status not in ("exiting", "crashing"):
                continue
            objects = self.machine.pending_objects(node.state, g)
            is_global = g.status in ("exiting", "crashing")
            if not objects and not is_global and g.status != SPINNING:
                continue
            probe = Probe(g.id, objects, is_global)
            before = self.program_order_mask(node.last_event, (g.id,))
            self.find_races(probe, before, self.conflicts(probe, position), position)


@dataclass(slots=True)
class Probe:
    """The pending event of a goroutine, as if it ran at the end of the execution."""

    goroutine: int
    objects: tuple
    is_global: bool
    partner: None = None
