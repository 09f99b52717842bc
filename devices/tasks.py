"""Celery tasks of the devices app: thin wrappers that call one service each (STYLE rule 14)."""

import time

from celery import shared_task
from django.conf import settings


@shared_task(name="devices.tasks.service_requests_process", acks_late=True, ignore_result=True)
def service_requests_process() -> int:
    """Run the SR pipeline over due requests in batches until none is due or the time budget ends."""
    from .services.pipeline import service_requests_process_due

    deadline = time.monotonic() + settings.DEVICES_PIPELINE_TIME_BUDGET_SECONDS
    total = 0
    while True:
        done = service_requests_process_due(limit=settings.DEVICES_PIPELINE_BATCH)
        total += done
        if done < settings.DEVICES_PIPELINE_BATCH:
            return total
        if time.monotonic() > deadline:
            # Hand over to a fresh task so one long run never starves the worker's other queues.
            from .services.dispatch import kick

            kick(force=True)
            return total


@shared_task(name="devices.tasks.devices_tick", ignore_result=True)
def devices_tick() -> dict:
    """Every few seconds: run due schedules, time-outs and expiries, and sweep for due requests."""
    from .services.housekeeping import devices_tick as tick

    return tick()


@shared_task(name="devices.tasks.devices_advance_estate", ignore_result=True)
def devices_advance_estate() -> int:
    """Let time pass on the emulated meters (unsolicited alerts: low credit, billing, ...)."""
    from .services.estate import estate_advance

    return estate_advance()


@shared_task(name="devices.tasks.service_requests_archive", ignore_result=True)
def service_requests_archive() -> dict:
    """Move requests older than the online window to the archive; purge expired archive rows."""
    from .services.archive import service_requests_archive as archive

    return archive()
