"""Gas (GSME / GPF) Use Cases carried as GBZ: the ZCL commands each may carry (GBCS section 10).

Each entry: the Use Case, its message code, the (cluster, frame control, command) steps of its
command and of its response. Frame controls: 0x00 Read Attributes / Default Response (profile-wide),
0x01 cluster command to the server, 0x09 cluster command to the client (the Remote Party publishes
through the GPF), 0x08 / 0x18 / 0x19 / 0x09 responses (0x10 = no default response).
"""

from __future__ import annotations

from ..zcl_clusters import BASIC, CALENDAR, DEVICE_MANAGEMENT, EVENTS, MESSAGING, METERING, PREPAYMENT, PRICE
from . import register
from .gbz_engine import GbzUseCase


def steps(*triples: tuple[int, int, int]) -> frozenset[tuple[int, int, int]]:
    return frozenset(triples)


def default(*clusters: int, frame_control: int = 0x08) -> tuple[tuple[int, int, int], ...]:
    """ZCL Default Response from each cluster (0x0B), the answer to a command without its own response."""
    return tuple((cluster, frame_control, 0x0B) for cluster in clusters)


def read(*clusters: int) -> tuple[tuple[int, int, int], ...]:
    return tuple((cluster, 0x00, 0x00) for cluster in clusters)


def read_response(*clusters: int, frame_control: int = 0x08) -> tuple[tuple[int, int, int], ...]:
    return tuple((cluster, frame_control, 0x01) for cluster in clusters)


PUBLISH_CALENDAR = tuple((CALENDAR, 0x09, command) for command in range(5))
GET_CALENDAR = tuple((CALENDAR, 0x01, command) for command in range(1, 5))
PUBLISHED_CALENDAR = tuple((CALENDAR, 0x19, command) for command in range(1, 5))


def gas(name: str, code: int, command, response) -> GbzUseCase:
    return GbzUseCase(name, code, steps(*command), steps(*response))


