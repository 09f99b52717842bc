"""ASN.1 Use Cases (joins, unjoins, firmware activation, the GPF's clock and device log...).

Payload shapes in a notation like :mod:`.shapes`: ``int`` (INTEGER), ``octets`` (OCTET STRING),
``time`` (GeneralizedTime, read as its text such as ``20150101000000Z``), ``null``, ``any`` (any
element, kept as a :class:`~..der.Tlv`), ``{a: int, b?: any}`` a SEQUENCE of named members
(``?`` = optional trailing member), ``[item]`` a SEQUENCE OF, and ``x | y`` alternatives tried in
order. Values re-encode to the same bytes (a non-shortest length form is kept by ``any`` only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..der import Tlv, decode_all
from ..errors import MalformedMessage
from ..wire import Reader
from .base import Context

_TAGS = {"int": b"\x02", "octets": b"\x04", "null": b"\x05", "time": b"\x18"}


class Asn1Shape:
    def read(self, tlv: Tlv) -> Any:
        raise NotImplementedError

    def build(self, value: Any) -> Tlv:
        raise NotImplementedError


@dataclass(frozen=True)
class Leaf(Asn1Shape):
    kind: str

    def read(self, tlv: Tlv) -> Any:
        if self.kind == "any":
            return tlv
        if tlv.tag != _TAGS[self.kind] or tlv.children is not None or tlv.length_octets:
            raise MalformedMessage(f"Expected {self.kind}, found {tlv.name}")
        if self.kind == "int":
            return tlv.as_int()
        if self.kind == "time":
            return tlv.content.decode("ascii")
        return None if self.kind == "null" else tlv.content

    def build(self, value: Any) -> Tlv:
        if self.kind == "any":
            return value
        if self.kind == "int":
            return Tlv.integer(value)
        if self.kind == "time":
            return Tlv(_TAGS["time"], value.encode("ascii"))
        return Tlv(_TAGS[self.kind], b"" if self.kind == "null" else bytes(value))


@dataclass(frozen=True)
class Sequence(Asn1Shape):
    fields: tuple[tuple[str, Asn1Shape], ...]

    def read(self, tlv: Tlv) -> dict:
        required = sum(1 for name, _ in self.fields if not name.endswith("?"))
        if tlv.tag != b"\x30" or tlv.length_octets or not required <= len(tlv) <= len(self.fields):
            raise MalformedMessage(f"Expected a SEQUENCE of {len(self.fields)}, found {tlv.name}")
        return {name.rstrip("?"): shape.read(item) for (name, shape), item in zip(self.fields, tlv, strict=False)}

    def build(self, value: dict) -> Tlv:
        items = []
        for name, shape in self.fields:
            if name.endswith("?") and value.get(name[:-1]) is None:
                break
            items.append(shape.build(value[name.rstrip("?")]))
        return Tlv.sequence(*items)


@dataclass(frozen=True)
class SequenceOf(Asn1Shape):
    item: Asn1Shape

    def read(self, tlv: Tlv) -> list:
        if tlv.tag != b"\x30" or tlv.length_octets:
            raise MalformedMessage(f"Expected a SEQUENCE OF, found {tlv.name}")
        return [self.item.read(element) for element in tlv]

    def build(self, value: list) -> Tlv:
        return Tlv.sequence(*(self.item.build(element) for element in value))


@dataclass(frozen=True)
class Either(Asn1Shape):
    """Alternatives; the value records which one was read (``{"choice": n, "value": ...}``)."""

    options: tuple[Asn1Shape, ...]

    def read(self, tlv: Tlv) -> dict:
        for index, option in enumerate(self.options):
            try:
                return {"choice": index, "value": option.read(tlv)}
            except MalformedMessage:
                continue
        raise MalformedMessage(f"{tlv.name} matches none of the payload's forms")

    def build(self, value: dict) -> Tlv:
        return self.options[value["choice"]].build(value["value"])


_TOKEN = re.compile(r"\s*([{}\[\]|,:]|[A-Za-z_][A-Za-z0-9_]*\??)")


def _parse(tokens: list[str], pos: int) -> tuple[Asn1Shape, int]:
    options = []
    while True:
        shape, pos = _parse_one(tokens, pos)
        options.append(shape)
        if pos < len(tokens) and tokens[pos] == "|":
            pos += 1
            continue
        return (options[0] if len(options) == 1 else Either(tuple(options))), pos


def _parse_one(tokens: list[str], pos: int) -> tuple[Asn1Shape, int]:
    token = tokens[pos]
    if token == "{":
        fields, pos = [], pos + 1
        while tokens[pos] != "}":
            name = tokens[pos]
            shape, pos = _parse_one(tokens, pos + 2)
            fields.append((name, shape))
            pos += tokens[pos] == ","
        return Sequence(tuple(fields)), pos + 1
    if token == "[":
        item, pos = _parse(tokens, pos + 1)
        return SequenceOf(item), pos + 1
    if token not in (*_TAGS, "any"):
        raise ValueError(f"Unknown ASN.1 shape {token!r}")
    return Leaf(token), pos + 1


@cache
def asn1_shape(text: str) -> Asn1Shape:
    tokens = [match.group(1) for match in _TOKEN.finditer(text)]
    shape, pos = _parse(tokens, 0)
    if pos != len(tokens):
        raise ValueError(f"Trailing text in ASN.1 shape {text!r}")
    return shape


def _one(payload: tuple[Tlv, ...], use_case: str) -> Tlv:
    if len(payload) != 1:
        raise MalformedMessage(f"A {use_case} payload is one ASN.1 element, not {len(payload)}")
    return payload[0]


@dataclass(frozen=True)
class Asn1UseCase:
    name: str
    code: int
    command_shape: str
    response_shape: str
    alert_shape: str | None = None

    def command(self, values: dict[str, Any], context: Context) -> bytes:
        return asn1_shape(self.command_shape).build(values["command"]).encode()

    def response(self, values: dict[str, Any], context: Context, results=None) -> bytes:
        return asn1_shape(self.response_shape).build(values["response"]).encode()

    def alert(self, values: dict[str, Any], context: Context) -> bytes:
        return asn1_shape(self.alert_shape).build(values["alert"]).encode()

    def read_command(self, message) -> dict[str, Any]:
        return {"command": asn1_shape(self.command_shape).read(_one(message.payload, self.name))}

    def read_response(self, message) -> dict[str, Any]:
        return {"response": asn1_shape(self.response_shape).read(_one(message.payload, self.name))}

    def read_alert(self, message) -> dict[str, Any]:
        if self.alert_shape is None:
            raise MalformedMessage(f"{self.name} has no alert")
        return {"alert": asn1_shape(self.alert_shape).read(_one(message.payload, self.name))}


def decode_single(payload: bytes) -> Tlv:
    reader = Reader(payload)
    (tlv,) = decode_all(reader)
    return tlv
