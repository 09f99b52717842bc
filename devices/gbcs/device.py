"""What a device checks before it executes a command (GBCS 6.2), for the emulated devices.

``accept_command`` refuses, with the GBCS alert the device raises, a command that is malformed,
not for this device, not a command, badly MAC'd, replayed, or Critical without a valid signature
of its originator; it returns the parsed message and the counter to remember.
"""

from __future__ import annotations

from .counters import accept_counter
from .errors import MalformedMessage, SignatureInvalid
from .frame import Cra
from .keys import KeyLookup
from .message import RTDS_ACCESS_CONTROL_BROKER, Check, Message, parse


def accept_command(
    message: bytes,
    keys: KeyLookup,
    *,
    device_id: bytes,
    last_counter: int | None,
    broker: bytes = RTDS_ACCESS_CONTROL_BROKER,
) -> tuple[Message, int]:
    parsed = parse(message, keys, broker=broker, require_keys=True)
    header = parsed.header
    if header.cra != Cra.COMMAND:
        raise MalformedMessage("A device executes commands only (CRA flag 1)")
    if header.recipient != device_id:
        raise MalformedMessage(f"The command is for {header.recipient.hex()}, not this device")
    if parsed.mac != Check.VALID and not parsed.code.han_only:
        raise MalformedMessage("A Remote Party command must be MAC'd (General Ciphering)")
    if parsed.code.critical and parsed.signature != Check.VALID:
        raise SignatureInvalid(f"{parsed.use_case} is Critical: its command must carry the originator's signature")
    return parsed, accept_counter(counter=header.counter, last_accepted=last_counter)
