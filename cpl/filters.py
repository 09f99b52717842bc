"""FilterSet of the CPL, shared by its page and API."""

import django_filters
from django.db.models import Q

from .choices import CPLStatus, PhysicalDeviceType
from .models import DeviceModel


class DeviceModelFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    device_type = django_filters.ChoiceFilter(choices=PhysicalDeviceType.choices, label="Type")
    status = django_filters.ChoiceFilter(choices=CPLStatus.choices)
    manufacturer_id = django_filters.CharFilter(lookup_expr="iexact")
    firmware_hash = django_filters.CharFilter(lookup_expr="iexact")
    cpa_expiry_before = django_filters.DateFilter(
        field_name="cpa_expiry", lookup_expr="lt", label="CPA expires before"
    )

    class Meta:
        model = DeviceModel
        fields = ["q", "device_type", "status", "manufacturer_id", "firmware_hash", "cpa_expiry_before"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(manufacturer_name__icontains=value)
            | Q(model_name__icontains=value)
            | Q(firmware_version=value)
            | Q(model_id__iexact=value)
            | Q(manufacturer_id__iexact=value)
            | Q(cpa_certificate_ref__iexact=value)
        )
