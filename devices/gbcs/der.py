"""ASN.1 (DER, and the BER long-form lengths some senders use) for GBCS's ASN.1 payloads.

GBCS defines the payloads of CS02x (security credentials), CS03/CS04 (joins), CS06 (activate
firmware), CS07, CCS0x (the CHF device log), GCS28 and a few more in ASN.1, sent DER-encoded. DER
is self-describing (tag, length, content), so one decoder gives every value; Use Case views name
the fields. Elements keep their identifier bytes and any non-shortest length form (RTDS CS02
responses use ``81 xx`` below 128), so a decoded tree re-encodes to the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import MalformedMessage
from .wire import Reader, encode_length

UNIVERSAL_NAMES = {
    0x01: "BOOLEAN", 0x02: "INTEGER", 0x03: "BIT STRING", 0x04: "OCTET STRING", 0x05: "NULL", 0x06: "OID",
    0x0A: "ENUMERATED", 0x0C: "UTF8String", 0x13: "PrintableString", 0x17: "UTCTime", 0x18: "GeneralizedTime",
    0x30: "SEQUENCE", 0x31: "SET",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Tlv:
    """One DER element: its identifier bytes and either raw content or child elements."""

    tag: bytes
    content: bytes = b""
    children: tuple[Tlv, ...] | None = None
    length_octets: int = 0  # a long-form length of this many octets where the sender used one; 0 = shortest

    @property
    def constructed(self) -> bool:
        return bool(self.tag[0] & 0x20)

    @property
    def tag_class(self) -> str:
        return ("universal", "application", "context", "private")[self.tag[0] >> 6]

    @property
    def number(self) -> int:
        if self.tag[0] & 0x1F != 0x1F:
            return self.tag[0] & 0x1F
        value = 0
        for byte in self.tag[1:]:
            value = (value << 7) | (byte & 0x7F)
        return value

    @property
    def name(self) -> str:
        if self.tag_class == "universal":
            return UNIVERSAL_NAMES.get(self.tag[0], f"universal {self.number}")
        return f"[{self.number}]" if self.tag_class == "context" else f"{self.tag_class} {self.number}"

    def __iter__(self):
        return iter(self.children or ())

    def __getitem__(self, index: int) -> Tlv:
        if self.children is None:
            raise TypeError(f"{self.name} is primitive")
        return self.children[index]

    def __len__(self) -> int:
        return len(self.children or ())

    def as_int(self) -> int:
        return int.from_bytes(self.content, "big", signed=True)

    def encode(self) -> bytes:
        body = self.content if self.children is None else b"".join(child.encode() for child in self.children)
        if self.length_octets:
            return (
                self.tag + bytes((0x80 | self.length_octets,)) + len(body).to_bytes(self.length_octets, "big") + body
            )
        return self.tag + encode_length(len(body)) + body

    def to_python(self) -> Any:
        if self.children is not None:
            return {self.name: [child.to_python() for child in self.children]}
        if self.tag == b"\x02" or self.tag == b"\x0a":
            return {self.name: self.as_int()}
        if self.tag == b"\x05":
            return {self.name: None}
        if self.tag == b"\x01":
            return {self.name: self.content != b"\x00"}
        return {self.name: self.content.hex()}

    @classmethod
    def integer(cls, value: int, tag: bytes = b"\x02") -> Tlv:
        size = max(1, (value.bit_length() + 8) // 8)
        return cls(tag, value.to_bytes(size, "big", signed=True))

    @classmethod
    def sequence(cls, *children: Tlv, tag: bytes = b"\x30") -> Tlv:
        return cls(tag, children=tuple(children))


def _identifier(reader: Reader) -> bytes:
    first = reader.u8()
    tag = bytes((first,))
    if first & 0x1F == 0x1F:
        while True:
            byte = reader.u8()
            tag += bytes((byte,))
            if not byte & 0x80:
                break
    return tag


def _definite_length(reader: Reader) -> tuple[int, int]:
    """The length and, when it is not in its shortest form, how many octets carried it."""
    first = reader.peek()
    if first == 0x80:
        raise MalformedMessage("GBCS ASN.1 uses definite lengths only", offset=reader.pos)
    length = reader.length()
    shortest = first < 0x80 or (length >= 0x80 and first & 0x7F == (length.bit_length() + 7) // 8)
    return length, 0 if shortest else first & 0x7F


def decode_tlv(reader: Reader) -> Tlv:
    tag = _identifier(reader)
    length, length_octets = _definite_length(reader)
    inner = reader.sub(length)
    if tag[0] & 0x20:
        children = []
        while not inner.at_end():
            children.append(decode_tlv(inner))
        return Tlv(tag, children=tuple(children), length_octets=length_octets)
    return Tlv(tag, inner.take(inner.remaining), length_octets=length_octets)


def decode_all(reader: Reader) -> tuple[Tlv, ...]:
    """Every element to the end of ``reader`` (GBCS payloads are one element, a few are more)."""
    found = []
    while not reader.at_end():
        found.append(decode_tlv(reader))
    return tuple(found)
