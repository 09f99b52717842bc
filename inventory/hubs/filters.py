"""FilterSets of CH ordering and returns, shared by the API and the pages (STYLE rule 13)."""

import django_filters
from django import forms
from django.db.models import Q

from .choices import ConsignmentStatus, HubStatus, OrderStatus, Region, RmaStatus
from .models import Consignment, Hub, HubProduct, Order, Rma


class OrderFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Reference")
    region = django_filters.ChoiceFilter(choices=Region.choices)
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices)
    delivery_month = django_filters.DateFilter()
    is_compliant = django_filters.BooleanFilter()
    party_id = django_filters.NumberFilter(field_name="party_id")
    ordering = django_filters.OrderingFilter(
        fields=(("submission_month", "submitted"), ("delivery_month", "delivery"), ("reference", "reference"))
    )

    class Meta:
        model = Order
        fields = ["q", "region", "status", "delivery_month", "is_compliant", "party_id"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(reference__icontains=value) | Q(oms_reference__icontains=value))


class ConsignmentFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ConsignmentStatus.choices)
    delivery_after = django_filters.DateFilter(field_name="delivery_date", lookup_expr="gte")
    delivery_before = django_filters.DateFilter(field_name="delivery_date", lookup_expr="lte")
    order_id = django_filters.NumberFilter(field_name="order_id")

    class Meta:
        model = Consignment
        fields = ["status", "delivery_after", "delivery_before", "order_id"]


class HubFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="CHF or GPF ID")
    status = django_filters.ChoiceFilter(choices=HubStatus.choices)
    # The pages show Device Models by name (the value sent is still the id, so ?product_id= keeps working).
    product_id = django_filters.ModelChoiceFilter(
        field_name="product", queryset=HubProduct.objects.order_by("name"), label="Device Model"
    )
    consignment_id = django_filters.NumberFilter(field_name="consignment_id", widget=forms.HiddenInput)
    return_due_before = django_filters.DateFilter(
        field_name="return_due_on",
        lookup_expr="lte",
        label="Return due by",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Hub
        fields = ["q", "status", "product_id", "consignment_id", "return_due_before"]

    def search(self, queryset, name, value):
        compact = value.replace("-", "").replace(" ", "").upper()
        dashed = "-".join(compact[i : i + 2] for i in range(0, len(compact), 2))
        return queryset.filter(Q(chf_id__icontains=dashed) | Q(gpf_id__icontains=dashed))


class RmaFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Reference")
    status = django_filters.ChoiceFilter(choices=RmaStatus.choices)

    class Meta:
        model = Rma
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(reference__icontains=value) | Q(booking_reference__icontains=value))
