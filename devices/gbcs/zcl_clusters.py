"""Payload schemas of the ZCL commands GBCS uses, general and Smart Energy cluster-specific.

Facts from the ZigBee Cluster Library and the Smart Energy profile (clusters Price 0x0700,
Metering 0x0702, Messaging 0x0703, Prepayment 0x0705, Calendar 0x0707, Device Management 0x0708,
Events 0x0709), written as our own field lists: each entry is (name, type), types as in
:data:`.zcl.FIELD_SIZES` plus ``octstr`` (one length byte), ``date`` (ZCL Date), ``rest`` (the
remaining bytes) and :class:`.zcl.Repeat` groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import MalformedMessage
from .wire import Reader
from .zcl import (
    DIRECTION_TO_CLIENT,
    FRAME_TYPE_PROFILE,
    STATUS,
    AttributeValue,
    Repeat,
    ZclFrame,
    decode_fields,
    decode_header,
    encode_fields,
)

PRICE, METERING, MESSAGING, PREPAYMENT, CALENDAR, DEVICE_MANAGEMENT, EVENTS = (
    0x0700, 0x0702, 0x0703, 0x0705, 0x0707, 0x0708, 0x0709,
)  # fmt: skip
BASIC = 0x0000

CLUSTER_NAMES = {
    BASIC: "Basic", 0x0019: "OTA Upgrade", PRICE: "Price", METERING: "Metering", MESSAGING: "Messaging",
    PREPAYMENT: "Prepayment", CALENDAR: "Calendar", DEVICE_MANAGEMENT: "Device Management", EVENTS: "Events",
}  # fmt: skip

_PROVIDER_EVENT = (("provider_id", "u32"), ("issuer_event_id", "u32"))
_PROVIDER_EVENT_CALENDAR = (*_PROVIDER_EVENT, ("issuer_calendar_id", "u32"))

# (cluster, to_client, command id) -> (name, fields)
COMMANDS: dict[tuple[int, bool, int], tuple[str, tuple]] = {
    # Price
    (PRICE, False, 0x00): ("Get Current Price", (("command_options", "map8"),)),
    (PRICE, False, 0x0B): ("Get Billing Period", (("earliest_start_time", "utc"), ("min_issuer_event_id", "u32"),
                                                 ("number_of_commands", "u8"), ("tariff_type", "map8"))),
    (PRICE, True, 0x00): ("Publish Price", (*_PROVIDER_EVENT[:1], ("rate_label", "octstr"), ("issuer_event_id", "u32"),
                                            ("current_time", "utc"), ("unit_of_measure", "enum8"), ("currency", "u16"),
                                            ("price_trailing_digit_and_tier", "map8"),
                                            ("number_of_price_tiers_and_register_tier", "map8"), ("start_time", "utc"),
                                            ("duration_in_minutes", "u16"), ("price", "u32"), ("unused", "rest"))),
    (PRICE, True, 0x01): ("Publish Block Period", (*_PROVIDER_EVENT, ("block_period_start_time", "utc"),
                                                   ("block_period_duration", "u24"), ("block_period_control", "map8"),
                                                   ("block_period_duration_type", "map8"), ("tariff_type", "map8"),
                                                   ("tariff_resolution_period", "enum8"))),
    (PRICE, True, 0x02): ("Publish Conversion Factor", (("issuer_event_id", "u32"), ("start_time", "utc"),
                                                        ("conversion_factor", "u32"),
                                                        ("conversion_factor_trailing_digit", "map8"))),
    (PRICE, True, 0x03): ("Publish Calorific Value", (("issuer_event_id", "u32"), ("start_time", "utc"),
                                                      ("calorific_value", "u32"), ("calorific_value_unit", "enum8"),
                                                      ("calorific_value_trailing_digit", "map8"))),
    (PRICE, True, 0x04): ("Publish Tariff Information", (*_PROVIDER_EVENT, ("issuer_tariff_id", "u32"),
                                                         ("start_time", "utc"),
                                                         ("tariff_type_charging_scheme", "map8"),
                                                         ("tariff_label", "octstr"), ("number_of_price_tiers", "u8"),
                                                         ("number_of_block_thresholds", "u8"),
                                                         ("unit_of_measure", "enum8"), ("currency", "u16"),
                                                         ("price_trailing_digit", "map8"), ("standing_charge", "u32"),
                                                         ("tier_block_mode", "u8"),
                                                         ("block_threshold_multiplier", "u24"),
                                                         ("block_threshold_divisor", "u24"))),
    (PRICE, True, 0x05): ("Publish Price Matrix", (*_PROVIDER_EVENT, ("start_time", "utc"),
                                                   ("issuer_tariff_id", "u32"),
                                                   ("command_index", "u8"), ("total_number_of_commands", "u8"),
                                                   ("sub_payload_control", "map8"),
                                                   ("prices", Repeat((("tier_block_id", "u8"), ("price", "u32")))))),
    (PRICE, True, 0x06): ("Publish Block Thresholds", (*_PROVIDER_EVENT, ("start_time", "utc"),
                                                       ("issuer_tariff_id", "u32"), ("command_index", "u8"),
                                                       ("total_number_of_commands", "u8"),
                                                       ("sub_payload_control", "map8"),
                                                       ("tiers", Repeat((("tier_and_count", "map8"),
                                                                         ("thresholds", Repeat((("threshold", "u48"),),
                                                                                               "tier_and_count"))))))),
    (PRICE, True, 0x09): ("Publish Billing Period", (*_PROVIDER_EVENT, ("billing_period_start_time", "utc"),
                                                     ("billing_period_duration", "u24"),
                                                     ("billing_period_duration_type", "map8"),
                                                     ("tariff_type", "map8"))),
    # Metering
    (METERING, False, 0x00): ("Get Profile", (("interval_channel", "enum8"), ("end_time", "utc"),
                                              ("number_of_periods", "u8"))),
    (METERING, False, 0x06): ("Get Snapshot", (("earliest_start_time", "utc"), ("latest_end_time", "utc"),
                                               ("snapshot_offset", "u8"), ("snapshot_cause", "map32"))),
    (METERING, False, 0x07): ("Start Sampling", (("issuer_event_id", "u32"), ("start_sampling_time", "utc"),
                                                 ("sample_type", "enum8"), ("sample_request_interval", "u16"),
                                                 ("max_number_of_samples", "u16"))),
    (METERING, False, 0x08): ("Get Sampled Data", (("sample_id", "u16"), ("earliest_sample_time", "utc"),
                                                   ("sample_type", "enum8"), ("number_of_samples", "u16"))),
    (METERING, False, 0x0B): ("Change Supply", (*_PROVIDER_EVENT, ("request_date_time", "utc"),
                                                ("implementation_date_time", "utc"),
                                                ("proposed_supply_status", "enum8"), ("supply_control_bits", "map8"))),
    (METERING, False, 0x0D): ("Set Supply Status", (("issuer_event_id", "u32"), ("supply_tamper_state", "enum8"),
                                                    ("supply_depletion_state", "enum8"),
                                                    ("supply_uncontrolled_flow_state", "enum8"),
                                                    ("load_limit_supply_state", "enum8"))),
    (METERING, False, 0x0E): ("Set Uncontrolled Flow Threshold", (*_PROVIDER_EVENT,
                                                                  ("uncontrolled_flow_threshold", "u16"),
                                                                  ("unit_of_measure", "enum8"), ("multiplier", "u16"),
                                                                  ("divisor", "u16"), ("stabilisation_period", "u8"),
                                                                  ("measurement_period", "u16"))),
    (METERING, True, 0x00): ("Get Profile Response", (("end_time", "utc"), ("status", "enum8"),
                                                      ("profile_interval_period", "enum8"),
                                                      ("number_of_periods_delivered", "u8"),
                                                      ("intervals", Repeat((("consumption", "u24"),),
                                                                           "number_of_periods_delivered")))),
    (METERING, True, 0x06): ("Publish Snapshot", (("snapshot_id", "u32"), ("snapshot_time", "utc"),
                                                  ("total_snapshots_found", "u8"), ("command_index", "u8"),
                                                  ("total_number_of_commands", "u8"), ("snapshot_cause", "map32"),
                                                  ("snapshot_payload_type", "enum8"), ("snapshot_payload", "rest"))),
    (METERING, True, 0x07): ("Get Sampled Data Response", (("sample_id", "u16"), ("sample_start_time", "utc"),
                                                           ("sample_type", "enum8"),
                                                           ("sample_request_interval", "u16"),
                                                           ("number_of_samples", "u16"),
                                                           ("samples", Repeat((("sample", "u24"),),
                                                                              "number_of_samples")))),
    (METERING, True, 0x0C): ("Supply Status Response", (*_PROVIDER_EVENT, ("implementation_date_time", "utc"),
                                                        ("supply_status", "enum8"))),
    (METERING, True, 0x0D): ("Start Sampling Response", (("sample_id", "u16"),)),
    # Messaging
    (MESSAGING, True, 0x00): ("Display Message", (("message_id", "u32"), ("message_control", "map8"),
                                                  ("start_time", "utc"), ("duration_in_minutes", "u16"),
                                                  ("message", "octstr"), ("extended_message_control", "rest"))),
    # Prepayment
    (PREPAYMENT, False, 0x00): ("Select Available Emergency Credit", (("command_issue_date_time", "utc"),
                                                                      ("originating_device", "enum8"))),
    (PREPAYMENT, False, 0x02): ("Change Debt", (("issuer_event_id", "u32"), ("debt_label", "octstr"),
                                                ("debt_amount", "i32"), ("debt_recovery_method", "enum8"),
                                                ("debt_amount_type", "enum8"), ("debt_recovery_start_time", "utc"),
                                                ("debt_recovery_collection_time", "u16"),
                                                ("debt_recovery_frequency", "enum8"), ("debt_recovery_amount", "i32"),
                                                ("debt_recovery_balance_percentage", "u16"))),
    (PREPAYMENT, False, 0x03): ("Emergency Credit Setup", (("issuer_event_id", "u32"), ("start_time", "utc"),
                                                           ("emergency_credit_limit", "u32"),
                                                           ("emergency_credit_threshold", "u32"))),
    (PREPAYMENT, False, 0x04): ("Consumer Top Up", (("originating_device", "enum8"), ("top_up_code", "octstr"))),
    (PREPAYMENT, False, 0x05): ("Credit Adjustment", (("issuer_event_id", "u32"), ("start_time", "utc"),
                                                      ("credit_adjustment_type", "enum8"),
                                                      ("credit_adjustment_value", "i32"))),
    (PREPAYMENT, False, 0x06): ("Change Payment Mode", (*_PROVIDER_EVENT, ("implementation_date_time", "utc"),
                                                        ("proposed_payment_control_configuration", "map16"),
                                                        ("cut_off_value", "i32"))),
    (PREPAYMENT, False, 0x07): ("Get Prepay Snapshot", (("earliest_start_time", "utc"), ("latest_end_time", "utc"),
                                                        ("snapshot_offset", "u8"), ("snapshot_cause", "map32"))),
    (PREPAYMENT, False, 0x08): ("Get Top Up Log", (("latest_end_time", "utc"), ("number_of_records", "u8"))),
    (PREPAYMENT, False, 0x09): ("Set Low Credit Warning Level", (("low_credit_warning_level", "u32"),)),
    (PREPAYMENT, False, 0x0A): ("Get Debt Repayment Log", (("latest_end_time", "utc"), ("number_of_debts", "u8"),
                                                           ("debt_type", "enum8"))),
    (PREPAYMENT, False, 0x0B): ("Set Maximum Credit Limit", (*_PROVIDER_EVENT, ("implementation_date_time", "utc"),
                                                             ("maximum_credit_level", "u32"),
                                                             ("maximum_credit_per_top_up", "u32"))),
    (PREPAYMENT, False, 0x0C): ("Set Overall Debt Cap", (*_PROVIDER_EVENT, ("implementation_date_time", "utc"),
                                                         ("overall_debt_cap", "i32"))),
    (PREPAYMENT, True, 0x01): ("Publish Prepay Snapshot", (("snapshot_id", "u32"), ("snapshot_time", "utc"),
                                                           ("total_snapshots_found", "u8"), ("command_index", "u8"),
                                                           ("total_number_of_commands", "u8"),
                                                           ("snapshot_cause", "map32"),
                                                           ("snapshot_payload_type", "enum8"),
                                                           ("accumulated_debt", "i32"),
                                                           ("type1_debt_remaining", "u32"),
                                                           ("type2_debt_remaining", "u32"),
                                                           ("type3_debt_remaining", "u32"),
                                                           ("emergency_credit_remaining", "u32"),
                                                           ("credit_remaining", "u32"))),
    (PREPAYMENT, True, 0x02): ("Change Payment Mode Response", (("friendly_credit", "map8"),
                                                                ("friendly_credit_calendar_id", "u32"),
                                                                ("emergency_credit_limit", "u32"),
                                                                ("emergency_credit_threshold", "u32"))),
    (PREPAYMENT, True, 0x03): ("Consumer Top Up Response", (("result_type", "enum8"), ("top_up_value", "i32"),
                                                            ("source_of_top_up", "enum8"),
                                                            ("credit_remaining", "i32"))),
    (PREPAYMENT, True, 0x05): ("Publish Top Up Log", (("command_index", "u8"), ("total_number_of_commands", "u8"),
                                                      ("top_ups", Repeat((("top_up_code", "octstr"),
                                                                          ("top_up_amount", "i32"),
                                                                          ("top_up_time", "utc")))))),
    (PREPAYMENT, True, 0x06): ("Publish Debt Log", (("command_index", "u8"), ("total_number_of_commands", "u8"),
                                                    ("debts", Repeat((("collection_time", "utc"),
                                                                      ("amount_collected", "u32"),
                                                                      ("debt_type", "enum8"),
                                                                      ("outstanding_debt", "u32")))))),
    # Calendar
    (CALENDAR, False, 0x00): ("Get Calendar", (("earliest_start_time", "utc"), ("min_issuer_event_id", "u32"),
                                               ("number_of_calendars", "u8"), ("calendar_type", "enum8"),
                                               ("provider_id", "u32"))),
    (CALENDAR, False, 0x01): ("Get Day Profiles", (("provider_id", "u32"), ("issuer_calendar_id", "u32"),
                                                   ("start_day_id", "u8"), ("number_of_days", "u8"))),
    (CALENDAR, False, 0x02): ("Get Week Profiles", (("provider_id", "u32"), ("issuer_calendar_id", "u32"),
                                                    ("start_week_id", "u8"), ("number_of_weeks", "u8"))),
    (CALENDAR, False, 0x03): ("Get Seasons", (("provider_id", "u32"), ("issuer_calendar_id", "u32"))),
    (CALENDAR, False, 0x04): ("Get Special Days", (("start_time", "utc"), ("number_of_events", "u8"),
                                                   ("calendar_type", "enum8"), ("provider_id", "u32"),
                                                   ("issuer_calendar_id", "u32"))),
    (CALENDAR, True, 0x00): ("Publish Calendar", (*_PROVIDER_EVENT_CALENDAR, ("start_time", "utc"),
                                                  ("calendar_type", "enum8"), ("calendar_time_reference", "u8"),
                                                  ("calendar_name", "octstr"), ("number_of_seasons", "u8"),
                                                  ("number_of_week_profiles", "u8"),
                                                  ("number_of_day_profiles", "u8"))),
    (CALENDAR, True, 0x01): ("Publish Day Profile", (*_PROVIDER_EVENT_CALENDAR, ("day_id", "u8"),
                                                     ("total_number_of_schedule_entries", "u8"),
                                                     ("command_index", "u8"), ("total_number_of_commands", "u8"),
                                                     ("calendar_type", "enum8"),
                                                     ("entries", Repeat((("start_time", "u16"), ("value", "u8")))))),
    (CALENDAR, True, 0x02): ("Publish Week Profile", (*_PROVIDER_EVENT_CALENDAR, ("week_id", "u8"),
                                                      ("day_ids", "days7"))),
    (CALENDAR, True, 0x03): ("Publish Seasons", (*_PROVIDER_EVENT_CALENDAR, ("command_index", "u8"),
                                                 ("total_number_of_commands", "u8"),
                                                 ("seasons", Repeat((("start_date", "date"),
                                                                     ("week_id", "u8")))))),
    (CALENDAR, True, 0x04): ("Publish Special Days", (*_PROVIDER_EVENT_CALENDAR, ("start_time", "utc"),
                                                      ("calendar_type", "enum8"),
                                                      ("total_number_of_special_days", "u8"),
                                                      ("command_index", "u8"), ("total_number_of_commands", "u8"),
                                                      ("special_days", Repeat((("date", "date"),
                                                                               ("day_id", "u8")))))),
    # Device Management
    (DEVICE_MANAGEMENT, False, 0x04): ("Report Event Configuration", (("command_index", "u8"),
                                                                      ("total_commands", "u8"),
                                                                      ("events", Repeat((("event_id", "u16"),
                                                                                         ("configuration", "map8"))))
                                                                      )),
    (DEVICE_MANAGEMENT, True, 0x00): ("Publish Change of Tenancy", (*_PROVIDER_EVENT, ("tariff_type", "map8"),
                                                                    ("implementation_date_time", "utc"),
                                                                    ("proposed_tenancy_change_control", "map32"))),
    (DEVICE_MANAGEMENT, True, 0x01): ("Publish Change of Supplier", (("current_provider_id", "u32"),
                                                                     ("issuer_event_id", "u32"),
                                                                     ("tariff_type", "map8"),
                                                                     ("proposed_provider_id", "u32"),
                                                                     ("provider_change_implementation_time", "utc"),
                                                                     ("provider_change_control", "map32"),
                                                                     ("proposed_provider_name", "octstr"),
                                                                     ("proposed_provider_contact_details", "octstr"))),
    (DEVICE_MANAGEMENT, True, 0x02): ("Request New Password Response", (("issuer_event_id", "u32"),
                                                                        ("implementation_date_time", "utc"),
                                                                        ("duration_in_minutes", "u16"),
                                                                        ("password_type", "enum8"),
                                                                        ("password", "octstr"))),
    (DEVICE_MANAGEMENT, True, 0x03): ("Update Site ID", (("issuer_event_id", "u32"), ("site_id_time", "utc"),
                                                         ("provider_id", "u32"), ("site_id", "octstr"))),
    (DEVICE_MANAGEMENT, True, 0x04): ("Set Event Configuration", (("issuer_event_id", "u32"),
                                                                  ("start_date_time", "utc"),
                                                                  ("event_configuration", "map8"),
                                                                  ("configuration_control", "enum8"),
                                                                  ("number_of_events", "u8"),
                                                                  ("event_ids", Repeat((("event_id", "u16"),),
                                                                                       "number_of_events")))),
    (DEVICE_MANAGEMENT, True, 0x05): ("Get Event Configuration", (("event_id", "u16"),)),
    (DEVICE_MANAGEMENT, True, 0x06): ("Update CIN", (("issuer_event_id", "u32"), ("implementation_time", "utc"),
                                                     ("provider_id", "u32"), ("customer_id_number", "octstr"))),
    # Events
    (EVENTS, False, 0x00): ("Get Event Log", (("event_control_log_id", "map8"), ("event_id", "u16"),
                                              ("start_time", "utc"), ("end_time", "utc"),
                                              ("number_of_events", "u8"), ("event_offset", "u16"))),
    (EVENTS, False, 0x01): ("Clear Event Log Request", (("log_id", "map8"),)),
    (EVENTS, True, 0x01): ("Publish Event Log", (("total_number_of_events", "u16"), ("command_index", "u8"),
                                                 ("total_commands", "u8"), ("log_payload_control", "map8"),
                                                 ("events", Repeat((("log_id", "map8"), ("event_id", "u16"),
                                                                    ("event_time", "utc"),
                                                                    ("event_data", "octstr")))))),
    (EVENTS, True, 0x02): ("Clear Event Log Response", (("cleared_event_logs", "map8"),)),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class FieldSchema:
    name: str
    fields: tuple

    def decode(self, reader: Reader) -> dict[str, Any]:
        return decode_fields(reader, self.fields)

    def encode(self, values: dict[str, Any]) -> bytes:
        return encode_fields(values, self.fields)


class ReadAttributes:
    name = "Read Attributes"

    @staticmethod
    def decode(reader: Reader) -> list[int]:
        if reader.remaining % 2:
            raise MalformedMessage("Read Attributes lists 2-byte attribute ids", offset=reader.pos)
        return [reader.uint(2, little=True) for _ in range(reader.remaining // 2)]

    @staticmethod
    def encode(ids: list[int]) -> bytes:
        return b"".join(i.to_bytes(2, "little") for i in ids)


class ReadAttributesResponse:
    """Records of attribute id, status and (when the status is success) a typed value."""

    name = "Read Attributes Response"

    @staticmethod
    def decode(reader: Reader) -> list[dict[str, Any]]:
        records = []
        while not reader.at_end():
            record: dict[str, Any] = {"attribute": reader.uint(2, little=True), "status": reader.u8()}
            if record["status"] == 0:
                record["value"] = AttributeValue.decode(reader, reader.u8())
            records.append(record)
        return records

    @staticmethod
    def encode(records: list[dict[str, Any]]) -> bytes:
        out = bytearray()
        for record in records:
            out += record["attribute"].to_bytes(2, "little") + bytes((record["status"],))
            if record["status"] == 0:
                value: AttributeValue = record["value"]
                out += bytes((value.type_id,)) + value.encode()
        return bytes(out)


class WriteAttributes:
    name = "Write Attributes"

    @staticmethod
    def decode(reader: Reader) -> list[dict[str, Any]]:
        records = []
        while not reader.at_end():
            attribute = reader.uint(2, little=True)
            records.append({"attribute": attribute, "value": AttributeValue.decode(reader, reader.u8())})
        return records

    @staticmethod
    def encode(records: list[dict[str, Any]]) -> bytes:
        return b"".join(
            r["attribute"].to_bytes(2, "little") + bytes((r["value"].type_id,)) + r["value"].encode() for r in records
        )


class WriteAttributesResponse:
    """A single success status, or one (status, attribute id) record per failed attribute."""

    name = "Write Attributes Response"

    @staticmethod
    def decode(reader: Reader) -> list[dict[str, Any]]:
        if reader.remaining == 1:
            return [{"status": reader.u8()}]
        records = []
        while not reader.at_end():
            records.append({"status": reader.u8(), "attribute": reader.uint(2, little=True)})
        return records

    @staticmethod
    def encode(records: list[dict[str, Any]]) -> bytes:
        return b"".join(
            bytes((r["status"],)) + (r["attribute"].to_bytes(2, "little") if "attribute" in r else b"")
            for r in records
        )


DEFAULT_RESPONSE = FieldSchema("Default Response", (("command", "u8"), ("status", "enum8")))
PROFILE_COMMANDS = {
    0x00: ReadAttributes,
    0x01: ReadAttributesResponse,
    0x02: WriteAttributes,
    0x03: WriteAttributes,
    0x04: WriteAttributesResponse,
    0x05: WriteAttributes,
    0x0B: DEFAULT_RESPONSE,
}


def payload_schema(cluster: int, frame_control: int, command: int):
    """The schema of a command's payload, or None when GBCS does not use it."""
    if frame_control & 0x03 == FRAME_TYPE_PROFILE:
        return PROFILE_COMMANDS.get(command)
    found = COMMANDS.get((cluster, bool(frame_control & DIRECTION_TO_CLIENT), command))
    return None if found is None else FieldSchema(*found)


