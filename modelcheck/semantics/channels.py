"""Channel events: send, receive, close, len/cap and select.

Buffered operations are events of one goroutine. An unbuffered send and its receive are one
joint event of both goroutines: a goroutine that finds no partner ready "arrives" (an event:
it is now visible to others, as in Go's wait queues) and waits; a later partner completes
both sides. A ``select`` with several ready cases branches; ``default`` runs only when none is
ready, and a select with a default never arrives (so it never meets a partner that comes
later).
"""

from __future__ import annotations

from modelcheck.ir import instructions as ir
from modelcheck.semantics.races import RaceRecorder
from modelcheck.semantics.state import RUNNABLE, WAITING, Goroutine, State, join, tick

# The modes of events.py.
READ, WRITE, SEND, RECEIVE, CLOSE, ARRIVE, TRANSFER, BUFFER = "r", "w", "s", "v", "c", "a", "x", "b"


class ChannelEvents(RaceRecorder):
    """Mixin: channel transitions and their execution."""

    @staticmethod
    def cases(instruction, registers) -> list[tuple]:
        """(kind, channel ref or None, value register) per case of a channel operation."""
        if isinstance(instruction, ir.Send):
            return [("send", registers[instruction.channel], instruction.value)]
        if isinstance(instruction, ir.Receive):
            return [("receive", registers[instruction.channel], None)]
        if isinstance(instruction, ir.Select):
            return [(case.kind, registers[case.channel], case.value) for case in instruction.cases]
        if isinstance(instruction, ir.Close):
            return [("close", registers[instruction.channel], None)]
        return [("len", registers[instruction.channel], None)]

    def partners(self, state: State, channel_id: int, kind: str, exclude: int) -> list[tuple[int, int]]:
        """Goroutines waiting with a ``kind`` case on the (unbuffered) channel: (id, case)."""
        found = []
        for other in state.goroutines:
            if other.status != WAITING or other.id == exclude:
                continue
            instruction = other.frames[-1].function.code[other.frames[-1].pc]
            for index, (case_kind, ref, _) in enumerate(self.cases(instruction, other.frames[-1].registers)):
                if case_kind == kind and ref is not None and ref.id == channel_id:
                    found.append((other.id, index))
        return found

    def channel_transitions(self, state: State, g: Goroutine, instruction, waiting: bool = False) -> list:
        """A blocking operation on an unbuffered channel first arrives (it joins the
        channel's waiting set; arrivals commute with each other); a waiting receiver then
        completes the transfer with a waiting sender. A select with a default never waits:
        it completes directly with a waiting partner, or takes the default."""
        from modelcheck.semantics.events import Transition

        cases = self.cases(instruction, g.frames[-1].registers)
        if isinstance(instruction, (ir.Close, ir.ChannelLength)):
            ref = cases[0][1]
            mode = CLOSE if isinstance(instruction, ir.Close) else READ
            return [Transition(g.id, (), ((("chan", ref.id), mode),) if ref is not None else ())]
        keys = [("chan", ref.id) for _, ref, _ in cases if ref is not None]
        blocking = not (isinstance(instruction, ir.Select) and instruction.has_default)
        if blocking and not waiting:
            arrival = self.arrival(state, g, keys)
            if arrival is not None:
                return [arrival]
        own_wait = ((("wait", g.id), WRITE),) if waiting else ()
        branches: list = []
        for index, (kind, ref, _) in enumerate(cases):
            if ref is not None:
                others = tuple((key, READ) for key in keys if key != ("chan", ref.id)) + own_wait
                branches += self.case_transitions(state, g, (index, kind, ref.id), blocking, others)
        if branches or blocking:
            return branches
        return [Transition(g.id, ("default",), tuple((key, READ) for key in keys))]

    @staticmethod
    def arrival(state: State, g: Goroutine, keys: list):
        """A blocking operation with a case on an unbuffered channel arrives first; None when
        every channel it names is buffered."""
        from modelcheck.semantics.events import Transition

        unbuffered = [key for key in keys if state.channels[key[1]].capacity == 0]
        if not unbuffered:
            return None
        return Transition(
            g.id, ("arrive",), tuple((key, ARRIVE if key in unbuffered else READ) for key in keys)
        )

    def case_transitions(
        self, state: State, g: Goroutine, case: tuple, blocking: bool, others: tuple
    ) -> list:
        """The ways one case (index, kind, channel id) can complete now: by itself on a ready
        channel, or with each partner waiting on an unbuffered one. ``others``: the objects
        the operation touches besides the case's channel."""
        from modelcheck.semantics.events import Transition

        index, kind, channel_id = case
        channel = state.channels[channel_id]
        objects = self.case_objects(channel_id, channel, kind, blocking) + others
        if channel.closed or (
            channel.capacity > 0
            and (len(channel.buffer) < channel.capacity if kind == "send" else len(channel.buffer) > 0)
        ):
            return [Transition(g.id, ("case", index, None, None), objects)]
        if channel.capacity > 0 or (blocking and kind == "send"):
            return []
        opposite = "receive" if kind == "send" else "send"
        return [
            Transition(
                g.id,
                ("case", index, partner, partner_case),
                objects + ((("wait", partner), WRITE),),
                False,
                partner,
            )
            for partner, partner_case in self.partners(state, channel_id, opposite, g.id)
        ]

    def case_objects(self, channel_id: int, channel, kind: str, blocking: bool) -> tuple:
        """What completing a case orders against on its own channel."""
        chosen = ("chan", channel_id)
        # A select with a default could have run before the other side (taking the default),
        # so its races stay reversible: plain WRITE.
        if not blocking:
            return ((chosen, WRITE),)
        if channel.capacity > 0 and (channel.buffer if kind == "receive" else not channel.closed):
            return self.buffered_objects(channel_id, channel, kind)
        if channel.capacity > 0 or channel.closed:
            return ((chosen, SEND if kind == "send" else RECEIVE),)
        return ((chosen, TRANSFER),)  # a waiting receiver completing a transfer with a waiting sender

    @staticmethod
    def buffered_objects(channel_id: int, channel, kind: str) -> tuple:
        """What a blocking buffered send or receive that moves a value orders against. The
        n-th send fills slot n and, past the capacity C, needs the room the (n-C)-th receive
        made; the k-th receive empties slot k and makes room k. Sends order against sends
        (the tail), receives against receives (the head); a send and a receive of different
        slots commute, so they share no object but the channel, in the self-commuting mode
        BUFFER: taking the channel as one object would order them in the search's
        happens-before without the search ever trying them the other way round."""
        key = ("chan", channel_id)
        if kind == "send":
            n = channel.sends
            room = ((key + ("room", n - channel.capacity), SEND),) if n >= channel.capacity else ()
            return ((key, BUFFER), (key + ("tail",), SEND), (key + ("slot", n), SEND)) + room
        k = len(channel.receive_clocks)
        return (
            (key, BUFFER),
            (key + ("head",), RECEIVE),
            (key + ("slot", k), RECEIVE),
            (key + ("room", k), RECEIVE),
        )

    def waiting_transitions(self, state: State, g: Goroutine) -> list:
        instruction = g.frames[-1].function.code[g.frames[-1].pc]
        return self.channel_transitions(state, g, instruction, waiting=True)

    def channel_observation(self, state: State, channel_id: int) -> tuple:
        channel = state.channels[channel_id]
        waiting = tuple(
            (kind, g.id)
            for g in state.goroutines
            if g.status == WAITING
            for kind, ref, _ in self.cases(g.frame.function.code[g.frame.pc], g.frame.registers)
            if ref is not None and ref.id == channel_id
        )
        return (len(channel.buffer), channel.closed, waiting)

    # ------------------------------------------------------------ execution

    def channel_event(self, state: State, g: Goroutine, instruction, transition):
        from modelcheck.semantics.events import EventRecord

        frame = g.frames[-1]
        cases = self.cases(instruction, frame.registers)
        span = instruction.span

        def record(text: str) -> EventRecord:
            return EventRecord(
                g.id, transition.key, transition.objects, transition.is_global, transition.partner, text, span
            )

        if isinstance(instruction, ir.Close):
            return record(self.close(state, g, cases[0][1]))
        if isinstance(instruction, ir.ChannelLength):
            ref = cases[0][1]
            channel = state.channels[ref.id] if ref is not None else None
            value = (
                0
                if channel is None
                else (len(channel.buffer) if instruction.which == "len" else channel.capacity)
            )
            frame.registers[instruction.dst] = value
            if ref is not None:
                g.reads.append((("chan", ref.id), self.channel_observation(state, ref.id)))
            frame.pc += 1
            return record(f"{instruction.which}(channel) = {value}")
        key = transition.key
        if key == ("default",):
            for _, ref, _ in cases:
                if ref is not None:
                    g.reads.append((("chan", ref.id), self.channel_observation(state, ref.id)))
            frame.registers[instruction.dst] = -1
            frame.pc += 1
            return record("select: no case ready, takes default")
        if key == ("arrive",):
            g.status = WAITING
            g.effects += 1
            if isinstance(instruction, ir.Send) and cases[0][1] is not None:
                self.record_channel_access(state, g, cases[0][1].id, False, instruction)
            return record("blocks: waits for a partner")
        _, index, partner, partner_case = key
        kind, ref, value_register = cases[index]
        channel = state.channels[ref.id]
        g.effects += 1
        if kind == "send":
            self.record_channel_access(state, g, ref.id, False, instruction)
            if channel.closed:
                g.status = RUNNABLE
                self.start_panic(state, g, *self.plain_runtime_panic("send on closed channel"))
                return record("sends on a closed channel: panic")
            value = frame.registers[value_register]
            if partner is None:
                sends = channel.sends + 1
                if sends > channel.capacity and channel.receive_clocks:
                    g.clock = join(g.clock, channel.receive_clocks[sends - channel.capacity - 1])
                state.channels[ref.id] = channel.__class__(
                    channel.capacity,
                    channel.buffer + ((value, g.clock),),
                    channel.closed,
                    sends,
                    channel.receive_clocks,
                    channel.close_clock,
                    channel.element_zero,
                )
                self.complete(g, index, None, None)
                return record(f"sends {value!r} (buffered)")
            self.rendezvous(g, state.mutable(partner), g)
            self.complete(g, index, None, None)
            self.complete(state.mutable(partner), partner_case, value, True)
            return record(f"sends {value!r} to goroutine {partner + 1}")
        if partner is not None:
            sender = state.mutable(partner)
            sender_case = self.cases(sender.frame.function.code[sender.frame.pc], sender.frame.registers)[
                partner_case
            ]
            value = sender.frames[-1].registers[sender_case[2]]
            sending = sender.frame.function.code[sender.frame.pc]
            self.record_channel_access(state, sender, ref.id, False, sending)
            self.rendezvous(sender, g, g)
            self.complete(sender, partner_case, None, None)
            self.complete(g, index, value, True)
            return record(f"receives {value!r} from goroutine {partner + 1}")
        if channel.buffer:
            (value, sender_clock), rest = channel.buffer[0], channel.buffer[1:]
            g.clock = join(g.clock, sender_clock)
            state.channels[ref.id] = channel.__class__(
                channel.capacity,
                rest,
                channel.closed,
                channel.sends,
                channel.receive_clocks + (g.clock,),
                channel.close_clock,
                channel.element_zero,
            )
            self.complete(g, index, value, True)
            return record(f"receives {value!r}")
        g.clock = join(g.clock, channel.close_clock)
        zero = self.receive_zero(instruction, index, channel)
        self.complete(g, index, zero, False)
        return record(f"receives {zero!r} from a closed channel")

    @staticmethod
    def receive_zero(instruction, index: int, channel):
        if isinstance(instruction, ir.Select):
            return instruction.cases[index].zero
        if isinstance(instruction, ir.Receive):
            return instruction.zero
        return channel.element_zero

    @staticmethod
    def rendezvous(sender: Goroutine, receiver: Goroutine, initiator: Goroutine) -> None:
        """An unbuffered transfer: the send happens before the receive completes (S4) and
        the receive before the send completes (S6). The partner takes a step too."""
        partner = receiver if initiator is sender else sender
        partner.clock = tick(partner.clock, partner.id)
        partner.events += 1
        partner.effects += 1
        combined = join(sender.clock, receiver.clock)
        sender.clock = combined
        receiver.clock = combined

    @staticmethod
    def complete(g: Goroutine, index: int, value, ok) -> None:
        """Finish g's channel operation with case ``index`` (and the received value)."""
        frame = g.frames[-1]
        instruction = frame.function.code[frame.pc]
        if isinstance(instruction, ir.Select):
            frame.registers[instruction.dst] = index
            if instruction.value is not None:
                frame.registers[instruction.value] = value
            if instruction.ok is not None:
                frame.registers[instruction.ok] = ok
        elif isinstance(instruction, ir.Receive):
            if instruction.dst is not None:
                frame.registers[instruction.dst] = value
            if instruction.ok is not None:
                frame.registers[instruction.ok] = ok
        frame.pc += 1
        g.status = RUNNABLE

    @staticmethod
    def close_instruction(g: Goroutine):
        frame = g.frames[-1]
        return frame.function.code[frame.pc - 1]  # close has just advanced the pc

    def close(self, state: State, g: Goroutine, ref) -> str:
        g.frames[-1].pc += 1
        g.effects += 1
        if ref is None:
            self.start_panic(state, g, *self.plain_runtime_panic("close of nil channel"))
            return "closes a nil channel: panic"
        channel = state.channels[ref.id]
        self.record_channel_access(state, g, ref.id, True, self.close_instruction(g))
        if channel.closed:
            self.start_panic(state, g, *self.plain_runtime_panic("close of closed channel"))
            return "closes a closed channel: panic"
        state.channels[ref.id] = channel.__class__(
            channel.capacity,
            channel.buffer,
            True,
            channel.sends,
            channel.receive_clocks,
            g.clock,
            channel.element_zero,
        )
        return "closes the channel"
