"""xDLMS APDUs as GBCS uses them: Access-Request, Access-Response and Data-Notification.

Access-Request (``D9``): long-invoke-id-and-priority (4 bytes), date-time (``00`` = absent, or
``0C`` + 12 bytes), the list of access-request-specifications (get ``1``, set ``2``, action ``3``,
get/set/action with selection ``4``/``5``/``6``), then the list of data, one per specification
(``00`` null for a get). Access-Response (``DA``): invoke id, date-time, an optional copy of the
request specifications (``00`` = absent), the list of data, then one result per specification
(the kind and a Data-Access-Result or Action-Result byte). Data-Notification (``0F``): invoke id,
date-time and one ``Data`` value (GBCS alerts: a structure of the alert code, a time stamp and
the Use Case's own content).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from .axdr import Data, decode_data, encode_data
from .errors import MalformedMessage
from .wire import Reader, encode_length

ACCESS_REQUEST = 0xD9
ACCESS_RESPONSE = 0xDA
DATA_NOTIFICATION = 0x0F


class AccessKind(IntEnum):
    GET = 1
    SET = 2
    ACTION = 3
    GET_WITH_SELECTION = 4
    SET_WITH_SELECTION = 5
    ACTION_WITH_SELECTION = 6


_SELECTIVE = {AccessKind.GET_WITH_SELECTION, AccessKind.SET_WITH_SELECTION, AccessKind.ACTION_WITH_SELECTION}
_METHODS = {AccessKind.ACTION, AccessKind.ACTION_WITH_SELECTION}

# Data-Access-Result / Action-Result values (DLMS Blue Book).
RESULTS = {
    0: "success",
    1: "hardware-fault",
    2: "temporary-failure",
    3: "read-write-denied",
    4: "object-undefined",
    9: "object-class-inconsistent",
    11: "object-unavailable",
    12: "type-unmatched",
    13: "scope-of-access-violated",
    14: "data-block-unavailable",
    15: "long-get-or-action-aborted",
    16: "no-long-get-or-action-in-progress",
    17: "long-set-aborted",
    18: "no-long-set-in-progress",
    19: "data-block-number-invalid",
    250: "other-reason",
}


@dataclass(frozen=True, slots=True)
class CosemReference:
    """A COSEM attribute (get/set) or method (action): class id, OBIS instance, member id."""

    class_id: int
    instance: bytes
    member: int

    @property
    def obis(self) -> str:
        a, b, c, d, e, f = self.instance
        return f"{a}-{b}:{c}.{d}.{e}.{f}"

    def encode(self) -> bytes:
        if len(self.instance) != 6:
            raise ValueError("An OBIS instance id is 6 bytes")
        return self.class_id.to_bytes(2, "big") + self.instance + bytes((self.member,))

    @classmethod
    def decode(cls, reader: Reader) -> CosemReference:
        return cls(reader.uint(2), reader.take(6), reader.u8())


@dataclass(frozen=True, slots=True)
class AccessSpec:
    """One access-request-specification."""

    kind: AccessKind
    target: CosemReference
    selector: int | None = None
    selection: Data | None = None

    def encode(self) -> bytes:
        out = bytes((self.kind,)) + self.target.encode()
        if self.kind in _SELECTIVE:
            out += bytes((self.selector or 0,)) + encode_data(self.selection or Data.null())
        return out

    @classmethod
    def decode(cls, reader: Reader) -> AccessSpec:
        start = reader.pos
        try:
            kind = AccessKind(reader.u8())
        except ValueError:
            raise MalformedMessage("Unknown access-request-specification", offset=start) from None
        target = CosemReference.decode(reader)
        if kind in _SELECTIVE:
            return cls(kind, target, reader.u8(), decode_data(reader))
        return cls(kind, target)

    @property
    def is_method(self) -> bool:
        return self.kind in _METHODS


@dataclass(frozen=True, slots=True)
class AccessResult:
    kind: AccessKind
    result: int

    @property
    def ok(self) -> bool:
        return self.result == 0

    @property
    def name(self) -> str:
        return RESULTS.get(self.result, f"result-{self.result}")


def _date_time(reader: Reader) -> bytes | None:
    size = reader.u8()
    if size not in (0, 12):
        raise MalformedMessage("An xDLMS date-time is absent or 12 bytes", offset=reader.pos - 1)
    return reader.take(12) if size else None


def _encode_date_time(date_time: bytes | None) -> bytes:
    return b"\x00" if date_time is None else b"\x0c" + date_time


def _list(reader: Reader, decode) -> tuple:
    return tuple(decode(reader) for _ in range(reader.length()))


@dataclass(frozen=True, slots=True)
class AccessRequest:
    invoke_id: int
    specs: tuple[AccessSpec, ...]
    data: tuple[Data, ...]
    date_time: bytes | None = None

    def encode(self) -> bytes:
        if len(self.specs) != len(self.data):
            raise ValueError("An Access-Request carries one data item per specification")
        return b"".join(
            (
                bytes((ACCESS_REQUEST,)),
                self.invoke_id.to_bytes(4, "big"),
                _encode_date_time(self.date_time),
                encode_length(len(self.specs)),
                *(spec.encode() for spec in self.specs),
                encode_length(len(self.data)),
                *(encode_data(item) for item in self.data),
            )
        )

    @classmethod
    def decode(cls, reader: Reader) -> AccessRequest:
        if reader.u8() != ACCESS_REQUEST:
            raise MalformedMessage("An Access-Request starts with 0xD9", offset=reader.pos - 1)
        invoke_id = reader.uint(4)
        date_time = _date_time(reader)
        specs = _list(reader, AccessSpec.decode)
        data = _list(reader, decode_data)
        if len(specs) != len(data):
            raise MalformedMessage("An Access-Request needs one data item per specification", offset=reader.pos)
        return cls(invoke_id, specs, data, date_time)


@dataclass(frozen=True, slots=True)
class AccessResponse:
    invoke_id: int
    data: tuple[Data, ...]
    results: tuple[AccessResult, ...]
    date_time: bytes | None = None
    request_specs: tuple[AccessSpec, ...] | None = None

    def encode(self) -> bytes:
        specs = b"\x00"
        if self.request_specs is not None:
            specs = b"\x01" + encode_length(len(self.request_specs)) + b"".join(s.encode() for s in self.request_specs)
        return b"".join(
            (
                bytes((ACCESS_RESPONSE,)),
                self.invoke_id.to_bytes(4, "big"),
                _encode_date_time(self.date_time),
                specs,
                encode_length(len(self.data)),
                *(encode_data(item) for item in self.data),
                encode_length(len(self.results)),
                *(bytes((r.kind, r.result)) for r in self.results),
            )
        )

    @classmethod
    def decode(cls, reader: Reader) -> AccessResponse:
        if reader.u8() != ACCESS_RESPONSE:
            raise MalformedMessage("An Access-Response starts with 0xDA", offset=reader.pos - 1)
        invoke_id = reader.uint(4)
        date_time = _date_time(reader)
        request_specs = _list(reader, AccessSpec.decode) if reader.u8() else None
        data = _list(reader, decode_data)
        results = _list(reader, _decode_result)
        return cls(invoke_id, data, results, date_time, request_specs)

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)


def _decode_result(reader: Reader) -> AccessResult:
    start = reader.pos
    try:
        kind = AccessKind(reader.u8())
    except ValueError:
        raise MalformedMessage("Unknown access-response-specification", offset=start) from None
    if kind in _SELECTIVE:
        raise MalformedMessage("A response specification is get, set or action", offset=start)
    return AccessResult(kind, reader.u8())


@dataclass(frozen=True, slots=True)
class DataNotification:
    invoke_id: int
    body: Data
    date_time: bytes | None = None

    def encode(self) -> bytes:
        return (
            bytes((DATA_NOTIFICATION,))
            + self.invoke_id.to_bytes(4, "big")
            + _encode_date_time(self.date_time)
            + encode_data(self.body)
        )

    @classmethod
    def decode(cls, reader: Reader) -> DataNotification:
        if reader.u8() != DATA_NOTIFICATION:
            raise MalformedMessage("A Data-Notification starts with 0x0F", offset=reader.pos - 1)
        invoke_id = reader.uint(4)
        date_time = _date_time(reader)
        return cls(invoke_id, decode_data(reader), date_time)
