"""One FilterSet per listable model, shared by the SSI pages and the API (STYLE rule 13)."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q

from portal.identifiers import normalise_eui64

from .choices import AlertKind, SRKind, SRStatus
from .models import AlertRecord, ServiceReferenceVariant, ServiceRequest


class ServiceRequestFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    # No joins, so no duplicate rows: no SELECT DISTINCT over whole requests.
    status = django_filters.MultipleChoiceFilter(choices=SRStatus.choices, distinct=False)
    srv = django_filters.CharFilter(field_name="srv_code", label="SRV")
    device_id = django_filters.CharFilter(method="for_device", label="Device ID")
    response_code = django_filters.CharFilter(lookup_expr="iexact")
    received_after = django_filters.IsoDateTimeFilter(
        field_name="received_at", lookup_expr="gte", label="Received from (ISO date-time)"
    )
    received_before = django_filters.IsoDateTimeFilter(
        field_name="received_at", lookup_expr="lt", label="Received before"
    )
    ordering = django_filters.OrderingFilter(
        label="Sort by",
        fields=(("received_at", "received"), ("responded_at", "responded"), ("srv_code", "srv"), ("status", "status")),
    )

    class Meta:
        model = ServiceRequest
        fields = ["q", "status", "srv", "device_id", "response_code", "received_after", "received_before"]

    def for_device(self, queryset, name, value):
        """Device IDs are stored in one canonical form, so an exact match can use the index."""
        try:
            device_id = normalise_eui64(value)
        except ValidationError:
            device_id = value.strip().upper()
        return queryset.filter(target_device_id=device_id)

    def search(self, queryset, name, value):
        value = value.strip()
        return (
            queryset.filter(
                Q(request_id__icontains=value)
                | Q(target_device_id__icontains=value)
                | Q(srv_code=value)
                | Q(response_code__iexact=value)
            )
            if value
            else queryset
        )


class VariantFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    kind = django_filters.ChoiceFilter(choices=SRKind.choices)
    critical = django_filters.BooleanFilter(field_name="is_critical")
    role = django_filters.CharFilter(method="by_role", label="Eligible role")

    class Meta:
        model = ServiceReferenceVariant
        fields = ["q", "kind", "critical", "role"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(srv__startswith=value) | Q(name__icontains=value)) if value else queryset

    def by_role(self, queryset, name, value):
        ids = [v.pk for v in queryset if value.upper() in v.eligible_roles]
        return queryset.filter(pk__in=ids)


class AlertFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AlertKind.choices)
    code = django_filters.CharFilter(lookup_expr="iexact")
    device_id = django_filters.CharFilter(lookup_expr="iexact")
    raised_after = django_filters.IsoDateTimeFilter(
        field_name="raised_at", lookup_expr="gte", label="Raised from (ISO date-time)"
    )

    class Meta:
        model = AlertRecord
        fields = ["kind", "code", "device_id", "raised_after"]
