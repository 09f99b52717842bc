"""ESME read Use Cases (SRVs 4.x): registers, logs and profiles, as DLMS operations (see .dlms_engine)."""

from __future__ import annotations

from . import register
from .dlms_engine import dlms, get, get_range, protected_get

# ECS17b: active and reactive import energy with their scaler-units; a twin element meter adds
# the secondary element's active import.
IMPORT_REGISTERS = (
    "{registers: {active_import: u32, active_import_scaler_unit: {scaler: i8, unit: enum},"
    " reactive_import: u32, reactive_import_scaler_unit: {scaler: i8, unit: enum}, secondary_active_import?: u32}}"
)


register(
    dlms(
        "ECS17a",
        0x0026,
        (
            get(3, "1-0:2.8.0.255", 2, "u32"),
            get(3, "1-0:2.8.0.255", 3, "(i8, enum)"),
            get(3, "1-0:4.8.0.255", 2, "u32"),
            get(3, "1-0:4.8.0.255", 3, "(i8, enum)"),
        ),
    ),
    dlms(
        "ECS17b",
        0x0027,
        (protected_get("import_registers", "0-0:43.2.8.255", (1, "0-0:94.44.34.10", 2), IMPORT_REGISTERS),),
    ),
    dlms("ECS17c", 0x0028, (get(1, "0-0:94.44.34.20", 2, "(u32, (i8, enum), u32)"),)),
    dlms(
        "ECS17d",
        0x0029,
        (
            protected_get(
                "tou_registers",
                "0-0:43.2.9.255",
                (1, "0-0:94.44.34.1", 2),
                "{registers: {tou: [u32], secondary_tou?: [u32]}}",
            ),
        ),
    ),
    dlms(
        "ECS17e",
        0x002A,
        (
            protected_get(
                "block_registers", "0-0:43.2.10.255", (1, "0-0:94.44.34.2", 2), "{registers: {tou_blocks: [u32]}}"
            ),
        ),
    ),
    dlms(
        "ECS18a",
        0x002B,
        (
            get(1, "0-0:94.44.5.2", 2, "dt"),
            get(4, "1-0:2.6.0.255", 2, "u32"),
            get(4, "1-0:2.6.0.255", 3, "(i8, enum)"),
            get(4, "1-0:2.6.0.255", 5, "dt"),
        ),
    ),
    dlms(
        "ECS18b",
        0x002C,
        (
            get(1, "0-0:94.44.5.0", 2, "dt"),
            get(1, "0-0:94.44.5.1", 2, "dt"),
            get(4, "1-0:1.6.0.255", 2, "u32"),
            get(4, "1-0:1.6.0.255", 3, "(i8, enum)"),
            get(4, "1-0:1.6.0.255", 5, "dt"),
            get(4, "1-0:1.6.1.255", 2, "u32"),
            get(4, "1-0:1.6.1.255", 3, "(i8, enum)"),
            get(4, "1-0:1.6.1.255", 5, "dt"),
            get(10, "0-0:12.0.0.255", 2, "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]"),
        ),
    ),
    dlms(
        "ECS19",
        0x002D,
        (
            protected_get(
                "prepayment_registers",
                "0-0:43.2.1.255",
                (1, "0-0:94.44.34.30", 2),
                "{registers: (i32, i32, i32, i32, i32, i32)}",
            ),
        ),
    ),
    dlms("ECS20a", 0x002E, (get_range(7, "0-0:98.1.4.255", 2),)),
    dlms(
        "ECS20b",
        0x002F,
        (protected_get("billing_data_log", "0-0:43.2.3.255", (7, "0-0:98.1.2.255", 2), "{buffer: any}", ranged=True),),
    ),
    dlms(
        "ECS20c",
        0x0030,
        (
            protected_get(
                "billing_data_logs",
                "0-0:43.2.2.255",
                ((7, "0-0:98.1.0.255", 2), (7, "0-0:98.1.1.255", 2)),
                "{buffer: any, secondary_buffer: any}",
                ranged=True,
            ),
        ),
    ),
    dlms(
        "ECS21a",
        0x0033,
        (protected_get("daily_read_log", "0-0:43.2.5.255", (7, "0-0:98.1.9.255", 2), "{buffer: any}", ranged=True),),
    ),
    dlms(
        "ECS21b",
        0x0034,
        (
            protected_get(
                "prepayment_daily_read_log", "0-0:43.2.6.255", (7, "0-0:98.1.8.255", 2), "{buffer: any}", ranged=True
            ),
        ),
    ),
    dlms("ECS21c", 0x0035, (get_range(7, "0-0:98.1.10.255", 2),)),
    dlms("ECS22a", 0x0036, (get_range(7, "0-0:99.1.1.255", 2),)),
    dlms(
        "ECS22b",
        0x0037,
        (
            protected_get(
                "half_hour_profile", "0-0:43.2.7.255", (7, "0-0:99.1.0.255", 2), "{buffer: any}", ranged=True
            ),
        ),
    ),
    dlms("ECS22c", 0x0038, (get_range(7, "0-0:99.1.2.255", 2),)),
    dlms(
        "ECS23",
        0x0039,
        (
            get(3, "1-0:32.32.0.4", 2, "u32"),
            get(3, "1-0:32.32.0.4", 3, "(i8, enum)"),
            get(3, "1-0:32.36.0.4", 2, "u32"),
            get(3, "1-0:32.36.0.4", 3, "(i8, enum)"),
            get_range(7, "1-0:32.24.0.255", 2),
            get(7, "1-0:32.24.0.255", 4, "u32"),
        ),
    ),
    dlms(
        "ECS24",
        0x003A,
        (
            get(3, "0-0:94.44.1.7", 2, "u32"),
            get(3, "0-0:94.44.1.7", 3, "(i8, enum)"),
            get(20, "0-0:13.0.0.255", 3, "[(os, dt, os)]"),
            get(20, "0-0:13.0.0.255", 4, "[(os, u8, u8, u8, u8, u8, u8, u8)]"),
            get(20, "0-0:13.0.0.255", 5, "[(u8, [(os, os, u16)])]"),
            get(11, "0-0:11.0.0.255", 2, "[(u16, os, u8)]"),
            get(21, "0-0:16.0.11.255", 2, "[u32]"),
            get(21, "0-0:16.0.12.255", 2, "[u32]"),
            get(21, "0-0:16.0.13.255", 2, "[u32]"),
            get(21, "0-0:16.0.14.255", 2, "[u32]"),
            get(21, "0-0:16.0.15.255", 2, "[u32]"),
            get(21, "0-0:16.0.16.255", 2, "[u32]"),
            get(21, "0-0:16.0.17.255", 2, "[u32]"),
            get(21, "0-0:16.0.18.255", 2, "[u32]"),
            get(9000, "0-0:94.44.2.0", 2, "bool"),
            get(113, "0-0:19.20.4.255", 5, "((i8, i8), (u16, os, i8), [(os, i16)])"),
            get(113, "0-0:19.20.0.255", 5, "((i8, i8), (u16, os, i8), [(os, i16)])"),
        ),
    ),
    dlms(
        "ECS26a",
        0x003B,
        (
            get(113, "0-0:19.20.1.255", 5, "((i8, i8), (u16, os, i8), [(os, i16)])"),
            get(11, "0-0:11.0.2.255", 2, "[(u16, os, u8)]"),
            get(113, "0-0:19.20.1.255", 8, "u32"),
            get(
                113,
                "0-0:19.20.1.255",
                5,
                "((i8, i8), (u16, os, i8), [(os, i16)])",
                name="debt_recovery_rates_1/unit_charge_active#2",
            ),
            get(113, "0-0:19.20.2.255", 5, "((i8, i8), (u16, os, i8), [(os, i16)])"),
            get(113, "0-0:19.20.2.255", 8, "u32"),
            get(
                113,
                "0-0:19.20.2.255",
                5,
                "((i8, i8), (u16, os, i8), [(os, i16)])",
                name="debt_recovery_rates_2/unit_charge_active#2",
            ),
            get(113, "0-0:19.20.3.255", 13, "u16"),
            get(9000, "0-0:94.44.2.10", 2, "i32"),
            get(21, "0-0:16.0.1.255", 2, "[i32]"),
            get(9000, "0-0:94.44.2.20", 2, "i32"),
            get(111, "0-0:19.0.0.255", 16, "i32", name="0-0:19.0.0.255/m16"),
            get(111, "0-0:19.0.0.255", 18, "u16", name="0-0:19.0.0.255/m18"),
            get(111, "0-0:19.0.0.255", 19, "i32", name="0-0:19.0.0.255/m19"),
            get(112, "0-0:19.10.1.255", 9, "i32"),
            get(112, "0-0:19.10.1.255", 10, "i32"),
            get(10, "0-0:12.0.1.255", 2, "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]"),
            get(111, "0-0:19.0.0.255", 11, "[(os, os, bits)]"),
        ),
    ),
    dlms(
        "ECS27",
        0x0042,
        (
            get(9000, "0-0:94.44.0.3", 2, "bool"),
            get(3, "0-0:94.44.42.255", 2, "u32"),
            get(3, "0-0:94.44.42.255", 3, "(i8, enum)"),
            get(71, "0-0:17.0.0.255", 4, "u32"),
            get(71, "0-0:17.0.0.255", 6, "u32"),
            get(71, "0-0:17.0.0.255", 7, "u32"),
        ),
    ),
    dlms(
        "ECS66",
        0x0060,
        (
            protected_get(
                "daily_consumption_log", "0-0:43.2.4.255", (7, "0-0:99.1.3.255", 2), "{buffer: any}", ranged=True
            ),
        ),
    ),
    dlms("ECS82", 0x0069, (get(112, "0-0:19.10.0.255", 2, "i32"),)),
    dlms(
        "ECS23b",
        0x00BC,
        (
            get(3, "1-0:32.32.0.4", 2, "u32"),
            get(3, "1-0:32.32.0.4", 3, "(i8, enum)"),
            get(3, "1-0:32.36.0.4", 2, "u32"),
            get(3, "1-0:32.36.0.4", 3, "(i8, enum)"),
            get_range(7, "1-0:32.24.0.255", 2),
            get(7, "1-0:32.24.0.255", 4, "u32"),
            get(3, "1-0:52.32.0.4", 2, "u32"),
            get(3, "1-0:52.32.0.4", 3, "(i8, enum)"),
            get(3, "1-0:52.36.0.4", 2, "u32"),
            get(3, "1-0:52.36.0.4", 3, "(i8, enum)"),
            get_range(7, "1-0:52.24.0.255", 2),
            get(7, "1-0:52.24.0.255", 4, "u32"),
            get(3, "1-0:72.32.0.4", 2, "u32"),
            get(3, "1-0:72.32.0.4", 3, "(i8, enum)"),
            get(3, "1-0:72.36.0.4", 2, "u32"),
            get(3, "1-0:72.36.0.4", 3, "(i8, enum)"),
            get_range(7, "1-0:72.24.0.255", 2),
            get(7, "1-0:72.24.0.255", 4, "u32"),
        ),
    ),
    dlms(
        "ECS24b",
        0x00BD,
        (
            get(113, "0-0:19.20.5.255", 5, "((i8, i8), (u16, os, i8), [(os, i16)])"),
            get(3, "0-0:94.44.1.8", 2, "u32"),
            get(3, "0-0:94.44.1.8", 3, "(i8, enum)"),
            get(11, "0-0:11.0.1.255", 2, "[(u16, os, u8)]"),
            get(20, "0-0:13.0.1.255", 3, "[(os, dt, os)]"),
            get(20, "0-0:13.0.1.255", 4, "[(os, u8, u8, u8, u8, u8, u8, u8)]"),
            get(20, "0-0:13.0.1.255", 5, "[(u8, [(os, os, u16)])]"),
        ),
    ),
    dlms("ECS20d", 0x00C9, (get_range(7, "0-0:98.1.5.255", 2),)),
)
