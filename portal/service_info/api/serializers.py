"""Serializers of the service information API (shape only)."""

from rest_framework import serializers

from ..choices import DccService, MaintenanceKind
from ..models import Article, DownloadableForm, Feedback, MaintenanceWindow, ServiceNotice


class MaintenanceWindowSerializer(serializers.ModelSerializer):
    duration_minutes = serializers.IntegerField(read_only=True)
    maintenance_kind = serializers.ChoiceField(source="kind", choices=MaintenanceKind.choices, read_only=True)

    class Meta:
        model = MaintenanceWindow
        fields = [
            "id",
            "maintenance_kind",
            "status",
            "title",
            "activity",
            "services",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "risk_to_service",
            "panel_approval_reference",
            "published_at",
            "latest_update",
        ]
        read_only_fields = fields


class MaintenanceCreateSerializer(serializers.Serializer):
    maintenance_kind = serializers.ChoiceField(choices=MaintenanceKind.choices, default=MaintenanceKind.PLANNED)
    title = serializers.CharField(max_length=200)
    activity = serializers.CharField()
    services = serializers.ListField(child=serializers.ChoiceField(choices=DccService.choices), min_length=1)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    risk_to_service = serializers.CharField(required=False, allow_blank=True, default="")
    panel_approval_reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=80)


class MaintenanceCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class MaintenanceUpdateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


class RuleCheckSerializer(serializers.Serializer):
    compliant = serializers.BooleanField()
    violations = serializers.ListField(child=serializers.CharField())


class ServiceNoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceNotice
        fields = ["id", "title", "body", "services", "starts_at", "expected_end_at", "resolved_at"]
        read_only_fields = ["id", "resolved_at"]


class ServiceStatusSerializer(serializers.Serializer):
    service = serializers.CharField()
    label = serializers.CharField()
    state = serializers.CharField()
    cause = serializers.CharField()
    until = serializers.DateTimeField(allow_null=True)


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "kind", "title", "slug", "topic", "body", "updated_at"]
        read_only_fields = fields


class DownloadableFormSerializer(serializers.ModelSerializer):
    class Meta:
        model = DownloadableForm
        fields = ["id", "title", "description", "version", "file", "updated_at"]
        read_only_fields = fields


class FeedbackSerializer(serializers.ModelSerializer):
    class Meta:
        model = Feedback
        fields = ["id", "page", "rating", "comment", "status", "created_at"]
        read_only_fields = ["id", "status", "created_at"]
