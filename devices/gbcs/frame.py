"""GBCS message framing: the grouping header, General Signing and General Ciphering APDUs.

A Remote Party message is ``DD`` (General Ciphering, MAC only) around ``DF`` (General Signing,
which holds the grouping header, the payload and a signature field); some messages travel as the
bare ``DF`` APDU (Pre-Commands, and messages whose protection is the signature alone).

``DF`` layout: transaction-id ``09`` + CRA flag + 8-byte originator counter; originator and
recipient system titles ``08`` + EUI-64; date-time ``00`` or ``0C`` + 12 bytes; other-information
(length, 2-byte message code, then optional supplementary fields); content length and payload;
signature length (``00`` or ``40``) and signature.

``DD`` layout: ``DD 00 00 00 00 00 00`` (empty transaction-id, system titles, date-time and
other-information; no key-info), the ciphered-content length, the security header (security
control ``0x11`` = authenticated only, 4-byte invocation counter ``0``), the ``DF`` APDU and the
12-byte MAC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from .errors import LengthMismatch, MalformedMessage, TruncatedMessage
from .timestamps import DlmsDateTime
from .wire import Reader, encode_length

GENERAL_SIGNING = 0xDF
GENERAL_CIPHERING = 0xDD
CIPHERING_HEADER = bytes((GENERAL_CIPHERING, 0, 0, 0, 0, 0, 0))
SECURITY_CONTROL_MAC_ONLY = 0x11
SECURITY_HEADER = bytes((SECURITY_CONTROL_MAC_ONLY, 0, 0, 0, 0))
MAC_LENGTH = 12
SIGNATURE_LENGTH = 64


class Cra(IntEnum):
    """The CRA flag: what kind of message this is."""

    COMMAND = 1
    RESPONSE = 2
    ALERT = 3


@dataclass(frozen=True, slots=True)
class GroupingHeader:
    """The fields of a GBCS grouping header (the ``DF`` APDU up to the content length)."""

    cra: Cra
    counter: int
    originator: bytes
    recipient: bytes
    message_code: int
    date_time: DlmsDateTime | None = None
    supplementary_remote_party_id: bytes | None = None
    supplementary_remote_party_counter: int | None = None
    supplementary_originator_counter: int | None = None
    supplementary_certificate: bytes | None = None

    @property
    def transaction_id(self) -> bytes:
        """CRA flag and originator counter: the 9 bytes that name this exchange."""
        return bytes((self.cra,)) + self.counter.to_bytes(8, "big")

    def other_information(self) -> bytes:
        other = self.message_code.to_bytes(2, "big")
        if self.supplementary_remote_party_id is not None:
            other += self.supplementary_remote_party_id
            if self.supplementary_remote_party_counter is not None:
                other += self.supplementary_remote_party_counter.to_bytes(8, "big")
                if self.supplementary_originator_counter is not None:
                    other += self.supplementary_originator_counter.to_bytes(8, "big")
                elif self.supplementary_certificate is not None:
                    other += self.supplementary_certificate
        return other

    def encode(self, content_length: int) -> bytes:
        """The ``DF`` APDU's bytes up to and including the content length."""
        if len(self.originator) != 8 or len(self.recipient) != 8:
            raise ValueError("System titles are 8-byte EUI-64s")
        if not 0 <= self.counter < 1 << 64:
            raise ValueError("The originator counter is an unsigned 64-bit number")
        date_time = b"\x00" if self.date_time is None else b"\x0c" + self.date_time.encode()
        other = self.other_information()
        return b"".join(
            (
                bytes((GENERAL_SIGNING, 9)),
                self.transaction_id,
                b"\x08" + self.originator,
                b"\x08" + self.recipient,
                date_time,
                encode_length(len(other)) + other,
                encode_length(content_length),
            )
        )


@dataclass(frozen=True, slots=True)
class Frame:
    """A parsed message: header, payload, signature and MAC, with the exact bytes each covers.

    ``signature`` is None when the APDU ends after the payload and ``b""`` for an empty (``00``)
    signature field. ``mac`` is None for a bare ``DF`` APDU.
    """

    header: GroupingHeader
    content: bytes
    signature: bytes | None
    mac: bytes | None
    signed_data: bytes = field(repr=False)
    mac_data: bytes = field(repr=False)

    @property
    def is_signed(self) -> bool:
        return bool(self.signature)


def _other_information(reader: Reader, header_fields: dict) -> None:
    size = reader.length()
    if size < 2:
        raise MalformedMessage("Other-information must hold the 2-byte message code", offset=reader.pos)
    other = reader.sub(size)
    header_fields["message_code"] = other.uint(2)
    if other.at_end():
        return
    header_fields["supplementary_remote_party_id"] = other.take(8)
    if other.at_end():
        return
    header_fields["supplementary_remote_party_counter"] = other.uint(8)
    if other.remaining == 8:
        header_fields["supplementary_originator_counter"] = other.uint(8)
    elif other.remaining:
        header_fields["supplementary_certificate"] = other.take(other.remaining)


