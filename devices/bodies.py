"""Typed bodies per Service Reference Variant: shape and range checks before anything executes.

A request whose body fails here is rejected synchronously with E13 and the field errors. SRVs
without an entry take an empty body. Field names are ours (the DUIS schema is not in our sources).
"""

from rest_framework import serializers

from portal.api.fields import EUI64SerializerField

from .constants import FIRMWARE_MAX_DEVICES

HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"


class StrictSerializer(serializers.Serializer):
    """Refuses keys it does not know, so a typo never silently does nothing."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({k: ["Unknown field for this Service Request."] for k in unknown})
        return super().to_internal_value(data)


class EmptyBody(StrictSerializer):
    pass


class SwitchingRule(serializers.Serializer):
    start = serializers.RegexField(HHMM, source="from", help_text="HH:MM (UTC) the rule starts.")
    register = serializers.IntegerField(min_value=0, max_value=3)

    def to_internal_value(self, data):
        if isinstance(data, dict) and "from" in data and "start" not in data:
            data = {**data, "start": data["from"]}
        return super().to_internal_value(data)


class TariffBody(StrictSerializer):
    switching = SwitchingRule(many=True, required=False, max_length=200)
    thresholds = serializers.ListField(child=serializers.FloatField(min_value=0), required=False, max_length=3)


class PriceBody(StrictSerializer):
    prices = serializers.ListField(
        child=serializers.FloatField(min_value=0, max_value=10_000),
        min_length=1,
        max_length=4,
        help_text="Pence per kWh (or m3) for registers 1-4.",
    )
    block_prices = serializers.ListField(child=serializers.FloatField(min_value=0), required=False, max_length=4)
    standing_charge = serializers.FloatField(
        min_value=0, max_value=100_000, required=False, help_text="Pence per day."
    )


class BalanceBody(StrictSerializer):
    action = serializers.ChoiceField(["adjust", "reset"], default="adjust")
    amount = serializers.FloatField(
        min_value=-1_000_000, max_value=1_000_000, required=False, help_text="Pence to add (negative to take away)."
    )

    def validate(self, attrs):
        if attrs["action"] == "adjust" and "amount" not in attrs:
            raise serializers.ValidationError({"amount": ["An adjustment needs an amount."]})
        return attrs


class PaymentModeBody(StrictSerializer):
    mode = serializers.ChoiceField(["prepayment", "credit"])


class PrepayConfigBody(StrictSerializer):
    debt_recovery_rate_cap = serializers.IntegerField(min_value=0, required=False)
    emergency_credit_limit = serializers.IntegerField(min_value=0, required=False)
    emergency_credit_threshold = serializers.IntegerField(min_value=0, required=False)
    low_credit_threshold = serializers.IntegerField(min_value=0, required=False)
    disablement_threshold = serializers.IntegerField(required=False)
    maximum_meter_balance = serializers.IntegerField(min_value=0, required=False)
    maximum_credit_threshold = serializers.IntegerField(min_value=0, required=False)
    non_disablement_calendar = serializers.ListField(child=serializers.DictField(), required=False, max_length=20)


class TopUpBody(StrictSerializer):
    utrn = serializers.RegexField(r"^\d{20}$", help_text="20-digit UTRN (its last digit is a check digit).")
    value = serializers.IntegerField(
        min_value=1,
        max_value=10_000_000,
        required=False,
        help_text="Pence. DUIS sends the UTRN alone (its value is inside it, D-DUIS-09).",
    )


class DebtBody(StrictSerializer):
    time_debt = serializers.ListField(
        child=serializers.FloatField(min_value=0), min_length=2, max_length=2, required=False
    )
    payment_debt = serializers.FloatField(min_value=0, required=False)
    debt_recovery_per_payment = serializers.IntegerField(min_value=0, max_value=100, required=False)
    recovery_rates = serializers.ListField(
        child=serializers.FloatField(min_value=0),
        min_length=2,
        max_length=2,
        required=False,
        help_text="Pence per day for time debt 1 and 2.",
    )


class MessageBody(StrictSerializer):
    message = serializers.CharField(max_length=160, help_text="Shown on the meter and forwarded to IHD/PPMID.")


class RestrictionBody(StrictSerializer):
    restriction_at = serializers.DateTimeField(required=False, help_text="Empty: from now.")


class LogBody(StrictSerializer):
    log = serializers.ChoiceField(["event", "alcs", "security"], default="event")


class SupplierNameBody(StrictSerializer):
    name = serializers.CharField(max_length=60)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)


class RangeBody(StrictSerializer):
    start = serializers.DateTimeField(required=False, source="from")
    to = serializers.DateTimeField(required=False)

    def to_internal_value(self, data):
        if isinstance(data, dict) and "from" in data:
            data = {**{k: v for k, v in data.items() if k != "from"}, "start": data["from"]}
        return super().to_internal_value(data)

    def validate(self, attrs):
        if attrs.get("from") and attrs.get("to") and attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"to": ["'to' must not be before 'from'."]})
        return attrs


class ClockBody(StrictSerializer):
    tolerance_seconds = serializers.IntegerField(min_value=0, max_value=3600, default=10)


class BillingCalendarBody(StrictSerializer):
    start = serializers.DateTimeField()
    periodicity = serializers.ChoiceField(["daily", "weekly", "monthly", "quarterly", "six_monthly", "yearly"])


class LoadLimitBody(StrictSerializer):
    power_threshold_kw = serializers.FloatField(min_value=0, max_value=100)
    period_seconds = serializers.IntegerField(min_value=1, max_value=86400, default=60)
    restoration_seconds = serializers.IntegerField(min_value=1, max_value=86400, default=600)
    supply_state = serializers.ChoiceField(["disabled", "unchanged"], default="unchanged")


class MpxnBody(StrictSerializer):
    mpxn = serializers.RegexField(r"^\d{6,13}$", help_text="MPAN core (13 digits) or MPRN (6-10 digits).")


class TamperBody(StrictSerializer):
    tamper_state = serializers.ChoiceField(["locked", "unchanged"])


class JoinBody(StrictSerializer):
    other_device_id = EUI64SerializerField(help_text="The device joined to (or unjoined from) the target.")
    join_time_period_seconds = serializers.IntegerField(min_value=1, max_value=3600, required=False)


class DeviceLogBody(StrictSerializer):
    action = serializers.ChoiceField(["add", "remove"], default="add")
    device_id = EUI64SerializerField(help_text="The device to add to (or remove from) the CHF Device Log.")
    install_code = serializers.RegexField(r"^[0-9A-Fa-f]{32}$", required=False)
    mpxn = serializers.RegexField(r"^\d{6,13}$", required=False)
    join_time_period_seconds = serializers.IntegerField(min_value=1, max_value=3600, default=300)


class CinBody(StrictSerializer):
    cin = serializers.RegexField(
        r"^\d{4}$",
        required=False,
        help_text="4-digit Customer Identification Number; empty: the meter makes one (as DUIS 9.1 has it).",
    )


class FirmwareBody(StrictSerializer):
    firmware_version = serializers.CharField(max_length=32)
    image_hash = serializers.RegexField(r"^[0-9a-fA-F]{64}$", help_text="SHA-256 over the Manufacturer Image.")
    image_size = serializers.IntegerField(min_value=1, help_text="Bytes.")
    device_ids = serializers.ListField(
        child=EUI64SerializerField(),
        required=False,
        max_length=FIRMWARE_MAX_DEVICES,
        help_text="Other devices to send the image to; the target is always included.",
    )


class ActivateFirmwareBody(StrictSerializer):
    image_hash = serializers.RegexField(r"^[0-9a-fA-F]{64}$")
    execute_at = serializers.DateTimeField(required=False, help_text="Future-dated activation on the device.")


class AlertConfigBody(StrictSerializer):
    alerts = serializers.DictField(child=serializers.BooleanField())


class SubGhzBody(StrictSerializer):
    channel_mask = serializers.ListField(child=serializers.IntegerField(min_value=0, max_value=63), required=False)
    duty_cycle_threshold = serializers.IntegerField(min_value=0, max_value=100, required=False)


class SwitchBody(StrictSerializer):
    switch = serializers.RegexField(r"^[1-5]$", default="1")


class OffsetBody(StrictSerializer):
    seconds = serializers.IntegerField(min_value=0, max_value=86400)


class PeriodBody(StrictSerializer):
    period_seconds = serializers.IntegerField(min_value=60, max_value=86400)


class VoltageBody(StrictSerializer):
    over = serializers.FloatField(min_value=100, max_value=400, required=False)
    under = serializers.FloatField(min_value=100, max_value=400, required=False)


class AlcsDescriptionsBody(StrictSerializer):
    descriptions = serializers.DictField(
        child=serializers.CharField(max_length=40), help_text='Label per switch, e.g. {"1": "Storage heater"}.'
    )


class AlcsCalendarBody(StrictSerializer):
    calendar = serializers.ListField(
        child=serializers.DictField(),
        max_length=48,
        help_text='Switching times, e.g. [{"at": "00:30", "switch": "1", "state": "on"}].',
    )


class PowerThresholdBody(StrictSerializer):
    low_medium_kw = serializers.FloatField(min_value=0, max_value=100)
    medium_high_kw = serializers.FloatField(min_value=0, max_value=100)


class GasConversionBody(StrictSerializer):
    calorific_value = serializers.FloatField(min_value=30, max_value=50, required=False)
    conversion_factor = serializers.FloatField(min_value=0.5, max_value=2, required=False)


class GasFlowBody(StrictSerializer):
    uncontrolled_flow_rate = serializers.FloatField(min_value=0, max_value=100, required=False)
    depletion_state = serializers.ChoiceField(["locked", "unchanged"], required=False)
    tamper_state = serializers.ChoiceField(["locked", "unchanged"], required=False)


class EnableBody(StrictSerializer):
    enabled = serializers.BooleanField(default=True)


class ScheduleCreateBody(StrictSerializer):
    srv = serializers.CharField(max_length=12, help_text="The Service Reference Variant to run on schedule.")
    body = serializers.DictField(required=False, default=dict)
    period_seconds = serializers.IntegerField(
        min_value=1800, max_value=366 * 86400, help_text="How often it runs (at least every 30 minutes)."
    )
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField(required=False)


class ScheduleRefBody(StrictSerializer):
    schedule_id = serializers.CharField(max_length=20, required=False, help_text="Empty: all of yours on the device.")


class InventoryUpdateBody(StrictSerializer):
    action = serializers.ChoiceField(["set_status", "delete"])
    status = serializers.ChoiceField(
        ["pending", "installed_not_commissioned", "commissioned", "withdrawn"], required=False
    )


class PrenotifyBody(StrictSerializer):
    device_type = serializers.ChoiceField(["ESME", "GSME", "PPMID", "HCALCS", "IHD", "CAD"])
    device_model_id = serializers.IntegerField(required=False, help_text="CPL entry (not for IHD/CAD).")
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)


class WanMatrixBody(StrictSerializer):
    postcode = serializers.CharField(max_length=8, required=False)
    address_identifier = serializers.CharField(max_length=60, required=False, allow_blank=True)
    uprn = serializers.RegexField(r"^\d{1,12}$", required=False)

    def validate(self, attrs):
        if not attrs.get("postcode") and not attrs.get("uprn"):
            raise serializers.ValidationError("Give a postcode (and address) or a UPRN.")
        return attrs


class HubStatusBody(StrictSerializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    reason = serializers.CharField(max_length=100, required=False, allow_blank=True)


BODIES: dict[str, type[serializers.Serializer]] = {
    "1.1.1": TariffBody,
    "1.1.2": TariffBody,
    "1.2.1": PriceBody,
    "1.2.2": PriceBody,
    "1.5": BalanceBody,
    "1.6": PaymentModeBody,
    "2.1": PrepayConfigBody,
    "2.2": TopUpBody,
    "2.3": DebtBody,
    "3.1": MessageBody,
    "3.2": RestrictionBody,
    "3.3": LogBody,
    "3.4": SupplierNameBody,
    "4.4.2": RangeBody,
    "4.4.3": RangeBody,
    "4.4.4": RangeBody,
    "4.4.5": RangeBody,
    "4.8.1": RangeBody,
    "4.8.2": RangeBody,
    "4.8.3": RangeBody,
    "6.4.1": LoadLimitBody,
    "6.5": VoltageBody,
    "6.8": BillingCalendarBody,
    "6.11": ClockBody,
    "6.13": LogBody,
    "6.18.1": PeriodBody,
    "6.20.1": MpxnBody,
    "6.20.2": MpxnBody,
    "6.22": AlertConfigBody,
    "6.25": TamperBody,
    "6.28": SubGhzBody,
    "7.5": SwitchBody,
    "7.6": SwitchBody,
    "7.8": SwitchBody,
    "7.9": SwitchBody,
    "7.10": SwitchBody,
    "7.12": OffsetBody,
    "8.7.1": JoinBody,
    "8.7.2": JoinBody,
    "8.8.1": JoinBody,
    "8.8.2": JoinBody,
    "8.11": DeviceLogBody,
    "9.1": CinBody,
    "11.1": FirmwareBody,
    "11.3": ActivateFirmwareBody,
    "5.1": ScheduleCreateBody,
    "5.2": ScheduleRefBody,
    "5.3": ScheduleRefBody,
    "8.4": InventoryUpdateBody,
    "12.2": PrenotifyBody,
    "12.1": WanMatrixBody,
    "6.14.1": AlcsDescriptionsBody,
    "6.14.2": AlcsCalendarBody,
    "6.12": PowerThresholdBody,
    "6.6": GasConversionBody,
    "6.7": GasFlowBody,
    "6.26": EnableBody,
    "8.14.1": HubStatusBody,
    "8.14.2": HubStatusBody,
    "8.14.3": HubStatusBody,
    "8.14.4": HubStatusBody,
}


def body_serializer(srv: str) -> type[serializers.Serializer]:
    return BODIES.get(srv, EmptyBody)


# One checker per SRV, reused: ``run_validation`` keeps no state on the serializer (DRF's list
# serializers reuse their child the same way), and building one deep-copies all its fields.
_checkers: dict[str, serializers.Serializer] = {}


def validate_body(srv: str, body) -> tuple[dict | None, dict]:
    """Return (clean JSON-able body, {}) or (None, field errors)."""
    if body is None:
        body = {}
    if not isinstance(body, dict):
        return None, {"body": ["The body must be a JSON object."]}
    if not body and srv not in BODIES:
        return {}, {}  # the common case of a read with no parameters: nothing to validate
    checker = _checkers.get(srv)
    if checker is None:
        checker = _checkers[srv] = body_serializer(srv)()
    try:
        value = checker.run_validation(body)
    except serializers.ValidationError as exc:
        return None, dict(exc.detail)
    # Back to JSON-able primitives (dates as ISO text), the form the firmware reads.
    return _jsonable(value), {}


def _jsonable(value):
    from datetime import datetime

    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


# Example bodies the SSI compose form fills in (and the catalogue page shows).
EXAMPLES: dict[str, dict] = {
    "1.1.1": {"switching": [{"from": "00:00", "register": 0}, {"from": "07:00", "register": 1}], "thresholds": []},
    "1.2.1": {"prices": [18.5, 31.2], "standing_charge": 53.0},
    "1.5": {"action": "adjust", "amount": 500},
    "1.6": {"mode": "prepayment"},
    "2.1": {"low_credit_threshold": 500, "emergency_credit_limit": 1000, "emergency_credit_threshold": 200},
    "2.2": {"utrn": "00000000000000000422", "value": 2000},
    "2.3": {"time_debt": [1500, 0], "recovery_rates": [30, 0]},
    "3.1": {"message": "Your meter will be upgraded on Tuesday."},
    "3.2": {"restriction_at": "2026-12-01T00:00:00Z"},
    "3.3": {"log": "event"},
    "3.4": {"name": "Northern Lights Energy", "phone": "0800 000 0000"},
    "4.8.1": {"from": "2026-11-20T00:00:00Z", "to": "2026-11-21T00:00:00Z"},
    "6.4.1": {"power_threshold_kw": 7.5, "supply_state": "disabled"},
    "6.8": {"start": "2026-12-01T00:00:00Z", "periodicity": "monthly"},
    "6.11": {"tolerance_seconds": 10},
    "6.20.1": {"mpxn": "1400000000018"},
    "6.25": {"tamper_state": "locked"},
    "7.5": {"switch": "1"},
    "7.12": {"seconds": 600},
    "8.7.1": {"other_device_id": "00-DB-22-00-00-00-00-03"},
    "8.7.2": {"other_device_id": "00-DB-22-00-00-00-00-03"},
    "8.8.2": {"other_device_id": "00-DB-22-00-00-00-00-03"},
    "8.11": {
        "action": "add",
        "device_id": "00-DB-22-00-00-00-00-01",
        "mpxn": "1400000000018",
        "join_time_period_seconds": 300,
    },
    "9.1": {"cin": "4821"},
    "11.1": {"firmware_version": "2.1", "image_hash": "0" * 64, "image_size": 400000},
    "11.3": {"image_hash": "0" * 64},
    "5.1": {"srv": "4.8.1", "period_seconds": 86400, "start_at": "2026-12-01T01:00:00Z", "body": {}},
    "5.2": {},
    "5.3": {"schedule_id": "S00000001"},
    "8.4": {"action": "set_status", "status": "installed_not_commissioned"},
    "12.1": {"postcode": "LS1 4AP"},
    "12.2": {"device_type": "ESME", "device_model_id": 1},
}


def body_fields(srv: str) -> list[dict]:
    """The typed fields of an SRV's body, for help text on the SSI and in the catalogue."""
    serializer = body_serializer(srv)()
    out = []
    for name, field in serializer.fields.items():
        out.append(
            {
                "name": field.source if field.source and field.source != name else name,
                "type": type(field).__name__.replace("Field", "").replace("Serializer", " list"),
                "required": field.required,
                "help": str(field.help_text or ""),
            }
        )
    return out
