"""Waking the workers: one small "work is waiting" message, not one Celery message per request.

Requests are rows; the pipeline claims due rows in batches (``SELECT ... FOR UPDATE SKIP
LOCKED``). A web process sends at most one kick per ``DEVICES_KICK_INTERVAL_SECONDS``; the
pipeline task keeps claiming until nothing is due, and the beat task sweeps every few seconds,
so a lost kick (broker restart) delays work by seconds but never loses it.
"""

from django.conf import settings

from portal.enqueue import wake, wake_on_commit

PIPELINE_TASK = "devices.tasks.service_requests_process"


def kick(*, force: bool = False) -> bool:
    """Ask a worker to run the pipeline now; returns whether a message was sent."""
    return wake(PIPELINE_TASK, every=settings.DEVICES_KICK_INTERVAL_SECONDS, force=force)


def kick_on_commit() -> None:
    """Ask a worker to run the pipeline once the current transaction (which made work due) commits."""
    wake_on_commit(PIPELINE_TASK, every=settings.DEVICES_KICK_INTERVAL_SECONDS)
