"""FilterSets of WAN coverage, shared by the API and the pages."""

import django_filters
from django.db.models import Q

from .choices import LookupKind
from .models import CoverageCheck


class CoverageCheckFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    kind = django_filters.ChoiceFilter(choices=LookupKind.choices)
    checked_after = django_filters.DateFilter(
        field_name="checked_at", lookup_expr="date__gte", label="Checked on or after"
    )
    checked_before = django_filters.DateFilter(
        field_name="checked_at", lookup_expr="date__lte", label="Checked on or before"
    )
    dataset = django_filters.CharFilter(field_name="dataset__version", label="Dataset version")

    class Meta:
        model = CoverageCheck
        fields = ["q", "kind", "checked_after", "checked_before", "dataset"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(reference__icontains=value) | Q(query__icontains=value))
