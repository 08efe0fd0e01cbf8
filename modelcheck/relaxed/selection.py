"""``select`` in the unroller and the encoding.

The unroller splits the path over every way the select can complete: each case with a non-nil
channel (a receive as a value or as the close; a send, or its panic on a closed channel), and
the default. The alternatives share a ``group`` so the program counts as stuck there only when
every one of them is. The default happens at a point of the synchronization order where no
case is ready: no buffered value (or free slot), no close, and no partner waiting at an
unbuffered channel (a goroutine whose previous ordered event came before and whose operation
on the channel did not).
"""

from __future__ import annotations

import z3

from modelcheck.relaxed import events as ev
from modelcheck.relaxed.values import term
from modelcheck.semantics.operations import runtime_panic


class SelectSteps:
    """Mixin of the Unroller."""

    def do_Select(self, path, stack, frame, i):
        channels = [self.channel(path, stack, frame.registers[case.channel]) for case in i.cases]
        cases = enumerate(zip(i.cases, channels, strict=True))
        live = [(index, case, channel) for index, (case, channel) in cases if channel is not None]
        if not live and not i.has_default:
            self.emit(path, ev.BLOCK, span=i.span)
            path.finished = True
            return
        frame.pc += 1
        path.effects += 1
        alternatives = []
        for index, case, channel in live:
            if case.kind == "send":
                alternatives += [(index, ev.SEND, case, channel), (index, ev.FAIL, case, channel)]
            else:
                alternatives += [
                    (index, ev.RECEIVE, case, channel),
                    (index, ev.RECEIVE_CLOSED, case, channel),
                ]
        if i.has_default:
            cases = tuple((case.kind, channel) for _, case, channel in live)
            alternatives.append((-1, ev.SELECT_DEFAULT, cases, None))
        reach = self.guard_of(path)
        choice = z3.Int(f"s{len(self.out.events)}_{path.goroutine}_{len(path.guard)}")
        paths = [path] + [path.copy() for _ in alternatives[1:]]
        stack.extend(paths[1:])
        group = len(self.out.events)
        for number, (branch, alternative) in enumerate(zip(paths, alternatives, strict=True)):
            branch.guard.append(choice == number)
            branch.reach = reach
            self.select_alternative(branch, i, alternative, group)

    def select_alternative(self, path, i, alternative, group: int) -> None:
        index, kind, case, channel = alternative
        registers = path.frames[-1].registers
        registers[i.dst] = index
        common = dict(location=channel, span=case.span if kind != ev.SELECT_DEFAULT else i.span, group=group)
        if kind == ev.SELECT_DEFAULT:
            common["location"] = None
            self.emit(path, kind, value=case, **common)
            path.effects -= 1  # the default synchronizes nothing
            return
        zero_term, sort, zero = self.channel_zero[channel]
        if kind == ev.SEND:
            value = self.current(path, registers[case.value])
            self.learn(channel, value)
            self.emit(path, kind, value=term(value, self.interner), sort=sort, **common)
        elif kind == ev.FAIL:
            panic = runtime_panic("send on closed channel", prefix="")
            self.emit(path, kind, cause="send", **common)
            self.panic(path, panic.value, panic.message, common["span"])
        elif kind == ev.RECEIVE_CLOSED:
            self.emit(path, kind, value=zero_term, sort=sort, **common)
            self.set_received(registers, i, zero, False)
        else:
            value = self.next_variable(sort, channel)
            self.emit(path, kind, value=term(value, self.interner), sort=sort, **common)
            self.set_received(registers, i, value, True)

    @staticmethod
    def set_received(registers, i, value, ok: bool) -> None:
        if i.value is not None:
            registers[i.value] = value
        if i.ok is not None:
            registers[i.ok] = ok


class SelectEncoding:
    """Mixin of Encoding: when a select may take its default."""

    def encode_defaults(self) -> None:
        channel_operations: dict = {}
        for e in self.events:
            if e.location is not None and e.location[0] == "chan":
                channel_operations.setdefault(e.location, []).append(e)
        for default in (e for e in self.events if e.kind == ev.SELECT_DEFAULT):
            ready = [self.case_ready(default, kind, channel, channel_operations.get(channel, []))
                     for kind, channel in default.value]  # fmt: skip
            self.add(z3.Implies(self.executed[default.id], z3.Not(z3.Or(*ready))))

    def case_ready(self, default: ev.Event, kind: str, channel, operations: list) -> z3.BoolRef:
        def before(kinds):
            return [o for o in operations if o.kind in kinds]

        closed = z3.Or(*[self.earlier(c, default) for c in before({ev.CLOSE})])
        capacity = self.unrolled.capacities[channel]
        if capacity:
            buffered = self.count_before(before({ev.SEND}), default) - self.count_before(
                before({ev.RECEIVE}), default
            )
            return z3.Or(closed, buffered > 0 if kind == "receive" else buffered < capacity)
        partner_kind = ev.SEND if kind == "receive" else ev.RECEIVE
        waiting = []
        for partner in before({partner_kind}):
            if partner.goroutine == default.goroutine:
                continue
            earlier = self.nearest_ordered_ancestor(partner)
            arrived = True if earlier is None else self.earlier(self.events[earlier], default)
            waiting.append(z3.And(partner.reach, arrived, z3.Not(self.earlier(partner, default))))
        return z3.Or(closed, *waiting)
