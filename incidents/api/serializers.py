"""API shapes of the incidents app: field validation only; the services apply the rules."""

from rest_framework import serializers

from ..choices import Category, Channel, IncidentKind, LinkKind, MajorIncidentKind, ProblemClosure, ResolverGroup
from ..models import Incident, IncidentClockEvent, IncidentLink, IncidentUpdate, Problem, ServiceAlert


class IncidentLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentLink
        fields = ["kind", "value", "target_incident"]


class IncidentSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    party = serializers.CharField(source="party.code", read_only=True)
    assigned_party = serializers.CharField(source="assigned_party.code", read_only=True, default=None)
    links = IncidentLinkSerializer(many=True, read_only=True)
    problem = serializers.CharField(source="problem.reference", read_only=True, default=None)

    class Meta:
        model = Incident
        fields = [
            "id",
            "reference",
            "kind",
            "channel",
            "status",
            "party",
            "contact_name",
            "contact_organisation",
            "contact_details",
            "party_reference",
            "occurred_at",
            "mpxn",
            "device_id",
            "summary",
            "business_impact",
            "triage_details",
            "proposed_category",
            "category",
            "is_categorised",
            "assigned_group",
            "assigned_party",
            "is_major",
            "resolution_type",
            "resolution_summary",
            "created_at",
            "resolved_at",
            "confirm_by",
            "closed_at",
            "responded_at",
            "response_due_at",
            "resolution_due_at",
            "resolution_remaining_seconds",
            "clock_running",
            "sla_warned_at",
            "sla_breached_at",
            "recurrence_of",
            "problem",
            "links",
        ]
        read_only_fields = fields


class IncidentRecurrenceSerializer(serializers.Serializer):
    """What a User supplies about an incident (App AG 2.3.1): a new one, or the recurrence of a closed one."""

    contact_name = serializers.CharField(max_length=200, allow_blank=True, default="")
    contact_organisation = serializers.CharField(max_length=200, allow_blank=True, default="")
    contact_details = serializers.CharField(max_length=300, allow_blank=True, default="")
    party_reference = serializers.CharField(max_length=100, allow_blank=True, default="")
    occurred_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    mpxn = serializers.CharField(max_length=20, allow_blank=True, default="")
    device_id = serializers.CharField(max_length=30, allow_blank=True, default="")
    summary = serializers.CharField(max_length=300, allow_blank=True, default="")
    business_impact = serializers.CharField(allow_blank=True, default="")
    triage_details = serializers.CharField(allow_blank=True, default="")
    proposed_category = serializers.ChoiceField(
        choices=Category.choices, required=False, allow_null=True, default=None
    )
    links = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        required=False,
        default=list,
        help_text='[{"kind": "service_request", "value": "..."}]',
    )

    def validate_links(self, value):
        for item in value:
            if item.get("kind") not in LinkKind.values or not item.get("value"):
                raise serializers.ValidationError(
                    "Each link needs a kind (device, mpxn, service_request, incident) and a value."
                )
        return value


class IncidentCreateSerializer(IncidentRecurrenceSerializer):
    """Raising an incident; ``kind`` general_query for queries."""

    kind = serializers.ChoiceField(choices=IncidentKind.choices, default=IncidentKind.INCIDENT)
    # Service desk only: log for another Party.
    party = serializers.SlugField(required=False, help_text="Party code (service desk logging on behalf).")
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)


class IncidentCategoriseSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices)
    reason = serializers.CharField(allow_blank=True, default="")


class IncidentAssignSerializer(serializers.Serializer):
    group = serializers.ChoiceField(choices=ResolverGroup.choices, required=False, allow_blank=True, default="")
    party = serializers.SlugField(required=False, help_text="Incident Party code: the incident becomes pending.")
    assignee = serializers.EmailField(required=False)
    reason = serializers.CharField(allow_blank=True, default="")


class IncidentResolveSerializer(serializers.Serializer):
    resolution_type = serializers.ChoiceField(
        choices=[("permanent_fix", "Permanent fix"), ("workaround", "Workaround")]
    )
    summary = serializers.CharField()


class IncidentTextSerializer(serializers.Serializer):
    text = serializers.CharField()
    internal = serializers.BooleanField(default=False)


class IncidentRespondSerializer(serializers.Serializer):
    text = serializers.CharField()
    wrong_assignment = serializers.BooleanField(default=False)


class IncidentReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class IncidentGuidanceSerializer(serializers.Serializer):
    guidance = serializers.CharField()


class IncidentPartyRefSerializer(serializers.Serializer):
    party = serializers.SlugField()


class IncidentLinkInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LinkKind.choices)
    value = serializers.CharField(max_length=120)


class IncidentDeclareMajorSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MajorIncidentKind.choices, default=MajorIncidentKind.DCC)
    manager = serializers.EmailField()
    affected_parties = serializers.ListField(child=serializers.SlugField(), default=list)
    need_to_know = serializers.ListField(child=serializers.EmailField(), default=list)
    alert_title = serializers.CharField(allow_blank=True, default="")
    alert_body = serializers.CharField(allow_blank=True, default="")
    reason = serializers.CharField(allow_blank=True, default="")


class IncidentClockEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentClockEvent
        fields = ["kind", "at", "category", "reason"]


class IncidentSlaSerializer(serializers.Serializer):
    """The SLA figures now, and the recorded clock events they are computed from."""

    state = serializers.CharField()
    category = serializers.IntegerField()
    calendar = serializers.CharField()
    response_due_at = serializers.DateTimeField()
    responded_at = serializers.DateTimeField(allow_null=True)
    resolution_due_at = serializers.DateTimeField(allow_null=True)
    elapsed_seconds = serializers.IntegerField()
    remaining_seconds = serializers.IntegerField()
    events = IncidentClockEventSerializer(many=True)


class IncidentUpdateSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.full_name", default=None)

    class Meta:
        model = IncidentUpdate
        fields = ["kind", "at", "actor", "text", "is_internal"]


class ProblemSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    incidents = serializers.SerializerMethodField()

    class Meta:
        model = Problem
        fields = [
            "id",
            "reference",
            "title",
            "description",
            "status",
            "source",
            "classification",
            "root_cause",
            "workaround",
            "permanent_fix",
            "target_closure_date",
            "target_change_reason",
            "anticipated_costs",
            "anticipated_timescales",
            "impact_of_closure",
            "opened_at",
            "closed_at",
            "closure_reason",
            "incidents",
        ]
        read_only_fields = fields

    def get_incidents(self, obj) -> list[str]:
        return [i.reference for i in obj.incidents.all()]


class ProblemRaiseSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(allow_blank=True, default="")
    incidents = serializers.ListField(child=serializers.IntegerField(), min_length=2)


class ProblemCloseSerializer(serializers.Serializer):
    closure_reason = serializers.ChoiceField(choices=ProblemClosure.choices)
    note = serializers.CharField(allow_blank=True, default="")


class ServiceAlertSerializer(serializers.ModelSerializer):
    incident = serializers.CharField(source="incident.reference", default=None)

    class Meta:
        model = ServiceAlert
        fields = ["id", "title", "body", "raised_at", "ended_at", "incident"]


class IncidentExtendSerializer(serializers.Serializer):
    working_days_more = serializers.IntegerField(min_value=1, max_value=60)
    reason = serializers.CharField()
