"""Byte-level reading and the length forms GBCS shares with DLMS and DER.

:class:`Reader` walks a byte string and raises :class:`~.errors.TruncatedMessage` instead of
IndexError, so that every decoder reports where a message ended early.
"""

from __future__ import annotations

from .errors import LengthMismatch, MalformedMessage, TruncatedMessage


class Reader:
    """A cursor over ``data[start:end]`` that refuses to read past ``end``."""

    __slots__ = ("data", "end", "pos")

    def __init__(self, data: bytes, start: int = 0, end: int | None = None) -> None:
        self.data = data
        self.pos = start
        self.end = len(data) if end is None else end

    @property
    def remaining(self) -> int:
        return self.end - self.pos

    def at_end(self) -> bool:
        return self.pos >= self.end

    def peek(self) -> int:
        if self.pos >= self.end:
            raise TruncatedMessage("The message ends where a field was expected", offset=self.pos)
        return self.data[self.pos]

    def u8(self) -> int:
        value = self.peek()
        self.pos += 1
        return value

    def take(self, count: int) -> bytes:
        if count < 0 or self.pos + count > self.end:
            raise TruncatedMessage(f"{count} bytes announced, {self.remaining} left", offset=self.pos)
        chunk = self.data[self.pos : self.pos + count]
        self.pos += count
        return chunk

    def uint(self, size: int, *, little: bool = False) -> int:
        return int.from_bytes(self.take(size), "little" if little else "big")

    def sint(self, size: int, *, little: bool = False) -> int:
        return int.from_bytes(self.take(size), "little" if little else "big", signed=True)

    def length(self) -> int:
        """A short (``0x00``-``0x7F``) or long (``0x81 xx``, ``0x82 xx xx``...) form length."""
        first = self.u8()
        if first < 0x80:
            return first
        size = first & 0x7F
        if size == 0 or size > 4:
            raise MalformedMessage(f"Unsupported length form 0x{first:02X}", offset=self.pos - 1)
        return self.uint(size)

    def sub(self, count: int) -> Reader:
        """A reader over the next ``count`` bytes; this reader moves past them."""
        if count < 0 or self.pos + count > self.end:
            raise TruncatedMessage(f"{count} bytes announced, {self.remaining} left", offset=self.pos)
        inner = Reader(self.data, self.pos, self.pos + count)
        self.pos += count
        return inner

    def expect_end(self, what: str) -> None:
        if self.pos != self.end:
            raise LengthMismatch(f"{self.end - self.pos} unexpected bytes after the {what}", offset=self.pos)


def encode_length(value: int) -> bytes:
    """The shortest length form: one byte below 128, else ``0x81``/``0x82``/... and big-endian bytes."""
    if value < 0:
        raise ValueError("A length cannot be negative")
    if value < 0x80:
        return bytes((value,))
    body = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return bytes((0x80 | len(body),)) + body
