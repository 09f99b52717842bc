"""ESME and Communications Hub configuration Use Cases (SRVs 6.x) carried as DLMS COSEM.

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
    # ECS26b
    dlms(
        "ECS26b",
        0x003C,
        (
            get("0-0:17.0.1.255/threshold_normal", 71, "0-0:17.0.1.255", 4, "u32"),
            get("0-0:17.0.1.255/min_over_threshold_duration", 71, "0-0:17.0.1.255", 6, "u32"),
            get("0-0:17.0.2.255/threshold_normal", 71, "0-0:17.0.2.255", 4, "u32"),
            get("0-0:17.0.2.255/min_over_threshold_duration", 71, "0-0:17.0.2.255", 6, "u32"),
            get("0-0:17.0.3.255/threshold_normal", 71, "0-0:17.0.3.255", 4, "u32"),
            get("0-0:17.0.3.255/min_over_threshold_duration", 71, "0-0:17.0.3.255", 6, "u32"),
            get("0-0:17.0.4.255/threshold_normal", 71, "0-0:17.0.4.255", 4, "u32"),
            get("0-0:17.0.4.255/min_over_threshold_duration", 71, "0-0:17.0.4.255", 6, "u32"),
            get("1-0:32.35.0.4/value", 1, "1-0:32.35.0.4", 2, "u32"),
            get("1-0:32.31.0.4/value", 1, "1-0:32.31.0.4", 2, "u32"),
        ),
    ),
    # ECS26c
    dlms(
        "ECS26c",
        0x003D,
        (
            get("0-0:94.44.0.0/value", 1, "0-0:94.44.0.0", 2, "u16"),
            get("0-0:94.44.0.2/value", 1, "0-0:94.44.0.2", 2, "u16"),
            get("0-0:94.44.0.1/value", 1, "0-0:94.44.0.1", 2, "u16"),
        ),
    ),
    # ECS26d
    dlms("ECS26d", 0x003E, (get("0-0:15.0.0.255/execution_time", 22, "0-0:15.0.0.255", 4, "[(os, os)]"),)),
    # ECS26e
    dlms(
        "ECS26e",
        0x003F,
        (
            get("0-0:96.1.1.255/value", 1, "0-0:96.1.1.255", 2, "os"),
            get("0-0:96.1.2.255/value", 1, "0-0:96.1.2.255", 2, "os"),
            get("0-0:96.1.4.255/value", 1, "0-0:96.1.4.255", 2, "os"),
            get("0-0:96.1.6.255/value", 1, "0-0:96.1.6.255", 2, "os"),
            get("0-0:94.44.0.4/value", 1, "0-0:94.44.0.4", 2, "bool"),
        ),
    ),
    # ECS26f
    dlms("ECS26f", 0x0040, (get("0-0:16.0.0.255/thresholds", 21, "0-0:16.0.0.255", 2, "[u32]"),)),
    # ECS28a
    dlms(
        "ECS28a",
        0x0043,
        (
            set_("0-0:94.44.0.3/value_passive", 9000, "0-0:94.44.0.3", 4, "bool"),
            set_("0-0:94.44.128.7/value_passive", 9000, "0-0:94.44.128.7", 4, "u32"),
            set_("0-0:94.44.128.6/value_passive", 9000, "0-0:94.44.128.6", 4, "u32"),
            set_("0-0:94.44.128.8/value_passive", 9000, "0-0:94.44.128.8", 4, "u32"),
            set_("0-0:94.44.0.3/activate_passive_value_time", 9000, "0-0:94.44.0.3", 6, "dt"),
            set_("0-0:94.44.128.7/activate_passive_value_time", 9000, "0-0:94.44.128.7", 6, "dt"),
            set_("0-0:94.44.128.6/activate_passive_value_time", 9000, "0-0:94.44.128.6", 6, "dt"),
            set_("0-0:94.44.128.8/activate_passive_value_time", 9000, "0-0:94.44.128.8", 6, "dt"),
        ),
    ),
    # ECS28b
    dlms("ECS28b", 0x0044, (action("0-0:94.44.42.255/m1", 3, "0-0:94.44.42.255", 1, "i8"),)),
    # ECS29a
    dlms(
        "ECS29a",
        0x0045,
        (
            set_("1-0:32.24.0.255/capture_period", 7, "1-0:32.24.0.255", 4, "u32"),
            set_("0-0:17.0.1.255/threshold_normal", 71, "0-0:17.0.1.255", 4, "u32"),
            set_("0-0:17.0.1.255/min_over_threshold_duration", 71, "0-0:17.0.1.255", 6, "u32"),
            set_("0-0:17.0.2.255/threshold_normal", 71, "0-0:17.0.2.255", 4, "u32"),
            set_("0-0:17.0.2.255/min_over_threshold_duration", 71, "0-0:17.0.2.255", 6, "u32"),
            set_("0-0:17.0.3.255/threshold_normal", 71, "0-0:17.0.3.255", 4, "u32"),
            set_("0-0:17.0.3.255/min_over_threshold_duration", 71, "0-0:17.0.3.255", 6, "u32"),
            set_("0-0:17.0.4.255/threshold_normal", 71, "0-0:17.0.4.255", 4, "u32"),
            set_("0-0:17.0.4.255/min_over_threshold_duration", 71, "0-0:17.0.4.255", 6, "u32"),
            set_("1-0:32.35.0.4/value", 1, "1-0:32.35.0.4", 2, "u32"),
            set_("1-0:32.31.0.4/value", 1, "1-0:32.31.0.4", 2, "u32"),
            action("1-0:32.32.0.4/m1", 3, "1-0:32.32.0.4", 1, "i8"),
            action("1-0:32.36.0.4/m1", 3, "1-0:32.36.0.4", 1, "i8"),
        ),
    ),
    # ECS30
    dlms("ECS30", 0x0046, (set_("0-0:15.0.0.255/execution_time", 22, "0-0:15.0.0.255", 4, "[(os, os)]"),)),
    # ECS34
    dlms("ECS34", 0x0047, (set_("0-0:16.0.0.255/thresholds", 21, "0-0:16.0.0.255", 2, "[u32]"),)),
    # ECS35a
    dlms("ECS35a", 0x0048, (get_range("event_log/buffer", 7, "0-0:99.98.0.255", 2),)),
    # ECS35b
    dlms("ECS35b", 0x0049, (get_range("security_log/buffer", 7, "0-0:99.98.1.255", 2),)),
    # ECS37
    dlms(
        "ECS37",
        0x004A,
        (
            set_(
                "0-0:12.0.0.255/entries",
                10,
                "0-0:12.0.0.255",
                2,
                "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]",
            ),
        ),
    ),
    # ECS39a
    dlms("ECS39a", 0x004C, (set_("0-0:94.44.34.11/value", 1, "0-0:94.44.34.11", 2, "os"),)),
    # ECS39b
    dlms("ECS39b", 0x004D, (set_("1-0:0.0.2.255/value", 1, "1-0:0.0.2.255", 2, "os"),)),
    # ECS40
    dlms(
        "ECS40",
        0x004E,
        (
            get("0-0:94.44.34.11/value", 1, "0-0:94.44.34.11", 2, "os"),
            get("1-0:0.0.2.255/value", 1, "1-0:0.0.2.255", 2, "os"),
        ),
    ),
    # ECS46a
    dlms(
        "ECS46a",
        0x0053,
        (
            set_("0-0:94.44.0.11/value", 1, "0-0:94.44.0.11", 2, "str", optional=True),
            set_("0-0:94.44.0.12/value", 1, "0-0:94.44.0.12", 2, "str"),
            set_("0-0:94.44.0.13/value", 1, "0-0:94.44.0.13", 2, "str"),
            set_("0-0:94.44.0.14/value", 1, "0-0:94.44.0.14", 2, "str"),
            set_("0-0:94.44.0.15/value", 1, "0-0:94.44.0.15", 2, "str", optional=True),
        ),
    ),
    # ECS46c
    dlms(
        "ECS46c",
        0x0054,
        (
            set_("0-0:94.44.0.21/value", 1, "0-0:94.44.0.21", 2, "os"),
            set_("0-0:94.44.0.22/value", 1, "0-0:94.44.0.22", 2, "os"),
            set_("0-0:94.44.0.23/value", 1, "0-0:94.44.0.23", 2, "os", optional=True),
            set_("0-0:94.44.0.24/value", 1, "0-0:94.44.0.24", 2, "os", optional=True),
            set_("0-0:94.44.0.25/value", 1, "0-0:94.44.0.25", 2, "os", optional=True),
            set_("0-1:11.0.3.255/entries", 11, "0-1:11.0.3.255", 2, "[(u16, os, u8)]"),
            set_(
                "0-1:12.0.2.255/entries",
                10,
                "0-1:12.0.2.255",
                2,
                "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]",
            ),
            set_("0-0:94.44.128.26/activate_passive_value_time", 9000, "0-0:94.44.128.26", 6, "dt"),
            set_("0-0:94.44.128.35/activate_passive_value_time", 9000, "0-0:94.44.128.35", 6, "dt"),
        ),
    ),
    # ECS57
    dlms(
        "ECS57",
        0x005A,
        (
            action("1-0:1.6.0.255/m1", 4, "1-0:1.6.0.255", 1, "i8", optional=True),
            action("1-0:1.6.1.255/m1", 4, "1-0:1.6.1.255", 1, "i8"),
            action("1-0:2.6.0.255/m1", 4, "1-0:2.6.0.255", 1, "i8", optional=True),
        ),
    ),
    # ECS70
    dlms(
        "ECS70",
        0x0062,
        (
            set_("clock/clock_base", 8, "0-0:1.0.0.255", 9, "enum"),
            action("clock/preset_adjusting_time", 8, "0-0:1.0.0.255", 5, "(dt, dt, dt)"),
            action("clock/adjust_to_preset_time", 8, "0-0:1.0.0.255", 4, "i8"),
            get("clock/time", 8, "0-0:1.0.0.255", 2, "dt"),
            get("clock/status", 8, "0-0:1.0.0.255", 4, "u8"),
        ),
    ),
    # ECS81
    dlms("ECS81", 0x0068, (set_("0-0:94.44.0.4/value", 1, "0-0:94.44.0.4", 2, "bool"),)),
    # ECS26i
    dlms(
        "ECS26i",
        0x0092,
        (
            get("0-0:96.1.1.255/value", 1, "0-0:96.1.1.255", 2, "os"),
            get("0-0:96.1.4.255/value", 1, "0-0:96.1.4.255", 2, "os"),
            get("0-0:96.1.6.255/value", 1, "0-0:96.1.6.255", 2, "os"),
        ),
    ),
    # ECS35c
    dlms("ECS35c", 0x0093, (get_range("event_log/buffer", 7, "0-0:99.98.0.255", 2),)),
    # ECS35d
    dlms("ECS35d", 0x0094, (get_range("security_log/buffer", 7, "0-0:99.98.1.255", 2),)),
    # ECS25a
    dlms("ECS25a", 0x00AC, (set_("0-30:97.98.11.255/value", 1, "0-30:97.98.11.255", 2, "bits"),)),
    # ECS29b
    dlms(
        "ECS29b",
        0x00AE,
        (
            set_("1-0:32.24.0.255/capture_period", 7, "1-0:32.24.0.255", 4, "u32"),
            set_("1-0:52.24.0.255/capture_period", 7, "1-0:52.24.0.255", 4, "u32"),
            set_("1-0:72.24.0.255/capture_period", 7, "1-0:72.24.0.255", 4, "u32"),
            set_("0-0:17.0.1.255/threshold_normal", 71, "0-0:17.0.1.255", 4, "u32"),
            set_("0-0:17.0.1.255/min_over_threshold_duration", 71, "0-0:17.0.1.255", 6, "u32"),
            set_("0-0:17.0.2.255/threshold_normal", 71, "0-0:17.0.2.255", 4, "u32"),
            set_("0-0:17.0.2.255/min_over_threshold_duration", 71, "0-0:17.0.2.255", 6, "u32"),
            set_("0-0:17.0.3.255/threshold_normal", 71, "0-0:17.0.3.255", 4, "u32"),
            set_("0-0:17.0.3.255/min_over_threshold_duration", 71, "0-0:17.0.3.255", 6, "u32"),
            set_("0-0:17.0.4.255/threshold_normal", 71, "0-0:17.0.4.255", 4, "u32"),
            set_("0-0:17.0.4.255/min_over_threshold_duration", 71, "0-0:17.0.4.255", 6, "u32"),
            set_("1-0:32.35.0.4/value", 1, "1-0:32.35.0.4", 2, "u32"),
            set_("1-0:32.31.0.4/value", 1, "1-0:32.31.0.4", 2, "u32"),
            set_("1-0:52.31.0.4/value", 1, "1-0:52.31.0.4", 2, "u32"),
            set_("1-0:52.35.0.4/value", 1, "1-0:52.35.0.4", 2, "u32"),
            set_("1-0:72.31.0.4/value", 1, "1-0:72.31.0.4", 2, "u32"),
            set_("1-0:72.35.0.4/value", 1, "1-0:72.35.0.4", 2, "u32"),
            action("1-0:32.32.0.4/m1", 3, "1-0:32.32.0.4", 1, "i8"),
            action("1-0:32.36.0.4/m1", 3, "1-0:32.36.0.4", 1, "i8"),
            action("1-0:52.32.0.4/m1", 3, "1-0:52.32.0.4", 1, "i8"),
            action("1-0:52.36.0.4/m1", 3, "1-0:52.36.0.4", 1, "i8"),
            action("1-0:72.32.0.4/m1", 3, "1-0:72.32.0.4", 1, "i8"),
            action("1-0:72.36.0.4/m1", 3, "1-0:72.36.0.4", 1, "i8"),
        ),
    ),
    # ECS25b
    dlms("ECS25b", 0x00B0, (set_("0-33:97.98.11.255/value", 1, "0-33:97.98.11.255", 2, "bits"),)),
    # ECS35e
    dlms("ECS35e", 0x00B9, (get_range("0-0:99.98.4.255/buffer", 7, "0-0:99.98.4.255", 2),)),
    # ECS35f
    dlms("ECS35f", 0x00BA, (get_range("0-17:99.98.2.255/buffer", 7, "0-17:99.98.2.255", 2),)),
    # ECS26j
    dlms("ECS26j", 0x00BE, (get("0-0:19.0.0.255/account_mode_and_status", 111, "0-0:19.0.0.255", 2, "(enum, enum)"),)),
    # ECS26k
    dlms(
        "ECS26k",
        0x00C6,
        (
            get("0-0:17.0.1.255/threshold_normal", 71, "0-0:17.0.1.255", 4, "u32"),
            get("0-0:17.0.1.255/min_over_threshold_duration", 71, "0-0:17.0.1.255", 6, "u32"),
            get("0-0:17.0.2.255/threshold_normal", 71, "0-0:17.0.2.255", 4, "u32"),
            get("0-0:17.0.2.255/min_over_threshold_duration", 71, "0-0:17.0.2.255", 6, "u32"),
            get("0-0:17.0.3.255/threshold_normal", 71, "0-0:17.0.3.255", 4, "u32"),
            get("0-0:17.0.3.255/min_over_threshold_duration", 71, "0-0:17.0.3.255", 6, "u32"),
            get("0-0:17.0.4.255/threshold_normal", 71, "0-0:17.0.4.255", 4, "u32"),
            get("0-0:17.0.4.255/min_over_threshold_duration", 71, "0-0:17.0.4.255", 6, "u32"),
            get("1-0:32.35.0.4/value", 1, "1-0:32.35.0.4", 2, "u32"),
            get("1-0:32.31.0.4/value", 1, "1-0:32.31.0.4", 2, "u32"),
            get("1-0:52.31.0.4/value", 1, "1-0:52.31.0.4", 2, "u32"),
            get("1-0:52.35.0.4/value", 1, "1-0:52.35.0.4", 2, "u32"),
            get("1-0:72.31.0.4/value", 1, "1-0:72.31.0.4", 2, "u32"),
            get("1-0:72.35.0.4/value", 1, "1-0:72.35.0.4", 2, "u32"),
        ),
    ),
    # ECS29c
    dlms(
        "ECS29c",
        0x00D1,
        (
            set_("1-0:32.31.0.4/value", 1, "1-0:32.31.0.4", 2, "u32"),
            set_("1-0:32.35.0.4/value", 1, "1-0:32.35.0.4", 2, "u32"),
            set_("1-0:32.24.0.255/capture_period", 7, "1-0:32.24.0.255", 4, "u32"),
            set_("0-0:17.0.1.255/threshold_normal", 71, "0-0:17.0.1.255", 4, "u32"),
            set_("0-0:17.0.1.255/min_over_threshold_duration", 71, "0-0:17.0.1.255", 6, "u32"),
            set_("0-0:17.0.2.255/threshold_normal", 71, "0-0:17.0.2.255", 4, "u32"),
            set_("0-0:17.0.2.255/min_over_threshold_duration", 71, "0-0:17.0.2.255", 6, "u32"),
            set_("0-0:17.0.3.255/threshold_normal", 71, "0-0:17.0.3.255", 4, "u32"),
            set_("0-0:17.0.3.255/min_over_threshold_duration", 71, "0-0:17.0.3.255", 6, "u32"),
            set_("0-0:17.0.4.255/threshold_normal", 71, "0-0:17.0.4.255", 4, "u32"),
            set_("0-0:17.0.4.255/min_over_threshold_duration", 71, "0-0:17.0.4.255", 6, "u32"),
        ),
    ),
    # ECS29d
    dlms(
        "ECS29d",
        0x00D2,
        (
            set_("1-0:32.31.0.4/value", 1, "1-0:32.31.0.4", 2, "u32"),
            set_("1-0:32.35.0.4/value", 1, "1-0:32.35.0.4", 2, "u32"),
            set_("1-0:52.31.0.4/value", 1, "1-0:52.31.0.4", 2, "u32"),
            set_("1-0:52.35.0.4/value", 1, "1-0:52.35.0.4", 2, "u32"),
            set_("1-0:72.31.0.4/value", 1, "1-0:72.31.0.4", 2, "u32"),
            set_("1-0:72.35.0.4/value", 1, "1-0:72.35.0.4", 2, "u32"),
            set_("1-0:32.24.0.255/capture_period", 7, "1-0:32.24.0.255", 4, "u32"),
            set_("1-0:52.24.0.255/capture_period", 7, "1-0:52.24.0.255", 4, "u32"),
            set_("1-0:72.24.0.255/capture_period", 7, "1-0:72.24.0.255", 4, "u32"),
            set_("0-0:17.0.1.255/threshold_normal", 71, "0-0:17.0.1.255", 4, "u32"),
            set_("0-0:17.0.1.255/min_over_threshold_duration", 71, "0-0:17.0.1.255", 6, "u32"),
            set_("0-0:17.0.2.255/threshold_normal", 71, "0-0:17.0.2.255", 4, "u32"),
            set_("0-0:17.0.2.255/min_over_threshold_duration", 71, "0-0:17.0.2.255", 6, "u32"),
            set_("0-0:17.0.3.255/threshold_normal", 71, "0-0:17.0.3.255", 4, "u32"),
            set_("0-0:17.0.3.255/min_over_threshold_duration", 71, "0-0:17.0.3.255", 6, "u32"),
            set_("0-0:17.0.4.255/threshold_normal", 71, "0-0:17.0.4.255", 4, "u32"),
            set_("0-0:17.0.4.255/min_over_threshold_duration", 71, "0-0:17.0.4.255", 6, "u32"),
        ),
    ),
    # ECS29e
    dlms(
        "ECS29e",
        0x00D3,
        (
            action("1-0:32.32.0.4/m1", 3, "1-0:32.32.0.4", 1, "i8"),
            action("1-0:32.36.0.4/m1", 3, "1-0:32.36.0.4", 1, "i8"),
        ),
    ),
    # ECS29f
    dlms(
        "ECS29f",
        0x00D4,
        (
            action("1-0:32.32.0.4/m1", 3, "1-0:32.32.0.4", 1, "i8"),
            action("1-0:32.36.0.4/m1", 3, "1-0:32.36.0.4", 1, "i8"),
            action("1-0:52.32.0.4/m1", 3, "1-0:52.32.0.4", 1, "i8"),
            action("1-0:52.36.0.4/m1", 3, "1-0:52.36.0.4", 1, "i8"),
            action("1-0:72.32.0.4/m1", 3, "1-0:72.32.0.4", 1, "i8"),
            action("1-0:72.36.0.4/m1", 3, "1-0:72.36.0.4", 1, "i8"),
        ),
    ),
    # ECS30a
    dlms("ECS30a", 0x00D7, (set_("0-0:15.0.0.255/execution_time", 22, "0-0:15.0.0.255", 4, "[(os, os)]"),)),
    # ECS26l
    dlms("ECS26l", 0x00D9, (get("0-0:15.0.0.255/execution_time", 22, "0-0:15.0.0.255", 4, "[(os, os)]"),)),
    # ECS48
    dlms("ECS48", 0x00DB, (set_("0-0:15.1.0.255/execution_time", 22, "0-0:15.1.0.255", 4, "[(os, os)]"),)),
    # ECS25a1
    dlms("ECS25a1", 0x00EA, (set_("0-30:97.98.12.255/value", 1, "0-30:97.98.12.255", 2, "bits"),)),
    # ECS25a2
    dlms("ECS25a2", 0x00EB, (set_("0-30:97.98.13.255/value", 1, "0-30:97.98.13.255", 2, "bits"),)),
    # ECS25a3
    dlms("ECS25a3", 0x00EC, (set_("0-30:97.98.14.255/value", 1, "0-30:97.98.14.255", 2, "bits"),)),
    # ECS25b3
    dlms("ECS25b3", 0x00ED, (set_("0-33:97.98.14.255/value", 1, "0-33:97.98.14.255", 2, "bits"),)),
    # ECS25r1
    dlms(
        "ECS25r1",
        0x00EE,
        (
            get("0-30:97.98.15.255/value", 1, "0-30:97.98.15.255", 2, "bits"),
            get("0-30:97.98.16.255/value", 1, "0-30:97.98.16.255", 2, "bits"),
            get("0-30:97.98.17.255/value", 1, "0-30:97.98.17.255", 2, "bits"),
            get("0-30:97.98.18.255/value", 1, "0-30:97.98.18.255", 2, "bits"),
        ),
    ),
    # ECS25r2
    dlms(
        "ECS25r2",
        0x00EF,
        (
            get("0-33:97.98.15.255/value", 1, "0-33:97.98.15.255", 2, "bits"),
            get("0-33:97.98.18.255/value", 1, "0-33:97.98.18.255", 2, "bits"),
        ),
    ),
    # ECS26m
    dlms(
        "ECS26m",
        0x00F9,
        (
            get("0-0:96.1.2.255/value", 1, "0-0:96.1.2.255", 2, "os"),
            get("0-0:96.1.4.255/value", 1, "0-0:96.1.4.255", 2, "os"),
            get("0-0:96.1.6.255/value", 1, "0-0:96.1.6.255", 2, "os"),
            get("0-0:94.44.0.4/value", 1, "0-0:94.44.0.4", 2, "bool"),
        ),
    ),
    # ECS26n
    dlms(
        "ECS26n",
        0x00FA,
        (
            get("0-0:96.1.4.255/value", 1, "0-0:96.1.4.255", 2, "os"),
            get("0-0:96.1.6.255/value", 1, "0-0:96.1.6.255", 2, "os"),
        ),
    ),
    # ECS35g
    dlms("ECS35g", 0x00FD, (get_range("0-17:99.98.2.255/buffer", 7, "0-17:99.98.2.255", 2),)),
    # DBCH01
    dlms("DBCH01", 0x010A, (get("0-0:94.44.10.2/value", 1, "0-0:94.44.10.2", 2, "bits"),)),
    # DBCH02
    dlms("DBCH02", 0x010B, (get_range("0-0:94.44.10.3/buffer", 7, "0-0:94.44.10.3", 2),)),
    # DBCH03
    dlms(
        "DBCH03",
        0x010C,
        (
            get(
                "0-0:94.44.10.0/value",
                1,
                "0-0:94.44.10.0",
                2,
                "(bits, bits, bits, bits, u16, u16, u8, u16, u8, u8, u16, u8, u16, u16, u16)",
            ),
        ),
    ),
    # DBCH04
    dlms(
        "DBCH04",
        0x010D,
        (
            set_(
                "0-0:94.44.10.0/value",
                1,
                "0-0:94.44.10.0",
                2,
                "(bits, bits, bits, bits, u16, u16, u8, u16, u8, u8, u16, u8, u16, u16, u16)",
            ),
        ),
    ),
    # DBCH05
    dlms("DBCH05", 0x010E, (set_("0-0:94.44.10.1/value", 1, "0-0:94.44.10.1", 2, "u8"),)),
    # ECS46d
    dlms(
        "ECS46d",
        0x011A,
        (
            set_("0-1:11.0.3.255/entries", 11, "0-1:11.0.3.255", 2, "[(u16, os, u8)]"),
            set_(
                "0-1:12.0.2.255/entries",
                10,
                "0-1:12.0.2.255",
                2,
                "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]",
            ),
            set_("0-0:94.44.128.26/activate_passive_value_time", 9000, "0-0:94.44.128.26", 6, "dt"),
            set_("0-0:94.44.128.35/activate_passive_value_time", 9000, "0-0:94.44.128.35", 6, "dt"),
        ),
    ),
)
