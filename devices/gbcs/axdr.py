"""DLMS COSEM ``Data`` in A-XDR: the typed values inside GBCS's DLMS payloads.

Each value is a tag then its content: fixed-size numbers big-endian; octet, visible and UTF-8
strings, arrays and structures with an A-XDR length (the same short/long forms as BER); bit
strings with their bit count; a compact array with a type description then its packed contents.
:class:`Data` keeps the tag with the value, so every decoded value re-encodes to the same bytes.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from .errors import MalformedMessage
from .wire import Reader, encode_length


class DataType(IntEnum):
    NULL = 0
    ARRAY = 1
    STRUCTURE = 2
    BOOLEAN = 3
    BIT_STRING = 4
    DOUBLE_LONG = 5
    DOUBLE_LONG_UNSIGNED = 6
    OCTET_STRING = 9
    VISIBLE_STRING = 10
    UTF8_STRING = 12
    BCD = 13
    INTEGER = 15
    LONG = 16
    UNSIGNED = 17
    LONG_UNSIGNED = 18
    COMPACT_ARRAY = 19
    LONG64 = 20
    LONG64_UNSIGNED = 21
    ENUM = 22
    FLOAT32 = 23
    FLOAT64 = 24
    DATE_TIME = 25
    DATE = 26
    TIME = 27


# Fixed-size integers: (size, signed).
_INTEGERS = {
    DataType.DOUBLE_LONG: (4, True),
    DataType.DOUBLE_LONG_UNSIGNED: (4, False),
    DataType.BCD: (1, False),
    DataType.INTEGER: (1, True),
    DataType.LONG: (2, True),
    DataType.UNSIGNED: (1, False),
    DataType.LONG_UNSIGNED: (2, False),
    DataType.LONG64: (8, True),
    DataType.LONG64_UNSIGNED: (8, False),
    DataType.ENUM: (1, False),
}
_FIXED_OCTETS = {DataType.DATE_TIME: 12, DataType.DATE: 5, DataType.TIME: 4}
_FLOATS = {DataType.FLOAT32: ">f", DataType.FLOAT64: ">d"}
_STRINGS = {DataType.VISIBLE_STRING: "ascii", DataType.UTF8_STRING: "utf-8"}


@dataclass(frozen=True, slots=True)
class BitString:
    bits: int
    octets: bytes

    def __str__(self) -> str:
        return "".join(f"{byte:08b}" for byte in self.octets)[: self.bits]


@dataclass(frozen=True, slots=True)
class TypeDescription:
    """A compact array's element type: a simple type, an array of N, or a structure of types."""

    type: DataType
    count: int = 0
    children: tuple[TypeDescription, ...] = ()


@dataclass(frozen=True, slots=True)
class CompactArray:
    description: TypeDescription
    elements: tuple[Data, ...]


@dataclass(frozen=True, slots=True)
class Data:
    """One COSEM value with its type."""

    type: DataType
    value: Any = None

    # Constructors for the types GBCS payloads use.
    @classmethod
    def structure(cls, *items: Data) -> Data:
        return cls(DataType.STRUCTURE, tuple(items))

    @classmethod
    def array(cls, items) -> Data:
        return cls(DataType.ARRAY, tuple(items))

    @classmethod
    def octets(cls, value: bytes) -> Data:
        return cls(DataType.OCTET_STRING, bytes(value))

    @classmethod
    def unsigned(cls, value: int) -> Data:
        return cls(DataType.UNSIGNED, value)

    @classmethod
    def long_unsigned(cls, value: int) -> Data:
        return cls(DataType.LONG_UNSIGNED, value)

    @classmethod
    def double_long_unsigned(cls, value: int) -> Data:
        return cls(DataType.DOUBLE_LONG_UNSIGNED, value)

    @classmethod
    def double_long(cls, value: int) -> Data:
        return cls(DataType.DOUBLE_LONG, value)

    @classmethod
    def enum(cls, value: int) -> Data:
        return cls(DataType.ENUM, value)

    @classmethod
    def boolean(cls, value: bool) -> Data:
        return cls(DataType.BOOLEAN, bool(value))

    @classmethod
    def null(cls) -> Data:
        return cls(DataType.NULL)

    def __iter__(self):
        if self.type not in (DataType.STRUCTURE, DataType.ARRAY):
            raise TypeError(f"{self.type.name} is not a structure or array")
        return iter(self.value)

    def __getitem__(self, index: int) -> Data:
        if self.type not in (DataType.STRUCTURE, DataType.ARRAY):
            raise TypeError(f"{self.type.name} is not a structure or array")
        return self.value[index]

    def __len__(self) -> int:
        return len(self.value)

    def to_python(self) -> Any:
        """A JSON-friendly view: numbers, hex strings for octets, lists for arrays and structures."""
        if self.type in (DataType.STRUCTURE, DataType.ARRAY):
            return [item.to_python() for item in self.value]
        if self.type == DataType.COMPACT_ARRAY:
            return [item.to_python() for item in self.value.elements]
        if isinstance(self.value, bytes):
            return self.value.hex()
        if isinstance(self.value, BitString):
            return str(self.value)
        return self.value


