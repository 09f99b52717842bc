"""FilterSets shared by the platform's pages and API."""

import django_filters
from django import forms
from django.db.models import Q

from .choices import MessageKind, OutboxStatus, PortalRole
from .models import AuditEvent, OutboxMessage, User


class AuditEventFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    action = django_filters.CharFilter(lookup_expr="startswith")
    party_id = django_filters.NumberFilter()
    actor_id = django_filters.NumberFilter()
    target_type = django_filters.CharFilter()
    target_id = django_filters.CharFilter()
    since = django_filters.IsoDateTimeFilter(
        field_name="occurred_at",
        lookup_expr="gte",
        label="From",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    until = django_filters.IsoDateTimeFilter(
        field_name="occurred_at",
        lookup_expr="lt",
        label="Before",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    class Meta:
        model = AuditEvent
        fields = ["q", "action", "party_id", "actor_id", "target_type", "target_id", "since", "until"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(action__icontains=value)
            | Q(target_label__icontains=value)
            | Q(actor_label__icontains=value)
            | Q(request_id=value)
        )


class OutboxMessageFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=MessageKind.choices)
    status = django_filters.ChoiceFilter(choices=OutboxStatus.choices)
    code = django_filters.CharFilter(label="Code (e.g. N28)")
    device_id = django_filters.CharFilter(label="Device ID")
    since = django_filters.IsoDateTimeFilter(
        field_name="created_at",
        lookup_expr="gte",
        label="From",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    after_id = django_filters.NumberFilter(field_name="pk", lookup_expr="gt", label="After message id")

    class Meta:
        model = OutboxMessage
        fields = ["kind", "status", "code", "device_id", "since", "after_id"]


class PersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    role = django_filters.ChoiceFilter(choices=PortalRole.choices, field_name="groups__name")
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(full_name__icontains=value) | Q(email__icontains=value))
