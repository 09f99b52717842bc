"""ESME and Communications Hub messages, supply, install and commission, CIN and firmware Use Cases
(SRVs 3.x, 7.x, 8.x, 9.x, 11.x) carried as DLMS COSEM.

One declaration per Use Case: the COSEM attributes it sets or gets and the methods it invokes,
in GBCS's order, with the shape of each value (see :mod:`.shapes`). Operation names are the
COSEM object (its GBCS name where we give one, else its OBIS code) and the attribute or method.
Operations RTDS shows only in some variants of a Use Case are optional.
"""

from __future__ import annotations

from . import register
from .dlms_engine import DlmsUseCase, action, get, get_range, set_


def dlms(name: str, code: int, ops: tuple) -> DlmsUseCase:
    return DlmsUseCase(name, code, ops)


register(
    # CCS01
    dlms(
        "CCS01",
        0x0001,
        (
            action("chf_device_log/register_device", 104, "0-0:30.3.0.255", 1, "(os, enum, os, enum)"),
            set_("chf_device_log/join_timeout", 104, "0-0:30.3.0.255", 3, "u16"),
            set_("chf_device_log/enable_disable_joining", 104, "0-0:30.3.0.255", 2, "bool"),
        ),
    ),
    # CCS02
    dlms("CCS02", 0x0002, (action("chf_device_log/unregister_device", 104, "0-0:30.3.0.255", 2, "os"),)),
    # CCS03
    dlms("CCS03", 0x0003, (action("chf_device_log/restore_pan", 104, "0-0:30.3.0.255", 5, "(os, [(os, os)])"),)),
    # CCS05CCS04
    dlms(
        "CCS05CCS04",
        0x0004,
        (
            get(
                "chf_device_log/active_devices",
                104,
                "0-0:30.3.0.255",
                4,
                "[(os, bits, i8, i8, i8, u8, u8, u8, dt, u8, u8, u8, u8, u8)]",
            ),
        ),
    ),
    # ECS10
    dlms("ECS10", 0x0021, (set_("supplier_message/value", 1, "0-2:96.13.1.255", 2, "os"),)),
    # ECS12
    dlms("ECS12", 0x0022, (set_("restrict_data_date_time/value", 1, "0-0:94.44.3.2", 2, "dt"),)),
    # ECS14
    dlms("ECS14", 0x0023, (set_("disable_privacy_pin_protection/value", 1, "0-0:94.44.3.1", 2, "os"),)),
    # ECS15a
    dlms("ECS15a", 0x0024, (action("event_log/reset", 7, "0-0:99.98.0.255", 1, "i8"),)),
    # ECS16
    dlms(
        "ECS16",
        0x0025,
        (
            set_("supplier_telephone_number/value_active", 9000, "0-0:96.13.0.255", 2, "os"),
            set_("supplier_name/value_active", 9000, "0-0:96.13.1.255", 2, "os"),
        ),
    ),
    # ECS38
    dlms("ECS38", 0x004B, (set_("0-0:94.44.0.1/value", 1, "0-0:94.44.0.1", 2, "u16"),)),
    # ECS42
    dlms("ECS42", 0x004F, (action("0-0:10.0.106.255/execute", 9, "0-0:10.0.106.255", 1, "u16"),)),
    # ECS43
    dlms("ECS43", 0x0050, (action("0-0:10.0.106.255/execute", 9, "0-0:10.0.106.255", 1, "u16"),)),
    # ECS44
    dlms("ECS44", 0x0051, (action("0-0:10.0.106.255/execute", 9, "0-0:10.0.106.255", 1, "u16"),)),
    # ECS45
    dlms("ECS45", 0x0052, (get("supply/control_state", 70, "0-0:96.3.10.255", 3, "enum"),)),
    # ECS47
    dlms(
        "ECS47",
        0x0055,
        (
            set_("0-0:94.44.119.2/value", 1, "0-0:94.44.119.2", 2, "u16", optional=True),
            set_("0-0:94.44.117.1/value", 1, "0-0:94.44.117.1", 2, "u16", optional=True),
            action("0-0:10.0.103.255/execute", 9, "0-0:10.0.103.255", 1, "u16"),
        ),
    ),
    # ECS50
    dlms("ECS50", 0x0058, (set_("0-3:96.13.1.255/value", 1, "0-3:96.13.1.255", 2, "os"),)),
    # ECS52
    dlms("ECS52", 0x0059, (get("0-0:0.2.1.255/value", 1, "0-0:0.2.1.255", 2, "os"),)),
    # ECS61c
    dlms(
        "ECS61c",
        0x005E,
        (
            get("0-0:94.44.7.255/value", 1, "0-0:94.44.7.255", 2, "bool"),
            get_range("0-0:99.98.20.255/buffer", 7, "0-0:99.98.20.255", 2),
            get("0-0:94.44.6.1/value", 1, "0-0:94.44.6.1", 2, "bool"),
            get("0-0:94.44.6.2/value", 1, "0-0:94.44.6.2", 2, "bool"),
            get("0-0:94.44.6.3/value", 1, "0-0:94.44.6.3", 2, "bool"),
            get("0-0:94.44.6.4/value", 1, "0-0:94.44.6.4", 2, "bool"),
            get("0-0:94.44.6.5/value", 1, "0-0:94.44.6.5", 2, "bool"),
        ),
    ),
    # ECS62
    dlms(
        "ECS62",
        0x005F,
        (
            set_("0-0:94.44.6.1/value", 1, "0-0:94.44.6.1", 2, "bool"),
            set_("0-0:94.44.6.2/value", 1, "0-0:94.44.6.2", 2, "bool"),
            set_("0-0:94.44.6.3/value", 1, "0-0:94.44.6.3", 2, "bool"),
            set_("0-0:94.44.6.4/value", 1, "0-0:94.44.6.4", 2, "bool"),
            set_("0-0:94.44.6.5/value", 1, "0-0:94.44.6.5", 2, "bool"),
        ),
    ),
    # ECS61a
    dlms(
        "ECS61a",
        0x00BB,
        (
            get("0-0:94.44.0.11/value", 1, "0-0:94.44.0.11", 2, "str"),
            get("0-0:94.44.0.12/value", 1, "0-0:94.44.0.12", 2, "str"),
            get("0-0:94.44.0.13/value", 1, "0-0:94.44.0.13", 2, "str"),
            get("0-0:94.44.0.14/value", 1, "0-0:94.44.0.14", 2, "str"),
            get("0-0:94.44.0.15/value", 1, "0-0:94.44.0.15", 2, "str"),
            get("0-0:94.44.0.21/value", 1, "0-0:94.44.0.21", 2, "os"),
            get("0-0:94.44.0.22/value", 1, "0-0:94.44.0.22", 2, "os"),
            get("0-0:94.44.0.23/value", 1, "0-0:94.44.0.23", 2, "os"),
            get("0-0:94.44.0.24/value", 1, "0-0:94.44.0.24", 2, "os"),
            get("0-0:94.44.0.25/value", 1, "0-0:94.44.0.25", 2, "os"),
            get("0-0:11.0.3.255/entries", 11, "0-0:11.0.3.255", 2, "[(u16, os, u8)]"),
            get(
                "0-0:12.0.2.255/entries",
                10,
                "0-0:12.0.2.255",
                2,
                "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]",
            ),
            get("0-1:96.3.10.255/output_state", 70, "0-1:96.3.10.255", 2, "bool"),
            get("0-2:96.3.10.255/output_state", 70, "0-2:96.3.10.255", 2, "bool"),
            get("0-3:96.3.10.255/output_state", 70, "0-3:96.3.10.255", 2, "bool"),
            get("0-4:96.3.10.255/output_state", 70, "0-4:96.3.10.255", 2, "bool"),
            get("0-5:96.3.10.255/output_state", 70, "0-5:96.3.10.255", 2, "bool"),
        ),
    ),
    # ECS15c
    dlms("ECS15c", 0x00C1, (action("0-17:99.98.2.255/reset", 7, "0-17:99.98.2.255", 1, "i8"),)),
    # CCS07
    dlms(
        "CCS07",
        0x00FE,
        (
            action("chf_device_log/backup_pan", 104, "0-0:30.3.0.255", 4, "null", "(dt, os, [(os, os)])"),
            action("0-0:30.3.1.255/backup_pan", 104, "0-0:30.3.1.255", 4, "null", "(dt, os, [(os, os)])"),
        ),
    ),
    # CCS06
    dlms(
        "CCS06",
        0x010F,
        (
            get(
                "chf_device_log/active_devices",
                104,
                "0-0:30.3.0.255",
                4,
                "[(os, bits, i8, i8, i8, u8, u8, u8, dt, u8, u8, u8, u8, u8)]",
            ),
        ),
    ),
    # ECS61d
    dlms(
        "ECS61d",
        0x011C,
        (
            get("0-0:94.44.0.11/value", 1, "0-0:94.44.0.11", 2, "str"),
            get("0-0:94.44.0.12/value", 1, "0-0:94.44.0.12", 2, "str"),
            get("0-0:94.44.0.13/value", 1, "0-0:94.44.0.13", 2, "str"),
            get("0-0:94.44.0.14/value", 1, "0-0:94.44.0.14", 2, "str"),
            get("0-0:94.44.0.15/value", 1, "0-0:94.44.0.15", 2, "str"),
            get("0-0:11.0.3.255/entries", 11, "0-0:11.0.3.255", 2, "[(u16, os, u8)]"),
            get(
                "0-0:12.0.2.255/entries",
                10,
                "0-0:12.0.2.255",
                2,
                "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]",
            ),
        ),
    ),
    # ECS61e
    dlms(
        "ECS61e",
        0x011D,
        (
            get("0-0:94.44.0.21/value", 1, "0-0:94.44.0.21", 2, "os"),
            get("0-0:94.44.0.22/value", 1, "0-0:94.44.0.22", 2, "os"),
            get("0-0:94.44.0.23/value", 1, "0-0:94.44.0.23", 2, "os"),
            get("0-0:94.44.0.24/value", 1, "0-0:94.44.0.24", 2, "os"),
            get("0-0:94.44.0.25/value", 1, "0-0:94.44.0.25", 2, "os"),
            get("0-0:94.44.0.31/value", 1, "0-0:94.44.0.31", 2, "utf8"),
            get("0-0:94.44.0.32/value", 1, "0-0:94.44.0.32", 2, "utf8"),
            get("0-0:94.44.0.33/value", 1, "0-0:94.44.0.33", 2, "utf8"),
            get("0-0:94.44.0.34/value", 1, "0-0:94.44.0.34", 2, "utf8"),
            get("0-0:94.44.0.35/value", 1, "0-0:94.44.0.35", 2, "utf8"),
        ),
    ),
    # ECS47a
    dlms(
        "ECS47a",
        0x011E,
        (
            set_("0-0:94.44.119.1/value", 1, "0-0:94.44.119.1", 2, "dt", optional=True),
            set_("0-0:94.44.119.2/value", 1, "0-0:94.44.119.2", 2, "dt", optional=True),
            set_("0-0:94.44.117.1/value", 1, "0-0:94.44.117.1", 2, "dt", optional=True),
            set_("0-0:94.44.117.2/value", 1, "0-0:94.44.117.2", 2, "dt", optional=True),
            set_("0-0:94.44.121.1/value", 1, "0-0:94.44.121.1", 2, "dt", optional=True),
            set_("0-0:94.44.121.2/value", 1, "0-0:94.44.121.2", 2, "dt", optional=True),
            action("0-0:10.0.103.255/execute", 9, "0-0:10.0.103.255", 1, "u16"),
        ),
    ),
    # ECS47e
    dlms(
        "ECS47e",
        0x011F,
        (
            set_("0-0:94.44.121.3/value", 1, "0-0:94.44.121.3", 2, "dt", optional=True),
            set_("0-0:94.44.121.4/value", 1, "0-0:94.44.121.4", 2, "dt", optional=True),
            set_("0-0:94.44.119.3/value", 1, "0-0:94.44.119.3", 2, "dt", optional=True),
            set_("0-0:94.44.119.4/value", 1, "0-0:94.44.119.4", 2, "dt", optional=True),
            action("0-0:10.0.107.255/execute", 9, "0-0:10.0.107.255", 1, "u16"),
        ),
    ),
)
