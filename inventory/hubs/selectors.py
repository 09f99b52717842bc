"""Reads of CH ordering and returns, always scoped to the actor (F5.22(b))."""

from datetime import date

from django.db.models import Prefetch, QuerySet, Sum
from django.shortcuts import get_object_or_404

from portal.models import User

from .choices import HanVariant
from .constants import TOLERANCE_EARLY_MONTHS, TOLERANCE_LATE_MONTHS, Tolerance, add_months, tolerance_range
from .models import (
    Consignment,
    ConsignmentLine,
    DeliveryLocation,
    Forecast,
    ForecastMonth,
    Hub,
    HubProduct,
    HubStatusUpdate,
    Order,
    Recall,
    ReturnsLocation,
    ReturnsRecord,
    Rma,
)
from .permissions import can_view_hubs, scope_hub_rows


def product_list(*, region: str | None = None, orderable_only: bool = True) -> QuerySet[HubProduct]:
    """CH Device Models (reference data, the same for every User)."""
    qs = HubProduct.objects.all()
    if orderable_only:
        qs = qs.filter(is_orderable=True)
    products = list(qs)
    if region:
        return qs.filter(pk__in=[p.pk for p in products if region in p.regions])
    return qs


def location_list(*, actor: User, active_only: bool = False) -> QuerySet[DeliveryLocation]:
    qs = scope_hub_rows(DeliveryLocation.objects.select_related("party"), actor)
    return qs.filter(is_active=True) if active_only else qs


def location_get(*, actor: User, pk) -> DeliveryLocation:
    return get_object_or_404(location_list(actor=actor), pk=pk)


def returns_location_list(*, actor: User, region: str | None = None) -> QuerySet[ReturnsLocation]:
    """Published DCC Returns Locations (F8.8): visible to anyone who may see hubs."""
    if not can_view_hubs(actor):
        return ReturnsLocation.objects.none()
    qs = ReturnsLocation.objects.filter(is_active=True).prefetch_related("products")
    return qs.filter(region=region) if region else qs


def forecast_list(*, actor: User) -> QuerySet[Forecast]:
    return scope_hub_rows(Forecast.objects.select_related("party", "submitted_by"), actor)


def forecast_get(*, actor: User, pk) -> Forecast:
    return get_object_or_404(forecast_list(actor=actor).prefetch_related("months"), pk=pk)


def forecast_current(*, party, region: str, submitted_month: date) -> Forecast | None:
    """The forecast that counts for a Party, Region and month of submission (latest submission or deemed)."""
    return (
        Forecast.objects.filter(party=party, region=region, submitted_month=submitted_month, is_current=True)
        .prefetch_related("months")
        .first()
    )


def _forecast_quantity(*, party, region: str, made_in: date, for_month: date, han_variant: str) -> int | None:
    row = (
        ForecastMonth.objects.filter(
            forecast__party=party,
            forecast__region=region,
            forecast__submitted_month=made_in,
            forecast__is_current=True,
            month=for_month,
        )
        .only("single_band", "dual_band")
        .first()
    )
    return None if row is None else row.han_quantity(han_variant)


def tolerances_for(*, party, region: str, delivery_month: date) -> dict[str, Tolerance]:
    """F5.10 per HAN Variant: the forecasts made in the 10th and 7th months before the Delivery
    Month, for the Delivery Month, and the compliant minimum and maximum."""
    result = {}
    for han in HanVariant:
        f10 = _forecast_quantity(
            party=party,
            region=region,
            made_in=add_months(delivery_month, -TOLERANCE_EARLY_MONTHS),
            for_month=delivery_month,
            han_variant=han,
        )
        f7 = _forecast_quantity(
            party=party,
            region=region,
            made_in=add_months(delivery_month, -TOLERANCE_LATE_MONTHS),
            for_month=delivery_month,
            han_variant=han,
        )
        minimum, maximum = tolerance_range(forecast_10=f10, forecast_7=f7)
        result[han.value] = Tolerance(han.value, f10, f7, minimum, maximum)
    return result


def order_list(*, actor: User) -> QuerySet[Order]:
    return scope_hub_rows(Order.objects.select_related("party", "submitted_by"), actor).annotate(
        quantity=Sum("consignments__lines__quantity")
    )


def order_get(*, actor: User, pk) -> Order:
    lines = Prefetch("lines", queryset=ConsignmentLine.objects.select_related("product"))
    consignments = Prefetch(
        "consignments", queryset=Consignment.objects.select_related("location").prefetch_related(lines)
    )
    return get_object_or_404(
        scope_hub_rows(Order.objects.select_related("party"), actor).prefetch_related(consignments), pk=pk
    )


def consignment_list(*, actor: User) -> QuerySet[Consignment]:
    return scope_hub_rows(
        Consignment.objects.select_related("order", "order__party", "location").prefetch_related("lines__product"),
        actor,
        field="order__party",
    )


def consignment_get(*, actor: User, pk) -> Consignment:
    return get_object_or_404(consignment_list(actor=actor), pk=pk)


def hub_list(*, actor: User) -> QuerySet[Hub]:
    return scope_hub_rows(Hub.objects.select_related("product", "party", "consignment", "rma"), actor)


def hub_get(*, actor: User, pk) -> Hub:
    return get_object_or_404(hub_list(actor=actor), pk=pk)


def hub_get_by_chf(*, actor: User, chf_id: str) -> Hub:
    return get_object_or_404(hub_list(actor=actor), chf_id=chf_id)


def status_update_list(*, actor: User) -> QuerySet[HubStatusUpdate]:
    return scope_hub_rows(HubStatusUpdate.objects.select_related("hub", "person"), actor)


def rma_list(*, actor: User) -> QuerySet[Rma]:
    return scope_hub_rows(Rma.objects.select_related("party", "location"), actor)


def rma_get(*, actor: User, pk) -> Rma:
    return get_object_or_404(rma_list(actor=actor).prefetch_related("hubs__product"), pk=pk)


def recall_list(*, actor: User) -> QuerySet[Recall]:
    """DCC operators see every recall; a Party sees recalls naming a hub it must return."""
    qs = Recall.objects.all()
    scoped = scope_hub_rows(qs, actor, field="items__responsible_party")
    return scoped.distinct()


def recall_get(*, actor: User, pk) -> Recall:
    return get_object_or_404(recall_list(actor=actor), pk=pk)


def returns_record_list(*, actor: User) -> QuerySet[ReturnsRecord]:
    """Returns records of the actor's Party (visible to it, F9.2); DCC operators see all."""
    return scope_hub_rows(ReturnsRecord.objects.select_related("hub", "hub__product", "party"), actor)


def returns_record_get(*, actor: User, pk) -> ReturnsRecord:
    return get_object_or_404(returns_record_list(actor=actor), pk=pk)
