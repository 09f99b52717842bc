"""GBCS message codes: which Use Case a grouping header's message code names.

``data/message_codes.json`` is our table, one entry per code: the Use Case (or, for alerts GBCS
defines outside Use Cases, a short label such as ``FD-DLMS``), the RTDS variant names, the title,
the Service Reference Variants, the message kinds seen, the payload encoding, whether RTDS signs
its commands (Critical) and whether it is a HAN-only message between two devices. It was derived
from the grouping headers of DCC's RTDS 4.5.0 messages and the SRV -> Use Case mapping of DCC's
DUIS templates; ``tests/devices/gbcs/test_message_codes.py`` checks it against every RTDS file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import UnknownMessageCode

TABLE = Path(__file__).with_name("data") / "message_codes.json"


@dataclass(frozen=True, slots=True)
class MessageCode:
    code: int | None
    use_case: str
    variant: str
    title: str | None
    srvs: tuple[str, ...]
    messages: tuple[str, ...]
    payload: tuple[str, ...]
    critical: bool | None
    message_type: str | None
    han_only: bool = False

    @property
    def name(self) -> str:
        return f"{self.use_case} {self.title}" if self.title else self.use_case


@cache
def _load() -> tuple[dict[int, MessageCode], dict[str, list[MessageCode]]]:
    by_code: dict[int, MessageCode] = {}
    by_use_case: dict[str, list[MessageCode]] = {}
    for row in json.loads(TABLE.read_text()):
        entry = MessageCode(
            code=None if row["code"] is None else int(row["code"], 16),
            use_case=row["use_case"],
            variant=row["variant"],
            title=row["title"],
            srvs=tuple(row["srvs"]),
            messages=tuple(row["messages"]),
            payload=tuple(row["payload"]),
            critical=row["critical"],
            message_type=row["message_type"],
            han_only=row["han_only"],
        )
        if entry.code is not None:
            by_code[entry.code] = entry
        by_use_case.setdefault(entry.use_case, []).append(entry)
    return by_code, by_use_case


def message_code(code: int) -> MessageCode:
    """The table entry of ``code``; :class:`UnknownMessageCode` (0x8F1E / E13) when GBCS has none."""
    try:
        return _load()[0][code]
    except KeyError:
        raise UnknownMessageCode(f"Unknown GBCS message code 0x{code:04X}") from None


def codes_for(use_case: str) -> list[MessageCode]:
    """Every entry of a Use Case (CS02b has one per credential variant)."""
    return [entry for entry in _load()[1].get(use_case, []) if entry.code is not None]


def all_codes() -> list[MessageCode]:
    return sorted(_load()[0].values(), key=lambda entry: entry.code)


def uncoded_use_cases() -> list[MessageCode]:
    """Use Cases of the SRV mapping for which no message code is known to us."""
    return [entry for entries in _load()[1].values() for entry in entries if entry.code is None]
