"""ESME tariff, price and prepayment Use Cases (SRVs 1.x and 2.x) carried as DLMS COSEM.

One declaration per Use Case: the COSEM attributes it sets or gets and the methods it invokes,
in GBCS's order, with the shape of each value (see :mod:`.shapes`). Operation names are the
COSEM object (its GBCS name where we give one, else its OBIS code) and the attribute or method.
Operations RTDS shows only in some variants of a Use Case are optional.
"""

from __future__ import annotations

from . import register
from .dlms_engine import DlmsUseCase, action, set_


def dlms(name: str, code: int, ops: tuple) -> DlmsUseCase:
    return DlmsUseCase(name, code, ops)


register(
    # CS01a
    dlms("CS01a", 0x0007, (action("top_up", 115, "0-0:19.40.0.255", 1, "os"),)),
    # ECS01a
    dlms(
        "ECS01a",
        0x0019,
        (
            set_("tariff_switching_table/season_profile_passive", 20, "0-0:13.0.0.255", 7, "[(os, dt, os)]"),
            set_(
                "tariff_switching_table/week_profile_table_passive",
                20,
                "0-0:13.0.0.255",
                8,
                "[(os, u8, u8, u8, u8, u8, u8, u8)]",
            ),
            set_(
                "tariff_switching_table/day_profile_table_passive", 20, "0-0:13.0.0.255", 9, "[(u8, [(os, os, u16)])]"
            ),
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
            set_(
                "standing_charge/unit_charge_passive",
                113,
                "0-0:19.20.4.255",
                6,
                "((i8, i8), (u16, os, i8), [(os, i16)])",
            ),
            set_(
                "tariff_block_price_matrix/unit_charge_passive",
                113,
                "0-0:19.20.0.255",
                6,
                "((i8, i8), (u16, os, i8), [(os, i16)])",
            ),
            set_("tariff_switching_table/activate_passive_calendar_time", 20, "0-0:13.0.0.255", 10, "dt"),
            set_(
                "tariff_switching_table_special_days_passive/activate_passive_value_time",
                9000,
                "0-0:94.44.128.29",
                6,
                "dt",
            ),
            set_("currency_unit/activate_passive_value_time", 9000, "0-0:94.44.2.0", 6, "dt"),
            set_("standing_charge/unit_charge_activation_time", 113, "0-0:19.20.4.255", 7, "dt"),
            set_("tariff_block_price_matrix/unit_charge_activation_time", 113, "0-0:19.20.0.255", 7, "dt"),
            set_("tariff_threshold_matrix/activate_passive_value_time", 9000, "0-0:63.1.1.255", 6, "dt"),
        ),
    ),
    # ECS02
    dlms(
        "ECS02",
        0x001A,
        (
            set_("account/account_mode_and_status", 111, "0-1:19.0.0.255", 2, "(enum, enum)"),
            set_("account/credit_charge_configuration", 111, "0-1:19.0.0.255", 11, "[(os, os, bits)]"),
            set_("account/account_activation_time", 111, "0-1:19.0.0.255", 13, "dt"),
        ),
    ),
    # ECS03
    dlms(
        "ECS03",
        0x001B,
        (
            set_("account/account_mode_and_status", 111, "0-1:19.0.0.255", 2, "(enum, enum)"),
            set_("disablement_threshold/value_passive", 9000, "0-0:94.44.128.22", 4, "i32"),
            set_("account/credit_charge_configuration", 111, "0-1:19.0.0.255", 11, "[(os, os, bits)]"),
            set_("disablement_threshold/activate_passive_value_time", 9000, "0-0:94.44.128.22", 6, "dt"),
            set_("account/account_activation_time", 111, "0-1:19.0.0.255", 13, "dt"),
        ),
    ),
    # ECS04a
    dlms("ECS04a", 0x001C, (action("meter_balance/update_amount", 112, "0-0:19.10.0.255", 1, "i32"),)),
    # ECS05
    dlms("ECS05", 0x001D, (action("tariff_block_counter_matrix/execute", 9, "0-0:10.0.100.255", 1, "u16"),)),
    # ECS07
    dlms(
        "ECS07",
        0x001E,
        (
            set_(
                "debt_recovery_rates_1/unit_charge_passive",
                113,
                "0-0:19.20.1.255",
                6,
                "((i8, i8), (u16, os, i8), [(os, i16)])",
            ),
            set_(
                "debt_recovery_rates_2/unit_charge_passive",
                113,
                "0-0:19.20.2.255",
                6,
                "((i8, i8), (u16, os, i8), [(os, i16)])",
            ),
            set_("debt_recovery_per_payment/proportion", 113, "0-0:19.20.3.255", 13, "u16"),
            set_("debt_recovery_rates_1/period", 113, "0-0:19.20.1.255", 8, "u32"),
            set_("debt_recovery_rates_2/period", 113, "0-0:19.20.2.255", 8, "u32"),
            action("debt_recovery_rates_1/activate_passive_unit_charge", 113, "0-0:19.20.1.255", 2, "i8"),
            action("debt_recovery_rates_2/activate_passive_unit_charge", 113, "0-0:19.20.2.255", 2, "i8"),
            action("debt_recovery_per_payment/update_total_amount_remaining", 113, "0-0:19.20.3.255", 4, "i32"),
            action("debt_recovery_rates_1/update_total_amount_remaining", 113, "0-0:19.20.1.255", 4, "i32"),
            action("debt_recovery_rates_2/update_total_amount_remaining", 113, "0-0:19.20.2.255", 4, "i32"),
        ),
    ),
    # ECS08
    dlms(
        "ECS08",
        0x001F,
        (
            set_("non_disablement_calendar_special_days/entries", 11, "0-1:11.0.2.255", 2, "[(u16, os, u8)]"),
            set_("max_meter_balance/value_active", 9000, "0-0:94.44.2.20", 2, "i32"),
            set_("max_credit_threshold/value_passive", 9000, "0-0:94.44.2.10", 4, "i32"),
            set_(
                "non_disablement_calendar/entries",
                10,
                "0-1:12.0.1.255",
                2,
                "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]",
            ),
            set_("debt_recovery_rate_cap_amount/value_passive", 9000, "0-0:94.44.128.12", 4, "u16"),
            set_("debt_recovery_rate_cap_period/value_passive", 9000, "0-0:94.44.128.13", 4, "i32"),
            set_("low_credit_threshold/value_passive", 9000, "0-0:94.44.128.9", 4, "i32"),
            set_("emergency_credit_limit/value_passive", 9000, "0-0:94.44.128.2", 4, "i32"),
            set_(
                "non_disablement_calendar_special_days_passive/activate_passive_value_time",
                9000,
                "0-0:94.44.128.31",
                6,
                "dt",
            ),
            set_("emergency_credit_threshold/value_passive", 9000, "0-0:94.44.128.3", 4, "i32"),
            set_("max_meter_balance/activate_passive_value_time", 9000, "0-0:94.44.2.20", 6, "dt"),
            set_("max_credit_threshold/activate_passive_value_time", 9000, "0-0:94.44.2.10", 6, "dt"),
            set_("debt_recovery_rate_cap_amount/activate_passive_value_time", 9000, "0-0:94.44.128.12", 6, "dt"),
            set_("debt_recovery_rate_cap_period/activate_passive_value_time", 9000, "0-0:94.44.128.13", 6, "dt"),
            set_("low_credit_threshold/activate_passive_value_time", 9000, "0-0:94.44.128.9", 6, "dt"),
            set_("emergency_credit_limit/activate_passive_value_time", 9000, "0-0:94.44.128.2", 6, "dt"),
            set_("emergency_credit_threshold/activate_passive_value_time", 9000, "0-0:94.44.128.3", 6, "dt"),
            set_("non_disablement_calendar_passive/activate_passive_value_time", 9000, "0-0:94.44.128.28", 6, "dt"),
        ),
    ),
    # ECS09
    dlms("ECS09", 0x0020, (action("emergency_credit_balance/invoke_credit", 112, "0-0:19.10.1.255", 3, "i8"),)),
    # ECS01b
    dlms(
        "ECS01b",
        0x00A2,
        (
            set_(
                "standing_charge/unit_charge_passive",
                113,
                "0-0:19.20.4.255",
                6,
                "((i8, i8), (u16, os, i8), [(os, i16)])",
            ),
            set_(
                "tariff_block_price_matrix/unit_charge_passive",
                113,
                "0-0:19.20.0.255",
                6,
                "((i8, i8), (u16, os, i8), [(os, i16)])",
            ),
            set_("standing_charge/unit_charge_activation_time", 113, "0-0:19.20.4.255", 7, "dt"),
            set_("tariff_block_price_matrix/unit_charge_activation_time", 113, "0-0:19.20.0.255", 7, "dt"),
        ),
    ),
    # ECS04b
    dlms(
        "ECS04b",
        0x00B3,
        (
            action("meter_balance/set_amount_to_value", 112, "0-0:19.10.0.255", 2, "i32"),
            action("emergency_credit_balance/set_amount_to_value", 112, "0-0:19.10.1.255", 2, "i32"),
            action("accumulated_debt_register/set_amount_to_value", 112, "0-0:19.10.2.255", 2, "i32"),
        ),
    ),
    # ECS01c
    dlms(
        "ECS01c",
        0x00B7,
        (
            set_(
                "secondary_tariff_price_matrix/unit_charge_passive",
                113,
                "0-0:19.20.5.255",
                6,
                "((i8, i8), (u16, os, i8), [(os, i16)])",
            ),
            set_("tariff_switching_table_secondary/season_profile_passive", 20, "0-0:13.0.1.255", 7, "[(os, dt, os)]"),
            set_(
                "tariff_switching_table_secondary/week_profile_table_passive",
                20,
                "0-0:13.0.1.255",
                8,
                "[(os, u8, u8, u8, u8, u8, u8, u8)]",
            ),
            set_(
                "tariff_switching_table_secondary/day_profile_table_passive",
                20,
                "0-0:13.0.1.255",
                9,
                "[(u8, [(os, os, u16)])]",
            ),
            set_("tariff_switching_table_secondary_special_days/entries", 11, "0-1:11.0.1.255", 2, "[(u16, os, u8)]"),
            set_("tariff_switching_table_secondary/activate_passive_calendar_time", 20, "0-0:13.0.1.255", 10, "dt"),
            set_("secondary_tariff_price_matrix/unit_charge_activation_time", 113, "0-0:19.20.5.255", 7, "dt"),
            set_("secondary_special_days_passive/activate_passive_value_time", 9000, "0-0:94.44.128.30", 6, "dt"),
        ),
    ),
    # ECS01d
    dlms(
        "ECS01d",
        0x00C7,
        (
            set_(
                "secondary_tariff_price_matrix/unit_charge_passive",
                113,
                "0-0:19.20.5.255",
                6,
                "((i8, i8), (u16, os, i8), [(os, i16)])",
            ),
            set_("secondary_tariff_price_matrix/unit_charge_activation_time", 113, "0-0:19.20.5.255", 7, "dt"),
        ),
    ),
    # ECS08a
    dlms(
        "ECS08a",
        0x00DE,
        (
            set_("non_disablement_calendar_special_days/entries", 11, "0-1:11.0.2.255", 2, "[(u16, os, u8)]"),
            set_("max_meter_balance/value_passive", 9000, "0-0:94.44.2.20", 4, "i32"),
            set_("max_credit_threshold/value_passive", 9000, "0-0:94.44.2.10", 4, "i32"),
            set_(
                "non_disablement_calendar/entries",
                10,
                "0-1:12.0.1.255",
                2,
                "[(u16, bool, os, u16, os, u16, bits, bits, os, os)]",
            ),
            set_("debt_recovery_rate_cap_amount/value_passive", 9000, "0-0:94.44.128.12", 4, "u16"),
            set_("debt_recovery_rate_cap_period/value_passive", 9000, "0-0:94.44.128.13", 4, "i32"),
            set_("low_credit_threshold/value_passive", 9000, "0-0:94.44.128.9", 4, "i32"),
            set_("emergency_credit_limit/value_passive", 9000, "0-0:94.44.128.2", 4, "i32"),
            set_(
                "non_disablement_calendar_special_days_passive/activate_passive_value_time",
                9000,
                "0-0:94.44.128.31",
                6,
                "dt",
            ),
            set_("emergency_credit_threshold/value_passive", 9000, "0-0:94.44.128.3", 4, "i32"),
            set_("max_meter_balance/activate_passive_value_time", 9000, "0-0:94.44.2.20", 6, "dt"),
            set_("max_credit_threshold/activate_passive_value_time", 9000, "0-0:94.44.2.10", 6, "dt"),
            set_("debt_recovery_rate_cap_amount/activate_passive_value_time", 9000, "0-0:94.44.128.12", 6, "dt"),
            set_("debt_recovery_rate_cap_period/activate_passive_value_time", 9000, "0-0:94.44.128.13", 6, "dt"),
            set_("low_credit_threshold/activate_passive_value_time", 9000, "0-0:94.44.128.9", 6, "dt"),
            set_("emergency_credit_limit/activate_passive_value_time", 9000, "0-0:94.44.128.2", 6, "dt"),
            set_("emergency_credit_threshold/activate_passive_value_time", 9000, "0-0:94.44.128.3", 6, "dt"),
            set_("non_disablement_calendar_passive/activate_passive_value_time", 9000, "0-0:94.44.128.28", 6, "dt"),
        ),
    ),
)
