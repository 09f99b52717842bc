"""Serializers of the inventory API: shape and field validation only (STYLE rule 10)."""

from rest_framework import serializers

from cpl.models import DeviceModel
from portal.api.fields import EUI64SerializerField, SparseFieldsMixin

from ..choices import USER_PRENOTIFIABLE_TYPES, EsmeVariant, PrenotifyImportMode
from ..models import Device, MeterPoint, Registration, StatusChange


class DeviceModelBriefSerializer(serializers.ModelSerializer):
    device_type = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="current or removed")

    class Meta:
        model = DeviceModel
        fields = [
            "id",
            "device_type",
            "manufacturer_id",
            "manufacturer_name",
            "model_id",
            "model_name",
            "hardware_version",
            "firmware_version",
            "status",
        ]


class DeviceSerializer(SparseFieldsMixin, serializers.ModelSerializer):
    # Plain strings in the schema: the value sets are documented in docs/inventory.md and shared with
    # other serializers, so separate enum components would only collide.
    device_type = serializers.CharField(read_only=True, help_text="CHF, GPF, ESME, GSME, PPMID, HCALCS, IHD or CAD.")
    smi_status = serializers.CharField(read_only=True, allow_null=True, help_text="SMI Status; null for Type 2.")
    status_before_suspension = serializers.CharField(read_only=True)
    status_before_recovery = serializers.CharField(read_only=True)
    esme_variant = serializers.CharField(read_only=True)
    region = serializers.CharField(read_only=True)
    device_model = DeviceModelBriefSerializer(read_only=True)
    hub = serializers.SlugRelatedField(slug_field="device_id", read_only=True)
    prenotified_by = serializers.SlugRelatedField(source="prenotified_by_party", slug_field="code", read_only=True)
    firmware_version = serializers.CharField(source="device_model.firmware_version", read_only=True, default=None)

    class Meta:
        model = Device
        fields = [
            "device_id",
            "device_type",
            "device_model",
            "firmware_version",
            "type2_description",
            "smi_status",
            "status_before_suspension",
            "status_before_recovery",
            "status_changed_at",
            "pending_since",
            "prenotified_by",
            "prenotified_by_role",
            "hub",
            "esme_variant",
            "region",
            "wan_variant",
            "han_variant",
            "uprn",
            "postcode",
            "address_line",
            "description",
            "commissioned_at",
            "created_at",
        ]
        read_only_fields = fields


class PrenotifyInputSerializer(serializers.Serializer):
    device_id = EUI64SerializerField()
    device_type = serializers.CharField(
        max_length=6, help_text=f"One of {', '.join(sorted(USER_PRENOTIFIABLE_TYPES))}."
    )
    device_model = serializers.PrimaryKeyRelatedField(
        queryset=DeviceModel.objects.all(), required=False, allow_null=True, help_text="CPL entry id (meters, Type 1)."
    )
    role = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=4,
        help_text="User Role to pre-notify in, if your Party holds several.",
    )
    type2_description = serializers.CharField(required=False, allow_blank=True, max_length=200)
    esme_variant = serializers.ChoiceField(choices=EsmeVariant.choices, required=False, allow_blank=True)
    uprn = serializers.CharField(required=False, allow_blank=True, max_length=12)
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=10)
    address_line = serializers.CharField(required=False, allow_blank=True, max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=200)


class StatusChangeSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.email", default=None, read_only=True)
    actor_party = serializers.CharField(source="actor_party.code", default=None, read_only=True)

    class Meta:
        model = StatusChange
        fields = ["occurred_at", "from_status", "to_status", "trigger", "rule", "reason", "actor", "actor_party"]


class RecipientSerializer(serializers.Serializer):
    party = serializers.CharField(source="party.code")
    party_name = serializers.CharField(source="party.name")
    role = serializers.CharField()


class ResponsibleSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    suppliers = RecipientSerializer(many=True)
    network_operators = RecipientSerializer(many=True)
    agents = RecipientSerializer(many=True)


class SystemSerializer(serializers.Serializer):
    hub = serializers.CharField(source="hub.device_id", default=None)
    devices = DeviceSerializer(many=True)


class RegistrationSerializer(serializers.ModelSerializer):
    party = serializers.CharField(source="party.code")

    class Meta:
        model = Registration
        fields = ["role", "party", "effective_from", "effective_to"]


class MeterPointSerializer(SparseFieldsMixin, serializers.ModelSerializer):
    registrations = RegistrationSerializer(many=True, read_only=True)

    class Meta:
        model = MeterPoint
        fields = ["mpxn", "fuel", "direction", "uprn", "postcode", "address_line", "registrations"]


class ImportInputSerializer(serializers.Serializer):
    file = serializers.FileField()
    mode = serializers.ChoiceField(choices=PrenotifyImportMode.choices, default=PrenotifyImportMode.DRY_RUN)


class RegistrationFileSerializer(serializers.Serializer):
    file = serializers.FileField()


class PrenotificationJobSerializer(serializers.Serializer):
    job = serializers.IntegerField()
    status = serializers.CharField()
    url = serializers.CharField(help_text="Poll this for progress and the result.")


class DeviceCountSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True)
    count = serializers.IntegerField()
