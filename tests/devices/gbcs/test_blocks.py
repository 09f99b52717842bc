"""General-block transfer: long messages split into numbered blocks and joined back."""

import pytest

from devices.gbcs import LengthMismatch, MalformedMessage, join_blocks, split_blocks
from devices.gbcs.blocks import Block


def test_a_long_message_splits_into_numbered_blocks_and_joins_back():
    message = bytes(range(256)) * 12  # 3,072 bytes
    blocks = split_blocks(message, block_size=500)
    assert len(blocks) == 7
    decoded = [Block.decode(raw) for raw in blocks]
    assert [block.number for block in decoded] == [1, 2, 3, 4, 5, 6, 7]
    assert [block.last for block in decoded] == [False] * 6 + [True]
    assert blocks[0][:6] == bytes.fromhex("E001 0001 0000")
    assert blocks[-1][:2] == bytes.fromhex("E081")
    assert join_blocks(blocks) == message


def test_a_short_message_is_one_last_block():
    (only,) = split_blocks(b"\xdd\x00", block_size=500)
    assert only == bytes.fromhex("E0 81 0001 0000 02 DD00")
    assert join_blocks([only]) == b"\xdd\x00"


@pytest.mark.parametrize(
    ("order", "message"),
    [([0, 2, 3], "Block 3 arrived where block 2"), ([0, 1], "last block is missing"), ([0, 0, 1, 2, 3], "Block 1")],
)
def test_gaps_repeats_and_missing_last_blocks_are_refused(order, message):
    blocks = split_blocks(bytes(40), block_size=10)
    with pytest.raises(LengthMismatch, match=message):
        join_blocks([blocks[i] for i in order])


def test_a_block_after_the_last_is_refused():
    first = split_blocks(bytes(5), block_size=10)[0]
    with pytest.raises(LengthMismatch, match="after the last block"):
        join_blocks([first, Block(2, True, b"x").encode()])


def test_a_block_that_is_not_general_block_transfer_is_refused():
    with pytest.raises(MalformedMessage, match="0xE0"):
        join_blocks([b"\xdd\x81\x00\x01\x00\x00\x00"])
    with pytest.raises(ValueError, match="at least one byte"):
        split_blocks(b"x", block_size=0)
