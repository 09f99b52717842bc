"""Serializers of the platform API. Shape and field validation only: services do the work."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..choices import PortalRole, PushFormat
from ..models import ApiToken, AuditEvent, Job, OutboxMessage, Party, PartyUserRole, PushEndpoint, User
from .fields import SparseFieldsMixin


class PartyUserRoleSerializer(serializers.ModelSerializer):
    role_name = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = PartyUserRole
        fields = ["role", "role_name", "user_id"]


class PartySerializer(SparseFieldsMixin, serializers.ModelSerializer):
    user_roles = PartyUserRoleSerializer(many=True, read_only=True)
    is_user = serializers.SerializerMethodField()

    class Meta:
        model = Party
        fields = [
            "id",
            "code",
            "name",
            "is_dcc",
            "is_user",
            "require_two_factor",
            "max_concurrent_sessions",
            "user_roles",
        ]

    def get_is_user(self, obj) -> bool:
        return bool(obj.user_roles.all())


class PersonSerializer(SparseFieldsMixin, serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="code", read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "party", "roles", "is_active", "date_joined", "last_login"]

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=PortalRole.choices)))
    def get_roles(self, obj) -> list[str]:
        return sorted(g.name for g in obj.groups.all())


class PersonInviteSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField(max_length=200)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=PortalRole.choices), allow_empty=True)


class PersonRolesSerializer(serializers.Serializer):
    roles = serializers.ListField(child=serializers.ChoiceField(choices=PortalRole.choices), allow_empty=True)


class ApiTokenSerializer(serializers.ModelSerializer):
    created_by = serializers.EmailField(source="created_by.email", read_only=True)
    state = serializers.CharField(read_only=True)

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "created_by",
            "created_at",
            "expires_at",
            "revoked_at",
            "last_used_at",
            "state",
        ]


class ApiTokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    days = serializers.IntegerField(required=False, min_value=1)


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    token = serializers.CharField(read_only=True, help_text="Shown once; store it now.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]


class PushEndpointSerializer(serializers.ModelSerializer):
    class Meta:
        model = PushEndpoint
        fields = ["id", "url", "format", "description", "is_active", "created_at"]


class PushEndpointCreateSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    format = serializers.ChoiceField(PushFormat.choices, default=PushFormat.JSON)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class PushEndpointCreatedSerializer(PushEndpointSerializer):
    secret = serializers.CharField(read_only=True, help_text="HMAC key; shown once.")

    class Meta(PushEndpointSerializer.Meta):
        fields = [*PushEndpointSerializer.Meta.fields, "secret"]


class OutboxMessageSerializer(SparseFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = OutboxMessage
        fields = [
            "id",
            "kind",
            "code",
            "user_role",
            "device_id",
            "payload",
            "correlation_id",
            "created_at",
            "status",
            "attempts",
            "last_error",
            "delivered_at",
            "acknowledged_at",
        ]


class OutboxAcknowledgeSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=1000)


class CountSerializer(serializers.Serializer):
    count = serializers.IntegerField()


class AuditEventSerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "occurred_at",
            "actor_label",
            "party",
            "action",
            "target_type",
            "target_id",
            "target_label",
            "before",
            "after",
            "request_id",
            "correlation_id",
            "hash",
        ]


class JobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "progress_done",
            "progress_total",
            "percent",
            "result",
            "error",
            "result_url",
            "created_at",
            "started_at",
            "finished_at",
        ]


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    party = PartySerializer()
    roles = serializers.ListField(child=serializers.CharField())
    two_factor_verified = serializers.BooleanField()
