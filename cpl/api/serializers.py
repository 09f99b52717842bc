"""Serializers of the CPL API."""

from rest_framework import serializers

from portal.api.fields import SparseFieldsMixin

from ..models import DeviceModel, DeviceModelChange
from ..services import EDITABLE_FIELDS, IDENTITY_FIELDS


class DeviceModelSerializer(SparseFieldsMixin, serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="current or removed")

    class Meta:
        model = DeviceModel
        fields = ["id", *IDENTITY_FIELDS, *EDITABLE_FIELDS, "status", "status_changed_at", "created_at", "updated_at"]
        read_only_fields = ["id", "status", "status_changed_at", "created_at", "updated_at"]
        # Uniqueness is checked by the service with a clear message.
        validators: list = []


class DeviceModelUpdateSerializer(serializers.ModelSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)

    class Meta:
        model = DeviceModel
        fields = [*EDITABLE_FIELDS, "reason"]


class CplReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class DeviceModelChangeSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.email", default=None)

    class Meta:
        model = DeviceModelChange
        fields = ["occurred_at", "kind", "actor", "reason", "before", "after"]
