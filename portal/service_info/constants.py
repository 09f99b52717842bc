"""Constants of SSI service information (numbers that may change are settings: portal/settings/hubs.py)."""

from datetime import time

from django.conf import settings


def maintenance_hours() -> tuple[time, time]:
    """H8.3: the London times between which Planned Maintenance may run (start > end: wraps midnight)."""
    return (
        time.fromisoformat(settings.SERVICE_INFO_MAINTENANCE_START),
        time.fromisoformat(settings.SERVICE_INFO_MAINTENANCE_END),
    )
