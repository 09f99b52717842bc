"""ESME read Use Cases (SRVs 4.x): registers, logs and profiles carried as DLMS COSEM.

One declaration per Use Case: the COSEM attributes it sets or gets and the methods it invokes,
in GBCS's order, with the shape of each value (see :mod:`.shapes`). Operation names are the
COSEM object (its GBCS name where we give one, else its OBIS code) and the attribute or method.
Operations RTDS shows only in some variants of a Use Case are optional.
"""

from __future__ import annotations

from . import register
from .dlms_engine import DlmsUseCase, get, get_range, protected_get

# ECS17b: active and reactive import energy with their scaler-units; a twin element meter adds
# the secondary element's active import.
IMPORT_REGISTERS = (
    "{registers: {active_import: u32, active_import_scaler_unit: {scaler: i8, unit: enum},"
    " reactive_import: u32, reactive_import_scaler_unit: {scaler: i8, unit: enum}, secondary_active_import?: u32}}"
)


def dlms(name: str, code: int, ops: tuple) -> DlmsUseCase:
    return DlmsUseCase(name, code, ops)


register(
    # ECS17a
    dlms(
        "ECS17a",
        0x0026,
        (
            get("active_export_register/value", 3, "1-0:2.8.0.255", 2, "u32"),
            get("active_export_register/scaler_unit", 3, "1-0:2.8.0.255", 3, "(i8, enum)"),
            get("reactive_export_register/value", 3, "1-0:4.8.0.255", 2, "u32"),
            get("reactive_export_register/scaler_unit", 3, "1-0:4.8.0.255", 3, "(i8, enum)"),
        ),
    ),
    # ECS17b
    dlms(
        "ECS17b",
        0x0027,
        (protected_get("import_registers", "0-0:43.2.8.255", (1, "0-0:94.44.34.10", 2), IMPORT_REGISTERS),),
    ),
    # ECS17c
    dlms("ECS17c", 0x0028, (get("0-0:94.44.34.20/value", 1, "0-0:94.44.34.20", 2, "(u32, (i8, enum), u32)"),)),
    # ECS17d
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
    # ECS17e
    dlms(
        "ECS17e",
        0x002A,
        (
            protected_get(
                "block_registers", "0-0:43.2.10.255", (1, "0-0:94.44.34.2", 2), "{registers: {tou_blocks: [u32]}}"
            ),
        ),
    ),
    # ECS18a
    dlms(
        "ECS18a",
        0x002B,
        (
            get("0-0:94.44.5.2/value", 1, "0-0:94.44.5.2", 2, "dt"),
            get("1-0:2.6.0.255/value", 4, "1-0:2.6.0.255", 2, "u32"),
            get("1-0:2.6.0.255/scaler_unit", 4, "1-0:2.6.0.255", 3, "(i8, enum)"),
            get("1-0:2.6.0.255/capture_time", 4, "1-0:2.6.0.255", 5, "dt"),
        ),
    ),
    # ECS18b
    dlms(
        "ECS18b",
        0x002C,
        (
            get("0-0:94.44.5.0/value", 1, "0-0:94.44.5.0", 2, "dt"),
            get("0-0:94.44.5.1/value", 1, "0-0:94.44.5.1", 2, "dt"),
            get("1-0:1.6.0.255/value", 4, "1-0:1.6.0.255", 2, "u32"),
            get("1-0:1.6.0.255/scaler_unit", 4, "1-0:1.6.0.255", 3, "(i8, enum)"),
            get("1-0:1.6.0.255/capture_time", 4, "1-0:1.6.0.255", 5, "dt"),
            get("1-0:1.6.1.255/value", 4, "1-0:1.6.1.255", 2, "u32"),
            get("1-0:1.6.1.255/scaler_unit", 4, "1-0:1.6.1.255", 3, "(i8, enum)"),
            get("1-0:1.6.1.255/capture_time", 4, "1-0:1.6.1.255", 5, "dt"),
            get(
                "0-0:12.0.0.255/entries",
                10,
                "0-0:12.0.0.255",
                2,
                "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]",
            ),
        ),
    ),
    # ECS19
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
    # ECS20a
    dlms("ECS20a", 0x002E, (get_range("0-0:98.1.4.255/buffer", 7, "0-0:98.1.4.255", 2),)),
    # ECS20b
    dlms(
        "ECS20b",
        0x002F,
        (protected_get("billing_data_log", "0-0:43.2.3.255", (7, "0-0:98.1.2.255", 2), "{buffer: any}", ranged=True),),
    ),
    # ECS20c
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
    # ECS21a
    dlms(
        "ECS21a",
        0x0033,
        (protected_get("daily_read_log", "0-0:43.2.5.255", (7, "0-0:98.1.9.255", 2), "{buffer: any}", ranged=True),),
    ),
    # ECS21b
    dlms(
        "ECS21b",
        0x0034,
        (
            protected_get(
                "prepayment_daily_read_log", "0-0:43.2.6.255", (7, "0-0:98.1.8.255", 2), "{buffer: any}", ranged=True
            ),
        ),
    ),
    # ECS21c
    dlms("ECS21c", 0x0035, (get_range("0-0:98.1.10.255/buffer", 7, "0-0:98.1.10.255", 2),)),
    # ECS22a
    dlms("ECS22a", 0x0036, (get_range("0-0:99.1.1.255/buffer", 7, "0-0:99.1.1.255", 2),)),
    # ECS22b
    dlms(
        "ECS22b",
        0x0037,
        (
            protected_get(
                "half_hour_profile", "0-0:43.2.7.255", (7, "0-0:99.1.0.255", 2), "{buffer: any}", ranged=True
            ),
        ),
    ),
    # ECS22c
    dlms("ECS22c", 0x0038, (get_range("0-0:99.1.2.255/buffer", 7, "0-0:99.1.2.255", 2),)),
    # ECS23
    dlms(
        "ECS23",
        0x0039,
        (
            get("1-0:32.32.0.4/value", 3, "1-0:32.32.0.4", 2, "u32"),
            get("1-0:32.32.0.4/scaler_unit", 3, "1-0:32.32.0.4", 3, "(i8, enum)"),
            get("1-0:32.36.0.4/value", 3, "1-0:32.36.0.4", 2, "u32"),
            get("1-0:32.36.0.4/scaler_unit", 3, "1-0:32.36.0.4", 3, "(i8, enum)"),
            get_range("1-0:32.24.0.255/buffer", 7, "1-0:32.24.0.255", 2),
            get("1-0:32.24.0.255/capture_period", 7, "1-0:32.24.0.255", 4, "u32"),
        ),
    ),
    # ECS24
    dlms(
        "ECS24",
        0x003A,
        (
            get("0-0:94.44.1.7/value", 3, "0-0:94.44.1.7", 2, "u32"),
            get("0-0:94.44.1.7/scaler_unit", 3, "0-0:94.44.1.7", 3, "(i8, enum)"),
            get("tariff_switching_table/season_profile_active", 20, "0-0:13.0.0.255", 3, "[(os, dt, os)]"),
            get(
                "tariff_switching_table/week_profile_table_active",
                20,
                "0-0:13.0.0.255",
                4,
                "[(os, u8, u8, u8, u8, u8, u8, u8)]",
            ),
            get("tariff_switching_table/day_profile_table_active", 20, "0-0:13.0.0.255", 5, "[(u8, [(os, os, u16)])]"),
            get("0-0:11.0.0.255/entries", 11, "0-0:11.0.0.255", 2, "[(u16, os, u8)]"),
            get("0-0:16.0.11.255/thresholds", 21, "0-0:16.0.11.255", 2, "[u32]"),
            get("0-0:16.0.12.255/thresholds", 21, "0-0:16.0.12.255", 2, "[u32]"),
            get("0-0:16.0.13.255/thresholds", 21, "0-0:16.0.13.255", 2, "[u32]"),
            get("0-0:16.0.14.255/thresholds", 21, "0-0:16.0.14.255", 2, "[u32]"),
            get("0-0:16.0.15.255/thresholds", 21, "0-0:16.0.15.255", 2, "[u32]"),
            get("0-0:16.0.16.255/thresholds", 21, "0-0:16.0.16.255", 2, "[u32]"),
            get("0-0:16.0.17.255/thresholds", 21, "0-0:16.0.17.255", 2, "[u32]"),
            get("0-0:16.0.18.255/thresholds", 21, "0-0:16.0.18.255", 2, "[u32]"),
            get("currency_unit/value_active", 9000, "0-0:94.44.2.0", 2, "bool"),
            get(
                "standing_charge/unit_charge_active",
                113,
                "0-0:19.20.4.255",
                5,
                "((i8, i8), (u16, os, i8), [(os, i16)])",
            ),
            get(
                "tariff_block_price_matrix/unit_charge_active",
                113,
                "0-0:19.20.0.255",
                5,
                "((i8, i8), (u16, os, i8), [(os, i16)])",
            ),
        ),
    ),
    # ECS26a
    dlms(
        "ECS26a",
        0x003B,
        (
            get(
                "debt_recovery_rates_1/unit_charge_active",
                113,
                "0-0:19.20.1.255",
                5,
                "((i8, i8), (u16, os, i8), [(os, i16)])",
            ),
            get("0-0:11.0.2.255/entries", 11, "0-0:11.0.2.255", 2, "[(u16, os, u8)]"),
            get("debt_recovery_rates_1/period", 113, "0-0:19.20.1.255", 8, "u32"),
            get(
                "debt_recovery_rates_1/unit_charge_active#2",
                113,
                "0-0:19.20.1.255",
                5,
                "((i8, i8), (u16, os, i8), [(os, i16)])",
            ),
            get(
                "debt_recovery_rates_2/unit_charge_active",
                113,
                "0-0:19.20.2.255",
                5,
                "((i8, i8), (u16, os, i8), [(os, i16)])",
            ),
            get("debt_recovery_rates_2/period", 113, "0-0:19.20.2.255", 8, "u32"),
            get(
                "debt_recovery_rates_2/unit_charge_active#2",
                113,
                "0-0:19.20.2.255",
                5,
                "((i8, i8), (u16, os, i8), [(os, i16)])",
            ),
            get("debt_recovery_per_payment/proportion", 113, "0-0:19.20.3.255", 13, "u16"),
            get("max_credit_threshold/value_active", 9000, "0-0:94.44.2.10", 2, "i32"),
            get("0-0:16.0.1.255/thresholds", 21, "0-0:16.0.1.255", 2, "[i32]"),
            get("max_meter_balance/value_active", 9000, "0-0:94.44.2.20", 2, "i32"),
            get("0-0:19.0.0.255/m16", 111, "0-0:19.0.0.255", 16, "i32"),
            get("0-0:19.0.0.255/m18", 111, "0-0:19.0.0.255", 18, "u16"),
            get("0-0:19.0.0.255/m19", 111, "0-0:19.0.0.255", 19, "i32"),
            get("emergency_credit_balance/preset_credit_amount", 112, "0-0:19.10.1.255", 9, "i32"),
            get("emergency_credit_balance/credit_available_threshold", 112, "0-0:19.10.1.255", 10, "i32"),
            get(
                "0-0:12.0.1.255/entries",
                10,
                "0-0:12.0.1.255",
                2,
                "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]",
            ),
            get("0-0:19.0.0.255/credit_charge_configuration", 111, "0-0:19.0.0.255", 11, "[(os, os, bits)]"),
        ),
    ),
    # ECS27
    dlms(
        "ECS27",
        0x0042,
        (
            get("0-0:94.44.0.3/value_active", 9000, "0-0:94.44.0.3", 2, "bool"),
            get("0-0:94.44.42.255/value", 3, "0-0:94.44.42.255", 2, "u32"),
            get("0-0:94.44.42.255/scaler_unit", 3, "0-0:94.44.42.255", 3, "(i8, enum)"),
            get("0-0:17.0.0.255/threshold_normal", 71, "0-0:17.0.0.255", 4, "u32"),
            get("0-0:17.0.0.255/min_over_threshold_duration", 71, "0-0:17.0.0.255", 6, "u32"),
            get("0-0:17.0.0.255/min_under_threshold_duration", 71, "0-0:17.0.0.255", 7, "u32"),
        ),
    ),
    # ECS66
    dlms(
        "ECS66",
        0x0060,
        (
            protected_get(
                "daily_consumption_log", "0-0:43.2.4.255", (7, "0-0:99.1.3.255", 2), "{buffer: any}", ranged=True
            ),
        ),
    ),
    # ECS82
    dlms("ECS82", 0x0069, (get("meter_balance/current_credit_amount", 112, "0-0:19.10.0.255", 2, "i32"),)),
    # ECS23b
    dlms(
        "ECS23b",
        0x00BC,
        (
            get("1-0:32.32.0.4/value", 3, "1-0:32.32.0.4", 2, "u32"),
            get("1-0:32.32.0.4/scaler_unit", 3, "1-0:32.32.0.4", 3, "(i8, enum)"),
            get("1-0:32.36.0.4/value", 3, "1-0:32.36.0.4", 2, "u32"),
            get("1-0:32.36.0.4/scaler_unit", 3, "1-0:32.36.0.4", 3, "(i8, enum)"),
            get_range("1-0:32.24.0.255/buffer", 7, "1-0:32.24.0.255", 2),
            get("1-0:32.24.0.255/capture_period", 7, "1-0:32.24.0.255", 4, "u32"),
            get("1-0:52.32.0.4/value", 3, "1-0:52.32.0.4", 2, "u32"),
            get("1-0:52.32.0.4/scaler_unit", 3, "1-0:52.32.0.4", 3, "(i8, enum)"),
            get("1-0:52.36.0.4/value", 3, "1-0:52.36.0.4", 2, "u32"),
            get("1-0:52.36.0.4/scaler_unit", 3, "1-0:52.36.0.4", 3, "(i8, enum)"),
            get_range("1-0:52.24.0.255/buffer", 7, "1-0:52.24.0.255", 2),
            get("1-0:52.24.0.255/capture_period", 7, "1-0:52.24.0.255", 4, "u32"),
            get("1-0:72.32.0.4/value", 3, "1-0:72.32.0.4", 2, "u32"),
            get("1-0:72.32.0.4/scaler_unit", 3, "1-0:72.32.0.4", 3, "(i8, enum)"),
            get("1-0:72.36.0.4/value", 3, "1-0:72.36.0.4", 2, "u32"),
            get("1-0:72.36.0.4/scaler_unit", 3, "1-0:72.36.0.4", 3, "(i8, enum)"),
            get_range("1-0:72.24.0.255/buffer", 7, "1-0:72.24.0.255", 2),
            get("1-0:72.24.0.255/capture_period", 7, "1-0:72.24.0.255", 4, "u32"),
        ),
    ),
    # ECS24b
    dlms(
        "ECS24b",
        0x00BD,
        (
            get(
                "secondary_tariff_price_matrix/unit_charge_active",
                113,
                "0-0:19.20.5.255",
                5,
                "((i8, i8), (u16, os, i8), [(os, i16)])",
            ),
            get("0-0:94.44.1.8/value", 3, "0-0:94.44.1.8", 2, "u32"),
            get("0-0:94.44.1.8/scaler_unit", 3, "0-0:94.44.1.8", 3, "(i8, enum)"),
            get("0-0:11.0.1.255/entries", 11, "0-0:11.0.1.255", 2, "[(u16, os, u8)]"),
            get("tariff_switching_table_secondary/season_profile_active", 20, "0-0:13.0.1.255", 3, "[(os, dt, os)]"),
            get(
                "tariff_switching_table_secondary/week_profile_table_active",
                20,
                "0-0:13.0.1.255",
                4,
                "[(os, u8, u8, u8, u8, u8, u8, u8)]",
            ),
            get(
                "tariff_switching_table_secondary/day_profile_table_active",
                20,
                "0-0:13.0.1.255",
                5,
                "[(u8, [(os, os, u16)])]",
            ),
        ),
    ),
    # ECS20d
    dlms("ECS20d", 0x00C9, (get_range("0-0:98.1.5.255/buffer", 7, "0-0:98.1.5.255", 2),)),
)
