"""ESME and Communications Hub Use Cases carried as DLMS COSEM: the operations each performs.

One declaration per Use Case: the COSEM attributes it sets or gets and the methods it invokes,
in GBCS's order, with the shape of each value (see :mod:`.shapes`). Operation names are the
COSEM object (its GBCS name where we give one, else its OBIS code) and the attribute or method.
Operations RTDS shows only in some variants of a Use Case are optional. Profile and log reads
(get with a range selection) return DLMS compact arrays, kept typed.
"""

from __future__ import annotations

from . import register
from .dlms_engine import DlmsUseCase, action, get, get_range, protected_get, set_

# ECS17b: active and reactive import energy with their scaler-units; a twin element meter adds
# the secondary element's active import.
IMPORT_REGISTERS = (
    "{registers: {active_import: u32, active_import_scaler_unit: {scaler: i8, unit: enum},"
    " reactive_import: u32, reactive_import_scaler_unit: {scaler: i8, unit: enum}, secondary_active_import?: u32}}"
)


def dlms(name: str, code: int, ops: tuple) -> DlmsUseCase:
    return DlmsUseCase(name, code, ops)


register(
    # CCS01
    dlms("CCS01", 0x0001, (
        action("chf_device_log/register_device", 104, "0-0:30.3.0.255", 1, "(os, enum, os, enum)"),
        set_("chf_device_log/join_timeout", 104, "0-0:30.3.0.255", 3, "u16"),
        set_("chf_device_log/enable_disable_joining", 104, "0-0:30.3.0.255", 2, "bool"),
    )),
    # CCS02
    dlms("CCS02", 0x0002, (
        action("chf_device_log/unregister_device", 104, "0-0:30.3.0.255", 2, "os"),
    )),
    # CCS03
    dlms("CCS03", 0x0003, (
        action("chf_device_log/restore_pan", 104, "0-0:30.3.0.255", 5, "(os, [(os, os)])"),
    )),
    # CCS05CCS04
    dlms("CCS05CCS04", 0x0004, (
        get("chf_device_log/active_devices", 104, "0-0:30.3.0.255", 4, "[(os, bits, i8, i8, i8, u8, u8, u8, dt, u8, u8, u8, u8, u8)]"),
    )),
    # CS01a
    dlms("CS01a", 0x0007, (
        action("top_up", 115, "0-0:19.40.0.255", 1, "os"),
    )),
    # ECS01a
    dlms("ECS01a", 0x0019, (
        set_("tariff_switching_table/season_profile_passive", 20, "0-0:13.0.0.255", 7, "[(os, dt, os)]"),
        set_("tariff_switching_table/week_profile_table_passive", 20, "0-0:13.0.0.255", 8, "[(os, u8, u8, u8, u8, u8, u8, u8)]"),
        set_("tariff_switching_table/day_profile_table_passive", 20, "0-0:13.0.0.255", 9, "[(u8, [(os, os, u16)])]"),
        set_("tariff_switching_table_special_days/entries", 11, "0-1:11.0.0.255", 2, "[(u16, os, u8)]"),
        set_("tariff_threshold_matrix_blocks_tou1/thresholds", 21, "0-0:16.1.11.255", 2, "[u32]"),
        set_("tariff_threshold_matrix_blocks_tou2/thresholds", 21, "0-0:16.1.12.255", 2, "[u32]"),
        set_("tariff_threshold_matrix_blocks_tou3/thresholds", 21, "0-0:16.1.13.255", 2, "[u32]"),
        set_("tariff_threshold_matrix_blocks_tou4/thresholds", 21, "0-0:16.1.14.255", 2, "[u32]"),
        set_("tariff_threshold_matrix_blocks_tou5/thresholds", 21, "0-0:16.1.15.255", 2, "[u32]"),
        set_("tariff_threshold_matrix_blocks_tou6/thresholds", 21, "0-0:16.1.16.255", 2, "[u32]"),
        set_("tariff_threshold_matrix_blocks_tou7/thresholds", 21, "0-0:16.1.17.255", 2, "[u32]"),
        set_("tariff_threshold_matrix_blocks_tou8/thresholds", 21, "0-0:16.1.18.255", 2, "[u32]"),
        set_("currency_unit/value_passive", 9000, "0-0:94.44.2.0", 4, "bool"),
        set_("standing_charge/unit_charge_passive", 113, "0-0:19.20.4.255", 6, "((i8, i8), (u16, os, i8), [(os, i16)])"),
        set_("tariff_block_price_matrix/unit_charge_passive", 113, "0-0:19.20.0.255", 6, "((i8, i8), (u16, os, i8), [(os, i16)])"),
        set_("tariff_switching_table/activate_passive_calendar_time", 20, "0-0:13.0.0.255", 10, "dt"),
        set_("tariff_switching_table_special_days_passive/activate_passive_value_time", 9000, "0-0:94.44.128.29", 6, "dt"),
        set_("currency_unit/activate_passive_value_time", 9000, "0-0:94.44.2.0", 6, "dt"),
        set_("standing_charge/unit_charge_activation_time", 113, "0-0:19.20.4.255", 7, "dt"),
        set_("tariff_block_price_matrix/unit_charge_activation_time", 113, "0-0:19.20.0.255", 7, "dt"),
        set_("tariff_threshold_matrix/activate_passive_value_time", 9000, "0-0:63.1.1.255", 6, "dt"),
    )),
    # ECS02
    dlms("ECS02", 0x001A, (
        set_("account/account_mode_and_status", 111, "0-1:19.0.0.255", 2, "(enum, enum)"),
        set_("account/credit_charge_configuration", 111, "0-1:19.0.0.255", 11, "[(os, os, bits)]"),
        set_("account/account_activation_time", 111, "0-1:19.0.0.255", 13, "dt"),
    )),
    # ECS03
    dlms("ECS03", 0x001B, (
        set_("account/account_mode_and_status", 111, "0-1:19.0.0.255", 2, "(enum, enum)"),
        set_("disablement_threshold/value_passive", 9000, "0-0:94.44.128.22", 4, "i32"),
        set_("account/credit_charge_configuration", 111, "0-1:19.0.0.255", 11, "[(os, os, bits)]"),
        set_("disablement_threshold/activate_passive_value_time", 9000, "0-0:94.44.128.22", 6, "dt"),
        set_("account/account_activation_time", 111, "0-1:19.0.0.255", 13, "dt"),
    )),
    # ECS04a
    dlms("ECS04a", 0x001C, (
        action("meter_balance/update_amount", 112, "0-0:19.10.0.255", 1, "i32"),
    )),
    # ECS05
    dlms("ECS05", 0x001D, (
        action("tariff_block_counter_matrix/execute", 9, "0-0:10.0.100.255", 1, "u16"),
    )),
    # ECS07
    dlms("ECS07", 0x001E, (
        set_("debt_recovery_rates_1/unit_charge_passive", 113, "0-0:19.20.1.255", 6, "((i8, i8), (u16, os, i8), [(os, i16)])"),
        set_("debt_recovery_rates_2/unit_charge_passive", 113, "0-0:19.20.2.255", 6, "((i8, i8), (u16, os, i8), [(os, i16)])"),
        set_("debt_recovery_per_payment/proportion", 113, "0-0:19.20.3.255", 13, "u16"),
        set_("debt_recovery_rates_1/period", 113, "0-0:19.20.1.255", 8, "u32"),
        set_("debt_recovery_rates_2/period", 113, "0-0:19.20.2.255", 8, "u32"),
        action("debt_recovery_rates_1/activate_passive_unit_charge", 113, "0-0:19.20.1.255", 2, "i8"),
        action("debt_recovery_rates_2/activate_passive_unit_charge", 113, "0-0:19.20.2.255", 2, "i8"),
        action("debt_recovery_per_payment/update_total_amount_remaining", 113, "0-0:19.20.3.255", 4, "i32"),
        action("debt_recovery_rates_1/update_total_amount_remaining", 113, "0-0:19.20.1.255", 4, "i32"),
        action("debt_recovery_rates_2/update_total_amount_remaining", 113, "0-0:19.20.2.255", 4, "i32"),
    )),
    # ECS08
    dlms("ECS08", 0x001F, (
        set_("non_disablement_calendar_special_days/entries", 11, "0-1:11.0.2.255", 2, "[(u16, os, u8)]"),
        set_("max_meter_balance/value_active", 9000, "0-0:94.44.2.20", 2, "i32"),
        set_("max_credit_threshold/value_passive", 9000, "0-0:94.44.2.10", 4, "i32"),
        set_("non_disablement_calendar/entries", 10, "0-1:12.0.1.255", 2, "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]"),
        set_("debt_recovery_rate_cap_amount/value_passive", 9000, "0-0:94.44.128.12", 4, "u16"),
        set_("debt_recovery_rate_cap_period/value_passive", 9000, "0-0:94.44.128.13", 4, "i32"),
        set_("low_credit_threshold/value_passive", 9000, "0-0:94.44.128.9", 4, "i32"),
        set_("emergency_credit_limit/value_passive", 9000, "0-0:94.44.128.2", 4, "i32"),
        set_("non_disablement_calendar_special_days_passive/activate_passive_value_time", 9000, "0-0:94.44.128.31", 6, "dt"),
        set_("emergency_credit_threshold/value_passive", 9000, "0-0:94.44.128.3", 4, "i32"),
        set_("max_meter_balance/activate_passive_value_time", 9000, "0-0:94.44.2.20", 6, "dt"),
        set_("max_credit_threshold/activate_passive_value_time", 9000, "0-0:94.44.2.10", 6, "dt"),
        set_("debt_recovery_rate_cap_amount/activate_passive_value_time", 9000, "0-0:94.44.128.12", 6, "dt"),
        set_("debt_recovery_rate_cap_period/activate_passive_value_time", 9000, "0-0:94.44.128.13", 6, "dt"),
        set_("low_credit_threshold/activate_passive_value_time", 9000, "0-0:94.44.128.9", 6, "dt"),
        set_("emergency_credit_limit/activate_passive_value_time", 9000, "0-0:94.44.128.2", 6, "dt"),
        set_("emergency_credit_threshold/activate_passive_value_time", 9000, "0-0:94.44.128.3", 6, "dt"),
        set_("non_disablement_calendar_passive/activate_passive_value_time", 9000, "0-0:94.44.128.28", 6, "dt"),
    )),
    # ECS09
    dlms("ECS09", 0x0020, (
        action("emergency_credit_balance/invoke_credit", 112, "0-0:19.10.1.255", 3, "i8"),
    )),
    # ECS10
    dlms("ECS10", 0x0021, (
        set_("supplier_message/value", 1, "0-2:96.13.1.255", 2, "os"),
    )),
    # ECS12
    dlms("ECS12", 0x0022, (
        set_("restrict_data_date_time/value", 1, "0-0:94.44.3.2", 2, "dt"),
    )),
    # ECS14
    dlms("ECS14", 0x0023, (
        set_("disable_privacy_pin_protection/value", 1, "0-0:94.44.3.1", 2, "os"),
    )),
    # ECS15a
    dlms("ECS15a", 0x0024, (
        action("event_log/reset", 7, "0-0:99.98.0.255", 1, "i8"),
    )),
    # ECS16
    dlms("ECS16", 0x0025, (
        set_("supplier_telephone_number/value_active", 9000, "0-0:96.13.0.255", 2, "os"),
        set_("supplier_name/value_active", 9000, "0-0:96.13.1.255", 2, "os"),
    )),
    # ECS17a
    dlms("ECS17a", 0x0026, (
        get("active_export_register/value", 3, "1-0:2.8.0.255", 2, "u32"),
        get("active_export_register/scaler_unit", 3, "1-0:2.8.0.255", 3, "(i8, enum)"),
        get("reactive_export_register/value", 3, "1-0:4.8.0.255", 2, "u32"),
        get("reactive_export_register/scaler_unit", 3, "1-0:4.8.0.255", 3, "(i8, enum)"),
    )),
    # ECS17b
    dlms("ECS17b", 0x0027, (
        protected_get("import_registers", "0-0:43.2.8.255", (1, "0-0:94.44.34.10", 2), IMPORT_REGISTERS),
    )),
    # ECS17c
    dlms("ECS17c", 0x0028, (
        get("0-0:94.44.34.20/value", 1, "0-0:94.44.34.20", 2, "(u32, (i8, enum), u32)"),
    )),
    # ECS17d
    dlms("ECS17d", 0x0029, (
        protected_get("tou_registers", "0-0:43.2.9.255", (1, "0-0:94.44.34.1", 2), "{registers: {tou: [u32], secondary_tou?: [u32]}}"),
    )),
    # ECS17e
    dlms("ECS17e", 0x002A, (
        protected_get("block_registers", "0-0:43.2.10.255", (1, "0-0:94.44.34.2", 2), "{registers: {tou_blocks: [u32]}}"),
    )),
    # ECS18a
    dlms("ECS18a", 0x002B, (
        get("0-0:94.44.5.2/value", 1, "0-0:94.44.5.2", 2, "dt"),
        get("1-0:2.6.0.255/value", 4, "1-0:2.6.0.255", 2, "u32"),
        get("1-0:2.6.0.255/scaler_unit", 4, "1-0:2.6.0.255", 3, "(i8, enum)"),
        get("1-0:2.6.0.255/capture_time", 4, "1-0:2.6.0.255", 5, "dt"),
    )),
    # ECS18b
    dlms("ECS18b", 0x002C, (
        get("0-0:94.44.5.0/value", 1, "0-0:94.44.5.0", 2, "dt"),
        get("0-0:94.44.5.1/value", 1, "0-0:94.44.5.1", 2, "dt"),
        get("1-0:1.6.0.255/value", 4, "1-0:1.6.0.255", 2, "u32"),
        get("1-0:1.6.0.255/scaler_unit", 4, "1-0:1.6.0.255", 3, "(i8, enum)"),
        get("1-0:1.6.0.255/capture_time", 4, "1-0:1.6.0.255", 5, "dt"),
        get("1-0:1.6.1.255/value", 4, "1-0:1.6.1.255", 2, "u32"),
        get("1-0:1.6.1.255/scaler_unit", 4, "1-0:1.6.1.255", 3, "(i8, enum)"),
        get("1-0:1.6.1.255/capture_time", 4, "1-0:1.6.1.255", 5, "dt"),
        get("0-0:12.0.0.255/entries", 10, "0-0:12.0.0.255", 2, "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]"),
    )),
    # ECS19
    dlms("ECS19", 0x002D, (
        protected_get("prepayment_registers", "0-0:43.2.1.255", (1, "0-0:94.44.34.30", 2), "{registers: (i32, i32, i32, i32, i32, i32)}"),
    )),
    # ECS20a
    dlms("ECS20a", 0x002E, (
        get_range("0-0:98.1.4.255/buffer", 7, "0-0:98.1.4.255", 2),
    )),
    # ECS20b
    dlms("ECS20b", 0x002F, (
        protected_get("billing_data_log", "0-0:43.2.3.255", (7, "0-0:98.1.2.255", 2), "{buffer: any}", ranged=True),
    )),
    # ECS20c
    dlms("ECS20c", 0x0030, (
        protected_get("billing_data_logs", "0-0:43.2.2.255", ((7, "0-0:98.1.0.255", 2), (7, "0-0:98.1.1.255", 2)), "{buffer: any, secondary_buffer: any}", ranged=True),
    )),
    # ECS21a
    dlms("ECS21a", 0x0033, (
        protected_get("daily_read_log", "0-0:43.2.5.255", (7, "0-0:98.1.9.255", 2), "{buffer: any}", ranged=True),
    )),
    # ECS21b
    dlms("ECS21b", 0x0034, (
        protected_get("prepayment_daily_read_log", "0-0:43.2.6.255", (7, "0-0:98.1.8.255", 2), "{buffer: any}", ranged=True),
    )),
    # ECS21c
    dlms("ECS21c", 0x0035, (
        get_range("0-0:98.1.10.255/buffer", 7, "0-0:98.1.10.255", 2),
    )),
    # ECS22a
    dlms("ECS22a", 0x0036, (
        get_range("0-0:99.1.1.255/buffer", 7, "0-0:99.1.1.255", 2),
    )),
    # ECS22b
    dlms("ECS22b", 0x0037, (
        protected_get("half_hour_profile", "0-0:43.2.7.255", (7, "0-0:99.1.0.255", 2), "{buffer: any}", ranged=True),
    )),
    # ECS22c
    dlms("ECS22c", 0x0038, (
        get_range("0-0:99.1.2.255/buffer", 7, "0-0:99.1.2.255", 2),
    )),
    # ECS23
    dlms("ECS23", 0x0039, (
        get("1-0:32.32.0.4/value", 3, "1-0:32.32.0.4", 2, "u32"),
        get("1-0:32.32.0.4/scaler_unit", 3, "1-0:32.32.0.4", 3, "(i8, enum)"),
        get("1-0:32.36.0.4/value", 3, "1-0:32.36.0.4", 2, "u32"),
        get("1-0:32.36.0.4/scaler_unit", 3, "1-0:32.36.0.4", 3, "(i8, enum)"),
        get_range("1-0:32.24.0.255/buffer", 7, "1-0:32.24.0.255", 2),
        get("1-0:32.24.0.255/capture_period", 7, "1-0:32.24.0.255", 4, "u32"),
    )),
    # ECS24
    dlms("ECS24", 0x003A, (
        get("0-0:94.44.1.7/value", 3, "0-0:94.44.1.7", 2, "u32"),
        get("0-0:94.44.1.7/scaler_unit", 3, "0-0:94.44.1.7", 3, "(i8, enum)"),
        get("tariff_switching_table/season_profile_active", 20, "0-0:13.0.0.255", 3, "[(os, dt, os)]"),
        get("tariff_switching_table/week_profile_table_active", 20, "0-0:13.0.0.255", 4, "[(os, u8, u8, u8, u8, u8, u8, u8)]"),
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
        get("standing_charge/unit_charge_active", 113, "0-0:19.20.4.255", 5, "((i8, i8), (u16, os, i8), [(os, i16)])"),
        get("tariff_block_price_matrix/unit_charge_active", 113, "0-0:19.20.0.255", 5, "((i8, i8), (u16, os, i8), [(os, i16)])"),
    )),
    # ECS26a
    dlms("ECS26a", 0x003B, (
        get("debt_recovery_rates_1/unit_charge_active", 113, "0-0:19.20.1.255", 5, "((i8, i8), (u16, os, i8), [(os, i16)])"),
        get("0-0:11.0.2.255/entries", 11, "0-0:11.0.2.255", 2, "[(u16, os, u8)]"),
        get("debt_recovery_rates_1/period", 113, "0-0:19.20.1.255", 8, "u32"),
        get("debt_recovery_rates_1/unit_charge_active#2", 113, "0-0:19.20.1.255", 5, "((i8, i8), (u16, os, i8), [(os, i16)])"),
        get("debt_recovery_rates_2/unit_charge_active", 113, "0-0:19.20.2.255", 5, "((i8, i8), (u16, os, i8), [(os, i16)])"),
        get("debt_recovery_rates_2/period", 113, "0-0:19.20.2.255", 8, "u32"),
        get("debt_recovery_rates_2/unit_charge_active#2", 113, "0-0:19.20.2.255", 5, "((i8, i8), (u16, os, i8), [(os, i16)])"),
        get("debt_recovery_per_payment/proportion", 113, "0-0:19.20.3.255", 13, "u16"),
        get("max_credit_threshold/value_active", 9000, "0-0:94.44.2.10", 2, "i32"),
        get("0-0:16.0.1.255/thresholds", 21, "0-0:16.0.1.255", 2, "[i32]"),
        get("max_meter_balance/value_active", 9000, "0-0:94.44.2.20", 2, "i32"),
        get("0-0:19.0.0.255/m16", 111, "0-0:19.0.0.255", 16, "i32"),
        get("0-0:19.0.0.255/m18", 111, "0-0:19.0.0.255", 18, "u16"),
        get("0-0:19.0.0.255/m19", 111, "0-0:19.0.0.255", 19, "i32"),
        get("emergency_credit_balance/preset_credit_amount", 112, "0-0:19.10.1.255", 9, "i32"),
        get("emergency_credit_balance/credit_available_threshold", 112, "0-0:19.10.1.255", 10, "i32"),
        get("0-0:12.0.1.255/entries", 10, "0-0:12.0.1.255", 2, "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]"),
        get("0-0:19.0.0.255/credit_charge_configuration", 111, "0-0:19.0.0.255", 11, "[(os, os, bits)]"),
    )),
    # ECS26b
    dlms("ECS26b", 0x003C, (
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
    )),
    # ECS26c
    dlms("ECS26c", 0x003D, (
        get("0-0:94.44.0.0/value", 1, "0-0:94.44.0.0", 2, "u16"),
        get("0-0:94.44.0.2/value", 1, "0-0:94.44.0.2", 2, "u16"),
        get("0-0:94.44.0.1/value", 1, "0-0:94.44.0.1", 2, "u16"),
    )),
    # ECS26d
    dlms("ECS26d", 0x003E, (
        get("0-0:15.0.0.255/execution_time", 22, "0-0:15.0.0.255", 4, "[(os, os)]"),
    )),
    # ECS26e
    dlms("ECS26e", 0x003F, (
        get("0-0:96.1.1.255/value", 1, "0-0:96.1.1.255", 2, "os"),
        get("0-0:96.1.2.255/value", 1, "0-0:96.1.2.255", 2, "os"),
        get("0-0:96.1.4.255/value", 1, "0-0:96.1.4.255", 2, "os"),
        get("0-0:96.1.6.255/value", 1, "0-0:96.1.6.255", 2, "os"),
        get("0-0:94.44.0.4/value", 1, "0-0:94.44.0.4", 2, "bool"),
    )),
    # ECS26f
    dlms("ECS26f", 0x0040, (
        get("0-0:16.0.0.255/thresholds", 21, "0-0:16.0.0.255", 2, "[u32]"),
    )),
    # ECS27
    dlms("ECS27", 0x0042, (
        get("0-0:94.44.0.3/value_active", 9000, "0-0:94.44.0.3", 2, "bool"),
        get("0-0:94.44.42.255/value", 3, "0-0:94.44.42.255", 2, "u32"),
        get("0-0:94.44.42.255/scaler_unit", 3, "0-0:94.44.42.255", 3, "(i8, enum)"),
        get("0-0:17.0.0.255/threshold_normal", 71, "0-0:17.0.0.255", 4, "u32"),
        get("0-0:17.0.0.255/min_over_threshold_duration", 71, "0-0:17.0.0.255", 6, "u32"),
        get("0-0:17.0.0.255/min_under_threshold_duration", 71, "0-0:17.0.0.255", 7, "u32"),
    )),
    # ECS28a
    dlms("ECS28a", 0x0043, (
        set_("0-0:94.44.0.3/value_passive", 9000, "0-0:94.44.0.3", 4, "bool"),
        set_("0-0:94.44.128.7/value_passive", 9000, "0-0:94.44.128.7", 4, "u32"),
        set_("0-0:94.44.128.6/value_passive", 9000, "0-0:94.44.128.6", 4, "u32"),
        set_("0-0:94.44.128.8/value_passive", 9000, "0-0:94.44.128.8", 4, "u32"),
        set_("0-0:94.44.0.3/activate_passive_value_time", 9000, "0-0:94.44.0.3", 6, "dt"),
        set_("0-0:94.44.128.7/activate_passive_value_time", 9000, "0-0:94.44.128.7", 6, "dt"),
        set_("0-0:94.44.128.6/activate_passive_value_time", 9000, "0-0:94.44.128.6", 6, "dt"),
        set_("0-0:94.44.128.8/activate_passive_value_time", 9000, "0-0:94.44.128.8", 6, "dt"),
    )),
    # ECS28b
    dlms("ECS28b", 0x0044, (
        action("0-0:94.44.42.255/m1", 3, "0-0:94.44.42.255", 1, "i8"),
    )),
    # ECS29a
    dlms("ECS29a", 0x0045, (
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
    )),
    # ECS30
    dlms("ECS30", 0x0046, (
        set_("0-0:15.0.0.255/execution_time", 22, "0-0:15.0.0.255", 4, "[(os, os)]"),
    )),
    # ECS34
    dlms("ECS34", 0x0047, (
        set_("0-0:16.0.0.255/thresholds", 21, "0-0:16.0.0.255", 2, "[u32]"),
    )),
    # ECS35a
    dlms("ECS35a", 0x0048, (
        get_range("event_log/buffer", 7, "0-0:99.98.0.255", 2),
    )),
    # ECS35b
    dlms("ECS35b", 0x0049, (
        get_range("security_log/buffer", 7, "0-0:99.98.1.255", 2),
    )),
    # ECS37
    dlms("ECS37", 0x004A, (
        set_("0-0:12.0.0.255/entries", 10, "0-0:12.0.0.255", 2, "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]"),
    )),
    # ECS38
    dlms("ECS38", 0x004B, (
        set_("0-0:94.44.0.1/value", 1, "0-0:94.44.0.1", 2, "u16"),
    )),
    # ECS39a
    dlms("ECS39a", 0x004C, (
        set_("0-0:94.44.34.11/value", 1, "0-0:94.44.34.11", 2, "os"),
    )),
    # ECS39b
    dlms("ECS39b", 0x004D, (
        set_("1-0:0.0.2.255/value", 1, "1-0:0.0.2.255", 2, "os"),
    )),
    # ECS40
    dlms("ECS40", 0x004E, (
        get("0-0:94.44.34.11/value", 1, "0-0:94.44.34.11", 2, "os"),
        get("1-0:0.0.2.255/value", 1, "1-0:0.0.2.255", 2, "os"),
    )),
    # ECS42
    dlms("ECS42", 0x004F, (
        action("0-0:10.0.106.255/execute", 9, "0-0:10.0.106.255", 1, "u16"),
    )),
    # ECS43
    dlms("ECS43", 0x0050, (
        action("0-0:10.0.106.255/execute", 9, "0-0:10.0.106.255", 1, "u16"),
    )),
    # ECS44
    dlms("ECS44", 0x0051, (
        action("0-0:10.0.106.255/execute", 9, "0-0:10.0.106.255", 1, "u16"),
    )),
    # ECS45
    dlms("ECS45", 0x0052, (
        get("supply/control_state", 70, "0-0:96.3.10.255", 3, "enum"),
    )),
    # ECS46a
    dlms("ECS46a", 0x0053, (
        set_("0-0:94.44.0.11/value", 1, "0-0:94.44.0.11", 2, "str", optional=True),
        set_("0-0:94.44.0.12/value", 1, "0-0:94.44.0.12", 2, "str"),
        set_("0-0:94.44.0.13/value", 1, "0-0:94.44.0.13", 2, "str"),
        set_("0-0:94.44.0.14/value", 1, "0-0:94.44.0.14", 2, "str"),
        set_("0-0:94.44.0.15/value", 1, "0-0:94.44.0.15", 2, "str", optional=True),
    )),
    # ECS46c
    dlms("ECS46c", 0x0054, (
        set_("0-0:94.44.0.21/value", 1, "0-0:94.44.0.21", 2, "os"),
        set_("0-0:94.44.0.22/value", 1, "0-0:94.44.0.22", 2, "os"),
        set_("0-0:94.44.0.23/value", 1, "0-0:94.44.0.23", 2, "os", optional=True),
        set_("0-0:94.44.0.24/value", 1, "0-0:94.44.0.24", 2, "os", optional=True),
        set_("0-0:94.44.0.25/value", 1, "0-0:94.44.0.25", 2, "os", optional=True),
        set_("0-1:11.0.3.255/entries", 11, "0-1:11.0.3.255", 2, "[(u16, os, u8)]"),
        set_("0-1:12.0.2.255/entries", 10, "0-1:12.0.2.255", 2, "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]"),
        set_("0-0:94.44.128.26/activate_passive_value_time", 9000, "0-0:94.44.128.26", 6, "dt"),
        set_("0-0:94.44.128.35/activate_passive_value_time", 9000, "0-0:94.44.128.35", 6, "dt"),
    )),
    # ECS47
    dlms("ECS47", 0x0055, (
        set_("0-0:94.44.119.2/value", 1, "0-0:94.44.119.2", 2, "u16", optional=True),
        set_("0-0:94.44.117.1/value", 1, "0-0:94.44.117.1", 2, "u16", optional=True),
        action("0-0:10.0.103.255/execute", 9, "0-0:10.0.103.255", 1, "u16"),
    )),
    # ECS50
    dlms("ECS50", 0x0058, (
        set_("0-3:96.13.1.255/value", 1, "0-3:96.13.1.255", 2, "os"),
    )),
    # ECS52
    dlms("ECS52", 0x0059, (
        get("0-0:0.2.1.255/value", 1, "0-0:0.2.1.255", 2, "os"),
    )),
    # ECS57
    dlms("ECS57", 0x005A, (
        action("1-0:1.6.0.255/m1", 4, "1-0:1.6.0.255", 1, "i8", optional=True),
        action("1-0:1.6.1.255/m1", 4, "1-0:1.6.1.255", 1, "i8"),
        action("1-0:2.6.0.255/m1", 4, "1-0:2.6.0.255", 1, "i8", optional=True),
    )),
    # ECS61c
    dlms("ECS61c", 0x005E, (
        get("0-0:94.44.7.255/value", 1, "0-0:94.44.7.255", 2, "bool"),
        get_range("0-0:99.98.20.255/buffer", 7, "0-0:99.98.20.255", 2),
        get("0-0:94.44.6.1/value", 1, "0-0:94.44.6.1", 2, "bool"),
        get("0-0:94.44.6.2/value", 1, "0-0:94.44.6.2", 2, "bool"),
        get("0-0:94.44.6.3/value", 1, "0-0:94.44.6.3", 2, "bool"),
        get("0-0:94.44.6.4/value", 1, "0-0:94.44.6.4", 2, "bool"),
        get("0-0:94.44.6.5/value", 1, "0-0:94.44.6.5", 2, "bool"),
    )),
    # ECS62
    dlms("ECS62", 0x005F, (
        set_("0-0:94.44.6.1/value", 1, "0-0:94.44.6.1", 2, "bool"),
        set_("0-0:94.44.6.2/value", 1, "0-0:94.44.6.2", 2, "bool"),
        set_("0-0:94.44.6.3/value", 1, "0-0:94.44.6.3", 2, "bool"),
        set_("0-0:94.44.6.4/value", 1, "0-0:94.44.6.4", 2, "bool"),
        set_("0-0:94.44.6.5/value", 1, "0-0:94.44.6.5", 2, "bool"),
    )),
    # ECS66
    dlms("ECS66", 0x0060, (
        protected_get("daily_consumption_log", "0-0:43.2.4.255", (7, "0-0:99.1.3.255", 2), "{buffer: any}", ranged=True),
    )),
    # ECS70
    dlms("ECS70", 0x0062, (
        set_("clock/clock_base", 8, "0-0:1.0.0.255", 9, "enum"),
        action("clock/preset_adjusting_time", 8, "0-0:1.0.0.255", 5, "(dt, dt, dt)"),
        action("clock/adjust_to_preset_time", 8, "0-0:1.0.0.255", 4, "i8"),
        get("clock/time", 8, "0-0:1.0.0.255", 2, "dt"),
        get("clock/status", 8, "0-0:1.0.0.255", 4, "u8"),
    )),
    # ECS81
    dlms("ECS81", 0x0068, (
        set_("0-0:94.44.0.4/value", 1, "0-0:94.44.0.4", 2, "bool"),
    )),
    # ECS82
    dlms("ECS82", 0x0069, (
        get("meter_balance/current_credit_amount", 112, "0-0:19.10.0.255", 2, "i32"),
    )),
    # ECS26i
    dlms("ECS26i", 0x0092, (
        get("0-0:96.1.1.255/value", 1, "0-0:96.1.1.255", 2, "os"),
        get("0-0:96.1.4.255/value", 1, "0-0:96.1.4.255", 2, "os"),
        get("0-0:96.1.6.255/value", 1, "0-0:96.1.6.255", 2, "os"),
    )),
    # ECS35c
    dlms("ECS35c", 0x0093, (
        get_range("event_log/buffer", 7, "0-0:99.98.0.255", 2),
    )),
    # ECS35d
    dlms("ECS35d", 0x0094, (
        get_range("security_log/buffer", 7, "0-0:99.98.1.255", 2),
    )),
    # ECS01b
    dlms("ECS01b", 0x00A2, (
        set_("standing_charge/unit_charge_passive", 113, "0-0:19.20.4.255", 6, "((i8, i8), (u16, os, i8), [(os, i16)])"),
        set_("tariff_block_price_matrix/unit_charge_passive", 113, "0-0:19.20.0.255", 6, "((i8, i8), (u16, os, i8), [(os, i16)])"),
        set_("standing_charge/unit_charge_activation_time", 113, "0-0:19.20.4.255", 7, "dt"),
        set_("tariff_block_price_matrix/unit_charge_activation_time", 113, "0-0:19.20.0.255", 7, "dt"),
    )),
    # ECS25a
    dlms("ECS25a", 0x00AC, (
        set_("0-30:97.98.11.255/value", 1, "0-30:97.98.11.255", 2, "bits"),
    )),
    # ECS29b
    dlms("ECS29b", 0x00AE, (
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
    )),
    # ECS25b
    dlms("ECS25b", 0x00B0, (
        set_("0-33:97.98.11.255/value", 1, "0-33:97.98.11.255", 2, "bits"),
    )),
    # ECS04b
    dlms("ECS04b", 0x00B3, (
        action("meter_balance/set_amount_to_value", 112, "0-0:19.10.0.255", 2, "i32"),
        action("emergency_credit_balance/set_amount_to_value", 112, "0-0:19.10.1.255", 2, "i32"),
        action("accumulated_debt_register/set_amount_to_value", 112, "0-0:19.10.2.255", 2, "i32"),
    )),
    # ECS01c
    dlms("ECS01c", 0x00B7, (
        set_("secondary_tariff_price_matrix/unit_charge_passive", 113, "0-0:19.20.5.255", 6, "((i8, i8), (u16, os, i8), [(os, i16)])"),
        set_("tariff_switching_table_secondary/season_profile_passive", 20, "0-0:13.0.1.255", 7, "[(os, dt, os)]"),
        set_("tariff_switching_table_secondary/week_profile_table_passive", 20, "0-0:13.0.1.255", 8, "[(os, u8, u8, u8, u8, u8, u8, u8)]"),
        set_("tariff_switching_table_secondary/day_profile_table_passive", 20, "0-0:13.0.1.255", 9, "[(u8, [(os, os, u16)])]"),
        set_("tariff_switching_table_secondary_special_days/entries", 11, "0-1:11.0.1.255", 2, "[(u16, os, u8)]"),
        set_("tariff_switching_table_secondary/activate_passive_calendar_time", 20, "0-0:13.0.1.255", 10, "dt"),
        set_("secondary_tariff_price_matrix/unit_charge_activation_time", 113, "0-0:19.20.5.255", 7, "dt"),
        set_("secondary_special_days_passive/activate_passive_value_time", 9000, "0-0:94.44.128.30", 6, "dt"),
    )),
    # ECS35e
    dlms("ECS35e", 0x00B9, (
        get_range("0-0:99.98.4.255/buffer", 7, "0-0:99.98.4.255", 2),
    )),
    # ECS35f
    dlms("ECS35f", 0x00BA, (
        get_range("0-17:99.98.2.255/buffer", 7, "0-17:99.98.2.255", 2),
    )),
    # ECS61a
    dlms("ECS61a", 0x00BB, (
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
        get("0-0:12.0.2.255/entries", 10, "0-0:12.0.2.255", 2, "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]"),
        get("0-1:96.3.10.255/output_state", 70, "0-1:96.3.10.255", 2, "bool"),
        get("0-2:96.3.10.255/output_state", 70, "0-2:96.3.10.255", 2, "bool"),
        get("0-3:96.3.10.255/output_state", 70, "0-3:96.3.10.255", 2, "bool"),
        get("0-4:96.3.10.255/output_state", 70, "0-4:96.3.10.255", 2, "bool"),
        get("0-5:96.3.10.255/output_state", 70, "0-5:96.3.10.255", 2, "bool"),
    )),
    # ECS23b
    dlms("ECS23b", 0x00BC, (
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
    )),
    # ECS24b
    dlms("ECS24b", 0x00BD, (
        get("secondary_tariff_price_matrix/unit_charge_active", 113, "0-0:19.20.5.255", 5, "((i8, i8), (u16, os, i8), [(os, i16)])"),
        get("0-0:94.44.1.8/value", 3, "0-0:94.44.1.8", 2, "u32"),
        get("0-0:94.44.1.8/scaler_unit", 3, "0-0:94.44.1.8", 3, "(i8, enum)"),
        get("0-0:11.0.1.255/entries", 11, "0-0:11.0.1.255", 2, "[(u16, os, u8)]"),
        get("tariff_switching_table_secondary/season_profile_active", 20, "0-0:13.0.1.255", 3, "[(os, dt, os)]"),
        get("tariff_switching_table_secondary/week_profile_table_active", 20, "0-0:13.0.1.255", 4, "[(os, u8, u8, u8, u8, u8, u8, u8)]"),
        get("tariff_switching_table_secondary/day_profile_table_active", 20, "0-0:13.0.1.255", 5, "[(u8, [(os, os, u16)])]"),
    )),
    # ECS26j
    dlms("ECS26j", 0x00BE, (
        get("0-0:19.0.0.255/account_mode_and_status", 111, "0-0:19.0.0.255", 2, "(enum, enum)"),
    )),
    # ECS15c
    dlms("ECS15c", 0x00C1, (
        action("0-17:99.98.2.255/reset", 7, "0-17:99.98.2.255", 1, "i8"),
    )),
    # ECS26k
    dlms("ECS26k", 0x00C6, (
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
    )),
    # ECS01d
    dlms("ECS01d", 0x00C7, (
        set_("secondary_tariff_price_matrix/unit_charge_passive", 113, "0-0:19.20.5.255", 6, "((i8, i8), (u16, os, i8), [(os, i16)])"),
        set_("secondary_tariff_price_matrix/unit_charge_activation_time", 113, "0-0:19.20.5.255", 7, "dt"),
    )),
    # ECS20d
    dlms("ECS20d", 0x00C9, (
        get_range("0-0:98.1.5.255/buffer", 7, "0-0:98.1.5.255", 2),
    )),
    # ECS29c
    dlms("ECS29c", 0x00D1, (
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
    )),
    # ECS29d
    dlms("ECS29d", 0x00D2, (
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
    )),
    # ECS29e
    dlms("ECS29e", 0x00D3, (
        action("1-0:32.32.0.4/m1", 3, "1-0:32.32.0.4", 1, "i8"),
        action("1-0:32.36.0.4/m1", 3, "1-0:32.36.0.4", 1, "i8"),
    )),
    # ECS29f
    dlms("ECS29f", 0x00D4, (
        action("1-0:32.32.0.4/m1", 3, "1-0:32.32.0.4", 1, "i8"),
        action("1-0:32.36.0.4/m1", 3, "1-0:32.36.0.4", 1, "i8"),
        action("1-0:52.32.0.4/m1", 3, "1-0:52.32.0.4", 1, "i8"),
        action("1-0:52.36.0.4/m1", 3, "1-0:52.36.0.4", 1, "i8"),
        action("1-0:72.32.0.4/m1", 3, "1-0:72.32.0.4", 1, "i8"),
        action("1-0:72.36.0.4/m1", 3, "1-0:72.36.0.4", 1, "i8"),
    )),
    # ECS30a
    dlms("ECS30a", 0x00D7, (
        set_("0-0:15.0.0.255/execution_time", 22, "0-0:15.0.0.255", 4, "[(os, os)]"),
    )),
    # ECS26l
    dlms("ECS26l", 0x00D9, (
        get("0-0:15.0.0.255/execution_time", 22, "0-0:15.0.0.255", 4, "[(os, os)]"),
    )),
    # ECS48
    dlms("ECS48", 0x00DB, (
        set_("0-0:15.1.0.255/execution_time", 22, "0-0:15.1.0.255", 4, "[(os, os)]"),
    )),
    # ECS08a
    dlms("ECS08a", 0x00DE, (
        set_("non_disablement_calendar_special_days/entries", 11, "0-1:11.0.2.255", 2, "[(u16, os, u8)]"),
        set_("max_meter_balance/value_passive", 9000, "0-0:94.44.2.20", 4, "i32"),
        set_("max_credit_threshold/value_passive", 9000, "0-0:94.44.2.10", 4, "i32"),
        set_("non_disablement_calendar/entries", 10, "0-1:12.0.1.255", 2, "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]"),
        set_("debt_recovery_rate_cap_amount/value_passive", 9000, "0-0:94.44.128.12", 4, "u16"),
        set_("debt_recovery_rate_cap_period/value_passive", 9000, "0-0:94.44.128.13", 4, "i32"),
        set_("low_credit_threshold/value_passive", 9000, "0-0:94.44.128.9", 4, "i32"),
        set_("emergency_credit_limit/value_passive", 9000, "0-0:94.44.128.2", 4, "i32"),
        set_("non_disablement_calendar_special_days_passive/activate_passive_value_time", 9000, "0-0:94.44.128.31", 6, "dt"),
        set_("emergency_credit_threshold/value_passive", 9000, "0-0:94.44.128.3", 4, "i32"),
        set_("max_meter_balance/activate_passive_value_time", 9000, "0-0:94.44.2.20", 6, "dt"),
        set_("max_credit_threshold/activate_passive_value_time", 9000, "0-0:94.44.2.10", 6, "dt"),
        set_("debt_recovery_rate_cap_amount/activate_passive_value_time", 9000, "0-0:94.44.128.12", 6, "dt"),
        set_("debt_recovery_rate_cap_period/activate_passive_value_time", 9000, "0-0:94.44.128.13", 6, "dt"),
        set_("low_credit_threshold/activate_passive_value_time", 9000, "0-0:94.44.128.9", 6, "dt"),
        set_("emergency_credit_limit/activate_passive_value_time", 9000, "0-0:94.44.128.2", 6, "dt"),
        set_("emergency_credit_threshold/activate_passive_value_time", 9000, "0-0:94.44.128.3", 6, "dt"),
        set_("non_disablement_calendar_passive/activate_passive_value_time", 9000, "0-0:94.44.128.28", 6, "dt"),
    )),
    # ECS25a1
    dlms("ECS25a1", 0x00EA, (
        set_("0-30:97.98.12.255/value", 1, "0-30:97.98.12.255", 2, "bits"),
    )),
    # ECS25a2
    dlms("ECS25a2", 0x00EB, (
        set_("0-30:97.98.13.255/value", 1, "0-30:97.98.13.255", 2, "bits"),
    )),
    # ECS25a3
    dlms("ECS25a3", 0x00EC, (
        set_("0-30:97.98.14.255/value", 1, "0-30:97.98.14.255", 2, "bits"),
    )),
    # ECS25b3
    dlms("ECS25b3", 0x00ED, (
        set_("0-33:97.98.14.255/value", 1, "0-33:97.98.14.255", 2, "bits"),
    )),
    # ECS25r1
    dlms("ECS25r1", 0x00EE, (
        get("0-30:97.98.15.255/value", 1, "0-30:97.98.15.255", 2, "bits"),
        get("0-30:97.98.16.255/value", 1, "0-30:97.98.16.255", 2, "bits"),
        get("0-30:97.98.17.255/value", 1, "0-30:97.98.17.255", 2, "bits"),
        get("0-30:97.98.18.255/value", 1, "0-30:97.98.18.255", 2, "bits"),
    )),
    # ECS25r2
    dlms("ECS25r2", 0x00EF, (
        get("0-33:97.98.15.255/value", 1, "0-33:97.98.15.255", 2, "bits"),
        get("0-33:97.98.18.255/value", 1, "0-33:97.98.18.255", 2, "bits"),
    )),
    # ECS26m
    dlms("ECS26m", 0x00F9, (
        get("0-0:96.1.2.255/value", 1, "0-0:96.1.2.255", 2, "os"),
        get("0-0:96.1.4.255/value", 1, "0-0:96.1.4.255", 2, "os"),
        get("0-0:96.1.6.255/value", 1, "0-0:96.1.6.255", 2, "os"),
        get("0-0:94.44.0.4/value", 1, "0-0:94.44.0.4", 2, "bool"),
    )),
    # ECS26n
    dlms("ECS26n", 0x00FA, (
        get("0-0:96.1.4.255/value", 1, "0-0:96.1.4.255", 2, "os"),
        get("0-0:96.1.6.255/value", 1, "0-0:96.1.6.255", 2, "os"),
    )),
    # ECS35g
    dlms("ECS35g", 0x00FD, (
        get_range("0-17:99.98.2.255/buffer", 7, "0-17:99.98.2.255", 2),
    )),
    # CCS07
    dlms("CCS07", 0x00FE, (
        action("chf_device_log/backup_pan", 104, "0-0:30.3.0.255", 4, "null", "(dt, os, [(os, os)])"),
        action("0-0:30.3.1.255/backup_pan", 104, "0-0:30.3.1.255", 4, "null", "(dt, os, [(os, os)])"),
    )),
    # DBCH01
    dlms("DBCH01", 0x010A, (
        get("0-0:94.44.10.2/value", 1, "0-0:94.44.10.2", 2, "bits"),
    )),
    # DBCH02
    dlms("DBCH02", 0x010B, (
        get_range("0-0:94.44.10.3/buffer", 7, "0-0:94.44.10.3", 2),
    )),
    # DBCH03
    dlms("DBCH03", 0x010C, (
        get("0-0:94.44.10.0/value", 1, "0-0:94.44.10.0", 2, "(bits, bits, bits, bits, u16, u16, u8, u16, u8, u8, u16, u8, u16, u16, u16)"),
    )),
    # DBCH04
    dlms("DBCH04", 0x010D, (
        set_("0-0:94.44.10.0/value", 1, "0-0:94.44.10.0", 2, "(bits, bits, bits, bits, u16, u16, u8, u16, u8, u8, u16, u8, u16, u16, u16)"),
    )),
    # DBCH05
    dlms("DBCH05", 0x010E, (
        set_("0-0:94.44.10.1/value", 1, "0-0:94.44.10.1", 2, "u8"),
    )),
    # CCS06
    dlms("CCS06", 0x010F, (
        get("chf_device_log/active_devices", 104, "0-0:30.3.0.255", 4, "[(os, bits, i8, i8, i8, u8, u8, u8, dt, u8, u8, u8, u8, u8)]"),
    )),
    # ECS46d
    dlms("ECS46d", 0x011A, (
        set_("0-1:11.0.3.255/entries", 11, "0-1:11.0.3.255", 2, "[(u16, os, u8)]"),
        set_("0-1:12.0.2.255/entries", 10, "0-1:12.0.2.255", 2, "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]"),
        set_("0-0:94.44.128.26/activate_passive_value_time", 9000, "0-0:94.44.128.26", 6, "dt"),
        set_("0-0:94.44.128.35/activate_passive_value_time", 9000, "0-0:94.44.128.35", 6, "dt"),
    )),
    # ECS61d
    dlms("ECS61d", 0x011C, (
        get("0-0:94.44.0.11/value", 1, "0-0:94.44.0.11", 2, "str"),
        get("0-0:94.44.0.12/value", 1, "0-0:94.44.0.12", 2, "str"),
        get("0-0:94.44.0.13/value", 1, "0-0:94.44.0.13", 2, "str"),
        get("0-0:94.44.0.14/value", 1, "0-0:94.44.0.14", 2, "str"),
        get("0-0:94.44.0.15/value", 1, "0-0:94.44.0.15", 2, "str"),
        get("0-0:11.0.3.255/entries", 11, "0-0:11.0.3.255", 2, "[(u16, os, u8)]"),
        get("0-0:12.0.2.255/entries", 10, "0-0:12.0.2.255", 2, "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]"),
    )),
    # ECS61e
    dlms("ECS61e", 0x011D, (
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
    )),
    # ECS47a
    dlms("ECS47a", 0x011E, (
        set_("0-0:94.44.119.1/value", 1, "0-0:94.44.119.1", 2, "dt", optional=True),
        set_("0-0:94.44.119.2/value", 1, "0-0:94.44.119.2", 2, "dt", optional=True),
        set_("0-0:94.44.117.1/value", 1, "0-0:94.44.117.1", 2, "dt", optional=True),
        set_("0-0:94.44.117.2/value", 1, "0-0:94.44.117.2", 2, "dt", optional=True),
        set_("0-0:94.44.121.1/value", 1, "0-0:94.44.121.1", 2, "dt", optional=True),
        set_("0-0:94.44.121.2/value", 1, "0-0:94.44.121.2", 2, "dt", optional=True),
        action("0-0:10.0.103.255/execute", 9, "0-0:10.0.103.255", 1, "u16"),
    )),
    # ECS47e
    dlms("ECS47e", 0x011F, (
        set_("0-0:94.44.121.3/value", 1, "0-0:94.44.121.3", 2, "dt", optional=True),
        set_("0-0:94.44.121.4/value", 1, "0-0:94.44.121.4", 2, "dt", optional=True),
        set_("0-0:94.44.119.3/value", 1, "0-0:94.44.119.3", 2, "dt", optional=True),
        set_("0-0:94.44.119.4/value", 1, "0-0:94.44.119.4", 2, "dt", optional=True),
        action("0-0:10.0.107.255/execute", 9, "0-0:10.0.107.255", 1, "u16"),
    )),
)  # fmt: skip
