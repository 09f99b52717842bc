"""Originator counters and replay checks, as functions over state the caller keeps.

GBCS numbers every Remote Party message with the originator's 64-bit counter; a device accepts a
command only when its counter is greater than the last one it accepted from that Remote Party,
and a response repeats its command's counter with the parties swapped. The codec keeps no state:
callers pass the last accepted counter (per device and originator) and store what it returns.
"""

from __future__ import annotations

from .errors import CounterReplay, MalformedMessage
from .frame import Cra, GroupingHeader

MAX_COUNTER = (1 << 64) - 1


def accept_counter(*, counter: int, last_accepted: int | None) -> int:
    """The counter to store after accepting ``counter``; :class:`CounterReplay` when it is not newer."""
    if not 0 <= counter <= MAX_COUNTER:
        raise MalformedMessage("An originator counter is an unsigned 64-bit number")
    if last_accepted is not None and counter <= last_accepted:
        raise CounterReplay(f"Counter {counter} is not greater than the last accepted ({last_accepted})")
    return counter


def check_response(command: GroupingHeader, response: GroupingHeader) -> None:
    """A response must answer its command: same counter and message code, parties swapped."""
    if response.cra not in (Cra.RESPONSE, Cra.ALERT):
        raise MalformedMessage("Not a response (CRA flag 2)")
    if response.counter != command.counter:
        raise MalformedMessage(f"The response's counter {response.counter} is not the command's {command.counter}")
    if (response.originator, response.recipient) != (command.recipient, command.originator):
        raise MalformedMessage("The response's originator and recipient are not the command's, swapped")
    if response.message_code != command.message_code:
        raise MalformedMessage("The response's message code is not the command's")
