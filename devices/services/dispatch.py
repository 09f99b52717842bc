"""Waking the workers: one small "work is waiting" message, not one Celery message per request.

Requests are rows; the pipeline claims due rows in batches (``SELECT ... FOR UPDATE SKIP
LOCKED``). A web process sends at most one kick per ``DEVICES_KICK_INTERVAL_SECONDS``; the
pipeline task keeps claiming until nothing is due, and the beat task sweeps every few seconds,
so a lost kick (broker restart) delays work by seconds but never loses it.
"""

import logging
import time

from django.conf import settings

logger = logging.getLogger(__name__)
_last_kick = {"at": 0.0}


def kick(*, force: bool = False) -> bool:
    """Ask a worker to run the pipeline; returns whether a message was sent."""
    now = time.monotonic()
    if not force and now - _last_kick["at"] < settings.DEVICES_KICK_INTERVAL_SECONDS:
        return False
    _last_kick["at"] = now
    from ..tasks import service_requests_process

    try:
        service_requests_process.delay()
    except Exception:
        logger.warning(
            "could not reach the broker to kick the SR pipeline; the beat sweep will pick the work up", exc_info=True
        )
        return False
    return True
