"""A minimal DER reader for tests that compare certificate encodings byte by byte (tags, lengths)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Tlv:
    tag: int
    value: bytes
    end: int  # offset just after this element


def read_tlv(data: bytes, offset: int = 0) -> Tlv:
    tag = data[offset]
    length = data[offset + 1]
    start = offset + 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[start : start + count], "big")
        start += count
    return Tlv(tag, data[start : start + length], start + length)


def children(value: bytes) -> list[Tlv]:
    items, offset = [], 0
    while offset < len(value):
        item = read_tlv(value, offset)
        items.append(item)
        offset = item.end
    return items


def tbs_fields(tbs_der: bytes) -> list[Tlv]:
    """The fields of a TBSCertificate: [0] version, serial, signature, issuer, validity, subject, ..."""
    return children(read_tlv(tbs_der).value)


def serial_octets(tbs_der: bytes) -> int:
    """How many content octets the serialNumber INTEGER has."""
    return len(tbs_fields(tbs_der)[1].value)


def validity_encoding(tbs_der: bytes) -> list[tuple[str, str]]:
    """notBefore and notAfter as (ASN.1 type, text): UTCTime (0x17) or GeneralizedTime (0x18)."""
    names = {0x17: "UTCTime", 0x18: "GeneralizedTime"}
    return [(names[t.tag], t.value.decode()) for t in children(tbs_fields(tbs_der)[4].value)]
