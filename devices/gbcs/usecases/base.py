"""What every encoded Use Case provides, and the context its payload builders get.

A Use Case builds and reads payloads only; the grouping header, signature and MAC are added by
:mod:`..builder`. Views are plain dicts: numbers, bytes, strings, lists and
:class:`~..timestamps.DlmsDateTime`; :func:`jsonable` turns one into JSON-ready values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ..axdr import BitString, Data
from ..frame import GroupingHeader
from ..timestamps import DlmsDateTime
from ..zcl import AttributeValue


@dataclass(frozen=True, slots=True)
class Context:
    """What a payload builder may need beyond its values: the header and the content key."""

    header: GroupingHeader
    content_key: Callable[[], bytes] | None = None  # the encryption key of this message, on demand


class UseCase(Protocol):
    name: str
    code: int

    def command(self, values: dict[str, Any], context: Context) -> bytes: ...
    def read_command(self, message) -> dict[str, Any]: ...
    def response(self, values: dict[str, Any], context: Context, results: dict[str, int] | None) -> bytes: ...
    def read_response(self, message) -> dict[str, Any]: ...


def jsonable(value: Any) -> Any:
    """A view with bytes as hex, date-times described, typed values unwrapped."""
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, DlmsDateTime):
        return value.describe()
    if isinstance(value, Data | AttributeValue):
        return value.to_python()
    if isinstance(value, BitString):
        return str(value)
    return value
