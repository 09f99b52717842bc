"""GBCS date-times: the 12-byte DLMS date-time and ZigBee's seconds since 2000.

DLMS (COSEM ``date-time``): year (2 bytes, 0xFFFF = any), month, day of month, day of week,
hour, minute, second, hundredths (0xFF = any), deviation (2 bytes, signed minutes, 0x8000 = not
specified) and clock status (0xFF = not specified). GBCS carries every time in UTC, so deviation
is normally 0x8000 and the value reads as UTC. Special fields (wildcards, "last day of month")
are kept as numbers, so every value re-encodes to the same bytes.

ZigBee (ZCL ``UTCTime``): unsigned 32-bit seconds since 2000-01-01 00:00:00 UTC; 0 and 0xFFFFFFFF
mean "now" / "not set" depending on the command. ZCL ``Date``: year - 1900, month, day, day of week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .errors import MalformedMessage

ZIGBEE_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
DEVIATION_UNSPECIFIED = -0x8000
ANY = 0xFF


@dataclass(frozen=True, slots=True)
class DlmsDateTime:
    """A COSEM date-time as its twelve fields."""

    year: int
    month: int
    day: int
    day_of_week: int = ANY
    hour: int = 0
    minute: int = 0
    second: int = 0
    hundredths: int = 0
    deviation: int = DEVIATION_UNSPECIFIED
    clock_status: int = ANY

    @classmethod
    def decode(cls, raw: bytes) -> DlmsDateTime:
        if len(raw) != 12:
            raise MalformedMessage(f"A date-time has 12 bytes, not {len(raw)}")
        return cls(
            year=int.from_bytes(raw[0:2], "big"),
            month=raw[2],
            day=raw[3],
            day_of_week=raw[4],
            hour=raw[5],
            minute=raw[6],
            second=raw[7],
            hundredths=raw[8],
            deviation=int.from_bytes(raw[9:11], "big", signed=True),
            clock_status=raw[11],
        )

    def encode(self) -> bytes:
        return (
            self.year.to_bytes(2, "big")
            + bytes((self.month, self.day, self.day_of_week, self.hour, self.minute, self.second, self.hundredths))
            + self.deviation.to_bytes(2, "big", signed=True)
            + bytes((self.clock_status,))
        )

    @classmethod
    def from_datetime(cls, moment: datetime, *, day_of_week: bool = False, clock_status: int = ANY) -> DlmsDateTime:
        """An aware datetime as a UTC date-time (deviation not specified, as GBCS sends them)."""
        if moment.tzinfo is None:
            raise ValueError("GBCS date-times are built from aware datetimes")
        utc = moment.astimezone(UTC)
        return cls(
            year=utc.year,
            month=utc.month,
            day=utc.day,
            day_of_week=utc.isoweekday() if day_of_week else ANY,
            hour=utc.hour,
            minute=utc.minute,
            second=utc.second,
            hundredths=utc.microsecond // 10000,
            clock_status=clock_status,
        )

    @property
    def is_now(self) -> bool:
        """All-zero date and time: GBCS's "execute now" activation date-time."""
        return self.encode()[:9] == bytes(9)

    @property
    def is_never(self) -> bool:
        """All-0xFF date and time: GBCS's "never" activation date-time."""
        return self.encode()[:9] == b"\xff" * 9

    def to_datetime(self) -> datetime | None:
        """The UTC instant, or None when a field is a wildcard or out of range."""
        if self.year == 0xFFFF or ANY in (self.month, self.day, self.hour, self.minute, self.second):
            return None
        try:
            moment = datetime(
                self.year,
                self.month,
                self.day,
                self.hour,
                self.minute,
                self.second,
                (0 if self.hundredths == ANY else self.hundredths) * 10000,
                tzinfo=UTC,
            )
        except ValueError:
            return None
        if self.deviation != DEVIATION_UNSPECIFIED:
            moment += timedelta(minutes=self.deviation)
        return moment

    def describe(self) -> str:
        if self.is_now:
            return "now"
        if self.is_never:
            return "never"
        moment = self.to_datetime()
        if moment is not None:
            return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        return self.encode().hex()


def zigbee_time(moment: datetime | None) -> int:
    """Seconds since 2000-01-01 UTC (ZCL UTCTime); None encodes as 0."""
    if moment is None:
        return 0
    if moment.tzinfo is None:
        raise ValueError("ZigBee times are built from aware datetimes")
    return int((moment - ZIGBEE_EPOCH).total_seconds())


def from_zigbee_time(value: int) -> datetime | None:
    """The instant of a ZCL UTCTime; None for 0 and 0xFFFFFFFF (now / not set)."""
    if value in (0, 0xFFFFFFFF):
        return None
    return ZIGBEE_EPOCH + timedelta(seconds=value)