def command_name(cluster: int, frame_control: int, command: int) -> str:
    schema = payload_schema(cluster, frame_control, command)
    return schema.name if schema is not None else f"command 0x{command:02X}"


def status_name(status: int) -> str:
    return STATUS.get(status, f"status 0x{status:02X}")


# Attribute names of the clusters GBCS reads and writes (ZCL / Smart Energy attribute sets).
ATTRIBUTES: dict[tuple[int, int], str] = {
    (BASIC, 0x0003): "hw_version", (BASIC, 0x0004): "manufacturer_name", (BASIC, 0x0005): "model_identifier",
    (PRICE, 0x0100): "block1_threshold", (PRICE, 0x0101): "block2_threshold", (PRICE, 0x0102): "block3_threshold",
    (PRICE, 0x0202): "threshold_multiplier", (PRICE, 0x0203): "threshold_divisor",
    (PRICE, 0x0301): "standing_charge", (PRICE, 0x0302): "conversion_factor",
    (PRICE, 0x0303): "conversion_factor_trailing_digit", (PRICE, 0x0304): "calorific_value",
    (PRICE, 0x0305): "calorific_value_unit", (PRICE, 0x0306): "calorific_value_trailing_digit",
    (PRICE, 0x0400): "no_tier_block1_price", (PRICE, 0x0401): "no_tier_block2_price",
    (PRICE, 0x0402): "no_tier_block3_price", (PRICE, 0x0403): "no_tier_block4_price",
    (PRICE, 0x0410): "tier1_block1_price", (PRICE, 0x0420): "tier2_block1_price",
    (PRICE, 0x0430): "tier3_block1_price", (PRICE, 0x0440): "tier4_block1_price",
    (PRICE, 0x0615): "price_unit_of_measure", (PRICE, 0x0616): "currency", (PRICE, 0x0617): "price_trailing_digit",
    (METERING, 0x0000): "current_summation_delivered", (METERING, 0x0014): "supply_status",
    (METERING, 0x0100): "current_tier1_summation_delivered", (METERING, 0x0102): "current_tier2_summation_delivered",
    (METERING, 0x0104): "current_tier3_summation_delivered", (METERING, 0x0106): "current_tier4_summation_delivered",
    (METERING, 0x0205): "remaining_battery_life_in_days", (METERING, 0x0206): "current_meter_id",
    (METERING, 0x0300): "unit_of_measure", (METERING, 0x0301): "multiplier", (METERING, 0x0302): "divisor",
    (METERING, 0x0307): "site_id", (METERING, 0x0607): "supply_tamper_state",
    (METERING, 0x0608): "supply_depletion_state",
    (METERING, 0x0700): "current_no_tier_block1_summation_delivered",
    (METERING, 0x0701): "current_no_tier_block2_summation_delivered",
    (METERING, 0x0702): "current_no_tier_block3_summation_delivered",
    (METERING, 0x0703): "current_no_tier_block4_summation_delivered",
    (METERING, 0x0A00): "bill_to_date_delivered", (METERING, 0x0B10): "uncontrolled_flow_threshold",
    (METERING, 0x0B11): "uncontrolled_flow_threshold_unit_of_measure",
    (METERING, 0x0B12): "uncontrolled_flow_multiplier",
    (METERING, 0x0B13): "uncontrolled_flow_divisor", (METERING, 0x0B14): "flow_stabilisation_period",
    (METERING, 0x0B15): "flow_measurement_period",
    (PREPAYMENT, 0x0000): "payment_control_configuration", (PREPAYMENT, 0x0001): "credit_remaining",
    (PREPAYMENT, 0x0002): "emergency_credit_remaining", (PREPAYMENT, 0x0005): "accumulated_debt",
    (PREPAYMENT, 0x0006): "overall_debt_cap", (PREPAYMENT, 0x0010): "emergency_credit_limit",
    (PREPAYMENT, 0x0011): "emergency_credit_threshold", (PREPAYMENT, 0x0021): "max_credit_limit",
    (PREPAYMENT, 0x0022): "max_credit_per_top_up", (PREPAYMENT, 0x0031): "low_credit_warning_level",
    (PREPAYMENT, 0x0040): "cut_off_value", (PREPAYMENT, 0x0211): "debt_amount_1",
    (PREPAYMENT, 0x0216): "debt_recovery_frequency_1", (PREPAYMENT, 0x0217): "debt_recovery_amount_1",
    (PREPAYMENT, 0x0221): "debt_amount_2", (PREPAYMENT, 0x0226): "debt_recovery_frequency_2",
    (PREPAYMENT, 0x0227): "debt_recovery_amount_2", (PREPAYMENT, 0x0231): "debt_amount_3",
    (PREPAYMENT, 0x0239): "debt_recovery_top_up_percentage_3",
}  # fmt: skip


def attribute_name(cluster: int, attribute: int) -> str:
    return ATTRIBUTES.get((cluster, attribute), f"attribute_0x{attribute:04X}")


def decode_frame(reader: Reader, cluster: int) -> ZclFrame:
    """A whole ZCL frame to the end of ``reader``, its payload decoded where a schema exists."""
    frame_control, manufacturer, sequence, command = decode_header(reader)
    start = reader.pos
    schema = payload_schema(cluster, frame_control, command)
    fields = None
    if schema is not None:
        fields = schema.decode(reader)
        reader.expect_end(f"ZCL command 0x{command:02X} of cluster 0x{cluster:04X}")
    payload = reader.data[start : reader.end]
    reader.pos = reader.end
    return ZclFrame(frame_control, sequence, command, payload, fields, manufacturer)


def build_frame(*, cluster: int, frame_control: int, command: int, fields: Any, sequence: int = 0) -> ZclFrame:
    """A ZCL frame whose payload is ``fields`` encoded with the command's schema."""
    schema = payload_schema(cluster, frame_control, command)
    if schema is None:
        raise ValueError(f"No schema for ZCL command 0x{command:02X} of cluster 0x{cluster:04X}")
    return ZclFrame(frame_control, sequence, command, schema.encode(fields), fields)
