"""General-block transfer (GBT): a long GBCS message split into blocks, and joined again.

Each block is a DLMS general-block-transfer APDU: tag ``E0``, block-control (bit 7: last block;
bit 6: streaming, unused here; bits 0-5: window, 1), the block number (2 bytes, from 1), the
block number acknowledged (2 bytes, 0 when sending) and the block data with its length. The
block size is the caller's (the SM WAN's maximum, a setting of the pipeline).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import LengthMismatch, MalformedMessage
from .wire import Reader, encode_length

GENERAL_BLOCK_TRANSFER = 0xE0
LAST_BLOCK = 0x80
WINDOW = 0x01


@dataclass(frozen=True, slots=True)
class Block:
    number: int
    last: bool
    data: bytes
    acknowledged: int = 0
    control: int = WINDOW

    def encode(self) -> bytes:
        control = (self.control & 0x7F) | (LAST_BLOCK if self.last else 0)
        return (
            bytes((GENERAL_BLOCK_TRANSFER, control))
            + self.number.to_bytes(2, "big")
            + self.acknowledged.to_bytes(2, "big")
            + encode_length(len(self.data))
            + self.data
        )

    @classmethod
    def decode(cls, raw: bytes) -> Block:
        reader = Reader(raw)
        if reader.u8() != GENERAL_BLOCK_TRANSFER:
            raise MalformedMessage("A general-block-transfer APDU starts with 0xE0", offset=0)
        control = reader.u8()
        number, acknowledged = reader.uint(2), reader.uint(2)
        data = reader.take(reader.length())
        reader.expect_end("general-block-transfer APDU")
        return cls(number, bool(control & LAST_BLOCK), data, acknowledged, control & 0x7F)


def split_blocks(message: bytes, *, block_size: int) -> list[bytes]:
    """``message`` as GBT blocks of at most ``block_size`` data bytes each."""
    if block_size < 1:
        raise ValueError("A block holds at least one byte")
    chunks = [message[start : start + block_size] for start in range(0, len(message), block_size)] or [b""]
    if len(chunks) > 0xFFFF:
        raise ValueError("A message needs more than 65,535 blocks")
    return [Block(n, n == len(chunks), chunk).encode() for n, chunk in enumerate(chunks, start=1)]


def join_blocks(blocks: Iterable[bytes]) -> bytes:
    """The message from its blocks; refuses gaps, repeats, reordering and a missing last block."""
    data: list[bytes] = []
    finished = False
    for raw in blocks:
        block = Block.decode(raw)
        if finished:
            raise LengthMismatch(f"Block {block.number} arrived after the last block")
        if block.number != len(data) + 1:
            raise LengthMismatch(f"Block {block.number} arrived where block {len(data) + 1} was expected")
        data.append(block.data)
        finished = block.last
    if not finished:
        raise LengthMismatch("The last block is missing")
    return b"".join(data)
