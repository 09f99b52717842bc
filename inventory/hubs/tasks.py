"""Hub tasks: thin wrappers around services (STYLE rule 14); periodic ones are in portal/celery_schedule.py."""

from celery import shared_task

from .models import Order
from .services import hubs_daily as daily_service
from .services import order_acknowledge as acknowledge_service


@shared_task(name="hubs.tasks.order_acknowledge", ignore_result=True)
def order_acknowledge(order_id: int) -> None:
    """Acknowledge an order and give the compliance notice (idempotent: the service skips non-'submitted' orders)."""
    order = Order.objects.filter(pk=order_id).first()
    if order is not None:
        acknowledge_service(order=order)


@shared_task(name="hubs.tasks.hubs_daily", ignore_result=True)
def hubs_daily() -> dict:
    """The daily deeming sweep (``services.hubs_daily``)."""
    return daily_service()