register(
    # 1.x tariffs and payment mode
    gas("GCS01a", 0x006B, [(PRICE, 0x09, 4), (PRICE, 0x09, 5), (PRICE, 0x09, 6), *PUBLISH_CALENDAR],
        default(PRICE, CALENDAR, frame_control=0x00)),
    gas("GCS01b", 0x00A3, [(PRICE, 0x09, 4), (PRICE, 0x09, 5)], default(PRICE, frame_control=0x00)),
    gas("GCS02", 0x006C, [(PREPAYMENT, 0x01, 6)], [*default(PREPAYMENT), (PREPAYMENT, 0x19, 2)]),
    gas("GCS03", 0x006D, [(PREPAYMENT, 0x01, 6)], [*default(PREPAYMENT), (PREPAYMENT, 0x19, 2)]),
    gas("GCS40a", 0x0086, [(PREPAYMENT, 0x01, 5)], default(PREPAYMENT)),
    gas("GCS40b", 0x00B4, [(PREPAYMENT, 0x01, 5)], default(PREPAYMENT)),
    gas("GCS40c", 0x00C0, [(PREPAYMENT, 0x01, 5)], default(PREPAYMENT)),
    gas("GCS40d", 0x00C2, [(PREPAYMENT, 0x01, 5)], default(PREPAYMENT)),
    # 2.x prepayment
    gas("GCS05", 0x006F, [(PREPAYMENT, 0x01, c) for c in (3, 9, 11, 12)] + list(PUBLISH_CALENDAR),
        [*default(PREPAYMENT), *default(CALENDAR, frame_control=0x00)]),
    gas("CS01b", 0x0097, [(PREPAYMENT, 0x01, 4)], [(PREPAYMENT, 0x09, 3)]),
    gas("GCS04", 0x006E, [(PREPAYMENT, 0x01, 2)], default(PREPAYMENT)),
    gas("GCS06", 0x0070, [(PREPAYMENT, 0x01, 0)], default(PREPAYMENT)),
    # 3.x messages, tenancy, contact details, logs
    gas("GCS07", 0x0071, [(MESSAGING, 0x09, 0)], default(MESSAGING, frame_control=0x00)),
    gas("GCS09", 0x0072, [(DEVICE_MANAGEMENT, 0x09, 0)], default(DEVICE_MANAGEMENT, frame_control=0x00)),
    gas("GCS11", 0x0073, [(DEVICE_MANAGEMENT, 0x09, 2)], default(DEVICE_MANAGEMENT, frame_control=0x00)),
    gas("GCS44", 0x0088, [(DEVICE_MANAGEMENT, 0x09, 1)], default(DEVICE_MANAGEMENT, frame_control=0x00)),
    gas("CS11", 0x0015, [(EVENTS, 0x01, 1)], [(EVENTS, 0x09, 2)]),
    # 4.x reads
    gas("GCS13a", 0x0074, read(METERING), read_response(METERING, frame_control=0x18)),
    gas("GCS13b", 0x00B8, read(METERING), read_response(METERING, frame_control=0x18)),
    gas("GCS13c", 0x00B6, read(METERING), read_response(METERING, frame_control=0x18)),
    gas("GCS14", 0x0075, read(PRICE, PREPAYMENT), [*read_response(PRICE, PREPAYMENT), *default(PREPAYMENT)]),
    gas("GCS15b", 0x00C3, [(METERING, 0x01, 6), (PREPAYMENT, 0x01, 7)],
        [*default(METERING, PREPAYMENT), (METERING, 0x19, 6), (PREPAYMENT, 0x19, 1)]),
    gas("GCS15c", 0x0076, [(METERING, 0x01, 6), (PREPAYMENT, 0x01, 7)],
        [*default(METERING, PREPAYMENT), (METERING, 0x19, 6), (PREPAYMENT, 0x19, 1)]),
    gas("GCS15d", 0x00C4, [(PREPAYMENT, 0x01, 10)], [*default(PREPAYMENT), (PREPAYMENT, 0x19, 6)]),
    gas("GCS15e", 0x00C5, [(PREPAYMENT, 0x01, 8)], [*default(PREPAYMENT), (PREPAYMENT, 0x19, 5)]),
    gas("GCS16a", 0x0077, [(METERING, 0x01, 6)], [*default(METERING), (METERING, 0x19, 6)]),
    gas("GCS16b", 0x0096, [(PREPAYMENT, 0x01, 7)], [*default(PREPAYMENT), (PREPAYMENT, 0x19, 1)]),
    gas("GCS17", 0x0078, [(METERING, 0x01, 8)], [*default(METERING), (METERING, 0x19, 7)]),
    gas("GCS18", 0x0079, [(METERING, 0x01, 8)], [*default(METERING), (METERING, 0x09, 7)]),
    gas("GCS21b", 0x00B5, [*read(PRICE, PREPAYMENT), *GET_CALENDAR],
        [*read_response(PRICE, PREPAYMENT), *default(CALENDAR), *PUBLISHED_CALENDAR]),
    gas("GCS21f", 0x009F, [*read(PRICE), (PRICE, 0x01, 0), *GET_CALENDAR],
        [*default(PRICE, CALENDAR), *read_response(PRICE, frame_control=0x18), (PRICE, 0x19, 0),
         *PUBLISHED_CALENDAR]),
    gas("GCS60", 0x008D, read(METERING, PREPAYMENT), [*read_response(METERING, PREPAYMENT), *default(PREPAYMENT)]),
    gas("GCS60a", 0x012A, read(METERING, PREPAYMENT), [*read_response(METERING, PREPAYMENT), *default(PREPAYMENT)]),
    gas("GCS61", 0x00A0, [(METERING, 0x01, 8)], [*default(METERING), (METERING, 0x19, 7)]),
    # 6.x configuration
    gas("GCS20", 0x00AD, [(DEVICE_MANAGEMENT, 0x09, 4)], default(DEVICE_MANAGEMENT, frame_control=0x00)),
    gas("GCS20r", 0x00F1, [(DEVICE_MANAGEMENT, 0x09, 5)], [(DEVICE_MANAGEMENT, 0x01, 4), *default(DEVICE_MANAGEMENT)]),
    gas("GCS21a", 0x007B, read(PRICE, METERING), read_response(PRICE, METERING)),
    gas("GCS21d", 0x009D, [(PRICE, 0x01, 11)], [*default(PRICE), (PRICE, 0x09, 9)]),
    gas("GCS21k", 0x00DA, [(PRICE, 0x01, 11)], [*default(PRICE), (PRICE, 0x09, 9)]),
    gas("GCS21e", 0x009E, read(BASIC, METERING), [*read_response(BASIC, METERING), *default(METERING)]),
    gas("GCS21m", 0x00FB, read(BASIC, METERING), [*read_response(BASIC, METERING), *default(METERING)]),
    gas("GCS21j", 0x00BF, read(PREPAYMENT), read_response(PREPAYMENT)),
    gas("GCS23", 0x007C, [(PRICE, 0x09, 2), (PRICE, 0x09, 3)], default(PRICE, frame_control=0x00)),
    gas("GCS24", 0x007D, [(METERING, 0x01, 13), (METERING, 0x01, 14)], default(METERING)),
    gas("GCS24a", 0x00FC, [(METERING, 0x01, 13), (METERING, 0x01, 14)], default(METERING)),
    gas("GCS25", 0x007E, [(PRICE, 0x09, 1), (PRICE, 0x09, 9)], default(PRICE, frame_control=0x00)),
    gas("GCS25a", 0x00D8, [(PRICE, 0x09, 1), (PRICE, 0x09, 9)], default(PRICE, frame_control=0x00)),
    gas("GCS41", 0x0087, [(DEVICE_MANAGEMENT, 0x09, 3)], default(DEVICE_MANAGEMENT, frame_control=0x00)),
    gas("GCS46", 0x0089, read(METERING), read_response(METERING)),
    gas("CS10a", 0x0014, [(EVENTS, 0x01, 0)], [*default(EVENTS), (EVENTS, 0x19, 1)]),
    gas("CS10b", 0x00A1, [(EVENTS, 0x01, 0)], [*default(EVENTS), (EVENTS, 0x19, 1)]),
    # 7.x supply (valve), 9.1 CIN, 11.2 firmware version, 14.1 network data log
    gas("GCS32", 0x0081, [(METERING, 0x01, 11)], [*default(METERING), (METERING, 0x09, 12)]),
    gas("GCS33", 0x0082, read(METERING), read_response(METERING)),
    gas("GCS39", 0x0085, [(METERING, 0x01, 11)], [*default(METERING), (METERING, 0x09, 12)]),
    gas("GCS36", 0x0083, [(DEVICE_MANAGEMENT, 0x09, 6)], default(DEVICE_MANAGEMENT, frame_control=0x00)),
    gas("GCS38", 0x0084, read(METERING), read_response(METERING)),
    gas("GCS31", 0x0080, [(METERING, 0x01, 7)], [(METERING, 0x09, 13)]),
)  # fmt: skip
