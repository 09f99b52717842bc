"""ZigBee Cluster Library frames as GBCS carries them for gas Use Cases.

A ZCL frame is a header (frame control, an optional manufacturer code, sequence number, command
id) and a payload. Frame control bits 0-1 give the frame type (0 = a profile-wide command such
as Read Attributes, 1 = a cluster-specific command), bit 2 a manufacturer-specific frame, bit 3
the direction (1 = server to client, i.e. a response) and bit 4 "disable default response". ZCL
numbers are little-endian.

Cluster-specific payloads are described by field schemas (:mod:`.zcl_clusters`); a schema both
decodes a payload to named values and encodes the same values back to the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import MalformedMessage
from .wire import Reader

FRAME_TYPE_PROFILE = 0
FRAME_TYPE_CLUSTER = 1
DIRECTION_TO_CLIENT = 0x08
MANUFACTURER_SPECIFIC = 0x04

# ZCL attribute data types: type id -> (name, size in bytes; 0 = length-prefixed string).
DATA_TYPES: dict[int, tuple[str, int]] = {
    0x08: ("data8", 1), 0x09: ("data16", 2), 0x0A: ("data24", 3), 0x0B: ("data32", 4),
    0x10: ("bool", 1),
    0x18: ("map8", 1), 0x19: ("map16", 2), 0x1A: ("map24", 3), 0x1B: ("map32", 4),
    0x20: ("uint8", 1), 0x21: ("uint16", 2), 0x22: ("uint24", 3), 0x23: ("uint32", 4),
    0x24: ("uint40", 5), 0x25: ("uint48", 6), 0x26: ("uint56", 7), 0x27: ("uint64", 8),
    0x28: ("int8", 1), 0x29: ("int16", 2), 0x2A: ("int24", 3), 0x2B: ("int32", 4),
    0x2C: ("int40", 5), 0x2D: ("int48", 6), 0x2E: ("int56", 7), 0x2F: ("int64", 8),
    0x30: ("enum8", 1), 0x31: ("enum16", 2),
    0x41: ("octstr", 0), 0x42: ("string", 0),
    0xE0: ("time_of_day", 4), 0xE1: ("date", 4), 0xE2: ("utc", 4),
    0xE8: ("cluster_id", 2), 0xE9: ("attribute_id", 2), 0xF0: ("eui64", 8),
}  # fmt: skip
_SIGNED = {0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F}
_RAW = {0xE0, 0xE1, 0xF0}

# ZCL status codes (ZCL specification, status enumeration).
STATUS = {
    0x00: "success", 0x01: "failure", 0x7E: "not-authorized", 0x80: "malformed-command",
    0x81: "unsup-cluster-command", 0x82: "unsup-general-command", 0x85: "invalid-field",
    0x86: "unsupported-attribute", 0x87: "invalid-value", 0x88: "read-only", 0x89: "insufficient-space",
    0x8B: "not-found", 0x8D: "invalid-data-type", 0x93: "action-denied", 0x94: "timeout",
    0xC0: "hardware-failure", 0xC1: "software-failure",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class AttributeValue:
    """A typed ZCL value (Read Attributes Response, Write Attributes)."""

    type_id: int
    value: Any

    def encode(self) -> bytes:
        _, size = DATA_TYPES[self.type_id]
        if size == 0:
            return bytes((len(self.value),)) + self.value
        if self.type_id in _RAW:
            return self.value
        return int(self.value).to_bytes(size, "little", signed=self.type_id in _SIGNED)

    @classmethod
    def decode(cls, reader: Reader, type_id: int) -> AttributeValue:
        if type_id not in DATA_TYPES:
            raise MalformedMessage(f"Unknown ZCL data type 0x{type_id:02X}", offset=reader.pos - 1)
        _, size = DATA_TYPES[type_id]
        if size == 0:
            return cls(type_id, reader.take(reader.u8()))
        if type_id in _RAW:
            return cls(type_id, reader.take(size))
        return cls(type_id, reader.sint(size, little=True) if type_id in _SIGNED else reader.uint(size, little=True))

    def to_python(self) -> Any:
        return self.value.hex() if isinstance(self.value, bytes) else self.value


# Field codecs for cluster-specific schemas: name -> (size, signed). "octstr" is length-prefixed.
FIELD_SIZES = {
    "u8": (1, False), "u16": (2, False), "u24": (3, False), "u32": (4, False), "u48": (6, False),
    "i8": (1, True), "i16": (2, True), "i24": (3, True), "i32": (4, True), "i48": (6, True),
    "map8": (1, False), "map16": (2, False), "map32": (4, False),
    "enum8": (1, False), "enum16": (2, False), "utc": (4, False),
}  # fmt: skip
RAW_FIELDS = {"date": 4, "days7": 7, "eui64": 8}


@dataclass(frozen=True, slots=True)
class Repeat:
    """A group of fields repeated ``count`` times (a field name) or until the payload ends."""

    fields: tuple
    count: str | None = None


def decode_fields(reader: Reader, schema: tuple) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, kind in schema:
        if isinstance(kind, Repeat):
            values[name] = _decode_repeat(reader, kind, values)
        elif kind == "octstr":
            values[name] = reader.take(reader.u8())
        elif kind == "rest":
            values[name] = reader.take(reader.remaining)
        elif kind in RAW_FIELDS:
            values[name] = reader.take(RAW_FIELDS[kind])
        else:
            size, signed = FIELD_SIZES[kind]
            values[name] = reader.sint(size, little=True) if signed else reader.uint(size, little=True)
    return values


def _decode_repeat(reader: Reader, repeat: Repeat, values: dict) -> list[dict]:
    if repeat.count is not None:
        return [decode_fields(reader, repeat.fields) for _ in range(values[repeat.count])]
    items = []
    while not reader.at_end():
        items.append(decode_fields(reader, repeat.fields))
    return items


def encode_fields(values: dict[str, Any], schema: tuple) -> bytes:
    out = bytearray()
    for name, kind in schema:
        value = values[name]
        if isinstance(kind, Repeat):
            if kind.count is not None and len(value) != values[kind.count]:
                raise ValueError(f"{name}: {len(value)} entries but {kind.count} = {values[kind.count]}")
            for item in value:
                out += encode_fields(item, kind.fields)
        elif kind == "octstr":
            if len(value) > 0xFF:
                raise ValueError(f"{name} is longer than 255 bytes")
            out += bytes((len(value),)) + value
        elif kind == "rest":
            out += value
        elif kind in RAW_FIELDS:
            if len(value) != RAW_FIELDS[kind]:
                raise ValueError(f"{name} must be {RAW_FIELDS[kind]} bytes")
            out += value
        else:
            size, signed = FIELD_SIZES[kind]
            out += int(value).to_bytes(size, "little", signed=signed)
    return bytes(out)


@dataclass(frozen=True, slots=True)
class ZclFrame:
    """One ZCL frame; ``fields`` are the decoded payload (None when no schema describes it)."""

    frame_control: int
    sequence: int
    command: int
    payload: bytes
    fields: Any = None
    manufacturer: int | None = None

    @property
    def is_cluster_specific(self) -> bool:
        return self.frame_control & 0x03 == FRAME_TYPE_CLUSTER

    @property
    def to_client(self) -> bool:
        return bool(self.frame_control & DIRECTION_TO_CLIENT)

    def encode(self) -> bytes:
        header = bytes((self.frame_control,))
        if self.manufacturer is not None:
            header += self.manufacturer.to_bytes(2, "little")
        return header + bytes((self.sequence, self.command)) + self.payload


def decode_header(reader: Reader) -> tuple[int, int | None, int, int]:
    frame_control = reader.u8()
    if frame_control & 0x03 not in (FRAME_TYPE_PROFILE, FRAME_TYPE_CLUSTER):
        raise MalformedMessage("Reserved ZCL frame type", offset=reader.pos - 1)
    manufacturer = reader.uint(2, little=True) if frame_control & MANUFACTURER_SPECIFIC else None
    return frame_control, manufacturer, reader.u8(), reader.u8()
