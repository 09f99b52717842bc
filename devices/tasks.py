"""Celery tasks of the devices app: thin wrappers that call one service each (STYLE rule 14)."""

from celery import shared_task

from .services.archive import service_requests_archive as archive_service
from .services.estate import estate_advance
from .services.housekeeping import devices_tick as tick_service
from .services.pipeline import service_requests_process as pipeline_service


@shared_task(name="devices.tasks.service_requests_process", acks_late=True, ignore_result=True)
def service_requests_process() -> int:
    """Run the SR pipeline over due requests in batches until none is due or the time budget ends."""
    return pipeline_service()


@shared_task(name="devices.tasks.devices_tick", ignore_result=True)
def devices_tick() -> dict:
    """Every few seconds: run due schedules, time-outs and expiries, and sweep for due requests."""
    return tick_service()


@shared_task(name="devices.tasks.devices_advance_estate", ignore_result=True)
def devices_advance_estate() -> int:
    """Let time pass on the emulated meters (unsolicited alerts: low credit, billing, ...)."""
    return estate_advance()


@shared_task(name="devices.tasks.service_requests_archive", ignore_result=True)
def service_requests_archive() -> dict:
    """Move requests older than the online window to the archive; purge expired archive rows."""
    return archive_service()