def decode_data(reader: Reader) -> Data:
    start = reader.pos
    tag = reader.u8()
    try:
        kind = DataType(tag)
    except ValueError:
        raise MalformedMessage(f"Unknown DLMS data type {tag}", offset=start) from None
    return Data(kind, _decode_content(reader, kind))


def _decode_content(reader: Reader, kind: DataType) -> Any:
    if kind == DataType.NULL:
        return None
    if kind in (DataType.ARRAY, DataType.STRUCTURE):
        return tuple(decode_data(reader) for _ in range(reader.length()))
    if kind == DataType.BOOLEAN:
        raw = reader.u8()
        return {0x00: False, 0xFF: True}.get(raw, raw)  # another "true" byte is kept as its number
    if kind == DataType.BIT_STRING:
        bits = reader.length()
        return BitString(bits, reader.take((bits + 7) // 8))
    if kind in _INTEGERS:
        size, signed = _INTEGERS[kind]
        return reader.sint(size) if signed else reader.uint(size)
    if kind == DataType.OCTET_STRING:
        return reader.take(reader.length())
    if kind in _STRINGS:
        raw = reader.take(reader.length())
        try:
            return raw.decode(_STRINGS[kind])
        except UnicodeDecodeError:
            raise MalformedMessage(f"A {kind.name} holds undecodable bytes", offset=reader.pos) from None
    if kind in _FIXED_OCTETS:
        return reader.take(_FIXED_OCTETS[kind])
    if kind in _FLOATS:
        return struct.unpack(_FLOATS[kind], reader.take(struct.calcsize(_FLOATS[kind])))[0]
    return _decode_compact_array(reader)


def _decode_type_description(reader: Reader) -> TypeDescription:
    start = reader.pos
    tag = reader.u8()
    try:
        kind = DataType(tag)
    except ValueError:
        raise MalformedMessage(f"Unknown DLMS type in a type description: {tag}", offset=start) from None
    if kind == DataType.ARRAY:
        count = reader.uint(2)
        return TypeDescription(kind, count, (_decode_type_description(reader),))
    if kind == DataType.STRUCTURE:
        count = reader.length()
        return TypeDescription(kind, count, tuple(_decode_type_description(reader) for _ in range(count)))
    return TypeDescription(kind)


def _decode_described(reader: Reader, description: TypeDescription) -> Data:
    if description.type == DataType.ARRAY:
        element = description.children[0]
        return Data(DataType.ARRAY, tuple(_decode_described(reader, element) for _ in range(description.count)))
    if description.type == DataType.STRUCTURE:
        return Data(DataType.STRUCTURE, tuple(_decode_described(reader, child) for child in description.children))
    return Data(description.type, _decode_content(reader, description.type))


def _decode_compact_array(reader: Reader) -> CompactArray:
    description = _decode_type_description(reader)
    contents = reader.sub(reader.length())
    elements = []
    while not contents.at_end():
        elements.append(_decode_described(contents, description))
    return CompactArray(description, tuple(elements))


def encode_data(data: Data) -> bytes:
    return bytes((data.type,)) + _encode_content(data)


def _encode_content(data: Data) -> bytes:
    kind, value = data.type, data.value
    if kind == DataType.NULL:
        return b""
    if kind in (DataType.ARRAY, DataType.STRUCTURE):
        return encode_length(len(value)) + b"".join(encode_data(item) for item in value)
    if kind == DataType.BOOLEAN:
        return bytes((0xFF if value is True else 0x00 if value is False else value,))
    if kind == DataType.BIT_STRING:
        return encode_length(value.bits) + value.octets
    if kind in _INTEGERS:
        size, signed = _INTEGERS[kind]
        return int(value).to_bytes(size, "big", signed=signed)
    if kind == DataType.OCTET_STRING:
        return encode_length(len(value)) + value
    if kind in _STRINGS:
        raw = value.encode(_STRINGS[kind])
        return encode_length(len(raw)) + raw
    if kind in _FIXED_OCTETS:
        if len(value) != _FIXED_OCTETS[kind]:
            raise ValueError(f"A {kind.name} is {_FIXED_OCTETS[kind]} bytes")
        return value
    if kind in _FLOATS:
        return struct.pack(_FLOATS[kind], value)
    return _encode_compact_array(value)


def _encode_type_description(description: TypeDescription) -> bytes:
    if description.type == DataType.ARRAY:
        return (
            bytes((DataType.ARRAY,))
            + description.count.to_bytes(2, "big")
            + _encode_type_description(description.children[0])
        )
    if description.type == DataType.STRUCTURE:
        return (
            bytes((DataType.STRUCTURE,))
            + encode_length(len(description.children))
            + b"".join(_encode_type_description(child) for child in description.children)
        )
    return bytes((description.type,))


def _encode_described(data: Data) -> bytes:
    if data.type in (DataType.ARRAY, DataType.STRUCTURE):
        return b"".join(_encode_described(item) for item in data.value)
    return _encode_content(data)


def _encode_compact_array(array: CompactArray) -> bytes:
    contents = b"".join(_encode_described(element) for element in array.elements)
    return _encode_type_description(array.description) + encode_length(len(contents)) + contents
