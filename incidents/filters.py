"""FilterSets shared by the pages and the API (STYLE rule 13)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from portal.identifiers import normalise_eui64

from .choices import Category, Channel, IncidentKind, IncidentStatus, ProblemStatus, ResolverGroup
from .models import Incident, Problem
from .services.validation import parse_incident_reference


class AnyYesNo(forms.NullBooleanSelect):
    """Yes/No filter whose empty choice reads "Any" (Django's default says "Unknown")."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("unknown", "Any"), ("true", "Yes"), ("false", "No"))


SLA_CHOICES = [
    ("warning", "At risk (80% used)"),
    ("breached", "Breached"),
    ("paused", "Paused"),
    ("response_breached", "Response breached"),
]


class IncidentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label="Search", help_text="Reference, summary, Device ID, MPxN, your reference or contact."
    )
    status = django_filters.MultipleChoiceFilter(choices=IncidentStatus.choices, distinct=False)
    category = django_filters.MultipleChoiceFilter(choices=Category.choices, distinct=False)
    kind = django_filters.ChoiceFilter(choices=IncidentKind.choices)
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    assigned_group = django_filters.ChoiceFilter(choices=ResolverGroup.choices, label="Group")
    party_id = django_filters.NumberFilter(field_name="party_id", label="Raising Party id")
    assignee_id = django_filters.NumberFilter(field_name="assignee_id")
    device_id = django_filters.CharFilter(field_name="device_id", lookup_expr="iexact", label="Device ID")
    mpxn = django_filters.CharFilter(field_name="mpxn", label="MPxN")
    is_major = django_filters.BooleanFilter(label="Major", widget=AnyYesNo)
    sla = django_filters.ChoiceFilter(choices=SLA_CHOICES, method="filter_sla", label="SLA")
    untriaged = django_filters.BooleanFilter(method="filter_untriaged", label="Untriaged", widget=AnyYesNo)
    opened_after = django_filters.DateFilter(
        field_name="created_at",
        lookup_expr="date__gte",
        label="Opened from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    opened_before = django_filters.DateFilter(
        field_name="created_at",
        lookup_expr="date__lte",
        label="Opened to",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Incident
        fields = ["q", "status", "category", "kind", "channel", "assigned_group", "sla", "untriaged", "is_major"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        pk = parse_incident_reference(value.upper().replace("GQ-", "INC-"))
        # Device IDs are stored normalised (00-DB-...); accept any way of writing one.
        try:
            device_id = normalise_eui64(value)
        except ValidationError:
            device_id = value
        cond = (
            Q(summary__icontains=value)
            | Q(party_reference__iexact=value)
            | Q(device_id__iexact=device_id)
            | Q(mpxn=value)
            | Q(contact_name__icontains=value)
        )
        if pk is not None:
            cond |= Q(pk=pk)
        return queryset.filter(cond)

    def filter_sla(self, queryset, name, value):
        now = timezone.now()
        if value == "breached":
            return queryset.filter(
                Q(sla_breached_at__isnull=False) | Q(clock_running=True, resolution_due_at__lte=now)
            )
        if value == "warning":
            return queryset.filter(clock_running=True, resolution_warn_at__lte=now, resolution_due_at__gt=now)
        if value == "paused":
            return queryset.filter(status=IncidentStatus.PENDING)
        if value == "response_breached":
            return queryset.filter(
                Q(response_breached_at__isnull=False) | Q(responded_at__isnull=True, response_due_at__lte=now)
            )
        return queryset

    def filter_untriaged(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(status=IncidentStatus.LOGGED) if value else queryset.exclude(status=IncidentStatus.LOGGED)
        )


class ProblemFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    status = django_filters.MultipleChoiceFilter(choices=ProblemStatus.choices, distinct=False)

    class Meta:
        model = Problem
        fields = ["q", "status", "source"]

    def search(self, queryset, name, value):
        value = value.strip()
        digits = value.upper().removeprefix("PRB-").lstrip("0")
        cond = Q(title__icontains=value) | Q(root_cause__icontains=value)
        if digits.isdigit():
            cond |= Q(pk=int(digits))
        return queryset.filter(cond) if value else queryset
