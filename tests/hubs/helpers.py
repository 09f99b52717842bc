"""Helpers for the CH ordering tests."""

from datetime import date, time

from inventory.hubs import services
from inventory.hubs.models import Order


def consignment(location, quantities, *, day=date(2026, 8, 4), t1=0, t2=0):
    return services.ConsignmentInput(
        location=location,
        delivery_date=day,
        window_start=time(9, 0),
        window_end=time(12, 0),
        quantities=quantities,
        t1_aerials=t1,
        t2_aerials=t2,
    )


def place_order(user, location, single_band, dual_band, *, single=320, dual=320, capture=None) -> Order:
    """Submit and (with ``capture``, the on-commit fixture) run the acknowledgement task."""
    items = [consignment(location, {single_band: single, dual_band: dual})]
    if capture is None:
        return services.order_submit(actor=user, region="north", consignments=items)
    with capture(execute=True):
        order = services.order_submit(actor=user, region="north", consignments=items)
    order.refresh_from_db()
    return order
