"""A pure-Python GBCS codec: DCC's GB Companion Specification messages, on ``cryptography`` only.

No Django here (like :mod:`devices.firmware`): the pipeline calls these functions.

- :func:`parse` a message (framing, MAC, signature, payload down to DLMS / ZCL / ASN.1 values,
  encrypted content opened) and :func:`read_values` for its Use Case view;
- :func:`build_command`, :func:`build_response`, :func:`build_alert` from a Use Case's values;
- :func:`pre_command_for_signing`, :func:`sign_pre_command`, :func:`verify_signed_pre_command`,
  :func:`command_from_signed_pre_command` for Critical commands (DUIS section 5);
- :func:`accept_command` for the device side, :func:`accept_counter` / :func:`check_response`
  for counters, :func:`split_blocks` / :func:`join_blocks` for general-block transfer.

Errors are :class:`GBCSError` subclasses carrying ``duis_code`` and ``gbcs_alert``. See docs/gbcs.md.
"""

from .blocks import join_blocks, split_blocks
from .builder import Exchange, build_alert, build_command, build_response, pre_command_for_signing
from .counters import accept_counter, check_response
from .device import accept_command
from .errors import (
    CounterReplay,
    GBCSError,
    KeyUnavailable,
    LengthMismatch,
    MacInvalid,
    MalformedMessage,
    SignatureInvalid,
    TruncatedMessage,
    UnknownMessageCode,
    UseCaseNotEncoded,
)
from .frame import Cra, GroupingHeader
from .keys import KeyLookup, KeyRing, Usage
from .message import Check, Message, parse
from .message_codes import MessageCode, all_codes, message_code
from .signing import command_from_signed_pre_command, sign_pre_command, verify_signed_pre_command
from .timestamps import DlmsDateTime
from .usecases import encoded_use_cases, jsonable, use_case_codec


def read_values(message: Message) -> dict:
    """The Use Case view of a parsed message (command, response or alert values)."""
    codec = use_case_codec(message.use_case)
    if message.header.cra == Cra.COMMAND:
        return codec.read_command(message)
    if message.header.cra == Cra.RESPONSE:
        return codec.read_response(message)
    return codec.read_alert(message)


__all__ = [
    "Check",
    "CounterReplay",
    "Cra",
    "DlmsDateTime",
    "Exchange",
    "GBCSError",
    "GroupingHeader",
    "KeyLookup",
    "KeyRing",
    "KeyUnavailable",
    "LengthMismatch",
    "MacInvalid",
    "MalformedMessage",
    "Message",
    "MessageCode",
    "SignatureInvalid",
    "TruncatedMessage",
    "UnknownMessageCode",
    "Usage",
    "UseCaseNotEncoded",
    "accept_command",
    "accept_counter",
    "all_codes",
    "build_alert",
    "build_command",
    "build_response",
    "check_response",
    "command_from_signed_pre_command",
    "encoded_use_cases",
    "join_blocks",
    "jsonable",
    "message_code",
    "parse",
    "pre_command_for_signing",
    "read_values",
    "sign_pre_command",
    "split_blocks",
    "use_case_codec",
    "verify_signed_pre_command",
]
