"""GBZ: GBCS's container for ZigBee (ZCL) commands to and from gas devices.

A GBZ payload is the profile id ``01 09``, the number of components, then the components. Each
component has an extended-header control byte (bit 0: last component of a Use Case; bit 1:
encrypted ZCL payload; bit 4: a "from date-time" follows), the cluster id and the length of the
rest (both 2 bytes, big-endian), then either a plain ZCL frame, or an additional header (control
and frame counter), the ZCL header, the ciphered length (2 bytes), the security header (``0x31``
and a 4-byte invocation counter) and the ciphertext with its 12-byte tag.

A GBZ alert carries, after the profile id and component count, the 2-byte alert code and a 4-byte
time stamp (seconds since 2000, big-endian); then its components, or the alert's own fields.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .errors import MalformedMessage
from .wire import Reader
from .zcl import ZclFrame, decode_header
from .zcl_clusters import decode_frame

PROFILE_ID = 0x0109
CONTROL_LAST = 0x01
CONTROL_ENCRYPTED = 0x02
CONTROL_FROM_DATE_TIME = 0x10
ENCRYPTED_SECURITY_HEADER = bytes((0x31, 0, 0, 0, 0))


@dataclass(frozen=True, slots=True)
class Encrypted:
    """The protected part of an encrypted component, kept as received until it is opened."""

    additional_control: int
    frame_counter: int
    frame_control: int
    sequence: int
    command: int
    sealed: bytes  # ciphertext || 12-byte tag


@dataclass(frozen=True, slots=True)
class Component:
    control: int
    cluster: int
    frame: ZclFrame | None
    from_date_time: int | None = None
    encrypted: Encrypted | None = None

    @property
    def is_encrypted(self) -> bool:
        return bool(self.control & CONTROL_ENCRYPTED)

    def encode(self) -> bytes:
        body = b""
        if self.from_date_time is not None:
            body += self.from_date_time.to_bytes(4, "big")
        if self.encrypted is not None:
            e = self.encrypted
            ciphered = ENCRYPTED_SECURITY_HEADER + e.sealed
            body += bytes((e.additional_control, e.frame_counter, e.frame_control, e.sequence, e.command))
            body += len(ciphered).to_bytes(2, "big") + ciphered
        else:
            body += self.frame.encode()
        return bytes((self.control,)) + self.cluster.to_bytes(2, "big") + len(body).to_bytes(2, "big") + body

    def opened(self, plaintext: bytes) -> Component:
        """This component with its decrypted ZCL payload decoded."""
        e = self.encrypted
        header = bytes((e.frame_control, e.sequence, e.command))
        frame = decode_frame(Reader(header + plaintext), self.cluster)
        return replace(self, frame=frame)


def decode_component(reader: Reader) -> Component:
    control = reader.u8()
    cluster = reader.uint(2)
    body = reader.sub(reader.uint(2))
    from_date_time = body.uint(4) if control & CONTROL_FROM_DATE_TIME else None
    if not control & CONTROL_ENCRYPTED:
        return Component(control, cluster, decode_frame(body, cluster), from_date_time)
    additional_control, frame_counter = body.u8(), body.u8()
    frame_control, manufacturer, sequence, command = decode_header(body)
    if manufacturer is not None:
        raise MalformedMessage("GBCS does not encrypt manufacturer-specific ZCL frames", offset=body.pos)
    ciphered = body.sub(body.uint(2))
    body.expect_end("encrypted GBZ component")
    if ciphered.take(5) != ENCRYPTED_SECURITY_HEADER:
        raise MalformedMessage("Encrypted GBZ content uses security control 0x31", offset=ciphered.pos - 5)
    sealed = ciphered.take(ciphered.remaining)
    encrypted = Encrypted(additional_control, frame_counter, frame_control, sequence, command, sealed)
    return Component(control, cluster, None, from_date_time, encrypted)


@dataclass(frozen=True, slots=True)
class GbzPayload:
    components: tuple[Component, ...]
    alert_code: int | None = None
    time_stamp: int | None = None
    alert_content: bytes | None = None  # an alert's own fields when they are not components
    count: int | None = None  # the component count as sent, when it differs from len(components)

    def encode(self) -> bytes:
        count = len(self.components) if self.count is None else self.count
        out = PROFILE_ID.to_bytes(2, "big") + bytes((count,))
        if self.alert_code is not None:
            out += self.alert_code.to_bytes(2, "big") + (self.time_stamp or 0).to_bytes(4, "big")
        if self.alert_content is not None:
            return out + self.alert_content
        return out + b"".join(component.encode() for component in self.components)


def _header(reader: Reader) -> int:
    if reader.uint(2) != PROFILE_ID:
        raise MalformedMessage("A GBZ payload starts with the profile id 0x0109", offset=reader.pos - 2)
    return reader.u8()


def decode_gbz(reader: Reader) -> GbzPayload:
    count = _header(reader)
    components = tuple(decode_component(reader) for _ in range(count))
    reader.expect_end("GBZ payload")
    return GbzPayload(components)


def decode_gbz_alert(reader: Reader, *, components: bool) -> GbzPayload:
    """A GBZ alert; ``components`` False keeps the alert's own fields as bytes for the Use Case."""
    count = _header(reader)
    alert_code, time_stamp = reader.uint(2), reader.uint(4)
    if not components:
        return GbzPayload((), alert_code, time_stamp, reader.take(reader.remaining), count)
    found = tuple(decode_component(reader) for _ in range(count))
    reader.expect_end("GBZ alert")
    return GbzPayload(found, alert_code, time_stamp)