def _system_title(reader: Reader, name: str) -> bytes:
    if reader.u8() != 8:
        raise MalformedMessage(f"The {name} system title must be 8 bytes", offset=reader.pos - 1)
    return reader.take(8)


def _general_signing(reader: Reader) -> tuple[GroupingHeader, bytes, bytes | None, int, int]:
    start = reader.pos
    if reader.u8() != GENERAL_SIGNING:
        raise MalformedMessage("A GBCS message starts with General Signing (0xDF)", offset=start)
    if reader.u8() != 9:
        raise MalformedMessage("The transaction-id must be 9 bytes", offset=reader.pos - 1)
    try:
        cra = Cra(reader.u8())
    except ValueError:
        raise MalformedMessage("The CRA flag must be 1, 2 or 3", offset=reader.pos - 1) from None
    fields: dict = {"cra": cra, "counter": reader.uint(8)}
    fields["originator"] = _system_title(reader, "originator")
    fields["recipient"] = _system_title(reader, "recipient")
    size = reader.u8()
    if size not in (0, 12):
        raise MalformedMessage("The date-time must be absent or 12 bytes", offset=reader.pos - 1)
    fields["date_time"] = DlmsDateTime.decode(reader.take(12)) if size else None
    _other_information(reader, fields)
    content = reader.take(reader.length())
    signed_end = reader.pos
    signature = None
    if not reader.at_end():
        signature = reader.take(reader.length())
        if signature and len(signature) != SIGNATURE_LENGTH:
            raise MalformedMessage("A GBCS signature is 64 bytes (r || s)", offset=signed_end)
    return GroupingHeader(**fields), content, signature, start, signed_end


def parse_frame(message: bytes) -> Frame:
    """Split a message into header, payload, signature and MAC; refuse any framing error."""
    if not message:
        raise TruncatedMessage("The message is empty", offset=0)
    reader = Reader(message)
    if message[0] == GENERAL_CIPHERING:
        if reader.take(7) != CIPHERING_HEADER:
            raise MalformedMessage("General Ciphering must carry empty header fields (DD 00 00 00 00 00 00)", offset=0)
        ciphered = reader.sub(reader.length())
        reader.expect_end("General Ciphering APDU")
        if ciphered.take(5) != SECURITY_HEADER:
            raise MalformedMessage("GBCS uses security control 0x11 (authenticated only)", offset=8)
        if ciphered.remaining < MAC_LENGTH:
            raise TruncatedMessage("The MAC is missing", offset=ciphered.pos)
        inner = Reader(message, ciphered.pos, ciphered.end - MAC_LENGTH)
        header, content, signature, start, signed_end = _general_signing(inner)
        inner.expect_end("General Signing APDU")
        mac = message[inner.end : ciphered.end]
        return Frame(header, content, signature, mac, message[start + 1 : signed_end], message[start : inner.end])
    if message[0] == GENERAL_SIGNING:
        header, content, signature, start, signed_end = _general_signing(reader)
        reader.expect_end("General Signing APDU")
        return Frame(header, content, signature, None, message[1:signed_end], message)
    raise MalformedMessage(f"Unknown APDU tag 0x{message[0]:02X}; expected 0xDD or 0xDF", offset=0)


def encode_general_signing(header: GroupingHeader, content: bytes, signature: bytes | None = b"") -> bytes:
    """The ``DF`` APDU; ``signature`` b"" writes an empty signature field, None omits it."""
    apdu = header.encode(len(content)) + content
    if signature is None:
        return apdu
    if signature and len(signature) != SIGNATURE_LENGTH:
        raise ValueError("A GBCS signature is 64 bytes (r || s)")
    return apdu + encode_length(len(signature)) + signature


def encode_general_ciphering(signing_apdu: bytes, mac: bytes) -> bytes:
    """The ``DD`` APDU around a ``DF`` APDU and its 12-byte MAC."""
    if len(mac) != MAC_LENGTH:
        raise ValueError("A GBCS MAC is 12 bytes")
    ciphered = SECURITY_HEADER + signing_apdu + mac
    return CIPHERING_HEADER + encode_length(len(ciphered)) + ciphered


def mac_additional_data(mac_data: bytes) -> bytes:
    """GMAC's additional data: security control, invocation counter, a zero byte, then the ``DF`` APDU."""
    return SECURITY_HEADER + b"\x00" + mac_data


def signing_input(signing_apdu: bytes) -> bytes:
    """What a GBCS signature covers: the ``DF`` APDU without its tag, up to the end of the payload."""
    return signing_apdu[1:]


def strip_signature_field(signing_apdu: bytes) -> bytes:
    """A Pre-Command without its trailing empty signature field (``00``), as DUIS clients sign it."""
    frame = parse_frame(signing_apdu)
    if signing_apdu[0] != GENERAL_SIGNING or frame.mac is not None:
        raise MalformedMessage("A Pre-Command is a bare General Signing APDU (0xDF)", offset=0)
    if frame.signature is None:
        return signing_apdu
    if frame.signature:
        raise LengthMismatch("The Pre-Command is already signed", offset=len(frame.signed_data) + 1)
    return signing_apdu[:-1]
