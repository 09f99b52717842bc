"""Hub tasks: thin wrappers around services (STYLE rule 14); periodic ones are in portal/celery_schedule.py."""

from celery import shared_task


@shared_task(name="hubs.tasks.order_acknowledge", ignore_result=True)
def order_acknowledge(order_id: int) -> None:
    """Acknowledge an order and give the compliance notice (idempotent: the service skips non-'submitted' orders)."""
    from .models import Order
    from .services import order_acknowledge as service

    order = Order.objects.filter(pk=order_id).first()
    if order is not None:
        service(order=order)


@shared_task(name="hubs.tasks.hubs_daily", ignore_result=True)
def hubs_daily() -> dict:
    """The daily deeming sweep: forecasts (F5.6), orders (F5.13), deemed-order expiry (App H 3.9),
    delivery confirmations (F6.8), the 90-day return rule (F8.6) and the fault-diagnosis
    silence rules (F9.9, F9.12, App I 11.8). Each step is idempotent."""
    from . import services

    return {
        "forecasts_deemed": services.forecasts_deem_due(),
        "orders_deemed": services.orders_deem_due(),
        "deemed_orders_cancelled": services.orders_deemed_expire(),
        "deliveries_deemed_accepted": services.consignments_deem_accepted(),
        "hubs_deemed_lost": services.hubs_deem_lost(),
        "returns_records_closed": services.returns_records_sweep(),
    }
