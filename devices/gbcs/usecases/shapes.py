"""Shapes: a compact notation for the A-XDR values of one Use Case, read and built both ways.

A shape is written as text and parsed once::

    {value: u32, scaler_unit: {scaler: i8, unit: enum}}     a structure read as a dict
    [ {date: dt, value: u32} ]                               an array read as a list
    (u16, os)                                                a structure read as a list
    u16=1                                                    a constant (checked when read)

Leaves: ``null bool bits i8 i16 i32 i64 u8 u16 u32 u64 enum f32 f64 str utf8 os`` (the A-XDR types)
and the octet-string views ``dt`` (12-byte date-time as :class:`~..timestamps.DlmsDateTime`),
``obis`` (6 bytes as "a-b:c.d.e.f") and ``any`` (any value, kept as :class:`~..axdr.Data`).
Reading a value that does not have the shape raises :class:`~..errors.MalformedMessage`, so a
shape is also the Use Case's validation of what a device sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..axdr import BitString, Data, DataType
from ..errors import MalformedMessage
from ..timestamps import DlmsDateTime

LEAVES = {
    "null": DataType.NULL, "bool": DataType.BOOLEAN, "bits": DataType.BIT_STRING,
    "i8": DataType.INTEGER, "i16": DataType.LONG, "i32": DataType.DOUBLE_LONG, "i64": DataType.LONG64,
    "u8": DataType.UNSIGNED, "u16": DataType.LONG_UNSIGNED, "u32": DataType.DOUBLE_LONG_UNSIGNED,
    "u64": DataType.LONG64_UNSIGNED, "enum": DataType.ENUM, "f32": DataType.FLOAT32, "f64": DataType.FLOAT64,
    "str": DataType.VISIBLE_STRING, "utf8": DataType.UTF8_STRING, "os": DataType.OCTET_STRING,
    "dt": DataType.OCTET_STRING, "obis": DataType.OCTET_STRING,
}  # fmt: skip


def obis_text(raw: bytes) -> str:
    a, b, c, d, e, f = raw
    return f"{a}-{b}:{c}.{d}.{e}.{f}"


@cache
def obis_bytes(text: str) -> bytes:
    match = re.fullmatch(r"(\d+)-(\d+):(\d+)\.(\d+)\.(\d+)\.(\d+)", text)
    if not match:
        raise ValueError(f"Not an OBIS code: {text!r}")
    return bytes(int(part) for part in match.groups())


class Shape:
    constant = False  # True when every value of the shape is fixed (then views leave it out)

    def read(self, data: Data) -> Any:
        raise NotImplementedError

    def build(self, value: Any) -> Data:
        raise NotImplementedError


def _mismatch(expected: str, data: Data) -> MalformedMessage:
    return MalformedMessage(f"Expected {expected}, found {data.type.name.lower()}")


@dataclass(frozen=True)
class Leaf(Shape):
    name: str

    @property
    def constant(self) -> bool:
        return self.name == "null"

    def read(self, data: Data) -> Any:
        if self.name == "any":
            return data
        if data.type != LEAVES[self.name]:
            raise _mismatch(self.name, data)
        if self.name == "dt":
            return DlmsDateTime.decode(data.value)
        if self.name == "obis":
            if len(data.value) != 6:
                raise MalformedMessage("An OBIS code is 6 bytes")
            return obis_text(data.value)
        return data.value

    def build(self, value: Any) -> Data:
        if self.name == "any":
            return value
        kind = LEAVES[self.name]
        if self.name == "dt":
            return Data(kind, value.encode() if isinstance(value, DlmsDateTime) else bytes(value))
        if self.name == "obis":
            return Data(kind, obis_bytes(value) if isinstance(value, str) else bytes(value))
        if self.name == "null":
            return Data(kind)
        if self.name == "bits" and not isinstance(value, BitString):
            raise TypeError("A bit string value is a BitString")
        return Data(kind, value)


@dataclass(frozen=True)
class Const(Shape):
    data: Data
    constant = True

    def read(self, data: Data) -> Any:
        if data != self.data:
            raise MalformedMessage(f"Expected the constant {self.data.to_python()!r}, found {data.to_python()!r}")
        return self.data.to_python()

    def build(self, value: Any) -> Data:
        return self.data


@dataclass(frozen=True)
class Record(Shape):
    """A structure read as a dict of named fields (constants are checked, not returned).

    Fields named ``name?`` are optional trailing members: absent from the structure when their
    value is None (an ESME with a single element sends fewer registers than a twin element one).
    """

    fields: tuple[tuple[str, Shape], ...]

    @property
    def required(self) -> int:
        return sum(1 for name, _ in self.fields if not name.endswith("?"))

    def read(self, data: Data) -> dict:
        if data.type != DataType.STRUCTURE or not self.required <= len(data.value) <= len(self.fields):
            raise _mismatch(f"a structure of {len(self.fields)}", data)
        out = {}
        for (name, shape), item in zip(self.fields, data.value, strict=False):
            value = shape.read(item)
            if not shape.constant:
                out[name.rstrip("?")] = value
        return out

    def build(self, value: dict) -> Data:
        items = []
        for name, shape in self.fields:
            if name.endswith("?") and value.get(name[:-1]) is None:
                break
            items.append(shape.build(value.get(name.rstrip("?"))))
        return Data.structure(*items)


@dataclass(frozen=True)
class Tuple(Shape):
    items: tuple[Shape, ...]

    @property
    def constant(self) -> bool:
        return all(item.constant for item in self.items)

    def read(self, data: Data) -> list:
        if data.type != DataType.STRUCTURE or len(data.value) != len(self.items):
            raise _mismatch(f"a structure of {len(self.items)}", data)
        return [shape.read(item) for shape, item in zip(self.items, data.value, strict=True)]

    def build(self, value: list | None) -> Data:
        if value is None and self.constant:
            value = [None] * len(self.items)
        return Data.structure(*(shape.build(item) for shape, item in zip(self.items, value, strict=True)))


@dataclass(frozen=True)
class ArrayOf(Shape):
    item: Shape

    def read(self, data: Data) -> list:
        if data.type != DataType.ARRAY:
            raise _mismatch("an array", data)
        return [self.item.read(element) for element in data.value]

    def build(self, value: list) -> Data:
        return Data.array(self.item.build(element) for element in value)


_TOKEN = re.compile(r"\s*([{}\[\](),:]|=[^\s,}\])]*|[A-Za-z_][A-Za-z0-9_]*\??)")


def _tokens(text: str) -> list[str]:
    tokens, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match:
            raise ValueError(f"Bad shape at {text[pos:]!r}")
        tokens.append(match.group(1))
        pos = match.end()
    return tokens


def _constant(leaf: str, literal: str) -> Data:
    kind = LEAVES[leaf]
    if leaf == "null":
        return Data(kind)
    if leaf in ("os", "dt", "obis"):
        return Data(kind, obis_bytes(literal) if leaf == "obis" else bytes.fromhex(literal))
    if leaf == "bool":
        return Data(kind, literal == "true")
    return Data(kind, int(literal, 0))


def _parse(tokens: list[str], pos: int) -> tuple[Shape, int]:
    token = tokens[pos]
    if token == "{":
        fields, pos = [], pos + 1
        while tokens[pos] != "}":
            name = tokens[pos]
            if tokens[pos + 1] != ":":
                raise ValueError(f"Expected ':' after {name}")
            shape, pos = _parse(tokens, pos + 2)
            fields.append((name, shape))
            pos += tokens[pos] == ","
        return Record(tuple(fields)), pos + 1
    if token == "(":
        items, pos = [], pos + 1
        while tokens[pos] != ")":
            shape, pos = _parse(tokens, pos)
            items.append(shape)
            pos += tokens[pos] == ","
        return Tuple(tuple(items)), pos + 1
    if token == "[":
        item, pos = _parse(tokens, pos + 1)
        if tokens[pos] != "]":
            raise ValueError("Expected ']'")
        return ArrayOf(item), pos + 1
    if token not in LEAVES and token != "any":
        raise ValueError(f"Unknown shape leaf {token!r}")
    if pos + 1 < len(tokens) and tokens[pos + 1].startswith("="):
        return Const(_constant(token, tokens[pos + 1][1:])), pos + 2
    return Leaf(token), pos + 1


@cache
def shape(text: str) -> Shape:
    """Parse a shape (cached: shapes are declared once per Use Case)."""
    tokens = _tokens(text)
    parsed, pos = _parse(tokens, 0)
    if pos != len(tokens):
        raise ValueError(f"Trailing text in shape {text!r}")
    return parsed
