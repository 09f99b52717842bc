"""Shapes of the Service Request API (input and output serializers; no business rules here)."""

from rest_framework import serializers

from ..choices import CommandVariant
from ..models import AlertRecord, AnomalyThreshold, Schedule, ServiceReferenceVariant, ServiceRequest, ServiceResponse


class SubmitInputSerializer(serializers.Serializer):
    request_id = serializers.CharField(max_length=100, help_text="originator User ID:target Device ID:counter")
    srv = serializers.CharField(max_length=12, help_text="Service Reference Variant, e.g. 4.1.1")
    command_variant = serializers.ChoiceField(CommandVariant.choices, required=False)
    body = serializers.JSONField(required=False, default=dict, help_text="Typed per SRV (see the catalogue).")
    execute_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="Future-dated execution (UTC, within 30 days)."
    )
    depends_on = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="RequestID that must succeed first."
    )


class VerdictSerializer(serializers.Serializer):
    request_id = serializers.CharField()
    accepted = serializers.BooleanField()
    code = serializers.CharField(help_text="I99 acknowledgement, empty for Non-Device, or an E-code.")
    reason = serializers.CharField()
    errors = serializers.DictField(required=False)
    status = serializers.CharField()
    url = serializers.CharField(allow_null=True)


class ResponseSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceResponse
        fields = ["kind", "code", "reason", "body", "created_at"]


class AlertSerializer(serializers.ModelSerializer):
    request_id = serializers.CharField(source="service_request.request_id", default=None)

    class Meta:
        model = AlertRecord
        fields = ["id", "kind", "code", "name", "device_id", "request_id", "payload", "recipients", "raised_at"]


class ServiceRequestSerializer(serializers.ModelSerializer):
    party = serializers.CharField(source="party.code")

    class Meta:
        model = ServiceRequest
        fields = [
            "request_id",
            "party",
            "user_role",
            "srv_code",
            "command_variant",
            "target_device_id",
            "transport",
            "mode",
            "execute_at",
            "status",
            "response_code",
            "response_reason",
            "warning_code",
            "attempts",
            "received_at",
            "checked_at",
            "pre_command_at",
            "signed_at",
            "quarantined_at",
            "sent_at",
            "responded_at",
            "pre_command",  # what the User signs while the request is awaiting its signature
        ]


class ServiceRequestDetailSerializer(ServiceRequestSerializer):
    responses = ResponseSerializer(many=True, read_only=True)
    alerts = AlertSerializer(many=True, read_only=True)
    depends_on = serializers.CharField(source="depends_on.request_id", default=None)

    class Meta(ServiceRequestSerializer.Meta):
        fields = [
            *ServiceRequestSerializer.Meta.fields,
            "body",
            "depends_on",
            "quarantine_reason",
            "responses",
            "alerts",
        ]


class SignedPreCommandSerializer(serializers.Serializer):
    signature = serializers.CharField(
        help_text="Base64 DER ECDSA P-256/SHA-256 signature over the Pre-Command payload."
    )
    command_variant = serializers.IntegerField(
        min_value=5, max_value=7, default=5, help_text="5 send to the device, 6 return for local delivery, 7 both."
    )


class SignedPreCommandItemSerializer(SignedPreCommandSerializer):
    request_id = serializers.CharField(max_length=100)


class SignedPreCommandVerdictSerializer(serializers.Serializer):
    request_id = serializers.CharField()
    code = serializers.CharField()
    reason = serializers.CharField()


class QuarantineDecisionSerializer(serializers.Serializer):
    request_ids = serializers.ListField(child=serializers.CharField(max_length=100), min_length=1, max_length=500)
    action = serializers.ChoiceField(["release", "delete"])


class VariantSerializer(serializers.ModelSerializer):
    supported_device_types = serializers.SerializerMethodField()

    class Meta:
        model = ServiceReferenceVariant
        fields = [
            "srv",
            "service_reference",
            "name",
            "description",
            "kind",
            "is_critical",
            "critical_basis",
            "on_demand_seconds",
            "future_dated_seconds",
            "dcc_scheduled_seconds",
            "times_as_printed",
            "eligible_roles",
            "target_device_types",
            "is_sensitive",
            "supported_device_types",
            "decision",
            "note",
            "sources",
        ]

    def get_supported_device_types(self, obj) -> list[str]:
        from ..catalogue_support import supported_device_types

        return supported_device_types(obj.srv)


class ScheduleSerializer(serializers.ModelSerializer):
    srv = serializers.CharField(source="variant.srv")

    class Meta:
        model = Schedule
        fields = [
            "schedule_id",
            "user_role",
            "device_id",
            "srv",
            "body",
            "period_seconds",
            "start_at",
            "end_at",
            "next_run_at",
            "runs",
            "status",
            "ended_reason",
            "created_at",
        ]


class ThresholdSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnomalyThreshold
        fields = ["id", "srv_code", "kind", "limit", "period_seconds", "is_active", "created_at"]
        read_only_fields = ["id", "created_at"]


class FaultSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        ["unreachable", "slow", "drain_battery", "device_alert", "corrupt", "power_outage", "clear"]
    )
    seconds = serializers.IntegerField(min_value=1, max_value=3600, default=30)
    count = serializers.IntegerField(min_value=1, max_value=100, default=1)
    alert_code = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    hours = serializers.FloatField(min_value=0.01, max_value=72, default=1.0)


class EmulationSerializer(serializers.Serializer):
    device_id = serializers.CharField()
    device_type = serializers.CharField()
    profile = serializers.DictField()
    faults = serializers.DictField()
    is_powered = serializers.BooleanField()
    state = serializers.DictField()
    supported_srvs = serializers.ListField(child=serializers.CharField())
